"""Key projects (重点项目) are imported from the template: every row is checked and named in
Chinese when wrong, a city officer cannot write another city's project (neither by the
city a row names nor by the project it would change), the preview is confirmed before
anything is written, and the export re-imports with no change."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City
from resolute.web.targets.models import KeyProject

IMPORT = "targets-project-import"
HEADERS = [
    "项目名称",
    "所在市",
    "产业领域",
    "年度",
    "阶段",
    "总投资（亿元）",
    "新兴产业或补短板项目",
]


def _project(name: str, city: str = "淄博", stage: str = "signed", year: int = 2022,
             investment: float | None = 12.5) -> KeyProject:  # fmt: skip
    project = KeyProject(name=name, city=City.objects.get(name=city), sector="高端化工",
                         year=year, stage=stage, investment=investment,
                         emerging_or_shortfall=True)  # fmt: skip
    with acting_as(None, via="测试"):
        project.save()
    return project


def _xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "重点项目"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _upload(client: Any, data: bytes) -> Any:
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile("重点项目.xlsx", data)})


def _confirm(client: Any, response: Any) -> Any:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found, response.content.decode()
    return client.post(reverse(IMPORT), {"token": found.group(1)})


def _stored() -> dict[str, tuple[Any, ...]]:
    return {p.name: (p.city.name, p.sector, p.year, p.stage, p.investment, p.emerging_or_shortfall)
            for p in KeyProject.objects.select_related("city")}  # fmt: skip


def test_a_file_adds_and_changes_projects_after_a_preview(client_for: Any) -> None:
    _project("淄博新材料产业园")
    _project("未在文件中的项目")
    client = client_for("province")
    preview = _upload(client, _xlsx([
        ["淄博新材料产业园", "淄博市", "", 2022, "开工", None, None],  # blanks keep
        ["烟台裕龙岛炼化一体化项目", "烟台", "高端化工", "2022", "签约", "1,274", "是"],
    ]))  # fmt: skip
    page = preview.content.decode()
    assert preview.status_code == 200 and "新增 1 项，修改 1 项，未变 0 项" in page
    assert "阶段：签约 → 开工" in page
    assert KeyProject.objects.count() == 2  # a preview writes nothing

    assert _confirm(client, preview).status_code == 302

    assert _stored() == {
        "淄博新材料产业园": ("淄博", "高端化工", 2022, "started", 12.5, True),
        "未在文件中的项目": ("淄博", "高端化工", 2022, "signed", 12.5, True),
        "烟台裕龙岛炼化一体化项目": ("烟台", "高端化工", 2022, "signed", 1274.0, True),
    }
    assert AuditEvent.objects.filter(model="keyproject", via="导入").count() == 2


def test_every_bad_row_is_named_in_chinese_and_nothing_is_written(client_for: Any) -> None:
    _project("已开工项目", stage="started")
    response = _upload(client_for("province"), _xlsx([
        ["正常的新项目", "淄博", "高端化工", 2022, "储备", 3, "否"],
        ["已开工项目", "淄博", "", 2022, "储备", None, None],
        ["阶段有误", "淄博", "高端化工", 2022, "建设中", None, None],
        ["领域有误", "淄博", "炼金术", 2022, "储备", None, None],
        ["缺阶段的新项目", "淄博", "高端化工", 2022, None, None, None],
        ["投资有误", "苏州", "高端化工", "二〇二二", "储备", "很多", "也许"],
        ["正常的新项目", "淄博市", "高端化工", 2022, "储备", 3, "否"],
    ]))  # fmt: skip

    assert response.status_code == 400
    found = [(e.row, e.column) for e in response.context["errors"]]
    assert found == [(3, "阶段"), (4, "阶段"), (5, "产业领域"), (6, "阶段"), (7, "所在市"),
                     (7, "年度"), (7, "总投资（亿元）"), (7, "新兴产业或补短板项目"),
                     (8, "项目名称")]  # fmt: skip
    messages = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert messages[(3, "阶段")] == "项目阶段只能向前推进，不能从“开工”退回“储备”"
    assert messages[(5, "产业领域")] == "“炼金术”不是方案中的产业领域"
    assert messages[(6, "阶段")] == "新增项目须填写阶段"
    assert messages[(7, "所在市")] == "“苏州”不是山东省的设区市"
    assert "与第 2 行是同一项目" in messages[(8, "项目名称")]
    assert KeyProject.objects.count() == 1 and KeyProject.objects.get().stage == "started"


def test_a_city_officer_cannot_write_another_citys_project(client_for: Any) -> None:
    _project("临沂的项目", city="临沂")
    zibo = client_for("zibo")
    response = _upload(zibo, _xlsx([
        ["本市的项目", "淄博", "高端化工", 2022, "储备", None, None],
        ["临沂的项目", "临沂", "高端化工", 2022, "开工", None, None],  # change another's
        ["替临沂新增", "临沂", "高端化工", 2022, "储备", None, None],  # add another's
    ]))  # fmt: skip

    assert response.status_code == 400
    errors = [(e.row, e.column, e.message) for e in response.context["errors"]]
    assert errors == [(3, "所在市", "只能导入本市的重点项目，不能导入临沂市的"),
                      (4, "所在市", "只能导入本市的重点项目，不能导入临沂市的")]  # fmt: skip
    assert list(KeyProject.objects.values_list("name", "stage")) == [("临沂的项目", "signed")]
    # the province may
    preview = _upload(client_for("province"), _xlsx([["临沂的项目", "临沂", "", 2022, "开工",
                                                      None, None]]))  # fmt: skip
    assert _confirm(client_for("province"), preview).status_code == 302
    assert KeyProject.objects.get().stage == "started"


def test_the_template_has_chinese_headers_and_the_export_reimports_with_no_change(
    client_for: Any,
) -> None:
    client = client_for("zibo")
    template = load_workbook(io.BytesIO(client.get(reverse("targets-project-template")).content))
    assert template.sheetnames == ["重点项目", "填表说明"]
    assert [c.value for c in template["重点项目"][1]] == HEADERS
    assert template["重点项目"].max_row == 1  # no example row
    _project("淄博项目甲")
    _project("=淄博项目乙", investment=None, stage="operating")  # quoted in the export
    _project("临沂项目", city="临沂")
    before = list(KeyProject.objects.order_by("pk").values())
    events = AuditEvent.objects.count()

    export = client.get(reverse("targets-project-export"))
    rows = list(load_workbook(io.BytesIO(export.content))["重点项目"].iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == ["'=淄博项目乙", "淄博项目甲"]  # its city's only
    response = _upload(client, export.content)

    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    assert "新增 0 项，修改 0 项，未变 2 项" in page and "无需导入" in page
    assert list(KeyProject.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == events


def test_a_preview_outdated_by_another_change_writes_nothing(client_for: Any) -> None:
    project = _project("淄博项目")
    client = client_for("zibo")
    preview = _upload(client, _xlsx([["淄博项目", "淄博", "", 2022, "开工", None, None],
                                     ["新项目", "淄博", "高端化工", 2022, "储备", None, None]]))  # fmt: skip
    with acting_as(None, via="测试"):  # someone else, meanwhile
        KeyProject.objects.filter(pk=project.pk).update(investment=99)

    response = _confirm(client, preview)

    assert response.status_code == 400 and "请重新上传文件" in response.content.decode()
    assert _stored() == {"淄博项目": ("淄博", "高端化工", 2022, "signed", 99.0, True)}


def test_the_projects_page_offers_the_import_and_its_template(client_for: Any) -> None:
    page = client_for("zibo").get(reverse("targets-projects")).content.decode()
    assert reverse(IMPORT) in page and reverse("targets-project-template") in page
    form = client_for("zibo").get(reverse(IMPORT)).content.decode()
    assert reverse("targets-project-template") in form and "下载填报模板" in form
    assert client_for("enterprise_user").get(reverse(IMPORT)).status_code == 403
    assert client_for("enterprise_user").get(reverse("targets-project-export")).status_code == 403


def test_a_sheet_without_its_key_columns_names_them(client_for: Any) -> None:
    response = _upload(client_for("province"), _xlsx([["项目"]], headers=["项目名称"]))
    assert response.status_code == 400
    assert response.context["errors"][0].message.startswith("缺少列：所在市、年度")
