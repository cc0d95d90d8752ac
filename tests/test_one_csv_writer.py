"""Every CSV the software writes for people goes through resolute.io.csvfile (issue #11)."""

from __future__ import annotations

from pathlib import Path

import resolute
from resolute.io.csvfile import csv_bytes, csv_text

#: The ledger's own CSV folder must read back exactly as written (a data file, not a report).
ROUND_TRIP = {Path("io/readers.py")}


def test_no_other_module_writes_csv() -> None:
    root = Path(resolute.__file__).parent
    writers = {
        path.relative_to(root)
        for path in root.rglob("*.py")
        if "csv.writer(" in path.read_text(encoding="utf-8")
    }
    assert writers == {Path("io/csvfile.py"), *ROUND_TRIP}


def test_formula_cells_are_text_and_numbers_stay_numbers() -> None:
    text = csv_text(("a", "b", "c", "d", "e"), [("=1+1", "+1", "-x", "@A1", -2.5), (None, True)])
    assert text.splitlines() == ["a,b,c,d,e", "'=1+1,'+1,'-x,'@A1,-2.5", ",true"]
    assert csv_bytes(("名称",), []).startswith("\ufeff名称".encode())
