"""Output files: written whole, and a device or pipe given as the target stays what it is."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from resolute.io.files import replace_all_atomically, write_bytes


def test_a_regular_file_is_replaced_with_the_new_content(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left


def test_a_failure_while_writing_leaves_every_target_as_it_was(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_bytes(b"a0")

    def fail(fh: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        replace_all_atomically({first: lambda fh: fh.write(b"a1"), second: fail})
    assert first.read_bytes() == b"a0"
    assert not second.exists()


def test_a_fifo_given_as_the_target_is_written_into_not_replaced(tmp_path: Path) -> None:
    # `resolute assess … --out /dev/null` once replaced the device with a plain file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_bytes(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
