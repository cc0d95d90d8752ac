"""Reading the first sheet of an uploaded workbook (indicator reports, the registry of
counted things) into :class:`resolute.core.indicators.SheetRows`, which the core checks."""

from __future__ import annotations

import tempfile

from resolute.core.indicators import SheetRows
from resolute.core.ledger import LedgerInvalid
from resolute.io import bounds, sheet_rows


def read_sheet(data: bytes, limits: bounds.Limits = bounds.DEFAULT) -> SheetRows:
    """The first sheet of an .xlsx file, read within ``limits`` (:mod:`resolute.io.bounds`):
    the headers of its first row, then every non-blank row with its Excel row number.
    Raises ValueError (in Chinese) when the file is no workbook or beyond the limits."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            table = sheet_rows.read_table(tmp.name, "", limits)
        except LedgerInvalid as exc:
            raise ValueError(exc.errors[0].message) from None
    return SheetRows(table.headers, table.rows)
