"""The registry of counted things (登记册) for the pages: scope, saving, Excel template and import.

Officials register the clusters, leading enterprises, parks, key technology projects, brands,
platforms and programmes that the targets of 三 and 四 count. The count itself is computed by
``resolute.core.registry`` from the entries as plain data; this module only stores them.
A city officer sees and writes the entries of their own city; province and department
officers all of them. Every write is a :class:`Recorded` save or delete, so the change
history keeps who registered, changed or removed what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from resolute.core import registry as registry_core
from resolute.core import schema
from resolute.core.registry import CountProgress
from resolute.core.targets import REGISTRY_LABELS, Target
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.lib import indicators as ind
from resolute.web.lib.export import Sheet
from resolute.web.lib.indicators import RowError
from resolute.web.targets import services
from resolute.web.targets.models import RegistryEntry
from resolute.web.targets.services import book

VIA_FORM = "网页"
VIA_IMPORT = "导入"
TARGET_HEADERS = ("计数目标", "指标", "target_id")
NAME_HEADERS = ("名称", "name")
CITY_HEADERS = ("所在市", "市", "city")
NOTE_HEADERS = ("备注", "note")
TEMPLATE_HEADERS = ("计数目标", "名称", "所在市", "备注")
TEMPLATE_WIDTHS = (36, 40, 10, 40)


def counted() -> dict[str, Target]:
    """The count targets, by id, in the plan's order."""
    return {t.id: t for t in registry_core.counted_targets(book())}


def target_label(target: Target) -> str:
    return f"{target.clause} {target.indicator}（{ind.figure_text(target)}）"


def _city_of(user: Any) -> int | None:
    profile = scoping.profile_of(user)
    return profile.city_id if profile is not None and profile.role == Role.CITY else None


def entries_for(user: Any) -> QuerySet[RegistryEntry]:
    """The entries the user may see and change: a city officer's city, or all for the
    province and the departments; none for anyone else."""
    entries = RegistryEntry.objects.select_related("city")
    if not scoping.is_official(user):
        return entries.none()
    city = _city_of(user)
    return entries.filter(city_id=city) if city is not None else entries


def cities_for(user: Any) -> QuerySet[City]:
    city = _city_of(user)
    return City.objects.filter(pk=city) if city is not None else City.objects.order_by("code")


def city_required(user: Any) -> bool:
    return _city_of(user) is not None


def count_progress(as_of: dt.date) -> dict[str, CountProgress]:
    """Each count target's province-wide progress (the plan's figures are the province's)."""
    return services.registry_counts(as_of)


def save_entry(user: Any, entry: RegistryEntry) -> RegistryEntry:
    with acting_as(user, via=VIA_FORM):
        entry.save()
    return entry


def delete_entry(user: Any, entry: RegistryEntry) -> None:
    with acting_as(user, via=VIA_FORM):
        entry.delete()


# ─── Excel ──────────────────────────────────────────────────────────────────────


def template_sheets() -> list[Sheet]:
    """An empty sheet to fill, and the list of count targets whose names go in its first
    column. (No example row: one left in by mistake would be registered.)"""
    targets = [(t.indicator, t.clause, REGISTRY_LABELS[t.registry or ""], ind.figure_text(t),
                t.wording) for t in counted().values()]  # fmt: skip
    return [
        Sheet("登记", TEMPLATE_HEADERS, [], TEMPLATE_WIDTHS),
        Sheet(
            "计数目标",
            ("计数目标", "条款", "类别", "目标", "方案原文"),
            targets,
            (36, 12, 20, 14, 80),
        ),
    ]


def entry_rows(entries: Iterable[RegistryEntry]) -> list[tuple[Any, ...]]:
    targets = counted()
    return [(targets[e.target_id].indicator if e.target_id in targets else e.target_id,
             e.name, e.city.name if e.city_id else "", e.note) for e in entries]  # fmt: skip


@dataclass
class ImportResult:
    errors: list[RowError]
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Row:
    row: int
    target_id: str
    name: str
    city: City | None
    note: str


@dataclass
class _Columns:
    target: int | None
    name: int | None
    city: int | None
    note: int | None
    missing: list[str] = field(default_factory=list)


def _columns(headers: list[str]) -> _Columns:
    cols = _Columns(ind._column(headers, TARGET_HEADERS), ind._column(headers, NAME_HEADERS),
                    ind._column(headers, CITY_HEADERS), ind._column(headers, NOTE_HEADERS))  # fmt: skip
    if cols.target is None:
        cols.missing.append("计数目标")
    if cols.name is None:
        cols.missing.append("名称")
    return cols


def _text(values: list[Any], index: int | None) -> str:
    value = ind._cell(values, index)
    return "" if value is None else str(value).strip()


def import_entries(user: Any, data: bytes) -> ImportResult:
    """Check every row of a registry workbook; store all of them or none.

    A row names its count target by the indicator (as in the template's list) or the target
    id. A name already registered for that target updates its city and note; a new one is
    added. A city officer's rows must be of their city (a blank city is taken as theirs).
    """
    try:
        sheet = ind.read_sheet(data)
    except ValueError as exc:
        return ImportResult([RowError(None, "", str(exc))])
    cols = _columns(sheet.headers)
    if cols.missing:
        return ImportResult([RowError(None, c, f"缺少“{c}”列") for c in cols.missing])
    targets = counted()
    by_indicator = {t.indicator: t.id for t in targets.values()}
    cities = {c.name: c for c in City.objects.all()}
    own = _city_of(user)
    errors: list[RowError] = []
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in sheet.rows:
        key = _text(values, cols.target)
        target_id = by_indicator.get(key) or (key if key in targets else None)
        if target_id is None:
            errors.append(RowError(number, "计数目标", f"“{key}”不是方案三、四中的计数目标"
                                   if key else "请填写计数目标"))  # fmt: skip
        name = _text(values, cols.name)
        if not name:
            errors.append(RowError(number, "名称", "请填写名称"))
        elif len(name) > 200:
            errors.append(RowError(number, "名称", "名称不能超过 200 个字符"))
        city_text = _text(values, cols.city)
        city: City | None = None
        if city_text:
            short = schema.normalise_city(city_text)
            city = cities.get(short or "")
            if city is None:
                errors.append(RowError(number, "所在市", f"“{city_text}”不是全省 16 市之一"))
        if own is not None:
            if city is None and not city_text:
                city = next((c for c in cities.values() if c.pk == own), None)
            elif city is not None and city.pk != own:
                errors.append(RowError(number, "所在市", "只能登记本市的事项"))
        note = _text(values, cols.note)
        if len(note) > 500:
            errors.append(RowError(number, "备注", "备注不能超过 500 个字符"))
        if target_id and name:
            if (target_id, name) in seen:
                errors.append(RowError(number, "名称", f"与第 {seen[(target_id, name)]} 行重复"))
            seen[(target_id, name)] = number
            rows.append(_Row(number, target_id, name, city, note))
    if errors:
        return ImportResult(errors)
    return _apply(user, rows)


def _apply(user: Any, rows: list[_Row]) -> ImportResult:
    result = ImportResult([])
    own = _city_of(user)
    with transaction.atomic(), acting_as(user, via=VIA_IMPORT):
        stored = {(e.target_id, e.name): e for e in RegistryEntry.objects.filter(
            target_id__in={r.target_id for r in rows}).select_for_update()}  # fmt: skip
        for row in rows:
            entry = stored.get((row.target_id, row.name))
            if entry is None:
                entry = RegistryEntry(target_id=row.target_id, name=row.name)
                result.created += 1
            elif own is not None and entry.city_id != own:
                transaction.set_rollback(True)
                return ImportResult([RowError(row.row, "名称", "该名称已由其他市或省级登记，"
                                                               "不能修改")])  # fmt: skip
            elif (entry.city_id, entry.note) == (row.city.pk if row.city else None, row.note):
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            entry.city = row.city
            entry.note = row.note
            entry.save()
    return result
