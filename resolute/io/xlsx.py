"""Small helpers shared by every workbook the software writes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from resolute.io.files import replace_atomically

HEADER_FONT = Font(bold=True)
REQUIRED_HEADER_FONT = Font(bold=True, color="9C0006")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet-formula injection: text that a spreadsheet would run as a
    formula (starting with =, +, -, @) is prefixed with an apostrophe-like quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def storable(value: Any) -> Any:
    """``value`` as a workbook can keep it: control characters that the xlsx format cannot
    hold (NUL, U+000B …) become U+FFFD, visibly, instead of failing the whole export.

    Validation keeps such characters out of the ledger; this protects every export against
    a value stored before that check or reaching a sheet by another way.
    """
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> int:
    """Write a header row and data rows; return the number of data rows."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    count = 0
    for row in rows:
        ws.append([safe_cell(storable(v)) for v in row])
        count += 1
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, min(40, len(header) * 2 + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count


def save_workbook(wb: Workbook, path: Path | str) -> None:
    replace_atomically(Path(path), wb.save)
