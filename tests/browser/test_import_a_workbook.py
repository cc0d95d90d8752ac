"""An officer imports an Excel workbook: a faulty one is refused with every error listed;
a correct one is previewed, confirmed, and its lines appear in the ledger."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from builders import make_enterprise, make_line
from playwright.sync_api import expect

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.ledger.models import Enterprise


def _workbook(folder: Path, name: str) -> Path:
    """A new 淄博 steel enterprise with one 1200 m³ blast furnace, as the template writes it."""
    ent = make_enterprise("steel", name="淄博新华钢铁有限公司", city="淄博", county="淄川区")
    line = make_line("blast_furnace", ent["credit_code"], line_id="ZB-BF-NEW", volume_m3=1200.0)
    path = folder / name
    write_ledger(Ledger.from_records([ent], [line]), path)
    return path


def _set(path: Path, sheet: str, header: str, value: Any) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [c.value for c in ws[1]].index(header) + 1
    ws.cell(row=2, column=column, value=value)
    book.save(path)


def _upload(page: Any, path: Path) -> None:
    page.goto("/")
    page.locator("header nav").get_by_role("link", name="导入").click()
    expect(page.locator("h1")).to_have_text("导入台账")
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_role("button", name="上传并检查").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))


def test_a_workbook_with_errors_is_refused_and_every_error_is_listed(
    sign_in: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path, "有错误的台账.xlsx")
    _set(path, "企业", "所在市", "北京")
    _set(path, "生产线", "有效容积", "abc")
    page = sign_in("zibo")
    _upload(page, path)

    main = page.locator("main")
    expect(main.locator("h2").first).to_have_text("文件有错误")
    expect(page.locator("#error-count")).to_contain_text("共 2 处错误")
    expect(page.locator("#error-count")).to_contain_text("台账未作任何修改")
    errors = page.locator("table.errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.filter(has_text="所在市")).to_contain_text("“北京” 不是山东省 16 市之一")
    expect(errors.filter(has_text="有效容积")).to_contain_text("“abc” 不是数字")
    expect(errors.filter(has_text="有效容积")).to_contain_text("生产线")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not Enterprise.objects.filter(name="淄博新华钢铁有限公司").exists()


def test_a_correct_workbook_is_previewed_then_imported_on_confirmation(
    sign_in: Any, tmp_path: Path
) -> None:
    page = sign_in("zibo")
    _upload(page, _workbook(tmp_path, "淄博新增企业.xlsx"))

    expect(page.locator("main h2").first).to_have_text("导入预览")
    expect(page.locator("#ent-new")).to_have_text("1")
    expect(page.locator("#line-new")).to_have_text("1")
    expect(page.locator("main")).to_contain_text("淄博新华钢铁有限公司")
    expect(page.locator("main")).to_contain_text("ZB-BF-NEW")
    page.get_by_role("button", name="确认导入").click()

    expect(page.locator("#status")).to_have_attribute("data-status", "applied")
    expect(page.locator("main")).to_contain_text("新增企业 1 家")
    expect(page.locator("main")).to_contain_text("新增生产线 1 条")

    page.locator("header nav").get_by_role("link", name="台账").click()
    expect(page.locator("table tbody tr")).to_have_count(4)
    expect(page.locator("table")).to_contain_text("ZB-BF-NEW")
    expect(page.locator("table")).to_contain_text("淄博新华钢铁有限公司")
