"""Reading the data files (rulebook, targets, scoring rules, cities) the same way.

Each kind of file has its own error class so callers can tell them apart, but all of them
name the file and the entry at fault, and all read YAML through :func:`read_yaml`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError


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


def entry_name(section: str, index: int, entry: Any) -> str:
    """How an error names an entry: its section, position and id, e.g. ``rules[3] steel.x``."""
    ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
    return f"{section}[{index}] {ident}"


def validation_error(
    error: type[DataFileError], path: Path | str, exc: ValidationError, entry: str | None = None
) -> DataFileError:
    """The first problem pydantic found, as ``error`` naming the file and the entry (or, with
    no entry given, the location pydantic reports)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    if entry is None:
        return error(path, where or "(file)", str(first["msg"]))
    return error(path, entry, f"{where or '(entry)'}: {first['msg']}")


def check_entry(
    error: type[DataFileError], path: Path | str, entry: str, model: type[BaseModel], raw: Any
) -> None:
    """Validate one entry on its own, so that an error names it rather than a list index."""
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(error, path, exc, entry) from exc
