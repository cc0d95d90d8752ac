"""The 淘汰名单: eliminated lines of the latest run in the user's scope, with how, by when and
who answers for each exit; filters and an Excel export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook
from pages import parse, table_rows

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, ExitPlan, Line

URL = "/assessments/eliminations/"


LINE = "生产线（当前状态）"


def rows(html: str) -> dict[str, dict[str, Any]]:
    """The list's rows by line code (the first word of the line's cell, before its status)."""
    page = parse(html)
    found = table_rows(page) if page.find_all("table") else []
    return {row[LINE].text.split()[0]: row for row in found}


def listed(html: str) -> set[str]:
    return set(rows(html))


def get(client: Any, **params: str) -> str:
    response = client.get(reverse("assessments-eliminations"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_is_the_contracted_one() -> None:
    assert reverse("assessments-eliminations") == URL


def test_rows_carry_the_exit_plan_and_the_failing_rules(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    with acting_as(users["zibo"], via="网页"):
        ExitPlan(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="close",
                 exit_deadline=dt.date(2000, 12, 31), responsible_unit="淄博市工业和信息化局",
                 responsible_person="张三").save()  # fmt: skip
    start_run(users["province"])
    found = rows(get(client_for("zibo")))
    assert set(found) == {"ZB-BF-1", "ZB-CL-1"}
    furnace = found["ZB-BF-1"]
    code = province_ledger.zibo_steel.credit_code
    assert furnace["企业（统一社会信用代码）"].text.endswith(code)
    assert furnace["企业（统一社会信用代码）"].href == reverse(
        "ledger-enterprise-detail", args=[code]
    )
    assert furnace[LINE].href == reverse("ledger-line-detail", args=["ZB-BF-1"])
    assert {k: furnace[k].text for k in ("县（市、区）", "退出方式", "退出时限", "责任单位", "责任人")} == {
        "县（市、区）": "张店区", "退出方式": "关停", "退出时限": "2000-12-31 逾期",
        "责任单位": "淄博市工业和信息化局", "责任人": "张三",
    }  # fmt: skip
    assert furnace["不符合的标准"].text == "400 立方米及以下炼铁高炉（二(二)1）"
    assert (furnace["依据"].text, found["ZB-CL-1"]["依据"].text) == ("国家标准", "省定标准")
    assert found["ZB-CL-1"]["退出方式"].text == "—"  # no exit plan yet


def test_filters_by_city_industry_and_basis(client_for: Any, users: dict[str, Any]) -> None:
    start_run(users["province"])
    client = client_for("province")
    assert listed(get(client, city="临沂")) == {"LY-CO-1"}
    assert listed(get(client, industry="cement")) == {"ZB-CL-1"}
    assert listed(get(client, basis="national")) == {"ZB-BF-1"}
    assert listed(get(client, basis="provincial")) == {"ZB-CL-1", "LY-CO-1"}


def test_the_export_follows_the_filters(client_for: Any, users: dict[str, Any]) -> None:
    start_run(users["province"])
    response = client_for("province").get(reverse("assessments-eliminations"),
                                          {"format": "xlsx", "basis": "provincial"})  # fmt: skip
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(
        values_only=True))  # fmt: skip
    header = rows[0]
    assert header[:4] == ("市", "县（市、区）", "企业名称", "统一社会信用代码")
    assert {"依据", "退出方式", "退出时限", "责任单位", "责任人"} <= set(header)
    assert sorted(r[header.index("生产线编号")] for r in rows[1:]) == ["LY-CO-1", "ZB-CL-1"]
    assert {r[header.index("依据")] for r in rows[1:]} == {"省定标准"}


def test_a_later_run_elsewhere_does_not_hide_the_users_list(
    client_for: Any, users: dict[str, Any]
) -> None:
    start_run(users["province"])
    start_run(users["linyi"], city_id=City.objects.get(name="临沂").pk)
    assert listed(get(client_for("zibo"))) == {"ZB-BF-1", "ZB-CL-1"}
    assert listed(get(client_for("linyi"))) == {"LY-CO-1"}


def test_an_earlier_run_can_be_chosen(client_for: Any, users: dict[str, Any]) -> None:
    first = start_run(users["province"])
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-BF-1").update(volume_m3=1080.0)
    start_run(users["province"])
    client = client_for("province")
    assert "ZB-BF-1" not in listed(get(client))
    assert "ZB-BF-1" in listed(get(client, run=str(first.pk)))
    assert client.get(reverse("assessments-eliminations"), {"run": "999"}).status_code == 404


def test_without_a_run_the_page_says_so(client_for: Any, users: Any) -> None:
    html = get(client_for("zibo"))
    assert "还没有完成的评估" in html and not listed(html)
