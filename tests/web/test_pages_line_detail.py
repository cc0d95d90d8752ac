"""A line's page: attributes, exit plan, the findings of every run, its own history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

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
    html = page(client_for("zibo"), "ZB-BF-1")
    assert "炼铁高炉" in html and "淄博齐鲁特钢有限公司" in html
    assert "有效容积" in html and "380 立方米" in html
    assert "转移" in html and "2000-06-30" in html and "李四" in html
    assert "逾期未退出" in html
    assert "尚未评估" in html


def test_the_findings_of_every_run_are_listed_newest_first(
    client_for: Any, users: dict[str, Any]
) -> None:
    first = start_run(users["province"])
    with acting_as(users["zibo"], via="网页"):
        Line.objects.filter(line_id="ZB-BF-1").update(volume_m3=1080.0)
    second = start_run(users["zibo"], city_id=users["zibo"].profile.city_id)
    html = page(client_for("zibo"), "ZB-BF-1")
    assert html.index(f"评估 #{second.pk}") < html.index(f"评估 #{first.pk}")
    assert "淘汰退出" in html and "达标" in html
    assert "400 立方米及以下炼铁高炉" in html and "二(二)1" in html
    assert "有效容积：380 → 1080" in html  # the line's own history


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
