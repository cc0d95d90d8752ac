"""The annual supervision evaluation (年度督导评估, 五(四)) from the ledger and the plans."""

from __future__ import annotations

import datetime as dt

from resolute.core import evaluation
from resolute.web.ledger.models import City, Enterprise
from resolute.web.plans.services import duties_for, line_cities, plan_state
from resolute.web.policies import services as policy_services

# ─── annual evaluation ────────────────────────────────────────────────────────


def evaluation_as_of(year: int, today: dt.date) -> dt.date:
    """The first day after the year evaluated (a duty due on 31 December and not done is
    overdue then), or today while that year is still running."""
    return min(dt.date(year + 1, 1, 1), today)


def evaluate_year(year: int, today: dt.date) -> tuple[evaluation.Evaluation, dt.date]:
    """Every city scored for ``year`` from the whole province's ledger and plans."""
    as_of = evaluation_as_of(year, today)
    duties = duties_for(Enterprise.objects.all(), as_of)
    places = line_cities()
    plans: dict[str, evaluation.PlanFacts] = {}
    cities = list(City.objects.order_by("code"))
    for city in cities:
        state = plan_state(city, as_of, duties, places)
        plans[city.name] = evaluation.PlanFacts(state.status, len(state.gaps))
    # The scoring rules in force during the year evaluated (on its last day at the latest).
    rules = policy_services.in_force(min(dt.date(year, 12, 31), as_of)).evaluation
    result = evaluation.evaluate(year, [c.name for c in cities], duties.obligations, plans, rules)
    return result, as_of
