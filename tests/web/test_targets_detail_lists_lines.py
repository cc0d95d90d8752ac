"""A capacity target's page breaks the figure down by city and industry and lists the lines
behind it, each linked to its page — only the lines the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, ExitPlan, Line

PIG_IRON = "steel.pig_iron.2021_2022.province"


def _setup(user: Any) -> None:
    """ZB-BF-1 exited in 2021; LY-BF-1 planned to exit by the end of 2022."""
    with acting_as(user, via="网页"):
        zibo = Line.objects.get(line_id="ZB-BF-1")
        zibo.status = "exited"
        zibo.save()
        ExitEvent.objects.create(line=zibo, exited_on=dt.date(2021, 6, 30))
        ExitPlan(line=Line.objects.get(line_id="LY-BF-1"), exit_method="close",
                 exit_deadline=dt.date(2022, 12, 31)).save()  # fmt: skip


def _detail(client: Any) -> Any:
    return client.get(reverse("targets-detail", args=[PIG_IRON]), {"as_of": "2022-06-30"})


def test_the_drill_down_lists_the_lines_behind_the_figure(
    client_for: Any, users: dict[str, Any]
) -> None:
    _setup(users["province"])

    response = _detail(client_for("province"))

    assert response.status_code == 200
    lines = {line.line_id: line.role for line in response.context["lines"]}
    assert lines == {"ZB-BF-1": "已退出", "LY-BF-1": "计划退出"}
    cities = {b.name: (b.achieved, b.planned) for b in response.context["by_city"]}
    assert cities["淄博"] == ("300", "0") and cities["临沂"] == ("0", "300")
    assert [b.name for b in response.context["by_industry"]] == ["钢铁"]
    html = response.content.decode()
    assert reverse("ledger-line-detail", args=["ZB-BF-1"]) in html
    assert "2021-06-30" in html


def test_a_city_officer_sees_only_the_lines_of_the_city(
    client_for: Any, users: dict[str, Any]
) -> None:
    _setup(users["province"])

    response = _detail(client_for("zibo"))

    assert [line.line_id for line in response.context["lines"]] == ["ZB-BF-1"]
    assert [b.name for b in response.context["by_city"]] == ["淄博"]
    html = response.content.decode()
    assert "LY-BF-1" not in html and "临沂" not in html.split("<main>")[1]


def test_an_unknown_target_is_not_found(client_for: Any) -> None:
    response = client_for("province").get(reverse("targets-detail", args=["no.such.target"]))
    assert response.status_code == 404
