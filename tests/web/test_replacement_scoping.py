"""Replacement pages follow the roles: a city officer works only in its city, enterprise
users may not use them, and anonymous visitors are sent to sign in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Line
from resolute.web.replacement import services
from resolute.web.replacement.models import ReplacementPlan

PAGES = ["replacement-plan-list", "replacement-plan-new", "replacement-ledger",
         "replacement-admission", "replacement-credit-export"]  # fmt: skip


@pytest.fixture
def linyi_plan(users: dict[str, Any]) -> ReplacementPlan:
    """A 临沂 blast furnace replacing LY-BF-1, filed by the 临沂 officer."""
    plan = ReplacementPlan(
        name="临沂新建高炉", industry="steel", equipment="blast_furnace", capacity=100.0,
        city=City.objects.get(name="临沂"), starts_on=dt.date(2021, 9, 1),
    )  # fmt: skip
    with acting_as(users["linyi"], via="测试"):
        return services.create_plan(users["linyi"], plan,
                                    [(Line.objects.get(line_id="LY-BF-1"), None)], [])  # fmt: skip


def test_a_zibo_officer_cannot_open_a_linyi_plan(client_for: Any, linyi_plan: Any) -> None:
    url = reverse("replacement-plan-detail", args=[linyi_plan.pk])
    assert client_for("zibo").get(url).status_code == 404
    assert client_for("linyi").get(url).status_code == 200
    assert client_for("province").get(url).status_code == 200


def test_the_plan_list_shows_only_plans_in_scope(client_for: Any, linyi_plan: Any) -> None:
    assert (
        "临沂新建高炉"
        not in client_for("zibo").get(reverse("replacement-plan-list")).content.decode()
    )
    assert (
        "临沂新建高炉" in client_for("linyi").get(reverse("replacement-plan-list")).content.decode()
    )
    # The steel and coking department sees steel plans wherever they are.
    assert (
        "临沂新建高炉"
        in client_for("industry").get(reverse("replacement-plan-list")).content.decode()
    )


def test_a_zibo_officer_cannot_use_a_linyi_line_as_a_source(client_for: Any) -> None:
    response = client_for("zibo").post(reverse("replacement-plan-new"), {
        "name": "淄博新建高炉", "equipment": "blast_furnace", "capacity": "100",
        "city": City.objects.get(name="淄博").pk, "starts_on": "2021-09-01",
        "sources": "LY-BF-1", "outside": "",
    })  # fmt: skip
    assert response.status_code == 200
    assert "生产线“LY-BF-1”不存在或不在您的管辖范围内" in response.content.decode()
    assert not ReplacementPlan.objects.exists()


def test_a_zibo_officer_cannot_file_a_plan_in_linyi(client_for: Any) -> None:
    response = client_for("zibo").post(reverse("replacement-plan-new"), {
        "name": "临沂新建高炉", "equipment": "blast_furnace", "capacity": "100",
        "city": City.objects.get(name="临沂").pk, "starts_on": "2021-09-01",
        "sources": "ZB-BF-1", "outside": "",
    })  # fmt: skip
    assert response.status_code == 200
    assert not ReplacementPlan.objects.exists()


def test_the_capacity_ledger_hides_lines_out_of_scope(client_for: Any, linyi_plan: Any) -> None:
    assert "LY-BF-1" not in client_for("zibo").get(reverse("replacement-ledger")).content.decode()
    assert "LY-BF-1" in client_for("linyi").get(reverse("replacement-ledger")).content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_enterprise_users_are_refused(client_for: Any, name: str) -> None:
    assert client_for("enterprise_user").get(reverse(name)).status_code == 403
    assert client_for("no_role").get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any, name: str) -> None:
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("front-login"))


def test_enterprise_users_cannot_open_a_plan(client_for: Any, linyi_plan: Any) -> None:
    url = reverse("replacement-plan-detail", args=[linyi_plan.pk])
    assert client_for("enterprise_user").get(url).status_code == 403
