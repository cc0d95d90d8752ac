"""After an assessment, an officer reads the elimination list (淘汰名单) of their city: each
line with the rule it fails, its exit deadline and the person responsible."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_zibo_officer_reads_the_elimination_list_with_deadlines_and_responsible_persons(
    sign_in: Any, assessed: Any
) -> None:
    page = sign_in("zibo")
    page.locator("header nav").get_by_role("link", name="淘汰名单").click()
    expect(page.locator("h1")).to_have_text("淘汰名单")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).not_to_contain_text("临沂")

    furnace = rows.filter(has_text="ZB-BF-1")
    expect(furnace).to_contain_text("400 立方米及以下炼铁高炉")
    expect(furnace).to_contain_text("二(二)1")
    expect(furnace).to_contain_text("2021-12-31")
    expect(furnace).to_contain_text("逾期")
    expect(furnace).to_contain_text("淄博市工业和信息化局")
    expect(furnace).to_contain_text("王建国")
    expect(rows.filter(has_text="ZB-CL-1")).to_contain_text("淄博山水水泥有限公司")


def test_the_public_sees_the_list_once_the_province_publishes_it(
    sign_in: Any, assessed: Any
) -> None:
    page = sign_in("province")
    page.goto("/assessments/public/")
    expect(page.locator("main")).to_contain_text("目前没有公示的名单")

    page.goto(f"/assessments/{assessed.pk}/")
    page.get_by_role("button", name="公示淘汰名单").click()
    expect(page.locator("#run-status")).to_contain_text("已公示")
    page.locator("header").get_by_role("button", name="退出").click()
    expect(page.locator("header")).to_contain_text("登录")

    page.locator("header nav").get_by_role("link", name="公示", exact=True).click()
    expect(page.locator("h1")).to_have_text("淘汰退出生产线名单公示")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)  # ZB-BF-1, ZB-CL-1 and 临沂's coke oven
    expect(rows.filter(has_text="ZB-BF-1")).to_contain_text("2021-12-31")
    # The public list names no responsible person.
    expect(page.locator("main")).not_to_contain_text("王建国")
