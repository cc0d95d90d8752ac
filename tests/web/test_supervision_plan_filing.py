"""A city files its "三个一批" plan by form or by Excel workbook: a workbook with errors is
refused as a whole with every error by row and column; only the city's own officers file,
and no one sees another city's plan."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.web.plans.models import CityPlan, CityPlanItem

ZIBO, LINYI = "370300", "371300"
HEADERS = ["类别", "行业", "年度", "生产线编号", "统一社会信用代码", "计划完成日期", "备注"]


def workbook(rows: list[list[Any]], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "三个一批计划"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("计划.xlsx", buffer.getvalue())


def page(client: Any, code: str = ZIBO) -> Any:
    return client.get(reverse("supervision-plan-detail", args=[code]))


def test_a_city_officer_adds_an_item_by_form_and_the_enterprise_is_filled_in(
    client_for: Any, province_ledger: Any
) -> None:
    client = client_for("zibo")
    response = client.post(reverse("supervision-plan-item-add", args=[ZIBO]), {
        "kind": "eliminate", "industry": "steel", "year": "2022", "line_id": "ZB-BF-1",
        "planned_on": "2022-06-30", "note": "",
    })  # fmt: skip
    assert response.status_code == 302
    item = CityPlanItem.objects.get()
    assert (item.plan.city.name, item.industry, item.line_id) == ("淄博", "钢铁", "ZB-BF-1")
    assert item.credit_code == province_ledger.zibo_steel.credit_code
    assert item.enterprise_name == "淄博齐鲁特钢有限公司"
    assert "ZB-BF-1" in page(client).content.decode()


def test_an_elimination_without_line_or_date_is_refused_by_the_form(client_for: Any) -> None:
    response = client_for("zibo").post(reverse("supervision-plan-item-add", args=[ZIBO]), {
        "kind": "eliminate", "industry": "钢铁", "year": "2022",
    })  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "须填写生产线编号" in text and "须填写计划完成日期" in text
    assert not CityPlanItem.objects.exists()


def test_a_workbook_replaces_the_plan(client_for: Any) -> None:
    client = client_for("zibo")
    client.post(reverse("supervision-plan-item-add", args=[ZIBO]), {
        "kind": "cultivate", "industry": "新材料", "year": "2021",
    })  # fmt: skip
    upload = workbook([
        ["淘汰", "钢铁", 2022, "ZB-BF-1", None, dt.datetime(2022, 6, 30), "高炉"],
        ["淘汰一批", "钢铁", "2022年", "ZB-BOF-1", None, "2022/12/31", None],
        ["提升", "水泥", 2021, None, None, None, "能效改造"],
    ])  # fmt: skip
    response = client.post(reverse("supervision-plan-upload", args=[ZIBO]), {"file": upload})
    assert response.status_code == 302
    items = CityPlanItem.objects.order_by("pk")
    assert [(i.kind, i.line_id, i.planned_on) for i in items] == [
        ("eliminate", "ZB-BF-1", dt.date(2022, 6, 30)),
        ("eliminate", "ZB-BOF-1", dt.date(2022, 12, 31)),
        ("upgrade", "", None),
    ]  # fmt: skip


def test_a_workbook_with_errors_lists_every_one_and_stores_nothing(client_for: Any) -> None:
    client = client_for("zibo")
    client.post(reverse("supervision-plan-item-add", args=[ZIBO]), {
        "kind": "cultivate", "industry": "新材料", "year": "2021",
    })  # fmt: skip
    upload = workbook([
        ["淘汰", "钢铁", 2022, "ZB-BF-1", None, "2022-06-30", None],  # fine
        ["关停", "钢铁", 2022, "ZB-BOF-1", None, "2022-06-30", None],  # row 3: kind
        ["淘汰", "钢铁", 2019, None, "91370300ABC", "下月", None],  # row 4: four errors
        ["提升", None, None, None, None, None, None],  # row 5: industry, year
    ])  # fmt: skip
    response = client.post(reverse("supervision-plan-upload", args=[ZIBO]), {"file": upload})
    assert response.status_code == 400
    errors = response.context["upload_errors"]
    assert {(e.row, e.column) for e in errors} == {
        (3, "类别"), (4, "年度"), (4, "生产线编号"), (4, "统一社会信用代码"), (4, "计划完成日期"),
        (5, "行业"), (5, "年度"),
    }  # fmt: skip
    assert "计划未作任何修改" in response.content.decode()
    assert [i.industry for i in CityPlanItem.objects.all()] == ["新材料"]


def test_a_workbook_without_the_plan_columns_is_refused(client_for: Any) -> None:
    upload = workbook([["淘汰", "钢铁"]], headers=["类别", "行业"])
    response = client_for("zibo").post(reverse("supervision-plan-upload", args=[ZIBO]),
                                       {"file": upload})  # fmt: skip
    assert response.status_code == 400
    assert "缺少列：年度、生产线编号" in response.content.decode()


def test_submitting_records_the_first_submission(client_for: Any) -> None:
    client = client_for("zibo")
    url = reverse("supervision-plan-submit", args=[ZIBO])
    client.post(url)
    assert not CityPlan.objects.filter(status="submitted").exists()  # nothing to submit yet
    client.post(reverse("supervision-plan-item-add", args=[ZIBO]), {
        "kind": "cultivate", "industry": "新材料", "year": "2021",
    })  # fmt: skip
    client.post(url)
    plan = CityPlan.objects.get()
    assert plan.status == "submitted" and plan.submitted_at is not None
    first = plan.submitted_at
    client.post(url)
    plan.refresh_from_db()
    assert plan.submitted_at == first


def test_a_city_officer_cannot_see_or_file_another_citys_plan(client_for: Any) -> None:
    client = client_for("zibo")
    assert page(client, LINYI).status_code == 404
    add = client.post(reverse("supervision-plan-item-add", args=[LINYI]), {
        "kind": "cultivate", "industry": "新材料", "year": "2021",
    })  # fmt: skip
    assert add.status_code == 404
    upload = client.post(reverse("supervision-plan-upload", args=[LINYI]),
                         {"file": workbook([])})  # fmt: skip
    assert upload.status_code == 404
    assert client.post(reverse("supervision-plan-submit", args=[LINYI])).status_code == 404
    assert not CityPlan.objects.exists()


def test_the_province_reads_every_plan_but_files_none(client_for: Any) -> None:
    client = client_for("province")
    assert page(client, LINYI).status_code == 200
    add = client.post(reverse("supervision-plan-item-add", args=[LINYI]), {
        "kind": "cultivate", "industry": "新材料", "year": "2021",
    })  # fmt: skip
    assert add.status_code == 403
    assert not CityPlanItem.objects.exists()


def test_enterprise_users_and_the_public_are_kept_out(client_for: Any) -> None:
    assert page(client_for("enterprise_user")).status_code == 403
    assert page(client_for("no_role")).status_code == 403
    anonymous = page(client_for(None))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_template_downloads_with_the_plan_columns(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("supervision-plan-template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["三个一批计划"]
    assert [c.value for c in sheet[1]][: len(HEADERS)] == HEADERS


def test_the_template_round_trips(client_for: Any) -> None:
    """Download the template, fill its first sheet under its Chinese headers, upload it."""
    client = client_for("zibo")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("supervision-plan-template")).content)
    )
    assert book.sheetnames == ["三个一批计划", "填表说明"]
    sheet = book["三个一批计划"]
    assert sheet.max_row == 1  # no example row that could be filed by mistake
    sheet.append(["淘汰", "钢铁", 2022, "ZB-BF-1", None, dt.date(2022, 6, 30), "高炉", None])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("三个一批计划模板.xlsx", buffer.getvalue())
    response = client.post(reverse("supervision-plan-upload", args=[ZIBO]), {"file": upload})
    assert response.status_code == 302
    assert [(i.kind, i.line_id) for i in CityPlanItem.objects.all()] == [("eliminate", "ZB-BF-1")]
