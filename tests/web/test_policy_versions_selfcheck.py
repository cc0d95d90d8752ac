"""The public self-check judges the figures with the rulebook, targets and price schedules in
force on the day it is used: a successor raising the furnace limit to 1,200 m³ eliminates a
401 m³ furnace from its effective date, not the day before; a successor raising the steel
surcharge prices it at the new rate from its effective date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from policy_drafts import publish
from test_dashboard_selfcheck import URL, blast_furnace, finding

EFFECTIVE = dt.date(2026, 6, 1)
LEAF = "{field: volume_m3, op: le, value: 400}"


@pytest.mark.parametrize(("today", "eliminated"), [(EFFECTIVE - dt.timedelta(days=1), False),
                                                   (EFFECTIVE, True)])  # fmt: skip
@pytest.mark.django_db
def test_a_401_cubic_metre_furnace_is_judged_by_the_limit_in_force_that_day(
    monkeypatch: pytest.MonkeyPatch, today: dt.date, eliminated: bool
) -> None:
    publish("rulebook", (LEAF, LEAF.replace("400", "1200")), effective=EFFECTIVE)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    response = Client().post(URL, blast_furnace("401", city="临沂", county="兰山区"))
    row = finding(response.content.decode(), "steel.technology.blast_furnace_volume")
    assert (">不符合<" in row) is eliminated
    assert (response.context["result"].line.outcome == "eliminate") is eliminated


RATE = "        rate: 0.5\n"


@pytest.mark.parametrize(("today", "rate"), [(EFFECTIVE - dt.timedelta(days=1), "0.5"),
                                             (EFFECTIVE, "0.8")])  # fmt: skip
@pytest.mark.django_db
def test_the_surcharge_is_priced_at_the_schedules_in_force_that_day(
    monkeypatch: pytest.MonkeyPatch, today: dt.date, rate: str
) -> None:
    publish("pricing", (RATE, RATE.replace("0.5", "0.8")), effective=EFFECTIVE)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    response = Client().post(URL, blast_furnace("400", electricity_kwh="1000000"))
    electricity = response.context["result"].surcharge["electricity"]
    assert (electricity["schedule"], electricity["rate"]) == ("steel_eliminated", float(rate))
    assert electricity["amount_yuan"] == float(rate) * 1_000_000
