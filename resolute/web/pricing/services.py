"""The pricing pages' computations: core pricing and classes over the user's scope.

Surcharges are computed over the user's scoped ledger (an enterprise's surcharge depends
only on its own records). Efficiency classes rank enterprises against each other, so they
are computed over the whole province — benchmarks and ranks are the province's, whoever
looks — and only the enterprises in the user's scope are shown: a 淄博 officer or an
enterprise user sees the same class for an enterprise as the province does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from resolute.core import classes, pricing
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import allows
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise
from resolute.web.policies import services as policy_services
from resolute.web.pricing.models import RateOverride


def may_view(user: Any) -> bool:
    """Officials and enterprise users (the latter see their own enterprise only)."""
    return allows(user, "read")


def may_view_schedules(user: Any) -> bool:
    """Officials read the schedules (they explain the amounts); enterprises do not."""
    return allows(user, "view_schedules")


def may_edit_rates(user: Any) -> bool:
    """Only the province office sets rates: one rate applies across the province."""
    return allows(user, "province")


def editable_schedules(book: pricing.PriceBook | None = None) -> list[pricing.ElectricitySchedule]:
    """The schedules whose rate is one dated figure — the ones an override can change."""
    return [s for s in (book or pricing.default()).electricity if s.kind == "flat"]


def price_book(base: pricing.PriceBook | None = None) -> pricing.PriceBook:
    """The schedules of ``base`` (the version in force today when not given) with the stored
    overrides applied. Overrides are taken in order of entry, so a later entry for the same
    schedule and date replaces an earlier one."""
    if base is None:
        base = policy_services.in_force(timezone.localdate()).pricing
    overrides: dict[str, list[pricing.DatedRate]] = {}
    for o in RateOverride.objects.order_by("pk"):
        dated = pricing.DatedRate(effective_from=o.effective_from, rate=float(o.rate))
        overrides.setdefault(o.schedule, []).append(dated)
    return pricing.with_rates(base, overrides)


def surcharges_for(user: Any, year: int | None, today: dt.date) -> pricing.SurchargeReport:
    """Surcharges of the user's enterprises, at the rates in force (overrides included);
    overdue obligations judged on the last day of ``year`` (or today, whichever is earlier).
    The pricing schedules, rulebook and targets are the versions in force on that day."""
    ledger = ledger_for(scoping.enterprises_for(user))
    as_of = min(dt.date(year, 12, 31), today) if year is not None else today
    versions = policy_services.in_force(as_of)
    return pricing.compute(ledger, year=year, book=price_book(versions.pricing), as_of=as_of,
                           rules=versions.rulebook, targets=versions.targets)  # fmt: skip


def classes_for(user: Any, published: dt.date | None) -> classes.Classification:
    """The province's classification, limited to the enterprises the user may see; the
    class scheme is the version in force on the publication day (today when not given)."""
    book = policy_services.in_force(published or timezone.localdate()).classes
    result = classes.classify(ledger_for(Enterprise.objects.all()), book, published=published)
    visible = set(scoping.enterprises_for(user).values_list("credit_code", flat=True))
    shown = tuple(e for e in result.enterprises if e.credit_code in visible)
    return classes.Classification(
        result.book, result.rated, result.benchmarks, shown, published, result.appeal_deadline
    )


def scope_note(user: Any) -> str:
    role = scoping.role_of(user)
    profile = scoping.profile_of(user)
    if role == "province":
        return "范围：全省。"
    if role == "city" and profile and profile.city:
        return f"范围：{profile.city.name}市的企业。"
    if role == "department" and profile:
        return "范围：主管行业的企业。"
    if role == "enterprise":
        return "范围：本企业。"
    return ""
