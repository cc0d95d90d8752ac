"""The counted things of 三 and 四: progress of a count target from the registry's entries.

Parts 三 and 四 of the plan name how many industrial clusters, leading enterprises, parks,
key-technology projects, brands, innovation platforms and programmes each industry is to
build up ("8个产业集群、15家领军企业、5个重点园区……"). Each such figure is a target in
``targets.yaml`` with a ``registry`` kind; officials register the named things, and the
target's progress is simply how many are registered for it. This module takes the entries
as plain data (no database), so the web pages, exports and tests all count the same way.

Status: 已完成 once the count reaches the figure; before the period ends 进行中; after it,
a count still short is 未完成 — the plan's period is over and nothing is forecast.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from resolute.core.targets import REGISTRY_LABELS, Target, Targets, number

CountStatus = Literal["met", "in_progress", "behind"]
COUNT_STATUS_LABELS: dict[str, str] = {"met": "已完成", "in_progress": "进行中", "behind": "未完成"}


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One named cluster, enterprise, park, project, brand, platform or programme."""

    target_id: str
    name: str
    city: str | None = None


@dataclass(frozen=True)
class CountProgress:
    target: Target
    count: int
    names: tuple[str, ...]
    status: CountStatus

    @property
    def figure(self) -> float:
        assert self.target.target is not None  # registry targets always carry a figure
        return self.target.target

    @property
    def percent(self) -> float:
        return 100.0 * self.count / self.figure if self.figure else 0.0

    @property
    def remaining(self) -> int:
        return max(int(self.figure) - self.count, 0)

    @property
    def status_label(self) -> str:
        return COUNT_STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        t = self.target
        return {
            "target_id": t.id,
            "clause": t.clause,
            "indicator": t.indicator,
            "registry": t.registry,
            "registry_label": REGISTRY_LABELS[t.registry or ""],
            "unit": t.unit,
            "target": number(t.target),
            "achieved": self.count,
            "remaining": self.remaining,
            "percent": round(self.percent, 1),
            "status": self.status,
            "status_label": self.status_label,
            "names": list(self.names),
        }


def counted_targets(book: Targets) -> tuple[Target, ...]:
    """The targets whose progress is a registry count, in the file's order."""
    return tuple(t for t in book.targets if t.registry is not None)


def count_status(target: Target, count: int, as_of: dt.date) -> CountStatus:
    if target.target is not None and count >= target.target:
        return "met"
    return "behind" if as_of > target.period.end else "in_progress"


def progress(
    book: Targets, entries: Iterable[RegistryEntry], as_of: dt.date
) -> list[CountProgress]:
    """Every count target's progress on ``as_of``: how many distinct names are registered.

    A name registered twice for one target counts once; entries for other targets are
    ignored (a cluster named under 高端化工 does not count toward 新材料).
    """
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for entry in entries:
        name = entry.name.strip()
        if name:
            names[entry.target_id].setdefault(name, None)
    out = []
    for target in counted_targets(book):
        found = tuple(names.get(target.id, {}))
        out.append(
            CountProgress(target, len(found), found, count_status(target, len(found), as_of))
        )
    return out


def to_json(results: Iterable[CountProgress], as_of: dt.date) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "targets": [r.as_json() for r in results]}
