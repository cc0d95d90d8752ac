"""Electricity and water surcharges (差别电价、惩罚性电价、超定额累进加价, 二(四)2).

The rate schedules are data (``resolute/data/pricing.yaml``), validated here. Which schedule
applies to an enterprise follows from its assessment and its obligations, through the
category mapping stated in the data: an enterprise assessed 淘汰退出 is 淘汰类, 限期整改 is
限制类, and one with an overdue exit obligation has not completed its capacity-reduction
task. :func:`surcharges` is a pure function of a ledger, an assessment and the overdue lines;
:func:`compute` runs the engine and the obligations first.

Unknown is never zero: a missing electricity or water figure, a missing base water price, or
an enterprise whose category cannot be told (数据不足) while a rate depends on it gives an
unknown amount (``None``) with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from resolute.core import defaults, exact
from resolute.core.assessment import Assessment
from resolute.core.cities import city_sort_key
from resolute.core.datafile import DataFileError, Issued, read_yaml, validation_error
from resolute.core.defaults import marked
from resolute.core.ledger import Ledger
from resolute.core.obligations import Obligation
from resolute.core.words import UNKNOWN

if TYPE_CHECKING:
    from resolute.core.rulebook import Rulebook
    from resolute.core.targets import Targets

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "pricing.yaml"

Category = Literal["eliminated", "restricted", "reduction_not_done", "compliant"]
Status = Literal["charged", "none", "unknown"]
STATUS_LABELS: dict[str, str] = {"charged": "加价", "none": "不加价", "unknown": UNKNOWN}
CATEGORY_LABELS: dict[str, str] = {
    "eliminated": "淘汰类",
    "restricted": "限制类",
    "reduction_not_done": "未完成化解过剩产能任务",
    "compliant": "其他（达标）",
}
#: Assessment outcome → the enterprise's price category (None: cannot be told).
OUTCOME_CATEGORY: dict[str, Category | None] = {
    "eliminate": "eliminated",
    "rectify": "restricted",
    "compliant": "compliant",
    "insufficient_data": None,
}


class PricingError(DataFileError):
    """A pricing file that cannot be used, with the file and the entry at fault."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CategoryRule(_Frozen):
    label: str
    reasoning: str
    from_outcome: str | None = None
    from_overdue: bool = False


class DatedRate(_Frozen):
    effective_from: dt.date
    rate: float = Field(ge=0)


class Tier(_Frozen):
    """One band of a tiered price: up to ``up_to`` (inclusive) of the measure, ``rate``."""

    up_to: float | None = None
    rate: float = Field(ge=0)


class ElectricitySchedule(_Frozen):
    id: str
    label: str
    kind: Literal["flat", "tiered", "per_step"]
    industries: tuple[str, ...] = ()
    category: Category
    unit: str
    document: str
    source: str
    confirmed: bool
    measure: str = ""
    rates: tuple[DatedRate, ...] = ()
    tiers: tuple[Tier, ...] = ()
    threshold: float | None = None
    step: float | None = Field(default=None, gt=0)
    rate_per_step: float | None = Field(default=None, ge=0)
    partial_step_counts: bool = True
    effective_from: dt.date | None = None

    @model_validator(mode="after")
    def _complete(self) -> ElectricitySchedule:
        if self.kind == "flat" and not self.rates:
            raise ValueError("固定费率须列出带生效日期的费率")
        if self.kind == "per_step" and None in (self.threshold, self.step, self.rate_per_step):
            raise ValueError("阶梯费率须有加价起点、每档步长和每档加价")
        dates = [r.effective_from for r in self.rates]
        if dates != sorted(set(dates)):
            raise ValueError("费率须按生效日期从早到晚排列，每个日期一次")
        return self

    def rate_on(self, day: dt.date | None) -> DatedRate | None:
        """The rate in force on ``day`` (the latest rate when ``day`` is unknown)."""
        candidates = [r for r in self.rates if day is None or r.effective_from <= day]
        return candidates[-1] if candidates else None


class WaterTier(_Frozen):
    up_to_pct: float | None = Field(default=None, gt=0)
    surcharge_pct: float = Field(ge=0)


class WaterSchedule(_Frozen):
    id: str
    label: str
    categories: tuple[Category, ...]
    tiers: tuple[WaterTier, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> WaterSchedule:
        edges = [t.up_to_pct for t in self.tiers]
        if edges[-1] is not None or None in edges[:-1]:
            raise ValueError("只有最后一档可以不设超定额比例上限")
        bounded = [e for e in edges if e is not None]
        if bounded != sorted(set(bounded)):
            raise ValueError("各档上限须逐档增大")
        return self


class BasePrice(_Frozen):
    value: float | None = Field(default=None, ge=0)
    unit: str
    note: str


class WaterRules(_Frozen):
    document: str
    source: str
    confirmed: bool
    base_price: BasePrice
    schedules: tuple[WaterSchedule, ...]


class PriceBook(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    document: str
    note: str
    categories: dict[Category, CategoryRule]
    electricity: tuple[ElectricitySchedule, ...]
    water: WaterRules
    digest: str = ""

    @property
    def full_version(self) -> str:
        return f"{self.version}+{self.digest[:12]}"

    def schedule(self, schedule_id: str) -> ElectricitySchedule:
        for s in self.electricity:
            if s.id == schedule_id:
                return s
        raise KeyError(schedule_id)

    def water_schedule(self, category: Category) -> WaterSchedule | None:
        for s in self.water.schedules:
            if category in s.categories:
                return s
        return None


# ─── loading ────────────────────────────────────────────────────────────────────


def load(path: Path | str | None = None) -> PriceBook:
    """Read and validate a pricing file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, PricingError)
    return parse(raw, target, digest)


@cache
def default() -> PriceBook:
    """The bundled rate schedules, loaded once per process."""
    return load()


def parse(raw: Any, path: Path | str = "<pricing>", digest: str = "") -> PriceBook:
    if not isinstance(raw, dict):
        raise PricingError(path, "(file)", "顶层应为“键: 值”的映射")
    try:
        book = PriceBook.model_validate({**raw, "digest": digest})
    except ValidationError as exc:
        raise validation_error(PricingError, path, exc) from exc
    ids = [s.id for s in book.electricity] + [s.id for s in book.water.schedules]
    for dup in {i for i in ids if ids.count(i) > 1}:
        raise PricingError(path, dup, "费率编号重复")
    return book


def with_rates(book: PriceBook, overrides: Mapping[str, Sequence[DatedRate]]) -> PriceBook:
    """``book`` with the dated rates of some flat schedules replaced or extended: an
    override of the same effective date wins (how an administrator's edits apply)."""
    schedules = []
    for s in book.electricity:
        extra = overrides.get(s.id)
        if extra:
            merged = {r.effective_from: r for r in s.rates} | {r.effective_from: r for r in extra}
            s = s.model_copy(update={"rates": tuple(merged[d] for d in sorted(merged))})
        schedules.append(s)
    return book.model_copy(update={"electricity": tuple(schedules)})


# ─── rates ──────────────────────────────────────────────────────────────────────


def per_step_rate(schedule: ElectricitySchedule, consumption: float | None) -> float | None:
    """The surcharge rate (元/千瓦时) of a per-step schedule for a unit consumption, e.g.
    electrolytic aluminium: +0.01 for every 20 kWh/t above 13650 (a part step counts as a
    whole one when ``partial_step_counts``). Unknown consumption → unknown rate."""
    assert schedule.threshold is not None and schedule.step is not None
    assert schedule.rate_per_step is not None
    if consumption is None:
        return None
    # In decimal, as the figures are written (core/exact.py): 0.3 − 0.1 is two steps of 0.1.
    excess = exact.fraction(consumption) - exact.fraction(schedule.threshold)
    if excess <= 0:
        return 0.0
    steps = excess / exact.fraction(schedule.step)
    whole = math.ceil(steps) if schedule.partial_step_counts else math.floor(steps)
    return float(whole * exact.fraction(schedule.rate_per_step))


@dataclass(frozen=True, slots=True)
class WaterTierCharge:
    from_pct: float
    up_to_pct: float | None
    surcharge_pct: float
    volume_m3: float
    amount: float


def water_tiers(
    schedule: WaterSchedule, used: float, quota: float, base_price: float
) -> tuple[WaterTierCharge, ...]:
    """The excess above quota split into the schedule's bands, each band's volume charged
    at base price × its surcharge. A band's upper edge belongs to it (exactly 30% above
    quota is all in the first band)."""
    # Decided in decimal, as the figures are written: exactly 30 % above quota is all in the
    # first band, whatever binary subtraction says (issue 10, equality at decimal precision).
    d_used, d_quota, d_price = (exact.decimal(v) for v in (used, quota, base_price))
    excess = max(Decimal(0), d_used - d_quota)
    charges: list[WaterTierCharge] = []
    lower = Decimal(0)
    for tier in schedule.tiers:
        upper = None if tier.up_to_pct is None else d_quota * exact.decimal(tier.up_to_pct) / 100
        top = excess if upper is None else min(excess, upper)
        volume = max(Decimal(0), top - lower)
        if volume > 0:
            amount = volume * d_price * exact.decimal(tier.surcharge_pct) / 100
            charges.append(
                WaterTierCharge(
                    float(lower / d_quota * 100) if d_quota else 0.0,
                    tier.up_to_pct,
                    tier.surcharge_pct,
                    round(float(volume), 4),
                    round(float(amount), 2),
                )
            )
        if upper is None or excess <= upper:
            break
        lower = upper
    return tuple(charges)


# ─── per enterprise ─────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class ElectricityCharge:
    status: Status
    amount: float | None
    rate: float | None
    schedule_id: str | None
    category: str | None
    reason: str
    also: tuple[str, ...] = ()
    not_computed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WaterCharge:
    status: Status
    amount: float | None
    schedule_id: str | None
    base_price: float | None
    excess_m3: float | None
    tiers: tuple[WaterTierCharge, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class EnterpriseSurcharge:
    credit_code: str
    name: str
    city: str | None
    county: str | None
    industry: str | None
    period: int | None
    outcome: str
    findings: tuple[str, ...]
    overdue: tuple[str, ...]
    electricity_kwh: float | None
    water_m3: float | None
    water_quota_m3: float | None
    electricity: ElectricityCharge
    water: WaterCharge

    @property
    def total(self) -> float | None:
        parts = (self.electricity.amount, self.water.amount)
        return None if None in parts else round(sum(p or 0.0 for p in parts), 2)


@dataclass(frozen=True, slots=True)
class Total:
    """Summed known amounts and how many enterprises are charged or unknown."""

    key: str
    enterprises: int = 0
    electricity: float = 0.0
    water: float = 0.0
    electricity_charged: int = 0
    water_charged: int = 0
    unknown: int = 0

    def add(self, s: EnterpriseSurcharge) -> Total:
        return Total(
            self.key,
            self.enterprises + 1,
            round(self.electricity + (s.electricity.amount or 0.0), 2),
            round(self.water + (s.water.amount or 0.0), 2),
            self.electricity_charged + (s.electricity.status == "charged"),
            self.water_charged + (s.water.status == "charged"),
            self.unknown + (s.total is None),
        )


@dataclass(frozen=True)
class SurchargeReport:
    book: PriceBook
    period: int | None
    base_price: float | None
    enterprises: tuple[EnterpriseSurcharge, ...]
    by_city: tuple[Total, ...] = field(default=())
    by_industry: tuple[Total, ...] = field(default=())
    total: Total = field(default_factory=lambda: Total("合计"))


def _electricity(
    book: PriceBook,
    industry: str | None,
    category: Category | None,
    overdue: bool,
    kwh: float | None,
    day: dt.date | None,
) -> ElectricityCharge:
    flats = [
        s
        for s in book.electricity
        if s.kind == "flat" and industry in s.industries and s.rate_on(day) is not None
    ]
    held = {c for c in (category, "reduction_not_done" if overdue else None) if c}
    applicable = sorted(
        (s for s in flats if s.category in held),
        key=lambda s: -(s.rate_on(day) or DatedRate(effective_from=dt.date.min, rate=0)).rate,
    )
    pending = tuple(
        s.id
        for s in book.electricity
        if s.kind != "flat" and industry in s.industries and s.category in held and not s.tiers
    )
    if applicable:
        chosen = applicable[0]
        rate = chosen.rate_on(day)
        assert rate is not None
        also = tuple(s.id for s in applicable[1:])
        if kwh is None:
            return ElectricityCharge(
                "unknown",
                None,
                rate.rate,
                chosen.id,
                chosen.category,
                "年用电量未知",
                also,
                pending,
            )
        reason = marked(
            f"{chosen.label}：{rate.rate:g} {chosen.unit} × 年用电量（{chosen.document}）",
            not chosen.confirmed,
        )
        return ElectricityCharge(
            "charged",
            round(rate.rate * kwh, 2),
            rate.rate,
            chosen.id,
            chosen.category,
            reason,
            also,
            pending,
        )
    if category is None and any(s.category != "compliant" for s in flats):
        return ElectricityCharge(
            "unknown", None, None, None, None, "评估结论为数据不足，无法判定是否属于淘汰类或限制类"
        )
    reason = (
        "费率表中没有适用于该企业的差别电价或惩罚性电价"
        if not pending
        else "未列入淘汰类、限制类；阶梯电价各档费率未查到，未计算"
    )
    return ElectricityCharge("none", 0.0, None, None, category, reason, (), pending)


def _water(
    book: PriceBook,
    category: Category | None,
    used: float | None,
    quota: float | None,
    base_price: float | None,
) -> WaterCharge:
    if used is None or quota is None:
        missing = "年用水量" if used is None else "用水定额"
        return WaterCharge("unknown", None, None, base_price, None, (), f"{missing}未知")
    excess = max(0.0, used - quota)
    if excess == 0:
        return WaterCharge("none", 0.0, None, base_price, 0.0, (), "未超定额用水")
    if quota == 0:
        return WaterCharge("unknown", None, None, base_price, excess, (), "用水定额为 0，无法分档")
    schedule = book.water_schedule(category) if category else None
    if category is None:
        reason = "超定额用水，但评估结论为数据不足，无法确定适用的加价档次"
        return WaterCharge("unknown", None, None, base_price, excess, (), reason)
    if schedule is None:
        return WaterCharge("none", 0.0, None, base_price, excess, (), "费率表中没有适用的累进加价")
    if base_price is None:
        return WaterCharge("unknown", None, schedule.id, None, excess, (), "基本水价未填写")
    tiers = water_tiers(schedule, used, quota, base_price)
    share = excess / quota * 100
    # The tiers (and, unless entered, the base price) are software defaults: say so.
    return WaterCharge(
        "charged",
        round(sum(t.amount for t in tiers), 2),
        schedule.id,
        base_price,
        round(excess, 4),
        tiers,
        marked(f"{schedule.label}：超定额 {share:.2f}%，按档累进", not book.water.confirmed),
    )


def surcharges(
    ledger: Ledger,
    assessment: Assessment,
    overdue: Iterable[Obligation],
    book: PriceBook | None = None,
    year: int | None = None,
    base_price: float | None = None,
) -> SurchargeReport:
    """Each enterprise's annual electricity and water surcharge with the rule and the
    findings that produced it, and totals by city and industry.

    ``year`` is the billing period (default: each enterprise's data year); the rate is the
    one in force on 1 January of it. ``base_price`` overrides the file's base water price.
    """
    book = book or default()
    price = base_price if base_price is not None else book.water.base_price.value
    verdicts = {e.credit_code: e for e in assessment.enterprises}
    failed: dict[str, list[str]] = defaultdict(list)
    for line in assessment.lines:
        if line.status == "exited":
            continue
        for f in line.findings:
            if f.result == "fail":
                failed[line.credit_code].append(f"{line.line_id}：{f.rule_id}")
    late: dict[str, list[str]] = defaultdict(list)
    for o in overdue:
        if o.status == "overdue":
            late[o.credit_code].append(f"{o.line_id}：{o.task_id}（期限 {o.deadline.isoformat()}）")
    results = []
    for rec in ledger.enterprise_records():
        code = str(rec["credit_code"])
        verdict = verdicts.get(code)
        outcome = verdict.outcome if verdict else "insufficient_data"
        own = (
            [f"{code}：{f.rule_id}" for f in verdict.findings if f.result == "fail"]
            if verdict
            else []
        )
        category = OUTCOME_CATEGORY[outcome]
        period = year if year is not None else _int(rec.get("year"))
        day = dt.date(period, 1, 1) if period is not None else None
        industry = _str(rec.get("industry"))
        kwh, used, quota = (
            _num(rec.get(k)) for k in ("electricity_kwh", "water_m3", "water_quota_m3")
        )
        results.append(
            EnterpriseSurcharge(
                credit_code=code,
                name=str(rec.get("name") or ""),
                city=_str(rec.get("city")),
                county=_str(rec.get("county")),
                industry=industry,
                period=period,
                outcome=outcome,
                findings=(*own, *failed.get(code, ())),
                overdue=tuple(late.get(code, ())),
                electricity_kwh=kwh,
                water_m3=used,
                water_quota_m3=quota,
                electricity=_electricity(book, industry, category, code in late, kwh, day),
                water=_water(book, category, used, quota, price),
            )
        )
    return _with_totals(SurchargeReport(book, year, price, tuple(results)))


def _with_totals(report: SurchargeReport) -> SurchargeReport:
    cities: dict[str, Total] = {}
    industries: dict[str, Total] = {}
    total = Total("合计")
    for s in report.enterprises:
        city, industry = s.city or UNKNOWN, s.industry or UNKNOWN
        cities[city] = cities.get(city, Total(city)).add(s)
        industries[industry] = industries.get(industry, Total(industry)).add(s)
        total = total.add(s)
    return SurchargeReport(
        report.book,
        report.period,
        report.base_price,
        report.enterprises,
        tuple(cities[k] for k in sorted(cities, key=city_sort_key)),
        tuple(industries[k] for k in sorted(industries)),
        total,
    )


def compute(
    ledger: Ledger,
    year: int | None = None,
    book: PriceBook | None = None,
    base_price: float | None = None,
    as_of: dt.date | None = None,
    rules: Rulebook | None = None,
    targets: Targets | None = None,
) -> SurchargeReport:
    """Assess ``ledger`` (with ``rules``, the bundled rulebook when not given), find its
    overdue obligations under ``targets`` (on the last day of ``year``, or ``as_of``, or
    today), and compute the surcharges."""
    from resolute.core import engine, rulebook
    from resolute.core.obligations import obligations

    assessment = engine.assess(ledger, rules or rulebook.default())
    day = as_of or (dt.date(year, 12, 31) if year is not None else dt.date.today())
    return surcharges(ledger, assessment, obligations(ledger, day, targets), book, year, base_price)


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return str(value) if value else None


# ─── JSON ───────────────────────────────────────────────────────


def to_json(report: SurchargeReport, unconfirmed: bool | None = None) -> dict[str, Any]:
    """The JSON contract of ``resolute surcharges --format json``. ``unconfirmed`` says
    whether any amount rests on a default when ``report`` lists only some of the
    enterprises its totals count (a page of them); by default it is judged from the list."""

    def total(t: Total) -> dict[str, Any]:
        return {
            "key": t.key,
            "enterprises": t.enterprises,
            "electricity_yuan": t.electricity,
            "water_yuan": t.water,
            "electricity_charged": t.electricity_charged,
            "water_charged": t.water_charged,
            "unknown": t.unknown,
        }

    if unconfirmed is None:
        unconfirmed = any(
            electricity_unconfirmed(e.electricity, report.book)
            or water_unconfirmed(e.water, report.book)
            for e in report.enterprises
        )
    return {
        **defaults.flags(unconfirmed, "超定额累进加价的档次与基本水价、未核实的电价费率"),
        "pricing_version": report.book.full_version,
        "period": report.period,
        "water_base_price": report.base_price,
        "water_base_price_unconfirmed": not report.book.water.confirmed,
        "categories": {
            k: {"label": v.label, "reasoning": v.reasoning}
            for k, v in report.book.categories.items()
        },
        "summary": total(report.total),
        "by_city": [total(t) for t in report.by_city],
        "by_industry": [total(t) for t in report.by_industry],
        "enterprises": [enterprise_json(s, report.book) for s in report.enterprises],
    }


def electricity_unconfirmed(e: ElectricityCharge, book: PriceBook) -> bool:
    """The electricity surcharge amount rests on a rate of ``book`` (the schedules it was
    computed with) not yet confirmed."""
    if e.amount is None or not e.amount or e.schedule_id is None:
        return False
    return not all(s.confirmed for s in book.electricity if s.id == e.schedule_id)


def water_unconfirmed(w: WaterCharge, book: PriceBook) -> bool:
    """The water surcharge amount rests on tiers and a base price of ``book`` (the schedules
    it was computed with) not yet confirmed."""
    return bool(w.amount) and not book.water.confirmed


def enterprise_json(s: EnterpriseSurcharge, book: PriceBook) -> dict[str, Any]:
    """One enterprise's surcharges in the JSON contract, flagged by ``book`` (the schedules
    they were computed with) where a figure is not yet confirmed."""
    e, w = s.electricity, s.water
    return {
        "credit_code": s.credit_code,
        "name": s.name,
        "city": s.city,
        "county": s.county,
        "industry": s.industry,
        "period": s.period,
        "outcome": s.outcome,
        "findings": list(s.findings),
        "overdue": list(s.overdue),
        "electricity_kwh": s.electricity_kwh,
        "water_m3": s.water_m3,
        "water_quota_m3": s.water_quota_m3,
        **defaults.flags(
            electricity_unconfirmed(e, book) or water_unconfirmed(w, book),
            "电价或水价加价的费率、档次或基本水价",
        ),
        "electricity": {
            **defaults.flags(electricity_unconfirmed(e, book), "电价加价费率"),
            "status": e.status,
            "amount_yuan": e.amount,
            "rate": e.rate,
            "schedule": e.schedule_id,
            "category": e.category,
            "reason": e.reason,
            "also_applicable": list(e.also),
            "not_computed": list(e.not_computed),
        },
        "water": {
            **defaults.flags(water_unconfirmed(w, book), "超定额累进加价的档次与基本水价"),
            "status": w.status,
            "amount_yuan": w.amount,
            "schedule": w.schedule_id,
            "base_price": w.base_price,
            "excess_m3": w.excess_m3,
            "tiers": [
                {
                    "from_pct": t.from_pct,
                    "up_to_pct": t.up_to_pct,
                    "surcharge_pct": t.surcharge_pct,
                    "volume_m3": t.volume_m3,
                    "amount_yuan": t.amount,
                }
                for t in w.tiers
            ],
            "reason": w.reason,
        },
        "total_yuan": s.total,
    }
