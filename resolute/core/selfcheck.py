"""The self-check (企业自查): one line of one enterprise, with the figures a visitor typed,
assessed as the province would assess it — the verdicts, the duties of 二(三) and the
consequences (差别电价、水价加价).

Nothing here is stored: the figures make a one-enterprise ledger in memory. The web page
builds the form and reads the figures; this module decides which figures to ask for and what
they lead to, so that a script or a test gets the same answer as the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from resolute.core import credit_code, engine, obligations, pricing, schema, targets, words
from resolute.core.assessment import (
    OUTCOME_LABELS,
    RESULT_LABELS,
    Assessment,
    EnterpriseVerdict,
    LineVerdict,
    finding_json,
)
from resolute.core.ledger import Ledger, Value
from resolute.core.rulebook import Rulebook, leaves
from resolute.core.targets import Targets

#: A valid but fictitious credit code: the engine needs one, nobody owns it.
DUMMY_CODE = credit_code.complete("91370000MA0000001")
DUMMY_NAME = "自查企业"
LINE_ID = "自查-1"
#: Line fields every equipment has that bear on the verdicts (status is "operating").
COMMON_LINE_KEYS = ("capacity", "env_status", "safety_status", "energy_status", "unit_energy",
                    "upgrade_hopeless")  # fmt: skip
#: Enterprise figures the self-check may ask for; only those the industry's rules read are shown.
ENTERPRISE_KEYS = ("land_area_mu", "tax_10k_yuan", "energy_tce", "employees", "revenue_10k_yuan",
                   "so2_t", "value_added_10k_yuan", "loss_years", "turnaround_hopeless",
                   "in_chemical_park", "permits_unfixable", "independent_coking", "plant_coking_capacity_10kt",
                   "in_steel_layout", "electricity_kwh", "water_m3", "water_quota_m3")  # fmt: skip
PRICING_KEYS = ("electricity_kwh", "water_m3", "water_quota_m3")
LOCATION_KEYS = ("city", "county")


def enterprise_keys(book: Rulebook, industry: str) -> list[str]:
    """The enterprise fields the industry's rules read, directly or through a figure
    (单位用地税收 reads tax and land), plus the price-policy figures."""
    read: set[str] = set()
    for rule in book.for_industry(industry):
        for leaf in (*leaves(rule.fails_if), *leaves(rule.exempt_if)):
            figure = book.figures.get(leaf.field)
            read.update((figure.numerator, figure.denominator) if figure else (leaf.field,))
    return [k for k in ENTERPRISE_KEYS if k in read or k in PRICING_KEYS]


def line_fields(equipment: str) -> list[schema.FieldSpec]:
    """The line fields asked for: the common ones, then the equipment's own."""
    specs = [schema.LINE_FIELD_BY_KEY[k] for k in COMMON_LINE_KEYS]
    return specs + list(schema.equipment_fields(equipment))


def one_line_ledger(
    equipment: schema.Equipment,
    enterprise: Mapping[str, Value],
    line: Mapping[str, Value],
    today: dt.date,
) -> Ledger:
    """The ledger of the fictitious enterprise and its one operating line."""
    ent = {**enterprise, "credit_code": DUMMY_CODE, "name": DUMMY_NAME,
           "industry": equipment.industry, "year": today.year}  # fmt: skip
    row = {**line, "line_id": LINE_ID, "credit_code": DUMMY_CODE, "equipment": equipment.code,
           "status": "operating"}  # fmt: skip
    return Ledger.from_records([ent], [row])


def findings(
    book: Rulebook, verdict: LineVerdict | EnterpriseVerdict, equipment: str | None
) -> list[dict[str, Any]]:
    """Each standard's finding as the page shows it, with the words for its result, field,
    value and threshold (a value left blank in the form is "": nothing was entered to quote)."""
    rules = {r.id: r for r in book.rules}
    out = []
    for f in verdict.findings:
        item = finding_json(f, rules[f.rule_id], book, equipment)
        item["result_label"] = RESULT_LABELS.get(f.result, f.result)
        item["label"] = book.field_label(item["field"]) if item["field"] else ""
        for key in ("value", "threshold"):
            value = item[key]
            item[f"{key}_text"] = (
                "" if value is None else words.value_text(value, item["field"] or "")
            )
        out.append(item)
    return out


@dataclass(frozen=True, slots=True)
class Consequences:
    """The surcharges the line's verdicts lead to (``resolute surcharges``' JSON of one
    enterprise), or, when the price schedules cannot be used, why not (``pricing_problem``).
    The class (A–D) is a ranking among all rated enterprises of the province, which one
    enterprise cannot know, so it is not given."""

    surcharge: dict[str, Any] | None
    pricing_problem: str = ""


def consequences(
    ledger: Ledger,
    assessment: Assessment,
    duties: list[obligations.Obligation],
    price_book: Callable[[], pricing.PriceBook] | None = None,
) -> Consequences:
    """Surcharges at the schedules of ``price_book()`` (the bundled ones by default). A
    schedule file that cannot be used is said, never taken for "no surcharge"."""
    try:
        book = (price_book or pricing.default)()
    except pricing.PricingError as exc:
        return Consequences(None, str(exc))
    report = pricing.surcharges(ledger, assessment, duties, book)
    return Consequences(pricing.enterprise_json(report.enterprises[0], report.book))


@dataclass(frozen=True, slots=True)
class SelfCheck:
    line: LineVerdict
    line_outcome: str
    line_findings: list[dict[str, Any]]
    enterprise: EnterpriseVerdict
    enterprise_outcome: str
    enterprise_findings: list[dict[str, Any]]
    #: The duties of 二(三) with their status on the day of the check.
    obligations: list[dict[str, Any]]
    #: Duties that cannot be decided for want of a figure: clause and the missing fields.
    undetermined: list[dict[str, Any]]
    surcharge: dict[str, Any] | None
    pricing_problem: str


def check(
    equipment: schema.Equipment,
    enterprise: Mapping[str, Value],
    line: Mapping[str, Value],
    today: dt.date,
    price_book: Callable[[], pricing.PriceBook] | None = None,
    goals: Targets | None = None,
) -> SelfCheck:
    """Assess the line and its enterprise from the figures given (parsed as an import parses
    them), and say what follows on ``today``, under the targets ``goals`` and the rulebook
    they are read with (the versions in force that day; the bundled ones when not given)."""
    goals = goals or targets.default()
    book = goals.paired_rulebook
    ledger = one_line_ledger(equipment, enterprise, line, today)
    assessment = engine.assess(ledger, book)
    line_verdict = assessment.lines[0]
    ent = assessment.enterprises[0]
    report = obligations.evaluate(ledger, today, goals)
    duties = list(report.obligations)
    found = consequences(ledger, assessment, duties, price_book)
    return SelfCheck(
        line=line_verdict,
        line_outcome=OUTCOME_LABELS[line_verdict.outcome],
        line_findings=findings(book, line_verdict, line_verdict.equipment),
        enterprise=ent,
        enterprise_outcome=OUTCOME_LABELS[ent.outcome],
        enterprise_findings=findings(book, ent, None),
        obligations=[{**o.as_json(), "status_label": o.status_label(report.as_of)} for o in duties],
        undetermined=[
            {"clause": u.clause, "missing": [book.field_label(m) for m in u.missing]}
            for u in report.undetermined
        ],
        surcharge=found.surcharge,
        pricing_problem=found.pricing_problem,
    )
