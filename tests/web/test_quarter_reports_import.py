"""A city imports its quarterly reports (季度调度) from the template: every row is checked and
named in Chinese when wrong, another city's report is refused, the preview is confirmed
before anything is written, and the city's export re-imports with no change."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from province import make_user

from resolute.web.accounts.models import Role
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City
from resolute.web.quarters.models import QuarterlyReport

IMPORT = "supervision-quarter-import"
HEADERS = ["市", "季度", "工作进展", "主要数据"]


def _xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "季度调度"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _upload(client: Any, data: bytes) -> Any:
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile("季度调度.xlsx", data)})


def _token(response: Any) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def _confirm(client: Any, response: Any) -> Any:
    return client.post(reverse(IMPORT), {"token": _token(response)})


def test_a_city_imports_its_reports_after_a_preview(client_for: Any) -> None:
    zibo = client_for("zibo")
    preview = _upload(zibo, _xlsx([
        ["淄博市", "2022Q3", "关停高炉一座。", "退出炼铁产能（万吨）：40\n关停高炉：1"],
        ["", "2022Q4", "完成焦炉退出核实。", None],
    ]))  # fmt: skip
    assert preview.status_code == 200
    assert "新增 2 项，修改 0 项，未变 0 项" in preview.content.decode()
    assert not QuarterlyReport.objects.exists()  # a preview writes nothing

    done = _confirm(zibo, preview)

    assert done.status_code == 302
    stored = {
        r.quarter: (r.city.name, r.narrative, r.figures) for r in QuarterlyReport.objects.all()
    }
    assert stored == {
        "2022Q3": ("淄博", "关停高炉一座。", {"退出炼铁产能（万吨）": "40", "关停高炉": "1"}),
        "2022Q4": ("淄博", "完成焦炉退出核实。", {}),
    }
    assert AuditEvent.objects.filter(model="quarterlyreport", via="导入").count() == 2


def test_every_bad_row_is_named_in_chinese_and_nothing_is_written(client_for: Any) -> None:
    response = _upload(client_for("zibo"), _xlsx([
        ["淄博", "2022Q3", "正常的一行。", ""],
        ["淄博", "2022Q5", "季度有误。", ""],
        ["淄博", "2022Q2", "", ""],
        ["淄博", "2022Q1", "数据有误。", "只有名称"],
        ["苏州", "2022Q4", "不是山东的市。", ""],
        ["淄博", "2022Q3", "与第 2 行重复。", ""],
    ]))  # fmt: skip

    assert response.status_code == 400
    errors = [(e.row, e.column, e.message) for e in response.context["errors"]]
    assert [(row, column) for row, column, _ in errors] == [
        (3, "季度"), (4, "工作进展"), (5, "主要数据"), (6, "市"), (7, "季度")]  # fmt: skip
    assert "2022Q4" in errors[0][2] and errors[2][2] == "“只有名称”应写作“名称：数值”"
    assert errors[3][2] == "“苏州”不是山东省的设区市" and "与第 2 行重复" in errors[4][2]
    assert "共 5 处错误" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_another_citys_report_is_refused(client_for: Any) -> None:
    response = _upload(client_for("zibo"), _xlsx([
        ["淄博", "2022Q4", "本市。", ""], ["临沂", "2022Q4", "替临沂报送。", ""]]))  # fmt: skip

    assert response.status_code == 400
    [error] = response.context["errors"]
    assert (error.row, error.column) == (3, "市")
    assert error.message == "只能报送本市的季度调度，不能报送临沂市的"
    assert not QuarterlyReport.objects.exists()


def test_only_a_city_officer_imports(client_for: Any) -> None:
    for name in ("province", "industry"):
        response = client_for(name).get(reverse(IMPORT))
        assert response.status_code == 403 and "只有市级主管部门" in response.content.decode()
    assert client_for("enterprise_user").get(reverse(IMPORT)).status_code == 403


def test_the_template_has_chinese_headers_and_the_export_reimports_with_no_change(
    client_for: Any,
) -> None:
    zibo = client_for("zibo")
    template = load_workbook(io.BytesIO(zibo.get(reverse("supervision-quarter-template")).content))
    assert template.sheetnames == ["季度调度", "填表说明"]
    assert [c.value for c in template["季度调度"][1]] == HEADERS
    for quarter, figures in (("2022Q3", "退出炼铁产能（万吨）：40\n关停高炉=1"), ("2022Q4", "")):
        zibo.post(reverse("supervision-quarter-submit"),
                  {"quarter": quarter, "narrative": f"{quarter} 进展。", "figures": figures})  # fmt: skip
    client_for("linyi").post(reverse("supervision-quarter-submit"),
                             {"quarter": "2022Q4", "narrative": "临沂。", "figures": ""})  # fmt: skip
    before = list(QuarterlyReport.objects.order_by("pk").values())
    events = AuditEvent.objects.count()

    export = zibo.get(reverse("supervision-quarter-export"))
    rows = list(load_workbook(io.BytesIO(export.content))["季度调度"].iter_rows(values_only=True))
    assert [r[:2] for r in rows[1:]] == [("淄博", "2022Q3"), ("淄博", "2022Q4")]  # its own only
    response = _upload(zibo, export.content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "新增 0 项，修改 0 项，未变 2 项" in page and "无需导入" in page
    assert 'name="token"' not in page
    assert list(QuarterlyReport.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == events


def test_a_correction_is_shown_before_and_after(client_for: Any) -> None:
    zibo = client_for("zibo")
    zibo.post(reverse("supervision-quarter-submit"),
              {"quarter": "2022Q4", "narrative": "关停高炉一座。", "figures": ""})  # fmt: skip
    preview = _upload(zibo, _xlsx([["淄博", "2022Q4", "更正：关停高炉两座。", ""]]))
    assert "工作进展：关停高炉一座。 → 更正：关停高炉两座。" in preview.content.decode()
    assert _confirm(zibo, preview).status_code == 302
    assert QuarterlyReport.objects.get().narrative == "更正：关停高炉两座。"


def test_a_preview_outdated_by_another_change_writes_nothing(client_for: Any) -> None:
    zibo = client_for("zibo")
    preview = _upload(zibo, _xlsx([["淄博", "2022Q4", "文件中的内容。", ""]]))
    zibo.post(reverse("supervision-quarter-submit"),
              {"quarter": "2022Q4", "narrative": "网页上报送的内容。", "figures": ""})  # fmt: skip

    response = _confirm(zibo, preview)

    assert response.status_code == 400 and "请重新上传文件" in response.content.decode()
    assert QuarterlyReport.objects.get().narrative == "网页上报送的内容。"
    assert _confirm(zibo, preview).status_code == 400  # nor later


def test_a_preview_is_confirmed_only_by_its_own_user(client_for: Any) -> None:
    colleague = Client()  # another 淄博 officer
    colleague.force_login(make_user("zibo2", "pw-2021-zibo", role=Role.CITY,
                                    city=City.objects.get(name="淄博")))  # fmt: skip
    preview = _upload(client_for("zibo"), _xlsx([["淄博", "2022Q4", "淄博的内容。", ""]]))
    other = colleague.post(reverse(IMPORT), {"token": _token(preview)})
    assert other.status_code == 400 and "预览已过期或无效" in other.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_the_pages_offer_the_template(client_for: Any) -> None:
    page = client_for("zibo").get(reverse("supervision-quarter-list")).content.decode()
    assert reverse(IMPORT) in page and reverse("supervision-quarter-template") in page
    form = client_for("zibo").get(reverse(IMPORT)).content.decode()
    assert reverse("supervision-quarter-template") in form and "下载填报模板" in form
    assert reverse(IMPORT) not in client_for("province").get(
        reverse("supervision-quarter-list")).content.decode()  # fmt: skip


def test_a_file_beyond_the_import_bounds_is_refused_before_it_is_read(
    client_for: Any, settings: Any
) -> None:
    settings.RESOLUTE_IMPORT_MAX_ROWS = 3
    rows = [["淄博", f"2022Q{q}", "进展。", ""] for q in (1, 2, 3)]
    response = _upload(client_for("zibo"), _xlsx(rows))
    assert response.status_code == 400
    assert "超过" in response.context["errors"][0].message
    assert _upload(client_for("zibo"), b"not a workbook").status_code == 400
    assert not QuarterlyReport.objects.exists()


def test_a_sheet_without_its_columns_names_them(client_for: Any) -> None:
    response = _upload(client_for("zibo"), _xlsx([["淄博", "2022Q4"]], headers=["市", "季度"]))
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert error.message.startswith("缺少列：工作进展") and error.row == 1
