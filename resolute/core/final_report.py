"""The final report (总结报告): the whole plan summed up once its period is over.

The plan ran 2021–2022 (the cement tail of 二(三)5 to the end of 2024). Made on a day after
that (``as_of``), the final report states from the same data as the quarterly bulletin:

- **every target's final figure** (各项目标最终完成情况): a capacity target of 二(三) its
  achieved capacity within its period (exits after the period never count toward it), a
  counted target of 三 and 四 its registered names, any other target its latest reported
  figure (or assessment) when one is given, else 未填报; each is 已完成 or 未完成 against its
  figure — never "on track", there is nothing left to forecast;
- **every city's final completion** (各市最终完成情况): all its dated duties, how many were
  done by their deadline, done late, and still open on ``as_of``, and the share done;
- **every line still not exited** (仍未退出的生产线): each open duty with its deadline and the
  days it has been overdue on ``as_of`` — the count goes on while the line stays — and,
  apart, the open undated duties (二(三)2 分批整合转移), which have no deadline to be late for.

Everything is sorted and no clock is read: the same data and day give the same report and
the same :func:`content_hash`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from resolute.core import obligations as obligations_mod
from resolute.core import progress as progress_mod
from resolute.core import registry as registry_core
from resolute.core import schema
from resolute.core.bulletin import (
    ADDRESSED_TO,
    COPY_TO,
    ISSUING_OFFICE,
    REPORT_TO,
    UNKNOWN_CITY,
    Issue,
    canonical_json,
    json_figure,
)
from resolute.core.cities import city_sort_key
from resolute.core.ledger import Ledger
from resolute.core.plan_period import last_deadline, plan_end
from resolute.core.targets import Target, Targets

FORMAT = "resolute.final-report/1"
#: 左右 (about) counts as reached at this share of the figure: the software's default,
#: not the plan's (docs/thresholds.md), printed beside every such verdict.
ABOUT_SHARE = Decimal("0.95")
ABOUT_NOTE = "“左右”类目标按达到目标值的 95% 计为完成（按软件缺省值，待核实）。"
#: Final states of a target; ``unreported``: no figure was reported or registered for it.
FINAL_LABELS: dict[str, str] = {"met": "已完成", "not_met": "未完成", "unreported": "未填报"}
RATING_STATES = {"met": "met", "mostly": "not_met", "not_met": "not_met"}
COMPLETION_RULE = (
    "各市完成率为其全部逐条退出（改造）任务中已完成的比例，按期完成和逾期完成都计为已完成；"
    "仍未完成的任务按期限次日起算逾期天数，计至报告日。未定期限的任务（二(三)2 分批整合转移）单列，不计入完成率。"
)


def final_issue(issued_on: dt.date | None = None, office: str | None = None) -> Issue:
    """How the final report is issued: the office that reports on the plan reports to 省委、
    省政府 (方案五(四) “定期向省委省政府报告”), and copies to those the bulletins go to."""
    return Issue(
        office=office or ISSUING_OFFICE,
        issued_on=issued_on,
        addressed_to=REPORT_TO,
        report_to="",
        copy_to=f"{ADDRESSED_TO}，{COPY_TO}",
    )


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """A department's latest figure for a target of 三、四 or 五 (plain data from the web)."""

    target_id: str
    period: str
    value: float | None
    #: For a qualitative target: the official's assessment, 达到 / 基本达到 / 未达到
    #: (met / mostly / not_met).
    rating: str = ""


@dataclass(frozen=True, slots=True)
class FinalTarget:
    target_id: str
    clause: str
    indicator: str
    wording: str
    scope: str
    unit: str
    comparison: str
    period_end: dt.date
    target: float | None
    value_min: float | None
    value_max: float | None
    #: The final figure; None when none is known (unreported, or a qualitative target).
    achieved: float | None
    source: str  # ledger, registry, report, none
    source_period: str
    state: str  # met, not_met, unreported

    @property
    def state_label(self) -> str:
        return FINAL_LABELS[self.state]

    @property
    def percent(self) -> float | None:
        if self.achieved is None or not self.target or self.comparison not in ("at_least", "all"):
            return None
        return 100.0 * self.achieved / self.target


@dataclass(frozen=True, slots=True)
class CityCompletion:
    city: str
    duties: int
    on_time: int
    late: int
    open: int
    longest_overdue_days: int | None

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def percent(self) -> float | None:
        return 100.0 * self.done / self.duties if self.duties else None


@dataclass(frozen=True, slots=True)
class OpenLine:
    city: str
    county: str
    enterprise: str
    credit_code: str
    line_id: str
    equipment: str
    task_id: str
    clause: str
    action: str
    deadline: dt.date | None
    #: Days past the deadline on the report's day; None for an undated duty.
    days_overdue: int | None


@dataclass(frozen=True)
class FinalReport:
    as_of: dt.date
    plan_start: dt.date
    plan_end: dt.date
    last_deadline: dt.date
    targets_version: str
    targets: tuple[FinalTarget, ...]
    cities: tuple[CityCompletion, ...]
    open_lines: tuple[OpenLine, ...]
    open_undated: tuple[OpenLine, ...]
    completion_rule: str = COMPLETION_RULE

    @property
    def title(self) -> str:
        return "全省落实“三个坚决”行动方案（2021—2022年）实施情况总结报告"

    @property
    def in_period(self) -> bool:
        """Made before the last deadline: figures are not final yet, and the report says so."""
        return self.as_of <= self.last_deadline

    def state_counts(self) -> dict[str, int]:
        counted = Counter(t.state for t in self.targets)
        return {s: counted[s] for s in FINAL_LABELS}

    def totals(self) -> CityCompletion:
        c = self.cities
        longest = [x.longest_overdue_days for x in c if x.longest_overdue_days is not None]
        return CityCompletion(
            "全省",
            sum(x.duties for x in c),
            sum(x.on_time for x in c),
            sum(x.late for x in c),
            sum(x.open for x in c),
            max(longest, default=None),
        )


# ─── building ────────────────────────────────────────────────────────────────


def build_final_report(
    ledger: Ledger,
    as_of: dt.date,
    book: Targets,
    *,
    registry: Iterable[registry_core.RegistryEntry] = (),
    reports: Mapping[str, ReportedFigure] | None = None,
) -> FinalReport:
    """The final report on ``as_of`` from ``ledger``, the registry of counted things and the
    latest reported figures (both plain data; the web passes its stores)."""
    duties = obligations_mod.evaluate(ledger, as_of, book)
    names = _names(ledger)
    return FinalReport(
        as_of=as_of,
        plan_start=book.plan_start,
        plan_end=plan_end(book),
        last_deadline=last_deadline(book),
        targets_version=book.full_version,
        targets=_targets(ledger, as_of, book, registry, reports or {}),
        cities=_cities(duties.obligations, as_of),
        open_lines=_open(duties.obligations, as_of, names),
        open_undated=_open_undated(duties.undated, names),
    )


def _names(ledger: Ledger) -> dict[str, str]:
    return dict(ledger.enterprises.select("credit_code", pl.col("name").fill_null("")).iter_rows())


def _targets(
    ledger: Ledger,
    as_of: dt.date,
    book: Targets,
    registry: Iterable[registry_core.RegistryEntry],
    reports: Mapping[str, ReportedFigure],
) -> tuple[FinalTarget, ...]:
    measured = {p.target.id: p for p in progress_mod.progress(ledger, as_of, book)}
    counted = {p.target.id: p for p in registry_core.progress(book, registry, as_of)}
    rows = []
    for t in book.targets:
        if t.id in measured:
            achieved: float | None = measured[t.id].achieved
            source, period = "ledger", t.period.end.isoformat()
            state = _state(t, achieved)
        elif t.id in counted:
            achieved = float(counted[t.id].count)
            source, period = "registry", as_of.isoformat()
            state = _state(t, achieved)
        elif t.id in reports:
            r = reports[t.id]
            achieved, source, period = r.value, "report", r.period
            if t.comparison == "qualitative" or r.value is None:
                # 基本达到 (mostly) is not 已完成: the final report says met or not.
                state = RATING_STATES.get(r.rating, "unreported")
            else:
                state = _state(t, r.value)
        else:
            achieved, source, period, state = None, "none", "", "unreported"
        rows.append(
            FinalTarget(
                target_id=t.id,
                clause=t.clause,
                indicator=t.indicator,
                wording=t.wording,
                scope=t.scope.as_json()["label"],
                unit=t.unit,
                comparison=t.comparison,
                period_end=t.period.end,
                target=t.target,
                value_min=t.value_min,
                value_max=t.value_max,
                achieved=achieved,
                source=source,
                source_period=period,
                state=state,
            )
        )
    return tuple(rows)


def _state(t: Target, value: float | None) -> str:
    """Met or not by the target's comparison; "about" (左右) reads as reached at 95 % or more
    of the figure, the software's default noted in docs/thresholds.md."""
    if value is None:
        return "unreported"
    if t.comparison == "range":
        assert t.value_min is not None
        return "met" if value >= t.value_min else "not_met"
    if t.target is None:
        return "unreported"
    if t.comparison == "at_most":
        return "met" if value <= t.target else "not_met"
    if t.comparison == "about":  # compared in decimal, as the plan writes its figures
        reached = Decimal(str(value)) >= ABOUT_SHARE * Decimal(str(t.target))
        return "met" if reached else "not_met"
    return "met" if value >= t.target else "not_met"


def _cities(
    found: Iterable[obligations_mod.Obligation], as_of: dt.date
) -> tuple[CityCompletion, ...]:
    duties: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    late: Counter[str] = Counter()
    still: Counter[str] = Counter()
    longest: dict[str, int] = {}
    for o in found:
        city = o.city or UNKNOWN_CITY
        duties[city] += 1
        if o.status == "done":
            (late if o.late else on_time)[city] += 1
        else:
            still[city] += 1
            if o.status == "overdue":
                longest[city] = max(longest.get(city, 0), (as_of - o.deadline).days)
    cities = list(schema.CITIES) + ([UNKNOWN_CITY] if duties[UNKNOWN_CITY] else [])
    return tuple(
        CityCompletion(c, duties[c], on_time[c], late[c], still[c], longest.get(c)) for c in cities
    )


def _equipment(code: str) -> str:
    spec = schema.EQUIPMENT_BY_CODE.get(code)
    return spec.label if spec else code


def _sort_key(line: OpenLine) -> tuple[Any, ...]:
    days = line.days_overdue if line.days_overdue is not None else -1
    return (city_sort_key(line.city), -days, line.enterprise,
            line.credit_code, line.line_id, line.task_id)  # fmt: skip


def _open(
    found: Iterable[obligations_mod.Obligation], as_of: dt.date, names: Mapping[str, str]
) -> tuple[OpenLine, ...]:
    rows = [
        OpenLine(
            o.city or UNKNOWN_CITY,
            o.county or "",
            names.get(o.credit_code, ""),
            o.credit_code,
            o.line_id,
            _equipment(o.equipment),
            o.task_id,
            o.clause,
            o.action,
            o.deadline,
            (as_of - o.deadline).days if o.status == "overdue" else None,
        )
        for o in found
        if o.status != "done"
    ]
    return tuple(sorted(rows, key=_sort_key))


def _open_undated(
    found: Iterable[obligations_mod.UndatedDuty], names: Mapping[str, str]
) -> tuple[OpenLine, ...]:
    rows = [
        OpenLine(
            u.city or UNKNOWN_CITY,
            u.county or "",
            names.get(u.credit_code, ""),
            u.credit_code,
            u.line_id,
            _equipment(u.equipment),
            u.task_id,
            u.clause,
            u.action,
            None,
            None,
        )
        for u in found
        if not u.done
    ]
    return tuple(sorted(rows, key=_sort_key))


# ─── JSON and hash ───────────────────────────────────────────────────────────


def _line_json(o: OpenLine) -> dict[str, Any]:
    return {
        "city": o.city,
        "county": o.county,
        "enterprise": o.enterprise,
        "credit_code": o.credit_code,
        "line_id": o.line_id,
        "equipment": o.equipment,
        "task_id": o.task_id,
        "clause": o.clause,
        "action": o.action,
        "deadline": o.deadline.isoformat() if o.deadline else None,
        "days_overdue": o.days_overdue,
    }


def _city_json(c: CityCompletion) -> dict[str, Any]:
    return {
        "city": c.city,
        "duties": c.duties,
        "done": c.done,
        "on_time": c.on_time,
        "late": c.late,
        "open": c.open,
        "percent": json_figure(c.percent),
        "longest_overdue_days": c.longest_overdue_days,
    }


def report_json(r: FinalReport) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "title": r.title,
        "as_of": r.as_of.isoformat(),
        "plan_start": r.plan_start.isoformat(),
        "plan_end": r.plan_end.isoformat(),
        "last_deadline": r.last_deadline.isoformat(),
        "in_period": r.in_period,
        "targets_version": r.targets_version,
        "state_counts": r.state_counts(),
        "targets": [
            {
                "target_id": t.target_id,
                "clause": t.clause,
                "indicator": t.indicator,
                "scope": t.scope,
                "unit": t.unit,
                "comparison": t.comparison,
                "period_end": t.period_end.isoformat(),
                "target": json_figure(t.target),
                "value_min": json_figure(t.value_min),
                "value_max": json_figure(t.value_max),
                "achieved": json_figure(t.achieved),
                "percent": json_figure(t.percent),
                "source": t.source,
                "source_period": t.source_period,
                "state": t.state,
                "state_label": t.state_label,
            }
            for t in r.targets
        ],
        "completion_rule": r.completion_rule,
        "province": _city_json(r.totals()),
        "cities": [_city_json(c) for c in r.cities],
        "open_lines": [_line_json(o) for o in r.open_lines],
        "open_undated": [_line_json(o) for o in r.open_undated],
    }


def content_hash(r: FinalReport) -> str:
    return hashlib.sha256(canonical_json(report_json(r)).encode("utf-8")).hexdigest()
