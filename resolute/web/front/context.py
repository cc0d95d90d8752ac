from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from resolute.core import plan_period as plan_period_core
from resolute.core.defaults import UNCONFIRMED_NOTE
from resolute.web.accounts.scoping import profile_of
from resolute.web.policies import services as policy_services


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's role for the page header."""
    profile = profile_of(getattr(request, "user", None))
    return {"profile": profile}


def plan_period(request: HttpRequest) -> dict[str, Any]:
    """Whether the plan's period is over today (by the targets in force today), for the
    notice pages show once it is."""
    today = timezone.localdate()
    book = policy_services.in_force(today).targets
    return {"plan_period": plan_period_core.state(book, today)}


def defaults_note(request: HttpRequest) -> dict[str, Any]:
    """The note said next to every amount computed from a software default (core/defaults.py)."""
    return {"unconfirmed_note": UNCONFIRMED_NOTE}
