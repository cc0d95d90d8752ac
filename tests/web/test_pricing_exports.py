"""Exports of the pricing pages: shaped for the grid company and the water utility."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_grid_csv_lists_rate_basis_and_period(client_for: Any) -> None:
    response = client_for("province").get("/pricing/surcharges/?year=2021&format=csv&utility=grid")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header.startswith("企业名称,统一社会信用代码")
    assert any("淄博齐鲁特钢有限公司" in r and "2021-01-01—2021-12-31" in r and "0.5 元/千瓦时" in r
               for r in rows)  # fmt: skip


def test_the_zibo_export_holds_only_zibo(client_for: Any) -> None:
    response = client_for("zibo").get("/pricing/surcharges/?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cities = {
        row[2] for row in book["电价加价（供电网企业）"].iter_rows(min_row=2, values_only=True)
    }
    assert cities <= {"淄博"}
    assert [r[0] for r in book["按市汇总"].iter_rows(min_row=2, values_only=True)] == [
        "淄博",
        "合计",
    ]


def test_the_classes_export_is_a_publication_list(client_for: Any) -> None:
    response = client_for("province").get("/pricing/classes/?published=2022-03-01&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["公示名单"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert {r[-1] for r in rows} == {"2022-03-06"}
