"""Files written all at once: a crash or an error never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any


def replace_atomically(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Have ``write`` fill a temporary sibling of ``path``, then move it into place."""
    replace_all_atomically({path: write})


def writing(data: bytes) -> Callable[[IO[bytes]], Any]:
    return lambda fh: fh.write(data)


def replace_all_atomically(writers: Mapping[Path, Callable[[IO[bytes]], Any]]) -> None:
    """Write each file to a temporary sibling, then move all of them into place.

    The moves happen only once every file is complete, so a failure while writing leaves
    every target as it was.
    """
    temps: dict[Path, Path] = {}
    # A device or pipe (``--out /dev/stdout``, ``/dev/null``, a FIFO) is written into, never
    # replaced: moving a file over /dev/null would turn the device into a plain file.
    direct = {p: w for p, w in writers.items() if p.exists() and not p.is_file()}
    try:
        for path, write in writers.items():
            if path in direct:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps[path] = Path(name)
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            # mkstemp makes the file private; an export is an ordinary file.
            os.chmod(name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        for path, write in direct.items():
            with path.open("wb") as fh:
                write(fh)
        for path, temp in temps.items():
            os.replace(temp, path)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def write_bytes(path: Path | str, data: bytes) -> None:
    replace_atomically(Path(path), writing(data))
