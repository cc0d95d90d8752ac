"""A city officer imports quarterly reports and key projects from their templates in Chromium:
the pages are reached from the lists, read in Chinese on an office screen, a bad row is named
by row and column, and a good file is previewed, confirmed and listed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from playwright.sync_api import expect

#: English error text, as the every-page sweep looks for it (test_every_page_reads_chinese).
ENGLISH = re.compile(r"Traceback|Not Found|Forbidden|Server Error|\bNone\b|\bTrue\b|\bFalse\b")


def _workbook(folder: Path, name: str, sheet: str, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = folder / name
    book.save(path)
    return path


def _reads_chinese(page: Any) -> None:
    assert not ENGLISH.findall(page.inner_text("body"))
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1


def _upload(page: Any, path: Path) -> None:
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()


def test_a_city_imports_its_quarter_reports(sign_in: Any, tmp_path: Path) -> None:
    page = sign_in("zibo")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/supervision/quarters/")
    page.locator("#quarter-import").click()
    expect(page.locator("h1")).to_have_text("从 Excel 导入季度调度")
    expect(page.locator("#template-link")).to_have_text("下载填报模板")
    _reads_chinese(page)

    bad = _workbook(tmp_path, "有错误.xlsx", "季度调度", [
        ["市", "季度", "工作进展", "主要数据"], ["临沂", "2022Q4", "替临沂报送。", ""]])  # fmt: skip
    _upload(page, bad)
    expect(page.locator("#error-count")).to_contain_text("共 1 处错误")
    expect(page.locator("table.errors tbody tr")).to_contain_text("只能报送本市的季度调度")
    _reads_chinese(page)

    good = _workbook(tmp_path, "季度调度.xlsx", "季度调度", [
        ["市", "季度", "工作进展", "主要数据"],
        ["淄博", "2022Q4", "关停高炉一座。", "退出炼铁产能（万吨）：40"]])  # fmt: skip
    _upload(page, good)
    expect(page.locator("#plan-counts")).to_have_text("新增 1 项，修改 0 项，未变 0 项。")
    _reads_chinese(page)
    page.locator("#confirm").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("导入成功：新增 1 项")


def test_a_city_imports_its_key_projects(sign_in: Any, tmp_path: Path) -> None:
    page = sign_in("zibo")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/targets/projects/")
    page.locator("#project-import").click()
    expect(page.locator("h1")).to_have_text("从 Excel 导入重点项目")
    _reads_chinese(page)

    headers = [
        "项目名称",
        "所在市",
        "产业领域",
        "年度",
        "阶段",
        "总投资（亿元）",
        "新兴产业或补短板项目",
    ]
    good = _workbook(tmp_path, "重点项目.xlsx", "重点项目", [
        headers, ["淄博新材料产业园", "淄博", "高端化工", 2022, "签约", 12.5, "是"]])  # fmt: skip
    _upload(page, good)
    expect(page.locator("#plan-counts")).to_have_text("新增 1 项，修改 0 项，未变 0 项。")
    expect(page.locator("#changes")).to_contain_text("淄博新材料产业园")
    _reads_chinese(page)
    page.locator("#confirm").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("淄博新材料产业园")
