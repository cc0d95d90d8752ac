"""Obligations (逐条任务): which lines must exit or be retrofitted, and by when (二(三)1–7).

Each obligation task of ``targets.yaml`` names the equipment, the area and the condition a
line must meet, the action and the deadline. :func:`evaluate` applies every task to a whole
ledger column-wise in Polars and returns one :class:`Obligation` per line and task, with its
status on a given day:

- **done** (已完成): the line has exited (运行状态“已退出”) and its exit date, if recorded,
  is on or before that day — however late it was;
- **overdue** (逾期): not done and the day is after the deadline;
- **pending** (未到期): otherwise.

Conditions read unknown values as unknown (three-valued, as the rulebook does): a line whose
qualifying field is blank gets no obligation, and is listed as *undetermined* with the
fields that are missing, so that the gap is visible rather than silently read as "no duty".
Lines that had already exited before the plan's start (``plan_start``) are outside every
task.

Duties the plan sets without a date (``undated`` in targets.yaml: 二(三)2's 分批整合转移 of
refining capacity in dense urban areas) are returned apart, as :class:`UndatedDuty` — open
or done, never overdue — so that no due count, ranking or credit record includes them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from resolute.core import cities, engine, rulebook, schema
from resolute.core import targets as targets_data
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Condition, leaves
from resolute.core.targets import ObligationTask, Scope, Targets, UndatedTask

ObligationStatus = Literal["done", "pending", "overdue"]
STATUSES: tuple[ObligationStatus, ...] = ("overdue", "pending", "done")
STATUS_LABELS: dict[str, str] = {"done": "已完成", "pending": "未到期", "overdue": "逾期"}
#: A pending duty on its deadline day, on a page (reports read the close of the day: 逾期).
DUE_TODAY_LABEL = "今日到期"

#: Enterprise fields carried onto each line (conditions may name them).
_ENTERPRISE_COLUMNS = tuple(f.key for f in schema.ENTERPRISE_FIELDS if f.key != "credit_code")
_KEY_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class Obligation:
    """One line's duty under one task."""

    line_id: str
    credit_code: str
    task_id: str
    clause: str
    action: str
    deadline: dt.date
    status: ObligationStatus
    city: str | None
    county: str | None
    industry: str | None
    equipment: str
    exited_on: dt.date | None

    @property
    def late(self) -> bool:
        """Exited, but after the deadline."""
        return self.exited_on is not None and self.exited_on > self.deadline

    def due_today(self, as_of: dt.date) -> bool:
        """Pending and due on ``as_of`` (a page viewed on the deadline says 今日到期)."""
        return self.status == "pending" and self.deadline == as_of

    def status_label(self, as_of: dt.date) -> str:
        return DUE_TODAY_LABEL if self.due_today(as_of) else STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "credit_code": self.credit_code,
            "task_id": self.task_id,
            "clause": self.clause,
            "action": self.action,
            "deadline": self.deadline.isoformat(),
            "status": self.status,
            "city": self.city,
            "county": self.county,
            "industry": self.industry,
            "equipment": self.equipment,
            "exited_on": self.exited_on.isoformat() if self.exited_on else None,
            "late": self.late,
        }


@dataclass(frozen=True, slots=True)
class Undetermined:
    """A line a task may apply to, but whose qualifying fields are not all known."""

    line_id: str
    credit_code: str
    task_id: str
    clause: str
    missing: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "credit_code": self.credit_code,
            "task_id": self.task_id,
            "clause": self.clause,
            "missing": list(self.missing),
        }


@dataclass(frozen=True, slots=True)
class UndatedDuty:
    """One line's duty under a task the plan gives no date: ``done`` once the line exits."""

    line_id: str
    credit_code: str
    task_id: str
    clause: str
    action: str
    timing: str
    done: bool
    city: str | None
    county: str | None
    industry: str | None
    equipment: str
    exited_on: dt.date | None

    @property
    def status_label(self) -> str:
        return "已完成" if self.done else "未定期限"

    def as_json(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "credit_code": self.credit_code,
            "task_id": self.task_id,
            "clause": self.clause,
            "action": self.action,
            "deadline": None,
            "timing": self.timing,
            "status": "done" if self.done else "open",
            "city": self.city,
            "county": self.county,
            "industry": self.industry,
            "equipment": self.equipment,
            "exited_on": self.exited_on.isoformat() if self.exited_on else None,
        }


@dataclass(frozen=True)
class ObligationReport:
    as_of: dt.date
    book: Targets
    obligations: tuple[Obligation, ...]
    undetermined: tuple[Undetermined, ...]
    undated: tuple[UndatedDuty, ...] = ()
    at_close: bool = False

    def counts(self) -> dict[str, dict[str, int]]:
        """Obligations by task and status, every task and status present."""
        counted = Counter((o.task_id, o.status) for o in self.obligations)
        return {
            task.id: {s: counted[(task.id, s)] for s in STATUSES} for task in self.book.obligations
        }


# ─── the ledger as one table ──────────────────────────────────────────────────


def _corridor(city: str | None, county: str | None) -> bool | None:
    if city is None:
        return None
    try:
        return cities.is_corridor(city, county)
    except KeyError:
        return None


def line_frame(
    ledger: Ledger, plan_start: dt.date, rules: rulebook.Rulebook | None = None
) -> pl.DataFrame:
    """Every line in place at the plan's start, with its enterprise's fields, ``corridor`` and
    the enterprise flags of ``rules`` (``makes_radial_tyres``: see rulebook.Flag; the rulebook
    the targets are read with, :attr:`Targets.paired_rulebook`, the bundled one when not
    given).

    ``corridor`` is whether the line stands in the corridor-city area of 二(三)1 (null when
    its city is unknown). Lines that exited before ``plan_start`` are left out.
    """
    ents = ledger.enterprises.select("credit_code", *_ENTERPRISE_COLUMNS)
    frame = ledger.lines.join(ents, on="credit_code", how="left")
    place = pl.concat_str(
        [pl.col("city").fill_null(""), pl.col("county").fill_null("")], separator=_KEY_SEPARATOR
    )
    pairs = frame.select("city", "county").unique().iter_rows()
    flags = {
        f"{city or ''}{_KEY_SEPARATOR}{county or ''}": _corridor(city, county)
        for city, county in pairs
    }
    frame = frame.with_columns(
        place.replace_strict(flags, default=None, return_dtype=pl.Boolean).alias("corridor")
    )
    frame = frame.filter(~(pl.col("exited_on") < plan_start).fill_null(False))
    # The rulebook's flags (e.g. makes_radial_tyres), counted on these same lines.
    marks = engine.flag_columns(frame.lazy(), rules or rulebook.default())
    if marks is not None:
        frame = frame.join(marks.collect(), on="credit_code", how="left")
    return frame


def area(scope: Scope) -> pl.Expr:
    """Whether a line of :func:`line_frame` lies in the scope's area (null when unknown)."""
    if scope.area == "province":
        return pl.lit(True)
    if scope.area == "corridor":
        return pl.col("corridor")
    if scope.area == "outside_corridor":
        return ~pl.col("corridor")
    return pl.col("city") == scope.city


def exited_by(as_of: dt.date) -> pl.Expr:
    """The line has exited on or before ``as_of`` (an undated exit counts as exited)."""
    exited = pl.col("status").fill_null("operating") == "exited"
    return exited & (pl.col("exited_on").is_null() | (pl.col("exited_on") <= as_of))


def _condition(cond: Condition | None, book: Targets) -> pl.Expr:
    # The rulebook is only consulted for figure and aggregate names, which these conditions
    # never use; it is the one the targets are read with all the same.
    if cond is None:
        return pl.lit(True)
    return engine.condition(cond, book.paired_rulebook)


def _enterprise_totals(frame: pl.DataFrame, name: str, book: Targets) -> pl.DataFrame:
    """Per enterprise: the aggregate summed over its lines in place at the plan's start, and
    whether that sum is complete (no line of unknown kind or capacity)."""
    agg = book.aggregates[name]
    where = _condition(agg.where, book)
    amount = pl.col(agg.sum)
    return (
        frame.filter(pl.col("equipment").is_in(list(agg.equipment)))
        .group_by("credit_code")
        .agg(
            pl.when(where & amount.is_not_null()).then(amount).otherwise(0.0).sum().alias("_total"),
            (where.is_null() | (where & amount.is_null()))
            .fill_null(False)
            .any()
            .not_()
            .alias("_complete"),
        )
    )


def task_lines(
    frame: pl.DataFrame, task: ObligationTask | UndatedTask, book: Targets, as_of: dt.date
) -> pl.DataFrame:
    """The lines of the task's equipment and area on ``as_of``, with ``qualifies`` (null:
    unknown)."""
    part = frame.filter(
        pl.col("equipment").is_in(list(task.equipment)) & area(task.scope).fill_null(False)
    )
    qualifies = _condition(task.where, book)
    if isinstance(task, UndatedTask):
        return part.with_columns(qualifies.alias("qualifies"))
    total = task.enterprise_total
    if total is not None:
        part = part.join(_enterprise_totals(frame, total.aggregate, book), on="credit_code")
        sums = pl.col("_total")
        below = sums < total.value if total.op == "lt" else sums <= total.value
        # The sum of an incomplete enterprise is a lower bound: "below" is certain only when
        # complete, "not below" as soon as the known part reaches the threshold.
        certain = pl.when(pl.col("_complete") | ~below).then(below).otherwise(None)
        qualifies = qualifies & _condition(book.aggregates[total.aggregate].where, book) & certain
    part = part.with_columns(qualifies.alias("qualifies"))
    if task.keep_one_per is not None:
        part = _keep_one_per(part, task, as_of)
    return part


def _keep_one_per(part: pl.DataFrame, task: ObligationTask, as_of: dt.date) -> pl.DataFrame:
    """Of the qualifying lines in place on ``as_of`` that share a group within an enterprise,
    all but the largest (ties: the first line number is kept). A line that has exited owes
    nothing here."""
    assert task.keep_one_per is not None
    group, size = task.keep_one_per.group, task.keep_one_per.keep_largest
    members = ["credit_code", group]
    in_place = pl.col("qualifies").fill_null(False) & ~exited_by(as_of)
    pool = part.filter(in_place & pl.col(group).is_not_null())
    kept = (
        pl.col("line_id")
        .sort_by([pl.col(size), pl.col("line_id")], descending=[True, False], nulls_last=True)
        .first()
        .over(members)
    )
    excess = pool.filter((pl.len().over(members) >= 2) & (pl.col("line_id") != kept))["line_id"]
    qualifies = (
        pl.when(pl.col("qualifies").is_null())
        .then(None)
        .when(~in_place)
        .then(False)
        .when(pl.col(group).is_null())
        .then(None)
        .otherwise(pl.col("line_id").is_in(excess.implode()))
    )
    return part.with_columns(qualifies.alias("qualifies"))


# ─── obligations ──────────────────────────────────────────────────────────────


def evaluate(
    ledger: Ledger, as_of: dt.date, book: Targets | None = None, *, at_close: bool = False
) -> ObligationReport:
    """Every obligation of every line on ``as_of``, and the lines left undetermined.

    During the day (``at_close`` False, what a page shows) a duty due on ``as_of`` is still
    pending (今日到期); at the close of the day (a report for a period ending on ``as_of``) it is
    overdue unless done, so that 到期 = 已完成 + 逾期未完成."""
    book = book or targets_data.default()
    frame = line_frame(ledger, book.plan_start, book.paired_rulebook)
    found: list[Obligation] = []
    unknown: list[Undetermined] = []
    done = exited_by(as_of)
    for task in book.obligations:
        part = task_lines(frame, task, book, as_of).with_columns(done.alias("_done"))
        passed = as_of >= task.deadline if at_close else as_of > task.deadline
        late = "overdue" if passed else "pending"
        status = pl.when(pl.col("_done")).then(pl.lit("done")).otherwise(pl.lit(late))
        hits = part.filter(pl.col("qualifies").fill_null(False)).sort("line_id")
        rows = hits.select(
            "line_id",
            "credit_code",
            pl.lit(task.id).alias("task_id"),
            pl.lit(task.clause).alias("clause"),
            pl.lit(task.action).alias("action"),
            pl.lit(task.deadline).alias("deadline"),
            status.alias("status"),
            "city",
            "county",
            "industry",
            "equipment",
            "exited_on",
        )
        found.extend(Obligation(**row) for row in rows.iter_rows(named=True))
        gaps = part.filter(pl.col("qualifies").is_null() & ~pl.col("_done")).sort("line_id")
        fields = _fields(task, book)
        for row in gaps.select("line_id", "credit_code", *fields).iter_rows(named=True):
            unknown.append(
                Undetermined(
                    row["line_id"],
                    row["credit_code"],
                    task.id,
                    task.clause,
                    _missing(row, task, fields),
                )
            )
    undated: list[UndatedDuty] = []
    for duty in book.undated:
        part = task_lines(frame, duty, book, as_of).with_columns(done.alias("_done"))
        hits = part.filter(pl.col("qualifies").fill_null(False)).sort("line_id")
        for row in hits.iter_rows(named=True):
            undated.append(
                UndatedDuty(
                    row["line_id"],
                    row["credit_code"],
                    duty.id,
                    duty.clause,
                    duty.action,
                    duty.timing,
                    bool(row["_done"]),
                    row["city"],
                    row["county"],
                    row["industry"],
                    row["equipment"],
                    row["exited_on"],
                )
            )
        gaps = part.filter(pl.col("qualifies").is_null() & ~pl.col("_done")).sort("line_id")
        fields = list(dict.fromkeys(leaf.field for leaf in leaves(duty.where)))
        for row in gaps.select("line_id", "credit_code", *fields).iter_rows(named=True):
            blank = tuple(f for f in fields if row.get(f) is None)
            unknown.append(
                Undetermined(row["line_id"], row["credit_code"], duty.id, duty.clause, blank)
            )
    return ObligationReport(
        as_of, book, tuple(found), tuple(unknown), tuple(undated), at_close=at_close
    )


def obligations(ledger: Ledger, as_of: dt.date, book: Targets | None = None) -> list[Obligation]:
    """Every line's obligations under 二(三)1–7, with their status on ``as_of``."""
    return list(evaluate(ledger, as_of, book).obligations)


def _fields(task: ObligationTask, book: Targets) -> list[str]:
    """The line and enterprise fields a task's condition reads, in written order."""
    names = [leaf.field for leaf in leaves(task.where)]
    if task.enterprise_total is not None:
        agg = book.aggregates[task.enterprise_total.aggregate]
        names += [leaf.field for leaf in leaves(agg.where)] + [agg.sum]
    if task.keep_one_per is not None:
        names += [task.keep_one_per.group, task.keep_one_per.keep_largest]
    return list(dict.fromkeys(n for n in names if n not in ("line_id", "credit_code")))


def _missing(row: dict[str, Any], task: ObligationTask, fields: list[str]) -> tuple[str, ...]:
    blank = tuple(f for f in fields if row.get(f) is None)
    if blank:
        return blank
    # The line's own fields are known; the gap is elsewhere in its enterprise or plant.
    if task.enterprise_total is not None:
        return (task.enterprise_total.aggregate,)
    return ()


def _common_json(task: ObligationTask | UndatedTask) -> dict[str, Any]:
    return {
        "task_id": task.id,
        "clause": task.clause,
        "wording": task.wording,
        "industry": task.industry,
        "equipment": list(task.equipment),
        "area": task.area,
        "action": task.action,
    }


def task_json(task: ObligationTask) -> dict[str, Any]:
    return {**_common_json(task), "deadline": task.deadline.isoformat(), "duty": task.duty,
            "note": task.note}  # fmt: skip


def undated_task_json(task: UndatedTask) -> dict[str, Any]:
    return {**_common_json(task), "deadline": None, "timing": task.timing, "note": task.note}


def to_json(report: ObligationReport) -> dict[str, Any]:
    """The JSON contract of ``resolute obligations --format json``."""
    by_status = Counter(o.status for o in report.obligations)
    return {
        "targets_version": report.book.full_version,
        "as_of": report.as_of.isoformat(),
        "summary": {
            "obligations": len(report.obligations),
            "by_status": {s: by_status[s] for s in STATUSES},
            "by_task": report.counts(),
            "undetermined": len(report.undetermined),
            "undated": len(report.undated),
        },
        "tasks": [task_json(t) for t in report.book.obligations],
        "undated_tasks": [undated_task_json(t) for t in report.book.undated],
        "obligations": [
            {**o.as_json(), "due_today": o.due_today(report.as_of)} for o in report.obligations
        ],
        "undated": [u.as_json() for u in report.undated],
        "undetermined": [u.as_json() for u in report.undetermined],
    }
