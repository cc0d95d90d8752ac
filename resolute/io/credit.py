"""Credit records as files for 信用中国（山东）: JSON, CSV (UTF-8 with BOM) and XLSX.

The CLI and the web export both use :func:`credit_bytes`, so the columns are the same
everywhere: :data:`resolute.core.credit.SHEET_COLUMNS` (the JSON has every key of
:data:`resolute.core.credit.COLUMNS`). Text cells are neutralised against
spreadsheet-formula injection in both CSV and XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from openpyxl import Workbook

from resolute.core import credit
from resolute.io.csvfile import csv_bytes
from resolute.io.files import write_bytes
from resolute.io.xlsx import write_table


def credit_bytes(records: list[credit.CreditRecord], as_of: dt.date, fmt: str) -> bytes:
    headers = [label for _, label in credit.SHEET_COLUMNS]
    if fmt == "json":
        text = json.dumps(credit.to_json(records, as_of), ensure_ascii=False, indent=1)
        return text.encode("utf-8")
    if fmt == "csv":
        return csv_bytes(headers, (r.row() for r in records))
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "信用记录"
        write_table(ws, headers, (r.row() for r in records))
        notes = wb.create_sheet("说明")
        notes.append(["判定日期", as_of.isoformat()])
        notes.append(["依据", credit.BASIS])
        notes.append(["列入规则", "退出时限次日列入；核实退出之日移出"])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise ValueError(f"unknown format {fmt}")


def write_credit(records: list[credit.CreditRecord], as_of: dt.date, fmt: str, path: str) -> None:
    write_bytes(Path(path), credit_bytes(records, as_of, fmt))
