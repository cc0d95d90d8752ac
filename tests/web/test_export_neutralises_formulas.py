"""Text stored in the ledger that a spreadsheet would run as a formula is exported as text."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as

HOSTILE = {
    "zibo_steel": '=HYPERLINK("http://evil.example/","点此")',
    "zibo_cement": "+cmd|' /C calc'!A0",
    "linyi_steel": "-2+3",
    "linyi_coking": "@SUM(1+1)*cmd",
}


def rename(users: dict[str, Any], ledger: Any) -> None:
    with acting_as(users["province"], via="测试"):
        for key, name in HOSTILE.items():
            enterprise = getattr(ledger, key)
            enterprise.name = name
            enterprise.save()


def cells(response: Any) -> list[Any]:
    wb = load_workbook(io.BytesIO(response.content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_the_ledger_export_neutralises_formula_starts(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    rename(users, province_ledger)
    response = client_for("province").get(reverse("ledger-line-export"))
    found = {c.value for c in cells(response) if isinstance(c.value, str)}
    for name in HOSTILE.values():
        assert "'" + name in found
        assert name not in found
    assert all(c.data_type != "f" for c in cells(response))


def test_the_elimination_export_neutralises_formula_starts(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    rename(users, province_ledger)
    start_run(users["province"])
    response = client_for("province").get(reverse("assessments-eliminations"), {"format": "xlsx"})
    found = {c.value for c in cells(response) if isinstance(c.value, str)}
    assert "'" + HOSTILE["zibo_steel"] in found
    assert all(c.data_type != "f" for c in cells(response))
