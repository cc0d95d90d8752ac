"""Excel downloads (resolute.web.lib.export): sheets, Chinese file names, safe cells."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

from openpyxl import load_workbook

from resolute.web.lib.export import (
    XLSX_CONTENT_TYPE,
    Sheet,
    ascii_fallback,
    content_disposition,
    sheet_title,
    workbook_bytes,
    xlsx_response,
)


def test_the_response_is_an_xlsx_attachment_with_a_chinese_name() -> None:
    response = xlsx_response("生产线台账-2022.xlsx", [Sheet("台账", ["市"], [["淄博"]])])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "生产线台账-2022.xlsx"
    assert "private" in response["Cache-Control"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["台账"]
    assert [c.value for c in wb["台账"][2]] == ["淄博"]


def test_the_plain_name_keeps_ascii_and_cannot_break_the_header() -> None:
    assert ascii_fallback("评估12-全省.xlsx") == "12-.xlsx"
    assert ascii_fallback("台账.xlsx") == "download.xlsx"
    assert ascii_fallback('a"b\r\nc.xlsx') == "a_b_c.xlsx"
    header = content_disposition('x"; filename="evil.exe\r\n.xlsx')
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2


def test_sheet_titles_are_made_acceptable_to_excel() -> None:
    assert sheet_title("淘汰/整改[国家]:*?") == "淘汰_整改_国家____"
    assert len(sheet_title("长" * 40)) == 31
    assert sheet_title("名单", ["名单"]) == "名单(2)"
    assert sheet_title("") == "Sheet"


def test_every_sheet_is_written_with_headers_and_typed_cells() -> None:
    data = workbook_bytes([
        Sheet("一", ["编号", "日期", "产能"], [["L1", dt.date(2022, 12, 31), 120.5]]),
        Sheet("一", ["x"], []),
    ])  # fmt: skip
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["一", "一(2)"]
    ws = wb["一"]
    assert [c.value for c in ws[1]] == ["编号", "日期", "产能"]
    assert ws["B2"].value == dt.datetime(2022, 12, 31)
    assert ws["C2"].value == 120.5


def test_formula_like_text_is_written_as_text() -> None:
    rows = [['=HYPERLINK("http://x","y")'], ["+1"], ["-1"], ["@SUM(A1)"], ["正常"]]
    ws = load_workbook(io.BytesIO(workbook_bytes([Sheet("s", ["名称"], rows)])))["s"]
    values = [ws.cell(row=i, column=1).value for i in range(2, 7)]
    assert values == ['\'=HYPERLINK("http://x","y")', "'+1", "'-1", "'@SUM(A1)", "正常"]
    assert all(ws.cell(row=i, column=1).data_type == "s" for i in range(2, 7))


def test_no_sheets_still_make_a_workbook() -> None:
    assert load_workbook(io.BytesIO(workbook_bytes([]))).sheetnames
