"""An officer opens an enterprise from the ledger and reads why a line is to be eliminated:
the measured value, the threshold, the plan's wording and the clause it comes from."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_officer_reads_the_citation_of_a_blast_furnace_finding(sign_in: Any, assessed: Any) -> None:
    page = sign_in("zibo")
    page.goto("/ledger/")
    page.locator("table").get_by_role("link", name="淄博齐鲁特钢有限公司").first.click()
    expect(page).to_have_url(re.compile(r"/ledger/enterprises/\w{18}/$"))
    expect(page.locator("h1")).to_contain_text("淄博齐鲁特钢有限公司")
    expect(page.locator("h1")).to_contain_text("淘汰退出")

    finding = page.locator("table.findings tr", has_text="400 立方米及以下炼铁高炉")
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text("二(二)1")
    expect(finding).to_contain_text("技术")
    expect(finding).to_contain_text("国家标准")
    expect(finding).to_contain_text("不符合")
    expect(finding).to_contain_text("380")
    expect(finding).to_contain_text("≤ 400")

    finding.get_by_role("link", name="说明").click()
    expect(page).to_have_url(re.compile(r"/ledger/rules/steel\.technology\.blast_furnace_volume/$"))
    expect(page.locator("main")).to_contain_text("400 立方米及以下炼铁高炉")
    expect(page.locator("main")).to_contain_text("二(二)1")
    page.go_back()
    expect(finding).to_contain_text("二(二)1")


def test_another_citys_enterprise_is_not_found_for_the_officer(
    sign_in: Any, province_ledger: Any
) -> None:
    page = sign_in("zibo")
    response = page.goto(f"/ledger/enterprises/{province_ledger.linyi_steel.credit_code}/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("临沂沂蒙钢铁有限公司")
