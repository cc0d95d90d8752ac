"""The ledger list shows an officer the lines of their own city, and filters them."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_zibo_officer_sees_only_zibo_lines_in_the_ledger(sign_in: Any) -> None:
    page = sign_in("zibo")
    page.locator("header nav").get_by_role("link", name="台账").click()
    expect(page).to_have_url(re.compile(r"/ledger/$"))
    expect(page.locator("h1")).to_have_text("生产线台账")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    table = page.locator("table")
    for line_id in ("ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"):
        expect(table).to_contain_text(line_id)
    expect(table).to_contain_text("淄博齐鲁特钢有限公司")
    expect(table).not_to_contain_text("临沂")
    expect(table).not_to_contain_text("LY-")
    # Only the officer's own city is offered as a filter.
    city_options = page.locator("select[name=city] option")
    expect(city_options).to_have_text(["全部", "淄博"])


def test_officer_narrows_the_ledger_to_steel_with_the_filter_form(sign_in: Any) -> None:
    page = sign_in("zibo")
    page.goto("/ledger/")
    page.get_by_label("行业").select_option(label="钢铁")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"industry=steel"))
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table")).not_to_contain_text("淄博山水水泥有限公司")
    expect(page.locator("p.count")).to_contain_text("共 2 条生产线")


def test_province_officer_sees_every_city(sign_in: Any) -> None:
    page = sign_in("province")
    page.goto("/ledger/")
    expect(page.locator("table tbody tr")).to_have_count(5)
    expect(page.locator("table")).to_contain_text("临沂沂蒙钢铁有限公司")
