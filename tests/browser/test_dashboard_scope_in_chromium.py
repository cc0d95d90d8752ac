"""Scope-true dashboards and the enterprise's one word, as an official sees them: cities in the
official order (淄博 before 临沂, not in code-point order), a city officer's dashboard without
the province's tools, the enterprise header agreeing with its lines."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from resolute.core.assessment import OUTCOME_CODE, OUTCOME_LABELS


def test_the_dashboard_lists_cities_in_the_official_order(sign_in: Any, assessed: Any) -> None:
    page = sign_in("province")
    page.goto("/dashboard/")
    cities = page.locator("#table-city tr td:first-child").all_inner_texts()
    assert cities == ["淄博", "临沂"]  # code-point order would put 临沂 first


def test_a_city_officer_sees_their_city_and_no_link_they_cannot_follow(
    sign_in: Any, assessed: Any
) -> None:
    page = sign_in("zibo")
    page.goto("/dashboard/")
    expect(page.locator("h1")).to_contain_text("淄博市驾驶舱")
    expect(page.get_by_role("link", name="政策推演")).to_have_count(0)
    expect(page.get_by_role("link", name="返回全省")).to_have_count(0)
    expect(page.locator("#chart-map")).to_have_count(0)
    headline = page.locator("section.headline")
    expect(headline).to_contain_text("本市")
    expect(headline).not_to_contain_text("裕龙岛")


def test_the_enterprise_header_agrees_with_its_lines(
    sign_in: Any, assessed: Any, province_ledger: Any
) -> None:
    page = sign_in("zibo")
    page.goto(f"/ledger/enterprises/{province_ledger.zibo_steel.credit_code}/")
    word = page.locator("#enterprise-outcome").inner_text()
    lines = page.locator("section[id^=line-] h3 span[class^=outcome-]").all_inner_texts()
    codes = {label: code for code, label in OUTCOME_LABELS.items()}
    worst = max(lines, key=lambda w: OUTCOME_CODE[codes[w]])
    assert lines and word.startswith(worst), (word, lines)
    expect(page.locator("#enterprise-outcome-reason")).to_contain_text("条生产线淘汰退出")
