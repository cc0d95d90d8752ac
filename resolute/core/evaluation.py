"""Annual city evaluation (督导评估, 五(四)): scores, a ranking, and the 约谈 and 表扬 lists.

The scoring rules are data (``resolute/data/evaluation.yaml``), loaded and validated here as
the rulebook is; they are the software's defaults, not the plan's, which states no formula.
:func:`evaluate` is a pure function over plain inputs: the obligations of every city as
evaluated at the end of the year (or the day of evaluation, if earlier), and each city's
plan facts (whether its "三个一批" plan came in on time, and how many gaps it has).
The obligations are those evaluated on the first day after the year: a duty due on
31 December and not done by then is overdue.

A city's score is the sum of its criteria:

- completion (任务完成率): weight × share of its obligations due in the year that are done;
- timeliness (按期完成率): weight × share of those done on or before their deadline;
- overdue (逾期扣分): minus a penalty per overdue line (any task), capped;
- plan (计划): points for submission on time / late / not at all, plus, for a submitted plan,
  points less a penalty per gap, not below zero.

The score is never below zero and is rounded to two decimals before any threshold is
applied, so that what the page shows is what decided the lists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resolute.core import defaults, exact
from resolute.core.cities import city_sort_key
from resolute.core.city_plans import SubmissionStatus
from resolute.core.datafile import DataFileError, Issued, read_yaml, validation_error
from resolute.core.obligations import Obligation

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "evaluation.yaml"
_PLACES = 2


class EvaluationError(DataFileError):
    """A scoring rules file that cannot be used, with the file and the entry at fault."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ShareCriterion(_Frozen):
    label: str
    weight: float = Field(ge=0)
    when_nothing_due: float = Field(ge=0, le=1)
    source: str


class OverdueCriterion(_Frozen):
    label: str
    per_line: float = Field(ge=0)
    cap: float = Field(ge=0)
    source: str


class PlanCriterion(_Frozen):
    label: str
    on_time: float = Field(ge=0)
    late: float = Field(ge=0)
    not_submitted: float = Field(ge=0)
    gap_points: float = Field(ge=0)
    per_gap: float = Field(ge=0)
    source: str

    @property
    def max_points(self) -> float:
        return max(self.on_time, self.late, self.not_submitted) + self.gap_points


class InterviewThreshold(_Frozen):
    label: str
    score_below: float
    overdue_above: int = Field(ge=0)
    source: str


class PraiseThreshold(_Frozen):
    label: str
    top: int = Field(ge=1)
    score_at_least: float
    source: str


class ScoringRules(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    document: str
    note: str
    completion: ShareCriterion
    timeliness: ShareCriterion
    overdue: OverdueCriterion
    plan: PlanCriterion
    interview: InterviewThreshold
    praise: PraiseThreshold
    digest: str = ""

    @property
    def full_version(self) -> str:
        return f"{self.version}+{self.digest[:12]}"

    @property
    def max_score(self) -> float:
        return self.completion.weight + self.timeliness.weight + self.plan.max_points


# ─── loading ────────────────────────────────────────────────────────────────────


def load(path: Path | str | None = None) -> ScoringRules:
    """Read and validate a scoring rules file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, EvaluationError)
    return parse(raw, target, digest)


@cache
def default() -> ScoringRules:
    """The bundled scoring rules, loaded once per process."""
    return load()


def parse(raw: Any, path: Path | str = "<evaluation>", digest: str = "") -> ScoringRules:
    if not isinstance(raw, dict):
        raise EvaluationError(path, "(file)", "顶层应为“键: 值”的映射")
    try:
        rules = ScoringRules.model_validate({**raw, "digest": digest})
    except ValidationError as exc:
        raise validation_error(EvaluationError, path, exc) from exc
    if rules.praise.score_at_least > rules.max_score:
        raise EvaluationError(path, "praise.score_at_least", "高于可能得到的最高分")
    return rules


# ─── scoring ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """A city's "三个一批" plan as the evaluation sees it."""

    status: SubmissionStatus
    gaps: int = 0


NO_PLAN = PlanFacts("missing", 0)


@dataclass(frozen=True, slots=True)
class CriterionScore:
    key: str
    label: str
    points: float
    max_points: float
    detail: str


@dataclass(frozen=True, slots=True)
class CityScore:
    city: str
    score: float
    rank: int
    criteria: tuple[CriterionScore, ...]
    due: int
    done: int
    on_time: int
    overdue_lines: int
    plan: PlanFacts


@dataclass(frozen=True)
class Evaluation:
    year: int
    rules: ScoringRules
    cities: tuple[CityScore, ...]  # ranked, best first
    interview: dict[str, tuple[str, ...]]  # city → reasons
    praise: tuple[str, ...]


def _share(part: int, whole: int, when_empty: float) -> Fraction:
    return Fraction(part, whole) if whole else exact.fraction(when_empty)


def _rounded(value: Fraction) -> float:
    """A score as shown: exactly, to :data:`_PLACES` decimal places, half up (四舍五入)."""
    shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-_PLACES), rounding=ROUND_HALF_UP
    )
    return float(shown)


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole}（{part / whole:.0%}）" if whole else "当年无到期任务"


def score_city(
    city: str, year: int, obligations: Sequence[Obligation], plan: PlanFacts, rules: ScoringRules
) -> tuple[float, tuple[CriterionScore, ...], tuple[int, int, int, int]]:
    """(score, criteria, (due, done, on time, overdue lines)) of one city."""
    year_end = dt.date(year, 12, 31)
    due = [o for o in obligations if o.deadline.year == year]
    # Done within the year: an exit on the day after the year counts for the next one.
    done = [o for o in due if o.status == "done" and not (o.exited_on and o.exited_on > year_end)]
    on_time = [o for o in done if not o.late]
    overdue_lines = len({o.line_id for o in obligations if o.status == "overdue"})
    c, t, o, p = rules.completion, rules.timeliness, rules.overdue, rules.plan
    # Points are exact (decimal weights as written, shares as fractions); only the total is
    # rounded, in decimal, to the score that is shown and compared with the thresholds.
    x = exact.fraction
    completion = x(c.weight) * _share(len(done), len(due), c.when_nothing_due)
    timeliness = x(t.weight) * _share(len(on_time), len(due), t.when_nothing_due)
    penalty = min(x(o.per_line) * overdue_lines, x(o.cap))
    submitted = plan.status in ("on_time", "late")
    status_points = x({"on_time": p.on_time, "late": p.late}.get(plan.status, p.not_submitted))
    gap_points = max(x(p.gap_points) - x(p.per_gap) * plan.gaps, Fraction(0)) if submitted else 0
    plan_detail = {"on_time": "按期报送", "late": "逾期报送"}.get(plan.status, "未报送")
    if submitted:
        plan_detail += f"，核对发现问题 {plan.gaps} 处"
    criteria = (
        CriterionScore("completion", c.label, float(completion), c.weight,
                       _percent(len(done), len(due))),
        CriterionScore("timeliness", t.label, float(timeliness), t.weight,
                       _percent(len(on_time), len(due))),
        CriterionScore("overdue", o.label, float(-penalty), 0.0,
                       f"逾期未退出生产线 {overdue_lines} 条"),
        CriterionScore("plan", p.label, float(status_points + gap_points), p.max_points,
                       plan_detail),
    )  # fmt: skip
    exact_total = completion + timeliness - penalty + status_points + gap_points
    total = _rounded(max(exact_total, Fraction(0)))
    return total, criteria, (len(due), len(done), len(on_time), overdue_lines)


def evaluate(
    year: int,
    cities: Sequence[str],
    obligations: Iterable[Obligation],
    plans: Mapping[str, PlanFacts],
    rules: ScoringRules | None = None,
) -> Evaluation:
    """Score every city of ``cities`` (in their official order, which breaks ties in the
    listing), rank them and draw up the 约谈 and 表扬 lists.

    ``obligations`` should be evaluated as of the first day after ``year`` (so that a duty
    due on 31 December and not done is overdue), or the day of the evaluation while the year
    is still running; a line counts as done only if it exited within the year. Obligations
    of cities not in ``cities`` are ignored. A city without
    plan facts counts as not having submitted its plan.
    """
    rules = rules or default()
    by_city: dict[str, list[Obligation]] = defaultdict(list)
    for o in obligations:
        if o.city is not None:
            by_city[o.city].append(o)
    scored = []
    for city in cities:
        plan = plans.get(city, NO_PLAN)
        total, criteria, counts = score_city(city, year, by_city.get(city, []), plan, rules)
        scored.append((city, total, criteria, counts, plan))
    order = sorted(range(len(scored)), key=lambda i: (-scored[i][1], city_sort_key(scored[i][0])))
    ranked = []
    for i in order:
        city, total, criteria, (due, done, on_time, overdue), plan = scored[i]
        rank = 1 + sum(1 for s in scored if s[1] > total)
        ranked.append(CityScore(city, total, rank, criteria, due, done, on_time, overdue, plan))
    interview = {s.city: reasons for s in ranked if (reasons := interview_reasons(s, rules))}
    praise = tuple(
        s.city
        for s in ranked
        if s.rank <= rules.praise.top
        and exact.at_least(s.score, rules.praise.score_at_least)
        and s.city not in interview
    )
    return Evaluation(year, rules, tuple(ranked), interview, praise)


def interview_reasons(score: CityScore, rules: ScoringRules) -> tuple[str, ...]:
    """Why a city is on the 约谈 list (empty: it is not)."""
    t = rules.interview
    reasons = []
    if not exact.at_least(score.score, t.score_below):
        reasons.append(f"得分 {score.score:g} 低于 {t.score_below:g} 分")
    if score.overdue_lines > t.overdue_above:
        reasons.append(f"逾期未退出生产线 {score.overdue_lines} 条，超过 {t.overdue_above} 条")
    return tuple(reasons)


def to_json(result: Evaluation) -> dict[str, Any]:
    return {
        **defaults.flags(True, "督导评估的分值、权重和阈值"),
        "year": result.year,
        "rules_version": result.rules.full_version,
        "cities": [
            {
                "city": s.city,
                "rank": s.rank,
                "score": s.score,
                "score_note": defaults.UNCONFIRMED_NOTE,
                "due": s.due,
                "done": s.done,
                "on_time": s.on_time,
                "overdue_lines": s.overdue_lines,
                "plan": {"status": s.plan.status, "gaps": s.plan.gaps},
                "criteria": [
                    {
                        "key": c.key,
                        "label": c.label,
                        "points": round(c.points, _PLACES),
                        "max_points": c.max_points,
                        "detail": c.detail,
                    }
                    for c in s.criteria
                ],
            }
            for s in result.cities
        ],
        "interview": {city: list(reasons) for city, reasons in result.interview.items()},
        "praise": list(result.praise),
    }
