"""The risk register computed once per ledger version and assessment run
(resolute.web.computed), over the whole province: every rule of core.risks is about one
enterprise (its employees, its exiting share) or one unit, so a scope's register is the
province's rows of the scope's enterprises, read after :mod:`resolute.web.accounts.scoping`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from resolute.core import cities, city_plans, risks
from resolute.web.accounts import scoping
from resolute.web.assessments.models import AssessmentRun
from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.computed.services import Progress, Snapshot
from resolute.web.ledger.models import Enterprise
from resolute.web.plans.services import duties_for
from resolute.web.policies import services as policy_services
from resolute.web.risks.models import RiskEnterprise, RiskHeatUnit

RISKS = "risks"
UNKNOWN_CITY_RANK = 99


def _key(as_of: dt.date) -> tuple[str, dict[str, Any]]:
    # Which run's verdict counts for a line depends on every finished run (the latest that
    # assessed it), so the key names the newest one and how many there are (runs are pruned).
    done = AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE)
    runs = done.aggregate(last=Count("pk"), newest=Max("pk"))
    key = computed.key_of(
        ledger=computed.ledger_key(), runs=f"{runs['newest'] or 0}.{runs['last']}", as_of=as_of,
        **policy_services.in_force(as_of).key("targets", "rulebook"),
    )  # fmt: skip
    return key, {"as_of": as_of.isoformat()}


def register_set(as_of: dt.date) -> Snapshot:
    """The risk register set of ``as_of`` (queued when missing; see computed.current)."""
    key, params = _key(as_of)
    return computed.current(RISKS, key, build_risks, params)


def build_risks(cset: ComputedSet, progress: Progress) -> int:
    as_of = dt.date.fromisoformat(cset.params["as_of"])
    progress("读取台账", 0, 1)
    duties = duties_for(Enterprise.objects.all(), as_of)
    exits = {o.line_id for o in duties.obligations if not city_plans.is_retrofit(o.action)}
    exits |= set(duties.eliminated)
    owed = {o.line_id for o in duties.obligations}
    progress("计算风险", 0, 1)
    plan_start = policy_services.in_force(as_of).targets.plan_start
    found = risks.register(duties.ledger, exits, owed, plan_start)
    ids = dict(Enterprise.objects.values_list("credit_code", "id"))
    ranks = {name: i for i, name in enumerate(cities.official_names())}
    enterprises = [
        RiskEnterprise(
            computed_set=cset, enterprise_id=ids.get(e.credit_code), credit_code=e.credit_code,
            name=e.name, city=e.city, city_rank=ranks.get(e.city, UNKNOWN_CITY_RANK),
            county=e.county, industry=e.industry, employees=e.employees,
            exiting=list(e.exiting), lines=e.lines, share=e.share, basis=e.basis,
            affected=e.affected,
        )
        for city in found.values() for e in city.enterprises
    ]  # fmt: skip
    units = [
        RiskHeatUnit(
            computed_set=cset, enterprise_id=ids.get(u.credit_code), line_code=u.line_id,
            credit_code=u.credit_code, name=u.name, city=u.city,
            city_rank=ranks.get(u.city, UNKNOWN_CITY_RANK), county=u.county, unit_mw=u.unit_mw,
            unit_type=u.unit_type or "", heat_irreplaceable=u.heat_irreplaceable,
            must_exit=u.must_exit,
        )
        for city in found.values() for u in city.heat_units
    ]  # fmt: skip
    return computed.insert(RiskEnterprise, enterprises, progress) + computed.insert(
        RiskHeatUnit, units, progress, stage="写入供暖机组"
    )


def enterprises(user: Any, snapshot: Snapshot) -> QuerySet[RiskEnterprise]:
    return computed.rows_of(snapshot, RiskEnterprise).filter(
        scoping.enterprise_filter(user, "enterprise__")
    )


def heat_units(user: Any, snapshot: Snapshot) -> QuerySet[RiskHeatUnit]:
    return computed.rows_of(snapshot, RiskHeatUnit).filter(
        scoping.enterprise_filter(user, "enterprise__")
    )


def by_city(user: Any, snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    """Per city: enterprises, employees affected, enterprises of unknown head count, heat
    units and their capacity (MW), summed in SQL."""
    found: dict[str, dict[str, Any]] = {}
    people = (
        enterprises(user, snapshot).order_by().values("city")
        .annotate(enterprises=Count("pk"), employees=Sum("affected"),
                  employees_unknown=Count("pk", filter=Q(affected__isnull=True)))
    )  # fmt: skip
    for row in people:
        found.setdefault(row["city"], {}).update(row)
    heat = (heat_units(user, snapshot).order_by().values("city")
            .annotate(heat_units=Count("pk"), heat_mw=Sum("unit_mw")))  # fmt: skip
    for row in heat:
        found.setdefault(row["city"], {}).update(row)
    return found


def register() -> None:
    def refresh() -> None:
        key, params = _key(timezone.localdate())
        computed.refresh(RISKS, key, build_risks, params)

    computed.refresh_on_change(RISKS, refresh)
