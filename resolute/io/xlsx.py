"""Small helpers shared by every workbook the software writes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from resolute.core.words import xlsx_number_format
from resolute.io.files import replace_atomically

HEADER_FONT = Font(bold=True)
REQUIRED_HEADER_FONT = Font(bold=True, color="9C0006")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_START = ("=", "+", "-", "@")
#: Columns whose whole numbers are years, numbers in a series or codes: never grouped (2022,
#: not 2,022).
_PLAIN_HEADER_WORDS = ("年度", "年份", "期号", "序号", "行号", "代码", "编号", "名次", "排名")
_MAX_PLACES = 4


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet-formula injection: text that a spreadsheet would run as a
    formula (starting with =, +, -, @) is prefixed with an apostrophe-like quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unquoted(text: str) -> str:
    """The text :func:`safe_cell` wrote, read back: without the quote it added."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def storable(value: Any) -> Any:
    """``value`` as a workbook can keep it: control characters that the xlsx format cannot
    hold (NUL, U+000B …) become U+FFFD, visibly, instead of failing the whole export.

    Validation keeps such characters out of the ledger; this protects every export against
    a value stored before that check or reaching a sheet by another way.
    """
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def figure_format(value: Any) -> str | None:
    """The cell format of a figure: thousands separators and as many decimals as the figure
    has (at most four), so that the cell stays a number and reads as officials write it
    (1,234,567.8); None for what is not a figure."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int):
        return xlsx_number_format()
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not exact.is_finite():
        return None
    places = max(0, -exact.normalize().as_tuple().exponent)  # type: ignore[operator]
    return xlsx_number_format(min(places, _MAX_PLACES))


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> int:
    """Write a header row and data rows; return the number of data rows. Figures keep
    their number type, with separators as their format (:func:`figure_format`), except
    whole numbers in a column of years, numbers or codes."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    plain = {i for i, h in enumerate(headers, start=1)
             if h.strip() == "年" or any(w in h for w in _PLAIN_HEADER_WORDS)}  # fmt: skip
    header_row = ws.max_row  # once: it walks every cell, so not once a row
    count = 0
    for row in rows:
        values = [safe_cell(storable(v)) for v in row]
        ws.append(values)
        count += 1
        for column, value in enumerate(values, start=1):
            fmt = figure_format(value)
            if fmt and not (column in plain and isinstance(value, int)):
                ws.cell(header_row + count, column).number_format = fmt
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, min(40, len(header) * 2 + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count


def save_workbook(wb: Workbook, path: Path | str) -> None:
    replace_atomically(Path(path), wb.save)
