"""Replacement plans and the admission check use the replacement rules in force on the day
they are checked: a successor lowering the cement mills' ratio from 2:1 to 1.5:1, or
renaming a route, applies from its effective date, not the day before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from policy_drafts import publish
from test_replacement_plans import mills, new_mill  # noqa: F401 (a fixture)

from resolute.web.replacement.forms import PlanForm
from resolute.web.replacement.models import ReplacementPlan

EFFECTIVE = dt.date(2026, 6, 1)
DAYS = [(EFFECTIVE - dt.timedelta(days=1), False), (EFFECTIVE, True)]


@pytest.fixture
def milder(users: Any) -> None:
    publish("replacement",
            ("    ratio: 2.0\n    clause: 二(三)5", "    ratio: 1.5\n    clause: 二(三)5"),
            ("  merger: 完成实质性兼并重组\n", "  merger: 完成实质性兼并重组（含跨省重组）\n"),
            effective=EFFECTIVE)  # fmt: skip


@pytest.mark.parametrize(("today", "milder_in_force"), DAYS)
def test_a_plan_is_checked_with_the_ratio_in_force_on_the_day(
    client_for: Any, mills: None, milder: None, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    today: dt.date, milder_in_force: bool,
) -> None:  # fmt: skip
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    client = client_for("zibo")
    assert new_mill(client, "ZB-CM-2").status_code == 302  # 99.99 t/h retired for 50 new
    plan = ReplacementPlan.objects.get()
    page = client.get(reverse("replacement-plan-detail", args=[plan.pk])).content.decode()
    plan.refresh_from_db()
    assert plan.verdict["passed"] is milder_in_force, plan.verdict
    assert ("须不低于 75（1.5:1），已满足" in page) is milder_in_force
    assert ("须不低于 100（2:1），尚差 0.01" in page) is not milder_in_force


@pytest.mark.parametrize(("today", "milder_in_force"), DAYS)
def test_the_plan_form_offers_the_routes_in_force_on_the_day(
    users: Any, milder: None, monkeypatch: pytest.MonkeyPatch,
    today: dt.date, milder_in_force: bool,
) -> None:  # fmt: skip
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    routes = dict(PlanForm(user=users["zibo"]).fields["route"].choices)
    assert (routes["merger"] == "完成实质性兼并重组（含跨省重组）") is milder_in_force


@pytest.mark.parametrize(("today", "milder_in_force"), DAYS)
def test_the_admission_check_takes_the_replacement_ratio_in_force_on_the_day(
    client_for: Any, milder: None, monkeypatch: pytest.MonkeyPatch,
    today: dt.date, milder_in_force: bool,
) -> None:  # fmt: skip
    from test_replacement_admission import check

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    page = check(client_for("zibo"), "1号粉磨站,2021-06-30,199.99,1000,800,2000,10")
    assert ("须减量替代不低于 150（1.5:1）" in page) is milder_in_force
    assert ("须减量替代不低于 200（2:1）" in page) is not milder_in_force
