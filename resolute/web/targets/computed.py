"""What the target pages read, computed once per ledger version (resolute.web.computed).

Two kinds of set:

- ``obligations``: every line's duty under 二(三)1—7 on an as-of date (which lines owe a duty
  can depend on the day: 二(三)5 keeps the largest of a group in place that day), one
  :class:`~resolute.web.targets.models.ObligationRow` each. The status is decided in SQL
  on the day a page asks for (:func:`status_on`), from the deadline and the line's exit.
- ``progress``: every capacity target's progress over each scope an officer may have — the
  province, each city, each department's industries — one
  :class:`~resolute.web.targets.models.TargetProgress` each. An enterprise user's progress
  (one enterprise) is computed on request; it is small.

Pages, exports, the API and the dashboard read these through the functions here, after the
scope rules of :mod:`resolute.web.accounts.scoping`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

import polars as pl
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from resolute.core import cities
from resolute.core import obligations as obligations_mod
from resolute.core import progress as progress_mod
from resolute.core.ledger import Ledger
from resolute.core.progress import Breakdown, Progress
from resolute.core.targets import Targets
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Profile, Role
from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.computed.services import Progress as Report
from resolute.web.computed.services import Snapshot
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise
from resolute.web.policies import services as policy_services
from resolute.web.targets.models import ObligationRow, TargetProgress

OBLIGATIONS = "obligations"
PROGRESS = "progress"
PROVINCE = "province"
UNKNOWN_CITY_RANK = 99


def book(as_of: dt.date) -> Targets:
    """The targets in force on ``as_of`` (resolute.web.policies), as targets.services.book."""
    return policy_services.in_force(as_of).targets


# ─── obligations ──────────────────────────────────────────────────────────────────


def _obligations_key(as_of: dt.date) -> tuple[str, dict[str, Any]]:
    key = computed.key_of(
        ledger=computed.ledger_key(), as_of=as_of,
        **policy_services.in_force(as_of).key("targets", "rulebook"),
    )  # fmt: skip
    return key, {"as_of": as_of.isoformat()}


def obligations(as_of: dt.date) -> Snapshot:
    """The obligations set of ``as_of`` (queued when missing; see computed.current)."""
    key, params = _obligations_key(as_of)
    return computed.current(OBLIGATIONS, key, build_obligations, params)


def build_obligations(cset: ComputedSet, progress: Report) -> int:
    as_of = dt.date.fromisoformat(cset.params["as_of"])
    progress("读取台账", 0, 1)
    ledger = ledger_for(Enterprise.objects.all())
    progress("计算任务", 0, 1)
    report = obligations_mod.evaluate(ledger, as_of, book(as_of))
    names = dict(zip(ledger.enterprises["credit_code"].to_list(),
                     ledger.enterprises["name"].to_list(), strict=True))  # fmt: skip
    ids = dict(Enterprise.objects.values_list("credit_code", "id"))
    ranks = {name: i for i, name in enumerate(cities.official_names())}
    lines = ledger.lines.select("line_id", pl.col("status").fill_null("operating"))
    exited = set(lines.filter(pl.col("status") == "exited")["line_id"].to_list())

    def rows() -> Iterator[ObligationRow]:
        duties: list[obligations_mod.Obligation | obligations_mod.UndatedDuty] = [
            *report.obligations, *report.undated]  # fmt: skip
        for o in duties:
            deadline = o.deadline if isinstance(o, obligations_mod.Obligation) else None
            timing = o.timing if isinstance(o, obligations_mod.UndatedDuty) else ""
            yield ObligationRow(
                computed_set=cset, enterprise_id=ids.get(o.credit_code), line_code=o.line_id,
                credit_code=o.credit_code, enterprise_name=names.get(o.credit_code) or "",
                city=o.city or "", city_rank=ranks.get(o.city or "", UNKNOWN_CITY_RANK),
                county=o.county or "", industry=o.industry or "", equipment=o.equipment,
                task_id=o.task_id, clause=o.clause, action=o.action, deadline=deadline,
                timing=timing, exited=o.line_id in exited, exited_on=o.exited_on,
            )  # fmt: skip

    total = len(report.obligations) + len(report.undated)
    return computed.insert(ObligationRow, rows(), progress, total=total)


def done_on(as_of: dt.date) -> Q:
    """Done on ``as_of``: the line has exited, on or before that day (or on no recorded day)."""
    return Q(exited=True) & (Q(exited_on__isnull=True) | Q(exited_on__lte=as_of))


def open_on(as_of: dt.date) -> Q:
    return Q(exited=False) | Q(exited_on__gt=as_of)


def status_filter(status: str, as_of: dt.date) -> Q:
    """Rows with ``status`` (done, overdue, pending) on ``as_of``, as core.obligations says:
    overdue once the day is past the deadline (a duty due today is still pending)."""
    if status == "done":
        return done_on(as_of)
    if status == "overdue":
        return open_on(as_of) & Q(deadline__lt=as_of)
    if status == "pending":
        return open_on(as_of) & Q(deadline__gte=as_of)
    raise ValueError(status)


def status_on(as_of: dt.date) -> Case:
    return Case(
        When(done_on(as_of), then=Value("done")),
        When(deadline__lt=as_of, then=Value("overdue")),
        default=Value("pending"),
    )


def status_rank(as_of: dt.date) -> Case:
    """The place of the status in core.obligations.STATUSES (overdue, pending, done)."""
    return Case(
        *(When(status_filter(s, as_of), then=Value(i))
          for i, s in enumerate(obligations_mod.STATUSES)),
        output_field=IntegerField(),
    )  # fmt: skip


def obligation_rows(user: Any, snapshot: Snapshot, as_of: dt.date) -> QuerySet[ObligationRow]:
    """The rows of the snapshot the user may see, with ``status`` and ``status_rank`` on
    ``as_of``."""
    rows = computed.rows_of(snapshot, ObligationRow).filter(
        scoping.enterprise_filter(user, "enterprise__")
    )
    return rows.annotate(status=status_on(as_of), status_rank=status_rank(as_of))


def days_overdue(row: ObligationRow, as_of: dt.date) -> int | None:
    """Days past the deadline on ``as_of`` for a duty still open; None otherwise."""
    if row.deadline is None or getattr(row, "status", "") != "overdue":
        return None
    return (as_of - row.deadline).days


# ─── progress ─────────────────────────────────────────────────────────────────────


def department_scope(industries: Any) -> str:
    return "industries:" + ",".join(sorted(set(industries)))


def scope_of(user: Any) -> str | None:
    """The progress scope of ``user``; None for one computed on request (an enterprise, or a
    user without a role)."""
    profile = scoping.profile_of(user)
    if profile is None:
        return None
    if profile.role == Role.PROVINCE:
        return PROVINCE
    if profile.role == Role.CITY and profile.city is not None:
        return f"city:{profile.city.name}"
    if profile.role == Role.DEPARTMENT:
        return department_scope(profile.industries)
    return None


def scopes() -> list[str]:
    """The scopes a progress set covers: the province, every city, every department's."""
    departments = {
        department_scope(p.industries) for p in Profile.objects.filter(role=Role.DEPARTMENT)
    }
    return [PROVINCE, *(f"city:{c}" for c in cities.official_names()), *sorted(departments)]


def _progress_key(as_of: dt.date) -> tuple[str, dict[str, Any]]:
    every = scopes()
    digest = hashlib.sha256("\n".join(every).encode()).hexdigest()[:12]
    key = computed.key_of(ledger=computed.ledger_key(), as_of=as_of,
                          **policy_services.in_force(as_of).key("targets", "rulebook"),
                          scopes=digest)  # fmt: skip
    return key, {"as_of": as_of.isoformat(), "scopes": every}


def progress_set(as_of: dt.date) -> Snapshot:
    key, params = _progress_key(as_of)
    return computed.current(PROGRESS, key, build_progress, params)


def part_of(ledger: Ledger, scope: str) -> Ledger:
    """The enterprises of ``scope`` in ``ledger``, with all their lines (as scoping.py
    selects them: a city's enterprises, a department's industries)."""
    if scope == PROVINCE:
        return ledger
    kind, _, value = scope.partition(":")
    ents = ledger.enterprises
    if kind == "city":
        ents = ents.filter(pl.col("city") == value)
    elif kind == "industries":
        ents = ents.filter(pl.col("industry").is_in(value.split(",") if value else []))
    else:
        raise ValueError(scope)
    lines = ledger.lines.filter(pl.col("credit_code").is_in(ents["credit_code"].implode()))
    return dataclasses.replace(ledger, enterprises=ents, lines=lines)


def build_progress(cset: ComputedSet, progress: Report) -> int:
    as_of = dt.date.fromisoformat(cset.params["as_of"])
    targets = book(as_of)
    progress("读取台账", 0, 1)
    ledger = ledger_for(Enterprise.objects.all())
    every: list[str] = cset.params["scopes"]
    rows: list[TargetProgress] = []
    for i, scope in enumerate(every):
        progress("计算进度", i, len(every))
        for position, p in enumerate(progress_mod.progress(part_of(ledger, scope), as_of, targets)):
            rows.append(_row(cset, scope, position, p))
    return computed.insert(TargetProgress, rows, progress)


def _row(cset: ComputedSet, scope: str, position: int, p: Progress) -> TargetProgress:
    def breakdowns(found: dict[str, Breakdown]) -> list[list[Any]]:
        return [[k, b.achieved, b.planned, b.population] for k, b in found.items()]

    return TargetProgress(
        computed_set=cset, scope=scope, target_id=p.target.id, position=position,
        achieved=p.achieved, forecast=p.forecast, remaining=p.remaining, percent=p.percent,
        population=p.population, status=p.status, period_ended=p.period_ended,
        breakdowns={"by_city": breakdowns(p.by_city), "by_industry": breakdowns(p.by_industry)},
        lines={"achieved": list(p.achieved_lines), "planned": list(p.planned_lines),
               "undated": list(p.undated_exits), "unknown_capacity": list(p.unknown_capacity)},
    )  # fmt: skip


def _progress(row: TargetProgress, as_of: dt.date, targets: Targets, with_lines: bool) -> Progress:
    parts = row.breakdowns
    lines: dict[str, list[str]] = row.lines if with_lines else {}

    def breakdowns(found: list[list[Any]]) -> dict[str, Breakdown]:
        return {k: Breakdown(float(a), float(p), float(n)) for k, a, p, n in found}

    return Progress(
        target=targets.target(row.target_id), as_of=as_of, achieved=row.achieved,
        forecast=row.forecast, remaining=row.remaining, percent=row.percent,
        status=row.status,
        population=row.population, by_city=breakdowns(parts["by_city"]),
        by_industry=breakdowns(parts["by_industry"]),
        achieved_lines=tuple(lines.get("achieved", ())),
        planned_lines=tuple(lines.get("planned", ())),
        undated_exits=tuple(lines.get("undated", ())),
        unknown_capacity=tuple(lines.get("unknown_capacity", ())), period_ended=row.period_ended,
    )  # fmt: skip


def progress_over_scope(scope: str, as_of: dt.date, with_lines: bool = False
                        ) -> tuple[Snapshot, list[Progress] | None]:  # fmt: skip
    """Every capacity target's progress over ``scope`` (``"province"``, ``"city:淄博"``,
    ``department_scope(industries)``), in the order of the targets, from the progress set
    of ``as_of`` (or the newest older one while it is computed, see the snapshot); None
    while no set is ready. A scope the shown set lacks (an officer added since) is computed
    from the ledger at once. The line numbers behind the figures (``achieved_lines`` …) are
    read only ``with_lines`` (a province's run to thousands); otherwise they are empty.

    This is what the dashboard reads: ``progress_over_scope("province", today)`` for the
    province, ``progress_over_scope(f"city:{name}", today)`` for a city's dashboard."""
    snapshot = progress_set(as_of)
    if snapshot.set is None:
        return snapshot, None
    rows = computed.rows_of(snapshot, TargetProgress).filter(scope=scope).order_by("position")
    if not with_lines:
        rows = rows.defer("lines")
    found = list(rows)
    if not found:
        return snapshot, progress_mod.progress(part_of(_ledger(), scope), as_of, book(as_of))
    shown_as_of = dt.date.fromisoformat(snapshot.set.params.get("as_of", as_of.isoformat()))
    targets = book(shown_as_of)
    return snapshot, [_progress(r, shown_as_of, targets, with_lines) for r in found]


def _ledger() -> Ledger:
    return ledger_for(Enterprise.objects.all())


def progress_for(user: Any, as_of: dt.date, with_lines: bool = False
                 ) -> tuple[Snapshot | None, list[Progress] | None]:  # fmt: skip
    """The user's progress on ``as_of``: from the progress set for an officer's scope, on
    request for anyone else (an enterprise user's one enterprise)."""
    scope = scope_of(user)
    if scope is None:
        found = progress_mod.progress(ledger_for(scoping.enterprises_for(user)), as_of,
                                      book(as_of))  # fmt: skip
        return None, found
    return progress_over_scope(scope, as_of, with_lines)


# ─── rebuilt after every change ───────────────────────────────────────────────────


def _refresh_obligations() -> None:
    key, params = _obligations_key(timezone.localdate())
    computed.refresh(OBLIGATIONS, key, build_obligations, params)


def _refresh_progress() -> None:
    key, params = _progress_key(timezone.localdate())
    computed.refresh(PROGRESS, key, build_progress, params)


def register() -> None:
    computed.refresh_on_change(OBLIGATIONS, _refresh_obligations)
    computed.refresh_on_change(PROGRESS, _refresh_progress)
