"""Reading the data files (rulebook, targets, scoring rules, cities) the same way.

Each kind of file has its own error class so callers can tell them apart, but all of them
name the file and the entry at fault, and all read YAML through :func:`read_yaml`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml


class DataFileError(Exception):
    """A data file that cannot be used, with the file and the entry at fault."""

    def __init__(self, path: Path | str, entry: str, message: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.message = message
        super().__init__(f"{path}: {entry}: {message}")


def read_yaml(path: Path, error: type[DataFileError]) -> tuple[Any, str]:
    """The parsed content of ``path`` and the SHA-256 of its bytes (for versions).

    An unreadable file or invalid YAML raises ``error`` naming the file.
    """
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise error(path, "(file)", f"cannot read: {exc.strerror}") from exc
    try:
        return yaml.safe_load(raw_bytes), hashlib.sha256(raw_bytes).hexdigest()
    except yaml.YAMLError as exc:
        raise error(path, "(file)", f"not valid YAML: {exc}") from exc
