"""The one CSV writer of the software: the CLI's files and the web's exports both use it.

Every text cell goes through :func:`resolute.io.xlsx.safe_cell`, so a value starting with
``=``, ``+``, ``-`` or ``@`` reaches a spreadsheet as text, never as a formula. Files carry a
UTF-8 byte-order mark, so that Excel reads the Chinese correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from resolute.io.xlsx import safe_cell


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header row and the rows as CSV text (no byte-order mark), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """:func:`csv_text` as a file: UTF-8 with a byte-order mark."""
    return file_bytes(csv_text(headers, rows))


def file_bytes(text: str) -> bytes:
    """CSV text as a file's bytes: UTF-8 with the byte-order mark Excel needs for Chinese."""
    return ("\ufeff" + text).encode("utf-8")
