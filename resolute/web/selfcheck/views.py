"""The public self-check (企业自查): an enterprise learns where one line stands before an
inspector tells it.

Anyone may use it without signing in, so nothing is stored: the page asks for the figures
the core's self-check (:mod:`resolute.core.selfcheck`) needs, reads them as an import would,
and shows the verdicts, obligations and consequences it returns. Responses carry
``Cache-Control: no-store`` so that shared computers and proxies keep no copy of an
enterprise's figures.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from resolute.core import pricing, schema
from resolute.core import selfcheck as core_selfcheck
from resolute.core.ledger import CellError, Value, parse_cell
from resolute.core.policies import PolicyError
from resolute.core.rulebook import Rulebook
from resolute.core.schema import FieldSpec, Kind
from resolute.web.policies import services as policy_services

log = logging.getLogger(__name__)


@dataclass
class Field:
    spec: FieldSpec
    raw: str = ""
    error: str = ""

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def widget(self) -> str:
        if self.spec.kind in (Kind.ENUM, Kind.BOOL, Kind.CITY):
            return "select"
        return "date" if self.spec.kind is Kind.DATE else "text"

    @property
    def numeric(self) -> bool:
        return self.spec.kind in (Kind.NUMBER, Kind.INTEGER)

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.spec.kind is Kind.BOOL:
            return [("是", "是"), ("否", "否")]
        if self.spec.kind is Kind.CITY:
            return [(c, c + "市") for c in schema.CITIES]
        return [(c.code, c.label) for c in self.spec.choices]


@dataclass
class Form:
    equipment: schema.Equipment
    location: list[Field] = field(default_factory=list)
    line: list[Field] = field(default_factory=list)
    enterprise: list[Field] = field(default_factory=list)

    @property
    def fields(self) -> list[Field]:
        return [*self.location, *self.line, *self.enterprise]

    @property
    def has_errors(self) -> bool:
        return any(f.error for f in self.fields)


def build_form(book: Rulebook, equipment: schema.Equipment) -> Form:
    ent = schema.ENTERPRISE_FIELD_BY_KEY
    return Form(
        equipment=equipment,
        location=[Field(ent[k]) for k in core_selfcheck.LOCATION_KEYS],
        line=[Field(s) for s in core_selfcheck.line_fields(equipment.code)],
        enterprise=[
            Field(ent[k]) for k in core_selfcheck.enterprise_keys(book, equipment.industry)
        ],
    )


def read(form: Form, data: Any) -> dict[str, Value]:
    """Parse each field as an import would (parse_cell); errors stay on their field."""
    values: dict[str, Value] = {}
    for f in form.fields:
        f.raw = str(data.get(f.key, "")).strip()
        try:
            values[f.key] = parse_cell(f.spec, f.raw)
        except CellError as exc:
            f.error = str(exc)
    return values


def check(form: Form, values: dict[str, Value], today: dt.date) -> core_selfcheck.SelfCheck:
    """The core's self-check of the figures read, under the targets, rulebook and price
    schedules in force on ``today``; a price schedule that cannot be used is logged here and
    said on the page."""
    ent_keys = {f.key for f in (*form.location, *form.enterprise)}
    enterprise = {k: v for k, v in values.items() if k in ent_keys}
    line = {k: v for k, v in values.items() if k not in ent_keys}
    in_force = policy_services.in_force(today)

    def prices() -> pricing.PriceBook:
        try:
            return in_force.pricing
        except PolicyError as exc:
            raise pricing.PricingError("费率表", "(file)", "；".join(exc.problems)) from exc

    result = core_selfcheck.check(form.equipment, enterprise, line, today, prices, in_force.targets)
    if result.pricing_problem:
        log.error("self-check without surcharges: %s", result.pricing_problem)
    return result


@never_cache
def selfcheck(request: HttpRequest) -> HttpResponse:
    """Step 1 picks the equipment (GET); step 2 posts the figures and shows the verdicts."""
    code = request.POST.get("equipment") or request.GET.get("equipment", "")
    equipment = schema.EQUIPMENT_BY_CODE.get(code)
    context: dict[str, Any] = {"industries": _industries(), "equipment": equipment}
    if equipment is not None:
        form = build_form(policy_services.current().rulebook, equipment)
        context["form"] = form
        if request.method == "POST":
            today = timezone.localdate()
            values = read(form, request.POST)
            if not form.has_errors:
                context["result"] = check(form, values, today)
                context["today"] = today
    return render(request, "selfcheck/selfcheck.html", context)


def _industries() -> list[dict[str, Any]]:
    return [{"label": i.label,
             "equipment": [schema.EQUIPMENT_BY_CODE[e] for e in i.equipment]}
            for i in schema.INDUSTRIES]  # fmt: skip
