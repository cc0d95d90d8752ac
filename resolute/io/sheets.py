"""Reading the first sheet of an uploaded workbook (indicator reports, the registry of
counted things) into :class:`resolute.core.indicators.SheetRows`, which the core checks."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from resolute.core.indicators import SheetRows


def read_sheet(data: bytes) -> SheetRows:
    """The first sheet of an .xlsx file: headers of row 1, then every non-blank row with its
    Excel row number. Raises ValueError when the file is no workbook."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # corrupt files fail in zipfile, lxml or openpyxl alike
        raise ValueError("无法读取该文件，请上传 Excel 工作簿（.xlsx）") from exc
    try:
        sheet = book.worksheets[0]
        table = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not table:
        return SheetRows([], [])
    headers = ["" if h is None else str(h).strip() for h in table[0]]
    rows = [
        (number, list(values))
        for number, values in enumerate(table[1:], start=2)
        if any(v not in (None, "") for v in values)
    ]
    return SheetRows(headers, rows)
