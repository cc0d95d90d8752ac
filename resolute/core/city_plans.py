"""City "三个一批" plans (淘汰一批、提升一批、培育一批) checked against the ledger (五(一)).

五(一) of the plan: 各市政府要制定分行业、分年度淘汰一批、提升一批、培育一批“三个一批”计划，
于2021年4月底前报省政府. A city's plan is a list of :class:`PlanItem`. :func:`check` compares
it with what the ledger says the city must do and lists every :class:`Gap`:

- **missing** (漏报): a line of the city with an elimination outcome (latest assessment) or an
  obligation (逐条任务) that no 淘汰 item names. A line whose only duties are retrofits
  (二(三)4 coal units kept for heat: 改造…) may appear as a 提升 item instead;
- **late** (计划晚于时限): the item's planned date is after the line's earliest deadline;
- **unknown_line** (台账无此生产线): an item names a line the ledger does not hold;
- **foreign_line** (非本市生产线): an item names a line of another city;
- **duplicate** (重复): two items of the same kind name the same line.

:func:`submission_status` tracks the due date (2021-04-30): on time, late, missing (not
submitted and past the date) or pending (not submitted, not yet due).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from resolute.core import credit_code, schema
from resolute.core.obligations import Obligation

PlanKind = Literal["eliminate", "upgrade", "cultivate"]
KINDS: tuple[PlanKind, ...] = ("eliminate", "upgrade", "cultivate")
KIND_LABELS: dict[str, str] = {"eliminate": "淘汰", "upgrade": "提升", "cultivate": "培育"}

#: 五(一): 于2021年4月底前报省政府.
DUE_DATE = dt.date(2021, 4, 30)
#: The years a plan may cover: the plan's term and the cement tail to 2024 (二(三)5), with room.
PLAN_YEARS = range(2021, 2026)
INDUSTRY_LABELS = {i.code: i.label for i in schema.INDUSTRIES}

SubmissionStatus = Literal["on_time", "late", "missing", "pending"]
SUBMISSION_LABELS: dict[str, str] = {
    "on_time": "按期报送",
    "late": "逾期报送",
    "missing": "逾期未报",
    "pending": "尚未报送（未到期）",
}

GapKind = Literal["missing", "late", "unknown_line", "foreign_line", "duplicate"]
GAP_KINDS: tuple[GapKind, ...] = ("missing", "late", "unknown_line", "foreign_line", "duplicate")
GAP_LABELS: dict[str, str] = {
    "missing": "漏报",
    "late": "计划晚于时限",
    "unknown_line": "台账无此生产线",
    "foreign_line": "非本市生产线",
    "duplicate": "重复列入",
}

#: Obligation actions that keep the line running (二(三)4: 改造…); others are exits.
_RETROFIT_PREFIX = "改造"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One entry of a city's plan; ``ref`` identifies it to the caller (a row, a key)."""

    kind: PlanKind
    industry: str
    year: int
    line_id: str | None = None
    credit_code: str | None = None
    planned_on: dt.date | None = None
    note: str = ""
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Duty:
    """What the ledger says one line of the city must do, and by when.

    ``deadline`` is the earliest deadline of the line's obligations (None when the line is
    only on the elimination list, which carries no date of its own). ``retrofit_only``: every
    duty of the line is a retrofit, so a 提升 item covers it as well as a 淘汰 one.
    """

    line_id: str
    credit_code: str
    deadline: dt.date | None
    eliminated: bool
    tasks: tuple[str, ...]
    retrofit_only: bool

    @property
    def accepted_kinds(self) -> tuple[PlanKind, ...]:
        return ("eliminate", "upgrade") if self.retrofit_only else ("eliminate",)


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    line_id: str
    message: str
    item_ref: str = ""
    deadline: dt.date | None = None
    planned_on: dt.date | None = None

    @property
    def label(self) -> str:
        return GAP_LABELS[self.kind]


def is_retrofit(action: str) -> bool:
    return action.startswith(_RETROFIT_PREFIX)


def duties(obligations: Iterable[Obligation], eliminated: Mapping[str, str]) -> list[Duty]:
    """The duties of a city's lines, by line number.

    ``obligations`` are the city's (any status: a line that has already exited was still
    part of what the plan had to cover); ``eliminated`` maps the line numbers of the city's
    lines with an elimination outcome to their credit codes.
    """
    by_line: dict[str, list[Obligation]] = defaultdict(list)
    for o in obligations:
        by_line[o.line_id].append(o)
    found: list[Duty] = []
    for line_id in sorted(set(by_line) | set(eliminated)):
        owed = by_line.get(line_id, [])
        code = owed[0].credit_code if owed else eliminated[line_id]
        found.append(
            Duty(
                line_id=line_id,
                credit_code=code,
                deadline=min((o.deadline for o in owed), default=None),
                eliminated=line_id in eliminated,
                tasks=tuple(o.task_id for o in owed),
                retrofit_only=bool(owed)
                and line_id not in eliminated
                and all(is_retrofit(o.action) for o in owed),
            )
        )
    return found


def check(
    city: str,
    items: Sequence[PlanItem],
    line_cities: Mapping[str, str | None],
    city_duties: Sequence[Duty],
) -> list[Gap]:
    """Every gap between a city's plan and its duties, in a stable order.

    ``line_cities`` maps every line number of the ledger (the whole province, so that a line
    of another city can be told from one that does not exist) to its city.
    """
    gaps: list[Gap] = []
    seen: set[tuple[str, str]] = set()
    named: dict[str, list[PlanItem]] = defaultdict(list)
    for item in items:
        if not item.line_id:
            continue
        if item.line_id not in line_cities:
            gaps.append(Gap("unknown_line", item.line_id,
                            f"计划中的生产线 {item.line_id} 不在台账中", item.ref))  # fmt: skip
            continue
        owner = line_cities[item.line_id]
        if owner != city:
            where = f"{owner}市" if owner else "其他市"
            gaps.append(Gap("foreign_line", item.line_id,
                            f"生产线 {item.line_id} 属于{where}，不属于{city}市", item.ref))  # fmt: skip
            continue
        if (item.kind, item.line_id) in seen:
            gaps.append(Gap("duplicate", item.line_id,
                            f"生产线 {item.line_id} 在“{KIND_LABELS[item.kind]}”中重复列入",
                            item.ref))  # fmt: skip
            continue
        seen.add((item.kind, item.line_id))
        named[item.line_id].append(item)
    for duty in city_duties:
        covering = [i for i in named.get(duty.line_id, []) if i.kind in duty.accepted_kinds]
        if not covering:
            gaps.append(Gap("missing", duty.line_id, _missing_message(duty),
                            deadline=duty.deadline))  # fmt: skip
            continue
        if duty.deadline is None:
            continue
        for item in covering:
            if item.planned_on is not None and item.planned_on > duty.deadline:
                gaps.append(Gap(
                    "late", duty.line_id,
                    f"生产线 {duty.line_id} 计划 {item.planned_on.isoformat()} 完成，"
                    f"晚于时限 {duty.deadline.isoformat()}",
                    item.ref, duty.deadline, item.planned_on,
                ))  # fmt: skip
    return gaps


def _missing_message(duty: Duty) -> str:
    reasons = []
    if duty.eliminated:
        reasons.append("最近一次评估结论为淘汰退出")
    if duty.tasks:
        reasons.append("负有退出或改造任务（" + "、".join(duty.tasks) + "）")
    where = "“淘汰”或“提升”" if duty.retrofit_only else "“淘汰”"
    return f"生产线 {duty.line_id} {'，'.join(reasons)}，但未列入计划的{where}"


def gap_counts(gaps: Iterable[Gap]) -> dict[str, int]:
    """Gaps by kind, every kind present."""
    counts: dict[str, int] = dict.fromkeys(GAP_KINDS, 0)
    for gap in gaps:
        counts[gap.kind] += 1
    return counts


def submission_status(
    submitted_on: dt.date | None, as_of: dt.date, due: dt.date = DUE_DATE
) -> SubmissionStatus:
    """Where a city stands against the due date on ``as_of`` (the due day itself is on time).

    A plan submitted after ``as_of`` is treated as not yet submitted on that day, so a past
    date shows the situation as it was then.
    """
    if submitted_on is not None and submitted_on <= as_of:
        return "on_time" if submitted_on <= due else "late"
    return "missing" if as_of > due else "pending"


# ─── plan items: the rules shared by the form and the workbook ───────────────


def item_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Problems of one plan item beyond each field's own format, by field (the item's
    fields as the form and the workbook read them: kind, year, line_id, credit_code …)."""
    problems: dict[str, str] = {}
    if values.get("kind") == "eliminate":
        if not values.get("line_id"):
            problems["line_id"] = "“淘汰”事项须填写生产线编号（台账中的编号）"
        if not values.get("planned_on"):
            problems["planned_on"] = "“淘汰”事项须填写计划完成日期"
    code = values.get("credit_code")
    if code:
        problem = credit_code.problem(code)
        if problem:
            problems["credit_code"] = problem
    year = values.get("year")
    if year is not None and year not in PLAN_YEARS:
        problems["year"] = f"年度应在 {PLAN_YEARS.start}—{PLAN_YEARS.stop - 1} 年之间"
    return problems


def industry_text(value: str) -> str:
    """An industry as written, or its Chinese name when given by code (``steel`` → 钢铁)."""
    text = value.strip()
    return INDUSTRY_LABELS.get(text, text)
