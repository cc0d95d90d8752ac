"""The dashboard in a browser: a click on the map or a bar opens the lines behind it; anyone
runs a self-check on a phone; an official runs a what-if."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

ZIBO_LABEL_POINT = [118.0476, 36.8149]  # properties.cp of 淄博 in shandong-2019.json


def test_a_click_on_the_map_opens_the_citys_lines_to_exit(sign_in: Any, assessed: Any) -> None:
    page = sign_in("province")
    page.goto("/dashboard/")
    expect(page.locator("#chart-map")).to_have_attribute("data-ready", "1")
    page.locator("#chart-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(point) => {
            const el = document.getElementById("chart-map");
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, point);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        ZIBO_LABEL_POINT,
    )
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/ledger/\?city=%E6%B7%84%E5%8D%9A&outcome=eliminate"))
    table = page.locator("table")
    expect(table).to_contain_text("ZB-BF-1")
    expect(table).not_to_contain_text("LY-")


def test_the_map_switches_to_progress(sign_in: Any, assessed: Any) -> None:
    page = sign_in("province")
    page.goto("/dashboard/")
    expect(page.locator("#chart-map")).to_have_attribute("data-ready", "1")
    page.get_by_label("退出进度").check()
    name = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("chart-map"))
                   .getOption().series[0].name"""
    )
    assert name == "退出进度"


def test_a_click_on_a_city_bar_opens_its_lines(sign_in: Any, assessed: Any) -> None:
    page = sign_in("province")
    page.goto("/dashboard/")
    chart = page.locator("#chart-city")
    expect(chart.locator("canvas")).to_have_count(1)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the bars grow in for a second; click once they stand
    x, y = page.evaluate(
        """() => {
            const el = document.getElementById("chart-city");
            const chart = echarts.getInstanceByDom(el);
            const data = chart.getOption().series[0].data;
            const i = data.findIndex((d) => d.name === "淄博");
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [data[i].value / 2, i]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }"""
    )
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/ledger/\?city=%E6%B7%84%E5%8D%9A&outcome=eliminate"))
    expect(page.locator("table")).to_contain_text("ZB-CL-1")


def test_anyone_runs_a_self_check_on_a_phone(page: Any, users: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard/selfcheck/")
    page.get_by_label("行业与装置类型").select_option(label="钢铁 · 炼铁高炉")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("所在市").select_option(label="济南市")
    page.get_by_label("有效容积").fill("400")
    page.get_by_label("环保标准达标情况").select_option(label="达标")
    page.get_by_role("button", name="开始自查").click()
    result = page.locator("#selfcheck-result")
    expect(result).to_contain_text("淘汰退出")
    row = result.locator('tr[data-rule="steel.technology.blast_furnace_volume"]')
    expect(row).to_contain_text("400 立方米及以下炼铁高炉")
    expect(row).to_contain_text("二(二)1")
    # Nothing runs off the side of a phone screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    result.scroll_into_view_if_needed()


def test_an_official_runs_a_what_if(sign_in: Any, assessed: Any) -> None:
    page = sign_in("province")
    page.goto("/dashboard/whatif/")
    field = page.locator('input[name="rule__cement.technology.clinker_2500"]')
    group = page.locator("details.rules-group", has=field)
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    field.fill("2400")
    page.get_by_role("button", name="开始推演").click()
    expect(page.locator("h2", has_text="推演结果")).to_be_visible()
    expect(page.locator("body")).to_contain_text("ZB-CL-1")


def test_the_maps_tooltip_breaks_no_content_security_policy(sign_in: Any, assessed: Any) -> None:
    """ECharts writes its tooltips itself: hovering must not need inline styles or scripts."""
    page = sign_in("province")
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if msg.type == "error"
            and "Content Security Policy" in msg.text else None)  # fmt: skip
    page.goto("/dashboard/")
    expect(page.locator("#chart-map")).to_have_attribute("data-ready", "1")
    page.locator("#chart-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(point) => {
            const el = document.getElementById("chart-map");
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, point);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }""",
        ZIBO_LABEL_POINT,
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(800)
    expect(page.locator("#chart-map")).to_contain_text("淄博")
    assert violations == [], violations
