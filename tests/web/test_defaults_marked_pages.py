"""Amounts from software defaults are marked on every page and API that shows them
(issue 10 point 10): the class breakdown and bands, the water base price on the schedules
page, the self-check's surcharge amounts, and the API's ``unconfirmed``/``note`` keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from resolute.core import pricing
from resolute.core.defaults import UNCONFIRMED_NOTE

pytestmark = pytest.mark.django_db


def test_the_schedules_page_marks_the_default_water_base_price(client_for: Any) -> None:
    assert not pricing.default().water.confirmed
    page = client_for("province").get("/pricing/schedules/").content.decode()
    start = page.index("基本水价：")
    assert UNCONFIRMED_NOTE in page[start : page.index("</p>", start)]


def test_the_classes_page_marks_weights_bands_and_measures(client_for: Any) -> None:
    page = client_for("province").get("/pricing/classes/").content.decode()
    bands = page[page.index("分类界线：") :]
    assert UNCONFIRMED_NOTE in bands[: bands.index("</p>")]
    measures = page[page.index("各类差别化措施") :]
    assert UNCONFIRMED_NOTE in measures[: measures.index("</thead>")]
    table = page[page.index("指标、权重与基准") :]
    assert UNCONFIRMED_NOTE in table[: table.index("</thead>")]


def test_the_classes_export_marks_the_breakdown_sheet(client_for: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("province").get("/pricing/classes/?format=xlsx")
    book = load_workbook(
        BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    for title in ("指标明细", "基准与权重", "分类界线", "差别化措施"):
        headers = [c.value for c in next(book[title].iter_rows(max_row=1))]
        assert any(UNCONFIRMED_NOTE in str(h) for h in headers), title


def test_the_api_carries_the_flags(client_for: Any) -> None:
    data = client_for("province").get("/api/pricing/classes").json()
    assert data["unconfirmed"] is True and data["note"].startswith(UNCONFIRMED_NOTE)
    assert all(b["unconfirmed"] for b in data["bands"]) and data["bands"]
    assert all(m["unconfirmed"] for ms in data["measures"].values() for m in ms)
    assert all(e["unconfirmed"] for e in data["enterprises"])
    surcharges = client_for("province").get("/api/pricing/surcharges?year=2021").json()
    assert surcharges["water_base_price_unconfirmed"] is True
    assert "unconfirmed" in surcharges and "note" in surcharges
    assert all("unconfirmed" in e["water"] for e in surcharges["enterprises"])


def test_the_selfcheck_marks_a_water_surcharge_from_default_tiers() -> None:
    form = {"equipment": "blast_furnace", "city": "济南", "county": "历城区",
            "capacity": "50", "env_status": "pass", "safety_status": "pass",
            "energy_status": "pass", "volume_m3": "400", "land_area_mu": "100",
            "tax_10k_yuan": "1000", "water_m3": "1500", "water_quota_m3": "1000",
            "electricity_kwh": "1000000"}  # fmt: skip
    html = Client().post("/dashboard/selfcheck/", form).content.decode()
    row = html[html.index('data-label="差别水价"') :]
    row = row[: row.index("</tr>")]
    amount = row[row.index("年加价约") :]
    assert UNCONFIRMED_NOTE in amount  # next to the amount, not only in the reason before it


def test_the_surcharges_page_marks_default_water_amounts_and_base_price(client_for: Any) -> None:
    page = client_for("province").get("/pricing/surcharges/?year=2021").content.decode()
    start = page.index("基本水价")
    assert UNCONFIRMED_NOTE in page[start : page.index("</p>", start)]
    summary = page[page.index("<h2>汇总</h2>") :]
    assert UNCONFIRMED_NOTE in summary[: summary.index("</thead>")]
