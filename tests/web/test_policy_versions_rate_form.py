"""The rate form offers the schedules of the pricing version in force on the day: a
successor renaming a schedule is offered under its new name from its effective date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from policy_drafts import publish

from resolute.web.pricing.forms import RateOverrideForm

EFFECTIVE = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("today", "renamed"), [(EFFECTIVE - dt.timedelta(days=1), False),
                                                (EFFECTIVE, True)])  # fmt: skip
def test_the_rate_form_offers_the_schedules_in_force_on_the_day(
    users: Any, monkeypatch: pytest.MonkeyPatch, today: dt.date, renamed: bool
) -> None:
    publish("pricing", ("    label: 钢铁淘汰类差别电价\n", "    label: 钢铁淘汰类差别电价（2026年调整）\n"),
            effective=EFFECTIVE)  # fmt: skip
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    choices = dict(RateOverrideForm().fields["schedule"].choices)
    assert choices["steel_eliminated"].startswith("钢铁淘汰类差别电价（2026年调整）") is renamed
