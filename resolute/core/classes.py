"""Efficiency classification (亩产效益 / 单位能耗产出效益综合评价, 三(四)3).

Indicators, weights, benchmarks, the per-indicator cap, class boundaries, the not-rated (T)
rule and the measures each class brings are data (``resolute/data/classes.yaml``).
:func:`classify` is a pure function of a ledger:

1. each indicator's value per enterprise (numerator ÷ denominator from the ledger; unknown
   when either is blank or the denominator is 0);
2. T (not rated): enterprises of a not-rated industry, those with every line exited, and
   those with any scored indicator unknown;
3. benchmarks: the figure in the data, or the average of the rated enterprises (sum of the
   numerators ÷ sum of the denominators);
4. score = Σ weightᵢ × min(valueᵢ ÷ benchmarkᵢ, cap), with the weights of the available
   indicators rescaled to add up to 100;
5. classes by rank ÷ number rated (ties share the better rank); a rank exactly on a
   boundary falls in the better class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from resolute.core import defaults, exact
from resolute.core.datafile import DataFileError, Issued, read_yaml, validation_error
from resolute.core.ledger import Ledger

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "classes.yaml"
_PLACES = 2


class ClassesError(DataFileError):
    """A classification file that cannot be used, with the file and the entry at fault."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Indicator(_Frozen):
    key: str
    label: str
    unit: str
    numerator: str | None
    denominator: str | None
    weight: float = Field(ge=0)
    available: bool
    benchmark: float | None = Field(default=None, gt=0)
    source: str

    @model_validator(mode="after")
    def _fields(self) -> Indicator:
        if self.available and not (self.numerator and self.denominator):
            raise ValueError("参与计分的指标须有分子和分母")
        return self


class ClassBand(_Frozen):
    code: str
    label: str
    up_to_pct: float = Field(gt=0, le=100)


class NotRated(_Frozen):
    code: str
    label: str
    industries: tuple[str, ...]
    reasoning: str


class Measure(_Frozen):
    area: str
    text: str
    source: str = ""


class Publication(_Frozen):
    appeal_days: int = Field(ge=0)
    days_kind: str
    source: str


class ClassBook(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    document: str
    note: str
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    cap: float | None = Field(default=None, gt=0)
    classes: tuple[ClassBand, ...] = Field(min_length=1)
    not_rated: NotRated
    measures: dict[str, tuple[Measure, ...]]
    publication: Publication
    digest: str = ""

    @model_validator(mode="after")
    def _bands(self) -> ClassBook:
        edges = [c.up_to_pct for c in self.classes]
        if edges != sorted(set(edges)) or edges[-1] != 100:
            raise ValueError("各类的比例上限须逐类增大，最后一类为 100")
        if not any(i.available and i.weight > 0 for i in self.indicators):
            raise ValueError("至少一项参与计分的指标须有权重")
        return self

    @property
    def full_version(self) -> str:
        return f"{self.version}+{self.digest[:12]}"

    @property
    def scored(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.available and i.weight > 0)

    def weights(self) -> dict[str, float]:
        """The weights of the scored indicators, rescaled to add up to 100."""
        total = sum(i.weight for i in self.scored)
        return {i.key: i.weight * 100 / total for i in self.scored}

    def label_of(self, code: str) -> str:
        if code == self.not_rated.code:
            return self.not_rated.label
        return next(c.label for c in self.classes if c.code == code)


def load(path: Path | str | None = None) -> ClassBook:
    """Read and validate a classification file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, ClassesError)
    return parse(raw, target, digest)


@cache
def default() -> ClassBook:
    return load()


def parse(raw: Any, path: Path | str = "<classes>", digest: str = "") -> ClassBook:
    if not isinstance(raw, dict):
        raise ClassesError(path, "(file)", "顶层应为“键: 值”的映射")
    try:
        return ClassBook.model_validate({**raw, "digest": digest})
    except ValidationError as exc:
        raise validation_error(ClassesError, path, exc) from exc


# ─── scoring ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    key: str
    value: float | None
    benchmark: float | None
    ratio: float | None  # value ÷ benchmark, after the cap
    capped: bool
    weight: float
    points: float | None


@dataclass(frozen=True, slots=True)
class EnterpriseClass:
    credit_code: str
    name: str
    city: str | None
    county: str | None
    industry: str | None
    indicators: tuple[IndicatorScore, ...]
    score: float | None
    rank: int | None
    code: str
    reason: str


@dataclass(frozen=True)
class Classification:
    book: ClassBook
    rated: int
    benchmarks: dict[str, float | None]
    enterprises: tuple[EnterpriseClass, ...]
    published: dt.date | None
    appeal_deadline: dt.date | None

    def counts(self) -> dict[str, int]:
        codes = [c.code for c in self.book.classes] + [self.book.not_rated.code]
        return {c: sum(1 for e in self.enterprises if e.code == c) for c in codes}


def class_for(rank: int, rated: int, book: ClassBook) -> str:
    """The class of the ``rank``-th of ``rated`` enterprises: the first band whose upper
    edge (share of enterprises, inclusive) reaches rank ÷ rated."""
    share = Fraction(rank, rated) * 100
    for band in book.classes:
        if share <= Fraction(str(band.up_to_pct)):
            return band.code
    return book.classes[-1].code  # pragma: no cover - the last edge is 100


def _value(rec: Mapping[str, Any], ind: Indicator) -> Fraction | None:
    """The indicator exactly, from the ledger's numbers as written (core/exact.py)."""
    assert ind.numerator is not None and ind.denominator is not None
    num, den = rec.get(ind.numerator), rec.get(ind.denominator)
    if isinstance(num, bool) or isinstance(den, bool):
        return None
    if not isinstance(num, int | float) or not isinstance(den, int | float) or den == 0:
        return None
    d = exact.units(den)
    return None if d == 0 else Fraction(exact.units(num), d)


def classify(
    ledger: Ledger,
    book: ClassBook | None = None,
    benchmarks: Mapping[str, float] | None = None,
    published: dt.date | None = None,
) -> Classification:
    """Score and class every enterprise of ``ledger``. ``benchmarks`` (by indicator key)
    override both the file's and the computed ones; ``published`` gives the appeal deadline."""
    book = book or default()
    active = _active_enterprises(ledger)
    records = ledger.enterprise_records()
    values: dict[str, dict[str, Fraction | None]] = {}
    reasons: dict[str, str] = {}
    for rec in records:
        code = str(rec["credit_code"])
        values[code] = {i.key: _value(rec, i) for i in book.scored}
        missing = [i.label for i in book.scored if values[code][i.key] is None]
        if rec.get("industry") in book.not_rated.industries:
            reasons[code] = "公用事业（煤电），不参评"
        elif code not in active:
            reasons[code] = "生产线已全部退出"
        elif missing:
            reasons[code] = "数据不全，无法计算：" + "、".join(missing)
    rated = [r for r in records if str(r["credit_code"]) not in reasons]
    bench = _benchmarks(book, rated, benchmarks or {})
    if any(v is None for v in bench.values()):
        # A zero average leaves nothing to compare with: nobody can be ranked fairly.
        for rec in rated:
            reasons[str(rec["credit_code"])] = "基准值无法计算（参评企业合计为 0）"
    scores: dict[str, tuple[tuple[IndicatorScore, ...], float | None]] = {}
    exact_weights = _exact_weights(book)
    for rec in records:
        code = str(rec["credit_code"])
        scored = [
            _score(i, values[code][i.key], bench[i.key], exact_weights[i.key], book)
            for i in book.scored
        ]
        parts = tuple(part for part, _ in scored)
        exact_total = sum((points for _, points in scored if points is not None), Fraction(0))
        total = None if code in reasons else _rounded(exact_total)
        scores[code] = (parts, total)
    ranked = sorted(
        (str(r["credit_code"]) for r in records if str(r["credit_code"]) not in reasons),
        key=lambda c: (-(scores[c][1] or 0.0), c),
    )
    ranks: dict[str, int] = {}
    for position, code in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        tied = previous is not None and scores[previous][1] == scores[code][1]
        ranks[code] = ranks[previous] if tied and previous else position
    out = []
    for rec in records:
        code = str(rec["credit_code"])
        parts, total = scores[code]
        rank = ranks.get(code)
        out.append(
            EnterpriseClass(
                credit_code=code,
                name=str(rec.get("name") or ""),
                city=_str(rec.get("city")),
                county=_str(rec.get("county")),
                industry=_str(rec.get("industry")),
                indicators=parts,
                score=total if rank is not None else None,
                rank=rank,
                code=class_for(rank, len(ranked), book) if rank else book.not_rated.code,
                reason=reasons.get(code, ""),
            )
        )
    shown = {k: None if v is None else float(v) for k, v in bench.items()}
    deadline = appeal_deadline(book, published)
    return Classification(book, len(ranked), shown, tuple(out), published, deadline)


def appeal_deadline(book: ClassBook, published: dt.date | None) -> dt.date | None:
    """The last day to appeal a class published on ``published`` (None when unpublished)."""
    return published + dt.timedelta(days=book.publication.appeal_days) if published else None


def _exact_weights(book: ClassBook) -> dict[str, Fraction]:
    """:meth:`ClassBook.weights` exactly (rescaled to add up to 100)."""
    total = sum((exact.fraction(i.weight) for i in book.scored), Fraction(0))
    return {i.key: exact.fraction(i.weight) * 100 / total for i in book.scored}


def _rounded(value: Fraction) -> float:
    """A score as shown: exactly, to :data:`_PLACES` decimal places, half up (四舍五入)."""
    shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-_PLACES), rounding=ROUND_HALF_UP
    )
    return float(shown)


def _active_enterprises(ledger: Ledger) -> set[str]:
    """Enterprises with a line still in place, or with no lines at all."""
    lines = ledger.line_records()
    having = {str(r["credit_code"]) for r in lines}
    active = {str(r["credit_code"]) for r in lines if (r.get("status") or "operating") != "exited"}
    everyone = {str(r["credit_code"]) for r in ledger.enterprise_records()}
    return active | (everyone - having)


def _benchmarks(
    book: ClassBook, rated: list[dict[str, Any]], entered: Mapping[str, float]
) -> dict[str, Fraction | None]:
    """Each benchmark exactly: entered, from the file, or the rated enterprises' total ratio."""
    out: dict[str, Fraction | None] = {}
    for ind in book.scored:
        if ind.key in entered:
            out[ind.key] = exact.fraction(float(entered[ind.key]))
            continue
        if ind.benchmark is not None:
            out[ind.key] = exact.fraction(ind.benchmark)
            continue
        assert ind.numerator is not None and ind.denominator is not None
        num = sum(exact.units(r[ind.numerator]) for r in rated)
        den = sum(exact.units(r[ind.denominator]) for r in rated)
        out[ind.key] = Fraction(num, den) if den > 0 and num > 0 else None
    return out


def _score(
    ind: Indicator,
    value: Fraction | None,
    benchmark: Fraction | None,
    weight: Fraction,
    book: ClassBook,
) -> tuple[IndicatorScore, Fraction | None]:
    """The indicator's part, shown in floats, and its exact points."""
    shown_value = None if value is None else float(value)
    shown_bench = None if benchmark is None else float(benchmark)
    if value is None or benchmark is None:
        part = IndicatorScore(ind.key, shown_value, shown_bench, None, False, float(weight), None)
        return part, None
    ratio = value / benchmark
    cap = None if book.cap is None else exact.fraction(book.cap)
    capped = cap is not None and ratio > cap
    if capped:
        assert cap is not None
        ratio = cap
    points = weight * ratio
    part = IndicatorScore(ind.key, shown_value, shown_bench, float(ratio), capped, float(weight),
                          float(points))  # fmt: skip
    return part, points


def _str(value: Any) -> str | None:
    return str(value) if value else None


# ─── JSON ──────────────────────────────────────────────────────────────────────


def to_json(result: Classification) -> dict[str, Any]:
    """The JSON contract of ``resolute classes --format json``."""
    book = result.book
    weights = book.weights()
    return {
        **defaults.flags(True, "亩产效益分类的权重、基准、分类比例、封顶值和配置措施"),
        "classes_version": book.full_version,
        "document": book.document,
        "rated": result.rated,
        "counts": result.counts(),
        "published": result.published.isoformat() if result.published else None,
        "appeal_deadline": result.appeal_deadline.isoformat() if result.appeal_deadline else None,
        "indicators": [
            {
                "key": i.key,
                "label": i.label,
                "unit": i.unit,
                "available": i.available,
                "weight_in_file": i.weight,
                "weight": round(weights[i.key], 4) if i.key in weights else None,
                "benchmark": result.benchmarks.get(i.key),
                "benchmark_source": "entered" if i.benchmark is not None else "average",
                **defaults.flags(
                    True, "权重" + ("和录入的基准值" if i.benchmark is not None else "")
                ),
            }
            for i in book.indicators
        ],
        "cap": book.cap,
        "cap_note": defaults.UNCONFIRMED_NOTE,
        "bands": [
            {
                "code": b.code,
                "label": b.label,
                "up_to_pct": b.up_to_pct,
                **defaults.flags(True, "分类比例"),
            }
            for b in book.classes
        ],
        "measures": {
            code: [
                {
                    "area": m.area,
                    "text": m.text,
                    "source": m.source,
                    **defaults.flags(True, "差别化配置措施"),
                }
                for m in ms
            ]
            for code, ms in book.measures.items()
        },
        "enterprises": [enterprise_json(e, book) for e in result.enterprises],
    }


def enterprise_json(e: EnterpriseClass, book: ClassBook) -> dict[str, Any]:
    return {
        "credit_code": e.credit_code,
        "name": e.name,
        "city": e.city,
        "county": e.county,
        "industry": e.industry,
        "class": e.code,
        "class_label": book.label_of(e.code),
        **defaults.flags(True, "得分与类别按软件缺省的权重、基准和分类比例计算"),
        "score": e.score,
        "rank": e.rank,
        "reason": e.reason,
        "indicators": [
            {
                "key": p.key,
                "value": p.value,
                "benchmark": p.benchmark,
                "ratio": p.ratio,
                "capped": p.capped,
                "weight": round(p.weight, 4),
                "points": round(p.points, 4) if p.points is not None else None,
            }
            for p in e.indicators
        ],
    }
