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

from resolute.core import schema
from resolute.core.ledger import LedgerError
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


# ─── reading filled-in sheets ─────────────────────────────────────────────────

#: The headers of a registry sheet (the template's Chinese ones, or the English keys).
TARGET_HEADERS = ("计数目标", "指标", "target_id")
NAME_HEADERS = ("名称", "name")
CITY_HEADERS = ("所在市", "市", "city")
NOTE_HEADERS = ("备注", "note")
NAME_MAX, NOTE_MAX = 200, 500


@dataclass(frozen=True, slots=True)
class SheetEntry:
    row: int
    target_id: str
    name: str
    city: str | None
    city_given: bool
    note: str


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {n.lower() for n in names}
    return next((i for i, h in enumerate(headers) if h.strip().lower() in wanted), None)


def _text(values: list[Any], index: int | None) -> str:
    if index is None or index >= len(values) or values[index] is None:
        return ""
    return str(values[index]).strip()


def read_rows(
    book: Targets, headers: list[str], rows: Iterable[tuple[int, list[Any]]]
) -> tuple[list[SheetEntry], list[LedgerError]]:
    """Every row of a registry sheet checked: the count target (named by its indicator, as in
    the template, or its id), a name, a city of the 16 (blank: none given), a note. The
    entries are usable only when no problem is returned."""
    cols = {k: _column(headers, h) for k, h in (("target", TARGET_HEADERS),
            ("name", NAME_HEADERS), ("city", CITY_HEADERS), ("note", NOTE_HEADERS))}  # fmt: skip
    missing = [
        label for key, label in (("target", "计数目标"), ("name", "名称")) if cols[key] is None
    ]
    if missing:
        return [], [LedgerError("", None, m, f"缺少“{m}”列") for m in missing]
    targets = {t.id: t for t in counted_targets(book)}
    by_indicator = {t.indicator: t.id for t in targets.values()}
    problems: list[LedgerError] = []
    entries: list[SheetEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for line_no, values in rows:
        key = _text(values, cols["target"])
        target_id = by_indicator.get(key) or (key if key in targets else None)
        if target_id is None:
            problems.append(LedgerError("", line_no, "计数目标", f"“{key}”不是方案三、四中的计数目标"
                                       if key else "请填写计数目标"))  # fmt: skip
        name = _text(values, cols["name"])
        if not name:
            problems.append(LedgerError("", line_no, "名称", "请填写名称"))
        elif len(name) > NAME_MAX:
            problems.append(LedgerError("", line_no, "名称", f"名称不能超过 {NAME_MAX} 个字符"))
        city_text = _text(values, cols["city"])
        city = schema.normalise_city(city_text) if city_text else None
        if city_text and city is None:
            problems.append(LedgerError("", line_no, "所在市", f"“{city_text}”不是全省 16 市之一"))
        note = _text(values, cols["note"])
        if len(note) > NOTE_MAX:
            problems.append(LedgerError("", line_no, "备注", f"备注不能超过 {NOTE_MAX} 个字符"))
        if target_id and name:
            if (target_id, name) in seen:
                problems.append(LedgerError("", line_no, "名称",
                                           f"与第 {seen[(target_id, name)]} 行重复"))  # fmt: skip
            seen[(target_id, name)] = line_no
            entries.append(SheetEntry(line_no, target_id, name, city, bool(city_text), note))
    return entries, problems
