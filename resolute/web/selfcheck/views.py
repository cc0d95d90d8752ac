"""The public self-check (企业自查): an enterprise learns where one line stands before an
inspector tells it.

Anyone may use it without signing in, so nothing is stored: the figures go into a
one-enterprise core Ledger in memory, the core engine assesses it, and the page shows the
verdicts, obligations and consequences. Responses carry ``Cache-Control: no-store`` so that
shared computers and proxies keep no copy of an enterprise's figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from resolute.core import credit_code, engine, obligations, rulebook, schema, words
from resolute.core.assessment import OUTCOME_LABELS, RESULT_LABELS, finding_json
from resolute.core.ledger import CellError, Ledger, Value, parse_cell
from resolute.core.rulebook import Rulebook, leaves
from resolute.core.schema import FieldSpec, Kind

#: A valid but fictitious credit code: the engine needs one, nobody owns it.
DUMMY_CODE = credit_code.complete("91370000MA0000001")
DUMMY_NAME = "自查企业"
#: Line fields every equipment has that bear on the verdicts (status is "operating").
COMMON_LINE_KEYS = ("capacity", "env_status", "safety_status", "energy_status", "unit_energy",
                    "upgrade_hopeless")  # fmt: skip
#: Enterprise figures the self-check may ask for; only those the industry's rules read are shown.
ENTERPRISE_KEYS = ("land_area_mu", "tax_10k_yuan", "energy_tce", "employees", "revenue_10k_yuan",
                   "so2_t", "value_added_10k_yuan", "loss_years", "turnaround_hopeless",
                   "in_chemical_park", "permits_unfixable", "independent_coking", "plant_coking_capacity_10kt",
                   "in_steel_layout", "electricity_kwh", "water_m3", "water_quota_m3")  # fmt: skip
PRICING_KEYS = ("electricity_kwh", "water_m3", "water_quota_m3")


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


def enterprise_keys(book: Rulebook, industry: str) -> list[str]:
    """The enterprise fields the industry's rules read, directly or through a figure
    (单位用地税收 reads tax and land), plus the price-policy figures."""
    read: set[str] = set()
    for rule in book.for_industry(industry):
        for leaf in (*leaves(rule.fails_if), *leaves(rule.exempt_if)):
            figure = book.figures.get(leaf.field)
            read.update((figure.numerator, figure.denominator) if figure else (leaf.field,))
    return [k for k in ENTERPRISE_KEYS if k in read or k in PRICING_KEYS]


def build_form(book: Rulebook, equipment: schema.Equipment) -> Form:
    line_specs = [schema.LINE_FIELD_BY_KEY[k] for k in COMMON_LINE_KEYS]
    line_specs += list(schema.equipment_fields(equipment.code))
    ent = schema.ENTERPRISE_FIELD_BY_KEY
    return Form(
        equipment=equipment,
        location=[Field(ent["city"]), Field(ent["county"])],
        line=[Field(s) for s in line_specs],
        enterprise=[Field(ent[k]) for k in enterprise_keys(book, equipment.industry)],
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


def ledger_of(form: Form, values: dict[str, Value], today: dt.date) -> Ledger:
    ent_keys = {f.key for f in (*form.location, *form.enterprise)}
    enterprise = {k: v for k, v in values.items() if k in ent_keys}
    enterprise.update(credit_code=DUMMY_CODE, name=DUMMY_NAME, industry=form.equipment.industry,
                      year=today.year)  # fmt: skip
    line = {k: v for k, v in values.items() if k not in ent_keys}
    line.update(line_id="自查-1", credit_code=DUMMY_CODE, equipment=form.equipment.code,
                status="operating")  # fmt: skip
    return Ledger.from_records([enterprise], [line])


def _findings(book: Rulebook, verdict: Any, equipment: str | None) -> list[dict[str, Any]]:
    rules = {r.id: r for r in book.rules}
    out = []
    for f in verdict.findings:
        item = finding_json(f, rules[f.rule_id], book, equipment)
        item["result_label"] = RESULT_LABELS.get(f.result, f.result)
        item["label"] = book.field_label(item["field"]) if item["field"] else ""
        # Left blank in the form: the page shows “—” (nothing was entered to quote).
        for key in ("value", "threshold"):
            value = item[key]
            item[f"{key}_text"] = (
                "" if value is None else words.value_text(value, item["field"] or "")
            )
        out.append(item)
    return out


def consequences(ledger: Ledger, assessment: Any, duties: list[Any]) -> dict[str, Any]:
    """Surcharges from the price rules when that module is in place; the class (A–D) is a
    ranking among all rated enterprises of the province, which one enterprise cannot know."""
    try:
        from resolute.core import pricing

        report = pricing.surcharges(ledger, assessment, duties)
        surcharge: dict[str, Any] | None = pricing.enterprise_json(report.enterprises[0])
    except (ImportError, AttributeError, TypeError, KeyError, ValueError, IndexError):
        surcharge = None
    return {"surcharge": surcharge}


def check(form: Form, values: dict[str, Value], today: dt.date) -> dict[str, Any]:
    book = rulebook.default()
    ledger = ledger_of(form, values, today)
    assessment = engine.assess(ledger, book)
    line = assessment.lines[0]
    ent = assessment.enterprises[0]
    report = obligations.evaluate(ledger, today)
    duties = list(report.obligations)
    return {
        "line": line,
        "line_outcome": OUTCOME_LABELS[line.outcome],
        "line_findings": _findings(book, line, line.equipment),
        "enterprise": ent,
        "enterprise_outcome": OUTCOME_LABELS[ent.outcome],
        "enterprise_findings": _findings(book, ent, None),
        "obligations": [
            {**o.as_json(), "status_label": o.status_label(report.as_of)} for o in duties
        ],
        "undetermined": [
            {"clause": u.clause, "missing": [book.field_label(m) for m in u.missing]}
            for u in report.undetermined
        ],
        **consequences(ledger, assessment, duties),
    }


@never_cache
def selfcheck(request: HttpRequest) -> HttpResponse:
    """Step 1 picks the equipment (GET); step 2 posts the figures and shows the verdicts."""
    code = request.POST.get("equipment") or request.GET.get("equipment", "")
    equipment = schema.EQUIPMENT_BY_CODE.get(code)
    context: dict[str, Any] = {"industries": _industries(), "equipment": equipment}
    if equipment is not None:
        form = build_form(rulebook.default(), equipment)
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
