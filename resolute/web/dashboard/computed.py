"""The dashboards' target figures, computed once (resolute.web.computed): the province's
progress toward every capacity target with its breakdown by city, per ledger version, day
and version of the targets. Rebuilt in the background after every ledger write and finished
run; while a new set is built the dashboard shows the previous one, saying so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from resolute.core import progress as progress_mod
from resolute.core import targets as targets_data
from resolute.core.progress import Breakdown, Progress
from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.computed.services import Progress as Report
from resolute.web.computed.services import Snapshot
from resolute.web.dashboard.models import ProvinceProgress
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise

KIND = "dashboard-progress"


def _key(as_of: dt.date) -> tuple[str, dict[str, Any]]:
    key = computed.key_of(ledger=computed.ledger_key(), as_of=as_of,
                          targets=targets_data.default().full_version)  # fmt: skip
    return key, {"as_of": as_of.isoformat()}


def snapshot(as_of: dt.date) -> Snapshot:
    """The set of ``as_of`` (queued when missing; the newest older one meanwhile)."""
    key, params = _key(as_of)
    return computed.current(KIND, key, build, params)


def build(cset: ComputedSet, report: Report) -> int:
    as_of = dt.date.fromisoformat(cset.params["as_of"])
    report("读取台账", 0, 1)
    ledger = ledger_for(Enterprise.objects.all())
    report("计算目标进度", 0, 1)
    found = progress_mod.progress(ledger, as_of, targets_data.default())
    rows = (
        ProvinceProgress(
            computed_set=cset, target_id=p.target.id, position=i, achieved=p.achieved,
            forecast=p.forecast, remaining=p.remaining, percent=p.percent,
            population=p.population, status=p.status, period_ended=p.period_ended,
            by_city={c: [b.achieved, b.planned, b.population] for c, b in p.by_city.items()},
        )
        for i, p in enumerate(found)
    )  # fmt: skip
    return computed.insert(ProvinceProgress, rows, report)


def province_progress(shown: Snapshot) -> list[Progress]:
    """The progress of the shown set, in the order of the targets (none while no set is
    ready). Line numbers are not kept: the dashboard links to the target's page for them."""
    if shown.set is None:
        return []
    book = targets_data.default()
    as_of = dt.date.fromisoformat(shown.set.params["as_of"])
    known = {t.id for t in book.measured()}
    rows = computed.rows_of(shown, ProvinceProgress).order_by("position")
    return [
        Progress(
            target=book.target(r.target_id), as_of=as_of, achieved=r.achieved,
            forecast=r.forecast, remaining=r.remaining, percent=r.percent,
            status=r.status,
            population=r.population,
            by_city={c: Breakdown(float(a), float(p), float(n)) for c, (a, p, n) in r.by_city.items()},
            by_industry={}, achieved_lines=(), planned_lines=(), undated_exits=(),
            unknown_capacity=(), period_ended=r.period_ended,
        )
        for r in rows
        if r.target_id in known
    ]  # fmt: skip


def _refresh() -> None:
    key, params = _key(timezone.localdate())
    computed.refresh(KIND, key, build, params)


def register() -> None:
    computed.refresh_on_change(KIND, _refresh)
