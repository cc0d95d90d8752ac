"""Excel downloads from pages: a workbook of named sheets, sent under a Chinese file name.

Every cell goes through :func:`resolute.io.xlsx.write_table`, which neutralises text that a
spreadsheet would run as a formula, so a name typed into the ledger as ``=HYPERLINK(…)``
arrives in the official's Excel as plain text. The only Django piece is the response.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook

from resolute.io.xlsx import write_table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel refuses these in sheet names and allows at most 31 characters.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31
#: Characters kept in the plain-ASCII file name offered to old browsers.
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] | None = None


def instructions_sheet(lines: Sequence[str], title: str = "填表说明") -> Sheet:
    """The sheet of a template workbook that says how to fill it (填表说明, as in the ledger
    template): one instruction a row."""
    return Sheet(title, (title,), [(line,) for line in lines], (110,))


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A title Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique in the book."""
    base = _BAD_SHEET_CHARS.sub("_", text).strip("'") or "Sheet"
    base = base[:_SHEET_TITLE_MAX]
    used = set(taken)
    title, n = base, 2
    while title in used:
        suffix = f"({n})"
        title = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    return title


def ascii_fallback(filename: str) -> str:
    """A plain file name for clients that ignore ``filename*``: non-ASCII runs become ``_``."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    plain = _UNSAFE_ASCII.sub("_", stem).strip("_") or "download"
    ext = _UNSAFE_ASCII.sub("", ext)
    return f"{plain}.{ext}" if ext else plain


def content_disposition(filename: str) -> str:
    """An ``attachment`` header naming ``filename`` per RFC 6266 / RFC 5987.

    Browsers read ``filename*`` (UTF-8, percent-encoded), so Chinese names arrive intact; the
    quoted ``filename`` is an ASCII fallback and can carry no quote or line break, so the
    header cannot be broken out of whatever the name holds.
    """
    return (
        f'attachment; filename="{ascii_fallback(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``; an empty list still makes a valid one-sheet workbook.

    Cells must be plain values (text, numbers, booleans, dates, naive datetimes): Excel has no
    time zones, so callers convert aware datetimes to local time first.
    """
    wb = Workbook()
    default = wb.active
    titles: list[str] = []
    for sheet in sheets:
        title = sheet_title(sheet.title, titles)
        titles.append(title)
        ws = wb.create_sheet(title)
        write_table(ws, sheet.headers, sheet.rows, sheet.widths)
    if sheets and default is not None:
        wb.remove(default)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of ``sheets`` as ``filename`` (which may be Chinese)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"  # scoped data: never in a shared cache
    return response
