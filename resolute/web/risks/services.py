"""The risk register (职工安置、居民供暖替代) over the enterprises a user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resolute.core import city_plans, risks
from resolute.core import targets as targets_data
from resolute.web.accounts import scoping
from resolute.web.ledger.models import City
from resolute.web.plans.services import duties_for

# ─── risk register ────────────────────────────────────────────────────────────


def risk_register(user: Any, today: dt.date) -> dict[str, risks.CityRisks]:
    """The register over the enterprises ``user`` may see, by city in official order."""
    enterprises = scoping.enterprises_for(user)
    duties = duties_for(enterprises, today)
    exits = {o.line_id for o in duties.obligations if not city_plans.is_retrofit(o.action)}
    exits |= set(duties.eliminated)
    owed = {o.line_id for o in duties.obligations}
    cities = City.objects.filter(enterprises__in=enterprises).distinct().order_by("code")
    book = targets_data.default()
    return risks.register(duties.ledger, exits, owed, book.plan_start,
                          [c.name for c in cities])  # fmt: skip
