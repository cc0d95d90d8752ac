"""The quarterly bulletin (季通报): what the province reports on the plan at a quarter's end.

A bulletin is computed from a ledger as of the last day of a quarter, from the same figures
as ``resolute progress`` and ``resolute obligations`` (never typed in):

- **headline figures** (总体进展): for every kind of capacity the plan's province-wide
  capacity targets measure (炼钢、炼铁 and 地炼 in 万吨, 焦化 in 万吨, 低效煤电 in 万千瓦,
  煤矿 in 万吨 …), the capacity whose verified exit date falls inside the quarter, and
  cumulatively from the plan's start to the quarter's end; the number of lines exited in the
  quarter and cumulatively; the obligations due by the quarter's end, done and overdue;
- **every capacity target's progress** (目标完成情况) on the quarter's last day: achieved,
  target, percent, forecast and status, by the status rules of the targets data;
- **a ranking of the 16 cities** (各市排名), by the rule in :data:`RANKING_RULE`: the share of
  the city's obligations due by the quarter's end (deadline on or before it) that are done
  (完成率), highest first; equal shares are ordered by fewer overdue obligations; cities still
  equal share a rank and are listed in the province's official order. A city with no
  obligation due yet is listed without a rank;
- **overdue lines** (逾期未完成退出的生产线): every obligation overdue at the quarter's end,
  with the city, enterprise, line, task, deadline and days overdue;
- **overdue by city** (各市逾期情况): per city, the overdue obligations, the lines and the
  enterprises they concern and the longest overdue — the table the printed bulletin carries,
  while the full list goes to its annex (the workbook) and the web page;
- **chart data**: per city, its share and overdue count; per target, its percent.

How a bulletin is issued — the office, the issue number of the year (第×期), the date of issue,
whom it goes to — is an :class:`Issue`, kept apart from the content: the same ledger gives the
same content and hash whatever number the bulletin is issued under.

The bulletin is deterministic: everything is sorted, no clock is read (the day is the
quarter's end), and floats are kept as computed — rounded only in the canonical JSON, to
:data:`JSON_DECIMALS` places so that the order a sum was added in cannot change the hash, and
for display when rendered. :func:`content_hash` is the SHA-256 of the canonical JSON: the
same data gives the same hash, which is how an issued bulletin is frozen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import polars as pl

from resolute.core import obligations as obligations_mod
from resolute.core import progress as progress_mod
from resolute.core import schema, words
from resolute.core import targets as targets_data
from resolute.core.ledger import Ledger
from resolute.core.targets import Period, Target, Targets, number

FORMAT = "resolute.bulletin/1"
#: Decimal places a float keeps in the canonical JSON (and so in the hash).
JSON_DECIMALS = 6
UNKNOWN_CITY = words.UNKNOWN

RANKING_RULE = (
    "各市按截至本季度末已到期（期限不晚于季度末）的逐条退出任务中已完成的比例（完成率）"
    "由高到低排名；完成率相同的，逾期未完成任务少的在前；仍相同的并列同一名次，"
    "按全省城市顺序列出。截至季度末尚无到期任务的市不参与排名。"
)
HEADLINE_NOTE = (
    "本季度和累计退出量只计运行状态为“已退出”且退出日期经核实、落在相应期间内的生产线；"
    "累计自方案实施之日起至本季度末。"
)

#: 发文机关, 主送, 报送 of the bulletin, as the plan says who reports on it (方案五(四)); 抄送
#: to the working groups it coordinates with (方案五(一)). Each can be changed per bulletin.
ISSUING_OFFICE = "山东省新旧动能转换综合试验区建设领导小组办公室"
ADDRESSED_TO = "各市、省有关部门"
REPORT_TO = "省委、省政府"
COPY_TO = "“10+4”专班"
ISSUE_SOURCE = (
    "方案五(四)：“省新旧动能转换综合试验区建设领导小组办公室对各市、省有关部门工作推进情况"
    "实行季调度、季通报，定期向省委省政府报告。”方案五(一)：“省新旧动能转换综合试验区建设领导"
    "小组办公室会同各专班、各有关部门，建立落实‘三个坚决’协调推进机制”。"
)

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
_CHINESE_NUMBERS = ("一", "二", "三", "四")


class QuarterError(ValueError):
    """A quarter that cannot be read."""


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """A calendar quarter, such as 2022Q4 (2022-10-01 to 2022-12-31)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise QuarterError(f"季度应为 1—4：{self.number}")
        if not 1900 <= self.year <= 2999:
            raise QuarterError(f"年份不合理：{self.year}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2022Q4`` (also ``2022q4`` and ``2022-Q4``)."""
        found = _QUARTER.match(text)
        if found is None:
            raise QuarterError(f"季度应写作 2022Q4 这样的形式：{text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年第{_CHINESE_NUMBERS[self.number - 1]}季度"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


class IssueError(ValueError):
    """An issue number or date that cannot be used."""


def issue_label(year: int | None, issue_number: int | None) -> str:
    """A bulletin's 期号 as printed, ``2023年第1期``; "" when it has no number."""
    if year is None or issue_number is None:
        return ""
    return f"{year}年第{issue_number}期"


@dataclass(frozen=True, slots=True)
class Issue:
    """How a document is issued: its 版头 (issuing office, 第×期 of the year) and 版记 (报送,
    抄送, 印发日期), after GB/T 9704. Not part of the content and not covered by its hash.

    ``number`` counts the bulletins the office issued in the year of ``issued_on`` (the
    期号 "2023年第1期"); without one the document carries no 期号 (a draft). ``issued_on`` is the
    date of issue (成文日期 and 印发日期); without one the document carries neither.
    """

    office: str = ISSUING_OFFICE
    number: int | None = None
    issued_on: dt.date | None = None
    addressed_to: str = ADDRESSED_TO
    report_to: str = REPORT_TO
    copy_to: str = COPY_TO

    def __post_init__(self) -> None:
        if self.number is not None and self.number < 1:
            raise IssueError(f"期号应为正整数：{self.number}")
        if self.number is not None and self.issued_on is None:
            raise IssueError("给出期号时须给出印发日期：期号按印发日期所在年度编排")
        if not self.office.strip():
            raise IssueError("发文机关不能为空")

    @property
    def year(self) -> int | None:
        return self.issued_on.year if self.issued_on is not None else None

    @property
    def number_label(self) -> str:
        """``2023年第1期``; "" without a number."""
        return issue_label(self.year, self.number)

    def as_json(self) -> dict[str, Any]:
        return {
            "office": self.office,
            "year": self.year,
            "number": self.number,
            "number_label": self.number_label,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "addressed_to": self.addressed_to,
            "report_to": self.report_to,
            "copy_to": self.copy_to,
        }


# ─── the bulletin's parts ─────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Headline:
    """Capacity of one kind exited in the quarter and cumulatively."""

    key: str
    industry: str
    label: str
    unit: str
    clause: str
    quarter: float
    cumulative: float
    quarter_lines: int
    cumulative_lines: int
    previous_quarter: float | None


@dataclass(frozen=True, slots=True)
class Totals:
    lines_exited_quarter: int
    lines_exited_cumulative: int
    obligations: int
    obligations_due: int
    obligations_done: int
    obligations_overdue: int
    overdue_lines: int


@dataclass(frozen=True, slots=True)
class TargetRow:
    target_id: str
    clause: str
    indicator: str
    scope: str
    unit: str
    period_start: dt.date
    period_end: dt.date
    target: float
    achieved: float
    percent: float
    forecast: float
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class CityRank:
    city: str
    obligations_due: int
    done: int
    overdue: int
    #: Percent of the obligations due that are done; None when none is due.
    score: float | None
    rank: int | None
    previous_rank: int | None


@dataclass(frozen=True, slots=True)
class OverdueLine:
    city: str
    county: str
    enterprise: str
    credit_code: str
    line_id: str
    equipment: str
    task_id: str
    clause: str
    action: str
    deadline: dt.date
    days_overdue: int


@dataclass(frozen=True, slots=True)
class CityOverdue:
    """One city's overdue obligations at the quarter's end, counted."""

    city: str
    obligations: int
    lines: int
    enterprises: int
    #: Days the longest overdue obligation is late; None when nothing is overdue.
    longest_days: int | None


@dataclass(frozen=True)
class Bulletin:
    quarter: Quarter
    plan_start: dt.date
    targets_version: str
    headline: tuple[Headline, ...]
    totals: Totals
    targets: tuple[TargetRow, ...]
    ranking: tuple[CityRank, ...]
    overdue: tuple[OverdueLine, ...]
    previous_quarter: Quarter | None
    status_rule: str
    ranking_rule: str = RANKING_RULE
    headline_note: str = HEADLINE_NOTE

    @property
    def as_of(self) -> dt.date:
        return self.quarter.end

    @property
    def title(self) -> str:
        return f"全省落实“三个坚决”工作季度通报（{self.quarter.label}）"

    def overdue_by_city(self) -> tuple[tuple[CityOverdue, ...], CityOverdue]:
        """Every city in the official order (an unknown city last, when there is one) with
        its overdue obligations counted, and the province's total."""
        rows: dict[str, list[OverdueLine]] = {c: [] for c in schema.CITIES}
        for o in self.overdue:
            rows.setdefault(o.city, []).append(o)

        def counted(city: str, found: list[OverdueLine]) -> CityOverdue:
            return CityOverdue(
                city=city,
                obligations=len(found),
                lines=len({o.line_id for o in found}),
                enterprises=len({o.credit_code for o in found}),
                longest_days=max((o.days_overdue for o in found), default=None),
            )

        return (
            tuple(counted(c, found) for c, found in rows.items()),
            counted("全省", list(self.overdue)),
        )

    def city_chart(self) -> list[dict[str, Any]]:
        """Bars per city, in the official order: its share done and its overdue count."""
        by_city = {r.city: r for r in self.ranking}
        return [
            {"city": c, "score": by_city[c].score, "overdue": by_city[c].overdue}
            for c in schema.CITIES
        ]

    def target_chart(self) -> list[dict[str, Any]]:
        """Bars per target, in the data's order: its percent and status."""
        return [
            {
                "target_id": t.target_id,
                "clause": t.clause,
                "indicator": t.indicator,
                "scope": t.scope,
                "period_end": t.period_end.isoformat(),
                "percent": t.percent,
                "status": t.status,
            }
            for t in self.targets
        ]


# ─── building ────────────────────────────────────────────────────────────────


def build_bulletin(
    ledger: Ledger,
    quarter: Quarter,
    *,
    previous: Bulletin | None = None,
    book: Targets | None = None,
) -> Bulletin:
    """The bulletin of ``quarter`` from ``ledger``; ``previous`` (an earlier quarter's
    bulletin) adds last quarter's figures and ranks for comparison."""
    if previous is not None and previous.quarter >= quarter:
        raise ValueError(f"上期通报（{previous.quarter}）应早于本期（{quarter}）")
    book = book or targets_data.default()
    as_of = quarter.end
    # The state at the close of the quarter's last day: a duty due that day and not done is
    # overdue, a target whose period ends that day has ended (到期 = 已完成 + 逾期未完成).
    report = obligations_mod.evaluate(ledger, as_of, book, at_close=True)
    frame = obligations_mod.line_frame(ledger, book.plan_start, book.paired_rulebook)
    overdue = _overdue(report.obligations, ledger, as_of)
    return Bulletin(
        quarter=quarter,
        plan_start=book.plan_start,
        targets_version=book.full_version,
        headline=_headline(ledger, quarter, book, previous),
        totals=_totals(frame, quarter, book.plan_start, report.obligations, overdue),
        targets=_targets(ledger, as_of, book),
        ranking=_ranking(report.obligations, as_of, previous),
        overdue=overdue,
        previous_quarter=previous.quarter if previous is not None else None,
        status_rule=book.status_rules.note,
    )


def headline_targets(book: Targets) -> list[Target]:
    """One province-wide capacity target per kind of capacity measured: the first with the
    widest period among those that count the same equipment, task and condition."""
    chosen: dict[str, Target] = {}
    for t in book.measured():
        m = t.measure
        assert m is not None
        if m.count != "capacity" or m.share or t.scope.area != "province":
            continue
        key = json.dumps(m.model_dump(mode="json", exclude={"count", "share"}), sort_keys=True)
        kept = chosen.get(key)
        if kept is None or _span(t.period) > _span(kept.period):
            chosen[key] = t
    return sorted(chosen.values(), key=lambda t: book.targets.index(t))


def _span(period: Period) -> int:
    return (period.end - period.start).days


def _headline(
    ledger: Ledger, quarter: Quarter, book: Targets, previous: Bulletin | None
) -> tuple[Headline, ...]:
    """Exits in the quarter and since the plan's start, through progress with the same
    measures over those two periods."""
    chosen = headline_targets(book)
    periods = {
        "quarter": Period(start=quarter.start, end=quarter.end),
        "cumulative": Period(start=book.plan_start, end=quarter.end),
    }
    synthetic = tuple(
        t.model_copy(update={"id": f"{t.id}#{name}", "period": period})
        for t in chosen
        for name, period in periods.items()
    )
    found = {
        p.target.id: p
        for p in progress_mod.progress(
            ledger, quarter.end, book.model_copy(update={"targets": synthetic})
        )
    }
    before = {h.key: h.quarter for h in previous.headline} if previous is not None else {}
    rows = []
    for t in chosen:
        assert t.measure is not None
        now, total = found[f"{t.id}#quarter"], found[f"{t.id}#cumulative"]
        industry = schema.EQUIPMENT_BY_CODE[t.measure.equipment[0]].industry
        rows.append(
            Headline(
                key=t.id,
                industry=schema.INDUSTRY_BY_CODE[industry].label,
                label=t.indicator,
                unit=t.unit,
                clause=t.clause,
                quarter=now.achieved,
                cumulative=total.achieved,
                quarter_lines=len(now.achieved_lines),
                cumulative_lines=len(total.achieved_lines),
                previous_quarter=before.get(t.id),
            )
        )
    return tuple(rows)


def _totals(
    frame: pl.DataFrame,
    quarter: Quarter,
    plan_start: dt.date,
    found: tuple[obligations_mod.Obligation, ...],
    overdue: tuple[OverdueLine, ...],
) -> Totals:
    exited_on = pl.col("exited_on")
    verified = (pl.col("status") == "exited") & exited_on.is_not_null()
    counts = frame.select(
        (verified & exited_on.is_between(quarter.start, quarter.end)).sum().alias("q"),
        (verified & exited_on.is_between(plan_start, quarter.end)).sum().alias("c"),
    ).row(0, named=True)
    due = [o for o in found if o.deadline <= quarter.end]
    return Totals(
        lines_exited_quarter=int(counts["q"] or 0),
        lines_exited_cumulative=int(counts["c"] or 0),
        obligations=len(found),
        obligations_due=len(due),
        obligations_done=sum(o.status == "done" for o in due),
        obligations_overdue=sum(o.status == "overdue" for o in found),
        overdue_lines=len({o.line_id for o in overdue}),
    )


def _targets(ledger: Ledger, as_of: dt.date, book: Targets) -> tuple[TargetRow, ...]:
    rows = []
    for p in progress_mod.progress(ledger, as_of, book, at_close=True):
        t = p.target
        assert t.target is not None
        rows.append(
            TargetRow(
                target_id=t.id,
                clause=t.clause,
                indicator=t.indicator,
                scope=t.scope.as_json()["label"],
                unit=t.unit,
                period_start=t.period.start,
                period_end=t.period.end,
                target=t.target,
                achieved=p.achieved,
                percent=p.percent,
                forecast=p.forecast,
                status=p.status,
                status_label=p.status_label(book.status_rules),
            )
        )
    return tuple(rows)


def _ranking(
    found: tuple[obligations_mod.Obligation, ...], as_of: dt.date, previous: Bulletin | None
) -> tuple[CityRank, ...]:
    """The 16 cities by the rule of :data:`RANKING_RULE` (unknown cities are left out)."""
    due: Counter[str] = Counter()
    done: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for o in found:
        if o.city is None or o.deadline > as_of:
            continue
        due[o.city] += 1
        done[o.city] += o.status == "done"
        overdue[o.city] += o.status == "overdue"
    order = {c: i for i, c in enumerate(schema.CITIES)}
    ranked = sorted(
        (c for c in schema.CITIES if due[c]),
        key=lambda c: (-Fraction(done[c], due[c]), overdue[c], order[c]),
    )
    ranks: dict[str, int] = {}
    for position, city in enumerate(ranked, start=1):
        before_it = ranked[position - 2] if position > 1 else None
        if before_it is not None and _same_place(city, before_it, done, due, overdue):
            ranks[city] = ranks[before_it]
        else:
            ranks[city] = position
    before = {r.city: r.rank for r in previous.ranking} if previous is not None else {}
    unranked = [c for c in schema.CITIES if not due[c]]
    return tuple(
        CityRank(
            city=c,
            obligations_due=due[c],
            done=done[c],
            overdue=overdue[c],
            score=100.0 * done[c] / due[c] if due[c] else None,
            rank=ranks.get(c),
            previous_rank=before.get(c),
        )
        for c in [*ranked, *unranked]
    )


def _same_place(
    a: str, b: str, done: Counter[str], due: Counter[str], overdue: Counter[str]
) -> bool:
    """Equal shares (compared exactly, as fractions) and equal overdue counts."""
    return done[a] * due[b] == done[b] * due[a] and overdue[a] == overdue[b]


def _overdue(
    found: tuple[obligations_mod.Obligation, ...], ledger: Ledger, as_of: dt.date
) -> tuple[OverdueLine, ...]:
    """Overdue obligations: by city in the official order, longest overdue first, then by
    enterprise, line and task."""
    late = [o for o in found if o.status == "overdue"]
    codes = sorted({o.credit_code for o in late})
    names: dict[str, str] = dict(
        ledger.enterprises.filter(pl.col("credit_code").is_in(codes))
        .select("credit_code", pl.col("name").fill_null(""))
        .iter_rows()
    )
    order = {c: i for i, c in enumerate(schema.CITIES)}
    rows = [
        OverdueLine(
            city=o.city or UNKNOWN_CITY,
            county=o.county or "",
            enterprise=names.get(o.credit_code, ""),
            credit_code=o.credit_code,
            line_id=o.line_id,
            equipment=schema.EQUIPMENT_BY_CODE[o.equipment].label
            if o.equipment in schema.EQUIPMENT_BY_CODE
            else o.equipment,
            task_id=o.task_id,
            clause=o.clause,
            action=o.action,
            deadline=o.deadline,
            days_overdue=(as_of - o.deadline).days,
        )
        for o in late
    ]
    rows.sort(
        key=lambda r: (
            order.get(r.city, len(order)),
            r.city,
            -r.days_overdue,
            r.enterprise,
            r.credit_code,
            r.line_id,
            r.task_id,
        )
    )
    return tuple(rows)


# ─── canonical JSON and hash ─────────────────────────────────────────────────


def json_figure(value: float | None) -> float | int | None:
    """A figure of a document's JSON: rounded to ``JSON_DECIMALS``, no ``-0.0``, no trailing ``.0``."""
    return None if value is None else number(round(value, JSON_DECIMALS) + 0.0)


def bulletin_json(b: Bulletin) -> dict[str, Any]:
    """The bulletin as JSON data: the content that :func:`content_hash` covers."""
    totals = b.totals
    return {
        "format": FORMAT,
        "title": b.title,
        "quarter": str(b.quarter),
        "quarter_label": b.quarter.label,
        "period": {"start": b.quarter.start.isoformat(), "end": b.quarter.end.isoformat()},
        "as_of": b.as_of.isoformat(),
        "plan_start": b.plan_start.isoformat(),
        "targets_version": b.targets_version,
        "previous_quarter": str(b.previous_quarter) if b.previous_quarter else None,
        "headline": {
            "note": b.headline_note,
            "capacity": [
                {
                    "key": h.key,
                    "industry": h.industry,
                    "label": h.label,
                    "unit": h.unit,
                    "clause": h.clause,
                    "quarter": json_figure(h.quarter),
                    "cumulative": json_figure(h.cumulative),
                    "quarter_lines": h.quarter_lines,
                    "cumulative_lines": h.cumulative_lines,
                    "previous_quarter": json_figure(h.previous_quarter),
                }
                for h in b.headline
            ],
            "lines_exited": {
                "quarter": totals.lines_exited_quarter,
                "cumulative": totals.lines_exited_cumulative,
            },
            "obligations": {
                "total": totals.obligations,
                "due": totals.obligations_due,
                "done": totals.obligations_done,
                "overdue": totals.obligations_overdue,
                "overdue_lines": totals.overdue_lines,
            },
        },
        "status_rule": b.status_rule,
        "targets": [
            {
                "target_id": t.target_id,
                "clause": t.clause,
                "indicator": t.indicator,
                "scope": t.scope,
                "unit": t.unit,
                "period": {"start": t.period_start.isoformat(), "end": t.period_end.isoformat()},
                "target": json_figure(t.target),
                "achieved": json_figure(t.achieved),
                "percent": json_figure(t.percent),
                "forecast": json_figure(t.forecast),
                "status": t.status,
                "status_label": t.status_label,
            }
            for t in b.targets
        ],
        "ranking_rule": b.ranking_rule,
        "ranking": [
            {
                "city": r.city,
                "rank": r.rank,
                "score": json_figure(r.score),
                "obligations_due": r.obligations_due,
                "done": r.done,
                "overdue": r.overdue,
                "previous_rank": r.previous_rank,
            }
            for r in b.ranking
        ],
        "overdue": [
            {
                "city": o.city,
                "county": o.county,
                "enterprise": o.enterprise,
                "credit_code": o.credit_code,
                "line_id": o.line_id,
                "equipment": o.equipment,
                "task_id": o.task_id,
                "clause": o.clause,
                "action": o.action,
                "deadline": o.deadline.isoformat(),
                "days_overdue": o.days_overdue,
            }
            for o in b.overdue
        ],
        "charts": {
            "cities": [{**c, "score": json_figure(c["score"])} for c in b.city_chart()],
            "targets": [{**t, "percent": json_figure(t["percent"])} for t in b.target_chart()],
        },
    }


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(b: Bulletin) -> str:
    """SHA-256 (hex) of the canonical JSON of the bulletin."""
    return hashlib.sha256(canonical_json(bulletin_json(b)).encode("utf-8")).hexdigest()
