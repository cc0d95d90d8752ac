"""The risk register (职工安置、居民供暖替代) over the enterprises a user may see, read from
the register computed for the whole province (resolute.web.risks.computed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from resolute.core import risks
from resolute.web.accounts import scoping
from resolute.web.computed.services import Snapshot
from resolute.web.ledger.models import City
from resolute.web.risks import computed
from resolute.web.risks.models import RiskEnterprise, RiskHeatUnit

# ─── risk register ────────────────────────────────────────────────────────────


@dataclass
class CityRow:
    """One city's line of the register; its enterprises and units are read when asked for."""

    user: Any
    snapshot: Snapshot
    city: str
    code: str
    enterprise_count: int = 0
    employees: int = 0
    employees_unknown: int = 0
    heat_unit_count: int = 0
    heat_mw: float = 0.0

    @property
    def enterprises(self) -> list[risks.AffectedEnterprise]:
        return [affected(e) for e in enterprise_rows(self.user, self.snapshot, self.city)]

    @property
    def heat_units(self) -> list[risks.HeatUnit]:
        return [heat_unit(u) for u in heat_unit_rows(self.user, self.snapshot, self.city)]


def register_snapshot(today: dt.date) -> Snapshot:
    return computed.register_set(today)


def risk_register(user: Any, today: dt.date) -> tuple[Snapshot, list[CityRow], risks.Totals]:
    """The register by city (official order) over the enterprises ``user`` may see: every
    city where the user sees an enterprise, with none at risk as zeros."""
    snapshot = register_snapshot(today)
    figures = computed.by_city(user, snapshot)
    cities = City.objects.filter(enterprises__in=scoping.enterprises_for(user)).distinct()
    rows = []
    for city in cities.order_by("code"):
        f = figures.get(city.name, {})
        rows.append(CityRow(user, snapshot, city.name, city.code,
                            f.get("enterprises") or 0, f.get("employees") or 0,
                            f.get("employees_unknown") or 0, f.get("heat_units") or 0,
                            f.get("heat_mw") or 0.0))  # fmt: skip
    totals = risks.Totals(
        enterprises=sum(r.enterprise_count for r in rows),
        employees=sum(r.employees for r in rows),
        employees_unknown=sum(r.employees_unknown for r in rows),
        heat_units=sum(r.heat_unit_count for r in rows),
        heat_mw=sum(r.heat_mw for r in rows),
    )
    return snapshot, rows, totals


def enterprise_rows(user: Any, snapshot: Snapshot, city: str) -> QuerySet[RiskEnterprise]:
    """A city's enterprises with exiting lines, most employees affected first."""
    return (computed.enterprises(user, snapshot).filter(city=city)
            .order_by(F("affected").desc(nulls_last=True), "name", "pk"))  # fmt: skip


def enterprise_rows_all(user: Any, snapshot: Snapshot, city: str = "") -> QuerySet[RiskEnterprise]:
    """The enterprises with exiting lines the user may see (of one city, or of all by the
    official city order), most employees affected first."""
    rows = computed.enterprises(user, snapshot)
    if city:
        rows = rows.filter(city=city)
    return rows.order_by("city_rank", F("affected").desc(nulls_last=True), "name", "pk")


def heat_unit_rows(user: Any, snapshot: Snapshot, city: str) -> QuerySet[RiskHeatUnit]:
    return computed.heat_units(user, snapshot).filter(city=city).order_by("line_code", "pk")


def affected(e: RiskEnterprise) -> risks.AffectedEnterprise:
    return risks.AffectedEnterprise(
        e.credit_code, e.name, e.city, e.county, e.industry, e.employees, tuple(e.exiting),
        e.lines, e.share, e.basis,
        e.affected,
    )  # fmt: skip


def heat_unit(u: RiskHeatUnit) -> risks.HeatUnit:
    return risks.HeatUnit(u.line_code, u.credit_code, u.name, u.city, u.county, u.unit_mw,
                          u.unit_type or None, u.heat_irreplaceable, u.must_exit)  # fmt: skip
