"""An Excel sheet of indicator figures is checked row by row: every error is listed by row
and column, and the sheet is stored entirely or not at all."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pages import parse, table_rows

from resolute.web.audit.models import AuditEvent
from resolute.web.targets.models import IndicatorReport

REVENUE = "high_end_chemicals.revenue.2022"


def _upload(client: Any, rows: list[list[Any]], headers: list[str] | None = None) -> Any:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers or ["target_id", "period", "value"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("指标.xlsx", data.getvalue())
    return client.post(reverse("targets-indicator-import"), {"file": file})


def test_a_valid_sheet_is_stored_as_a_whole(client_for: Any) -> None:
    response = _upload(client_for("industry"), [
        [REVENUE, 2021, 8000],
        [REVENUE, "2022Q1", 2100.5],
        ["emerging.gdp_share.2022", "2021", "35.2"],
    ])  # fmt: skip

    assert response.status_code == 302
    stored = {(r.target_id, r.period): r.value for r in IndicatorReport.objects.all()}
    assert stored == {(REVENUE, "2021"): 8000, (REVENUE, "2022Q1"): 2100.5,
                      ("emerging.gdp_share.2022", "2021"): 35.2}  # fmt: skip
    assert AuditEvent.objects.filter(model="indicatorreport", via="导入").count() == 3


def test_every_error_is_listed_and_nothing_is_stored(client_for: Any) -> None:
    response = _upload(client_for("province"), [
        [REVENUE, 2021, 8000],  # fine on its own
        ["no.such.target", 2021, 1],
        [REVENUE, 2022, "很多"],
        [REVENUE, 2023, -3],
        [REVENUE, 2021, 8100],  # the same target and period as row 2
        ["steel.pig_iron.2021.province", 2021, 100],  # computed from the ledger
        [REVENUE, "下半年", 1],
    ])  # fmt: skip

    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert errors == {(3, "目标编号"), (4, "数值"), (5, "数值"), (6, "报告期"),
                      (7, "目标编号"), (8, "报告期")}  # fmt: skip
    html = response.content.decode()
    assert "共 6 处错误" in html
    listed = {
        (r["行"].text, r["列"].text): r["原因"].text for r in table_rows(parse(html), cls="errors")
    }
    assert listed[("3", "目标编号")] == "没有编号为“no.such.target”的目标"
    assert listed[("4", "数值")] == "“很多” 不是数字"
    assert "不能为负数" in listed[("5", "数值")] and "与第 2 行重复" in listed[("6", "报告期")]
    assert "由系统自动计算" in listed[("7", "目标编号")] and len(listed) == 6
    assert not IndicatorReport.objects.exists()
    assert not AuditEvent.objects.filter(model="indicatorreport").exists()


def test_a_target_may_be_named_by_its_indicator(client_for: Any) -> None:
    response = _upload(client_for("province"), [["高端化工营业收入", "2022", 9700]],
                       headers=["指标", "报告期", "数值"])  # fmt: skip

    assert response.status_code == 302
    assert IndicatorReport.objects.get().target_id == REVENUE


def test_missing_columns_are_named(client_for: Any) -> None:
    response = _upload(client_for("province"), [[REVENUE, 1]], headers=["target_id", "数量"])

    messages = [e.message for e in response.context["errors"]]
    assert any("报告期" in m for m in messages) and any("数值" in m for m in messages)


def test_a_file_that_is_no_workbook_is_refused(client_for: Any) -> None:
    file = SimpleUploadedFile("指标.xlsx", b"not a workbook")
    response = client_for("province").post(reverse("targets-indicator-import"), {"file": file})

    assert (
        response.status_code == 400 and "无法读取该文件" in response.content.decode()
    )  # in Chinese only


def test_the_template_round_trips(client_for: Any) -> None:
    """Download the template, fill its first sheet under its Chinese headers (the target by
    its Chinese name, as the list sheet gives it), upload it."""
    client = client_for("province")
    response = client.get(reverse("targets-indicator-template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["指标数据", "可填报指标", "填表说明"]
    sheet = book["指标数据"]
    assert [c.value for c in sheet[1]] == ["指标", "报告期", "数值"]
    listed = list(book["可填报指标"].iter_rows(values_only=True))
    assert listed[0] == ("指标", "条款", "范围", "计量单位")
    names = {row[0] for row in listed[1:]}
    assert "高端化工营业收入" in names and REVENUE not in names
    codes = [cell for row in listed for cell in row if re.search(r"[a-z_]+\.[a-z_]", str(cell))]
    assert codes == []  # no target code
    sheet.append(["高端化工营业收入", "2022", 9700])
    data = io.BytesIO()
    book.save(data)
    file = SimpleUploadedFile("指标数据填报模板.xlsx", data.getvalue())
    uploaded = client.post(reverse("targets-indicator-import"), {"file": file})
    assert uploaded.status_code == 302, uploaded.content.decode()
    assert IndicatorReport.objects.get().value == 9700


def test_an_unknown_name_is_refused_naming_its_row(client_for: Any) -> None:
    response = _upload(client_for("province"), [["高端化工营业收入", "2022", 9700],
                                                ["高端化工利润总额", "2022", 1]],
                       headers=["指标", "报告期", "数值"])  # fmt: skip

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "指标")]
    assert "没有名为“高端化工利润总额”的填报指标" in response.content.decode()
    assert not IndicatorReport.objects.exists()


def test_the_import_page_offers_the_template_in_chinese(client_for: Any) -> None:
    page = client_for("province").get(reverse("targets-indicator-import")).content.decode()
    assert reverse("targets-indicator-template") in page and "下载填报模板" in page
    assert "target_id" not in page and "period" not in page
    assert REVENUE not in page and "目标编号" not in page


def test_a_sheet_beyond_the_import_bounds_is_refused(client_for: Any, settings: Any) -> None:
    settings.RESOLUTE_IMPORT_MAX_ROWS = 2
    response = _upload(client_for("province"), [[REVENUE, 2021, 1], [REVENUE, 2022, 2]])
    assert response.status_code == 400 and "超过" in response.content.decode()
    assert not IndicatorReport.objects.exists()


def test_a_damaged_workbook_is_refused_in_chinese_only(client_for: Any) -> None:
    file = SimpleUploadedFile("指标.xlsx", b"PK\x03\x04 a damaged archive")
    response = client_for("province").post(reverse("targets-indicator-import"), {"file": file})
    [error] = response.context["errors"]
    assert error.message.startswith("无法读取该文件")
    assert set(re.findall(r"[A-Za-z]+", error.message)) == {"Excel", "xlsx"}
