"""A line's page: attributes, exit plan, the findings of every run, its own history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from pages import facts, parse, row_where, table_rows

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line


def page(client: Any, line_id: str) -> str:
    response = client.get(reverse("ledger-line-detail", args=[line_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_attributes_and_exit_plan(client_for: Any, users: Any) -> None:
    with acting_as(users["zibo"], via="网页"):
        ExitPlan(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="transfer",
                 exit_deadline=dt.date(2000, 6, 30), responsible_person="李四").save()  # fmt: skip
    html = parse(page(client_for("zibo"), "ZB-BF-1"))
    assert html.find("h1").text == "ZB-BF-1 炼铁高炉"
    assert html.links()["淄博齐鲁特钢有限公司"] == reverse(
        "ledger-enterprise-detail",
        args=[Line.objects.get(line_id="ZB-BF-1").enterprise.credit_code],
    )
    card = facts(html.find("section", id="line-ZB-BF-1"))
    assert card["有效容积"] == "380 立方米"
    assert (card["退出方式"], card["退出时限"], card["责任人"]) == ("转移", "2000-06-30", "李四")
    assert "逾期未退出" in html.find("section", id="line-ZB-BF-1").find("h3").text
    assert "尚未评估" in html.text


def test_the_findings_of_every_run_are_listed_newest_first(
    client_for: Any, users: dict[str, Any]
) -> None:
    first = start_run(users["province"])
    with acting_as(users["zibo"], via="网页"):
        Line.objects.filter(line_id="ZB-BF-1").update(volume_m3=1080.0)
    second = start_run(users["zibo"], city_id=users["zibo"].profile.city_id)
    html = parse(page(client_for("zibo"), "ZB-BF-1"))
    runs = [h3 for h3 in html.find_all("h3", cls="card-title-sm")]
    assert [h3.find("a").text for h3 in runs] == [f"评估 #{second.pk}", f"评估 #{first.pk}"]
    assert ["淘汰退出" in runs[1].text, "达标" in runs[0].text] == [True, True]
    volume = row_where(
        table_rows(html, cls="findings", index=1), "方案原文", "400 立方米及以下炼铁高炉"
    )
    assert (volume["结果"].text, volume["实测值"].text, volume["出处"].text) == (
        "不符合",
        "380",
        "二(二)1",
    )
    history = table_rows(html, cls="history")
    assert any(
        "有效容积：380 → 1,080" in row["变更内容（修改前 → 修改后）"].text for row in history
    )


def test_a_line_outside_the_scope_is_not_found(client_for: Any, users: Any) -> None:
    assert (
        client_for("zibo").get(reverse("ledger-line-detail", args=["LY-CO-1"])).status_code == 404
    )
    assert (
        client_for("linyi").get(reverse("ledger-line-detail", args=["ZB-BF-1"])).status_code == 404
    )
    assert (
        client_for("province").get(reverse("ledger-line-detail", args=["NOPE"])).status_code == 404
    )
