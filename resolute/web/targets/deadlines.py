"""The deadlines a line answers for (期限) — one decision for the home pages' counts of
overdue lines and lines due within 30/60/90 days, the ledger list's filters they link to,
the dashboard's overdue list and the daily notices (resolute.web.notices).

A line still in place (运行状态 not 已退出) answers for

- the deadline of its exit plan (退出计划的退出期限), when it has one, and
- the deadline of every duty it owes under 二(三)1—7 that is not done on the day (the rows
  of the obligations set that the obligations page shows, :mod:`resolute.web.targets.computed`),
  whether or not it has an exit plan.

Its nearest such deadline decides where it is counted: overdue (逾期) from the day after it,
due within N days from N days before it through the day itself. While the obligations set
of the day is computed, the newest older set stands in (as on the obligations page); before
any set is ready only exit plans count, and :func:`duties_known` says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least

from resolute.web.computed import services as computed_sets
from resolute.web.computed.services import Snapshot
from resolute.web.ledger.models import Line
from resolute.web.targets import computed
from resolute.web.targets.models import ObligationRow

#: The warning horizons before a deadline (days): home pages, the ledger list, notices.
DUE_WINDOWS = (30, 60, 90)
HORIZON_DAYS = max(DUE_WINDOWS)
NEAREST = "nearest_deadline"
_CHUNK = 500


def snapshot(today: dt.date) -> Snapshot:
    """The obligations set the deadlines of ``today`` are read from."""
    return computed.obligations(today)


def duties_known(today: dt.date) -> bool:
    """Whether an obligations set is ready (else only exit plans are counted for now)."""
    return snapshot(today).set is not None


def open_duties(today: dt.date, shown: Snapshot | None = None) -> QuerySet[ObligationRow]:
    """The dated duties not done on ``today``."""
    rows = computed_sets.rows_of(shown or snapshot(today), ObligationRow)
    return rows.filter(computed.open_on(today), deadline__isnull=False)


def with_nearest(lines: QuerySet[Line], today: dt.date,
                 shown: Snapshot | None = None) -> QuerySet[Line]:  # fmt: skip
    """``lines`` annotated with ``nearest_deadline``: the earliest of the exit plan's
    deadline and the open duties' deadlines (None when the line answers for none)."""
    duty = Subquery(
        open_duties(today, shown).filter(line_code=OuterRef("line_id")).order_by()
        .values("line_code").annotate(first=Min("deadline")).values("first")[:1],
        output_field=models.DateField(),
    )  # fmt: skip
    plan = F("exit_plan__exit_deadline")
    # LEAST of a date and NULL is NULL on SQLite (and the date on PostgreSQL): fill each
    # side with the other first, so both databases agree.
    nearest = Least(Coalesce(plan, duty), Coalesce(duty, plan), output_field=models.DateField())
    return lines.annotate(**{NEAREST: nearest})


def _in_horizon(lines: QuerySet[Line], today: dt.date, shown: Snapshot) -> QuerySet[Line]:
    """The lines still in place that answer for a deadline at most 90 days away or past,
    with their nearest deadline (the few a count or a filter need look at)."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    soon = open_duties(today, shown).filter(deadline__lte=horizon).values("line_code")
    candidates = lines.exclude(status="exited").filter(
        Q(exit_plan__exit_deadline__lte=horizon) | Q(line_id__in=soon)
    )
    return with_nearest(candidates, today, shown)


def overdue(lines: QuerySet[Line], today: dt.date) -> QuerySet[Line]:
    """The lines still in place past their nearest deadline (逾期未退出)."""
    return _in_horizon(lines, today, snapshot(today)).filter(**{f"{NEAREST}__lt": today})


def due_within(lines: QuerySet[Line], today: dt.date, days: int) -> QuerySet[Line]:
    """The lines still in place whose nearest deadline falls within ``days`` days from
    ``today`` (today and the last day included)."""
    last = today + dt.timedelta(days=days)
    return _in_horizon(lines, today, snapshot(today)).filter(
        **{f"{NEAREST}__gte": today, f"{NEAREST}__lte": last}
    )


def deadline_counts(lines: QuerySet[Line], today: dt.date) -> dict[str, int]:
    """:func:`overdue` and :func:`due_within` of every window counted in one pass:
    ``{"overdue": n, "30": n, "60": n, "90": n}``."""
    counted = {"overdue": models.Count("pk", filter=Q(**{f"{NEAREST}__lt": today}))}
    for days in DUE_WINDOWS:
        last = today + dt.timedelta(days=days)
        window = Q(**{f"{NEAREST}__gte": today, f"{NEAREST}__lte": last})
        counted[str(days)] = models.Count("pk", filter=window)
    found = _in_horizon(lines, today, snapshot(today)).aggregate(**counted)
    return {key: int(n or 0) for key, n in found.items()}


# ─── the events the daily notices warn of ─────────────────────────────────────────


@dataclass(frozen=True)
class Due:
    """One deadline of one line still in place: its exit plan's, a duty's, or both's
    (``duties``: the clauses and actions of the open duties due that day)."""

    line_pk: int
    line_id: str
    equipment: str
    enterprise_id: int
    enterprise_name: str
    city_id: int
    industry: str
    deadline: dt.date
    duties: tuple[tuple[str, str], ...] = ()


def due_events(today: dt.date) -> Iterator[Due]:
    """Every deadline, of an exit plan or an open duty, of a line still in place that is at
    most 90 days away or past: one per line and deadline day, by line."""
    shown = snapshot(today)
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    duties: dict[str, dict[dt.date, list[tuple[str, str]]]] = {}
    for code, deadline, clause, action in (
        open_duties(today, shown).filter(deadline__lte=horizon)
        .order_by("line_code", "deadline", "clause", "task_id")
        .values_list("line_code", "deadline", "clause", "action")
    ):  # fmt: skip
        found = duties.setdefault(code, {}).setdefault(deadline, [])
        if (clause, action) not in found:
            found.append((clause, action))
    codes = sorted(duties)
    in_place = Line.objects.exclude(status="exited")
    fields = ("pk", "line_id", "equipment", "enterprise_id", "enterprise__name",
              "enterprise__city_id", "enterprise__industry", "exit_plan__exit_deadline")  # fmt: skip
    rows = set(in_place.filter(exit_plan__exit_deadline__lte=horizon).values_list(*fields))
    for start in range(0, len(codes), _CHUNK):
        rows.update(in_place.filter(line_id__in=codes[start : start + _CHUNK]).values_list(*fields))
    for pk, line_id, equipment, ent_id, ent_name, city_id, industry, plan in sorted(rows):
        owed = duties.get(line_id, {})
        days = set(owed) | ({plan} if plan is not None and plan <= horizon else set())
        for deadline in sorted(days):
            yield Due(pk, line_id, equipment, ent_id, ent_name, city_id, industry or "",
                      deadline, tuple(owed.get(deadline, ())))  # fmt: skip


def nearest(lines: QuerySet[Line], today: dt.date) -> QuerySet[Line]:
    """``lines`` with ``nearest_deadline`` (unless they have it: a filter above added it)."""
    if NEAREST in lines.query.annotations:
        return lines
    return with_nearest(lines, today)


def mark_nearest(lines: list[Line], today: dt.date) -> None:
    """Set ``nearest_deadline`` on a page of lines (one query for the page, rather than a
    subquery for every line of the list behind it)."""
    missing = [line.pk for line in lines if not hasattr(line, NEAREST)]
    if not missing:
        return
    found = dict(with_nearest(Line.objects.filter(pk__in=missing), today)
                 .values_list("pk", NEAREST))  # fmt: skip
    for line in lines:
        if line.pk in found:
            setattr(line, NEAREST, found[line.pk])
