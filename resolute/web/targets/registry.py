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
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from resolute.core import indicators as ind
from resolute.core import registry as registry_core
from resolute.core.ledger import LedgerError
from resolute.core.registry import CountProgress
from resolute.core.targets import REGISTRY_LABELS, Target
from resolute.io.sheets import read_sheet
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.lib import sheet_import
from resolute.web.lib.export import Sheet
from resolute.web.targets import services
from resolute.web.targets.models import RegistryEntry
from resolute.web.targets.services import book

VIA_FORM = "网页"
VIA_IMPORT = "导入"
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
    errors: list[LedgerError]
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def import_entries(user: Any, data: bytes) -> ImportResult:
    """Check every row of a registry workbook; store all of them or none.

    The rows are read as the core reads any registry sheet (``registry.read_rows``: the
    count target by its indicator or id, a name, a city of the 16, a note); here the user's
    scope is added: a city officer's rows must be of their city (a blank city is theirs).
    A name already registered for that target updates its city and note.
    """
    try:
        sheet = read_sheet(data, sheet_import.limits())
    except ValueError as exc:
        return ImportResult([LedgerError("", None, "", str(exc))])
    found, problems = registry_core.read_rows(book(), sheet.headers, sheet.rows)
    errors = [LedgerError("", p.row, p.column, p.message) for p in problems]
    cities = {c.name: c for c in City.objects.all()}
    own = _city_of(user)
    rows: list[_Row] = []
    for entry in found:
        city = cities.get(entry.city) if entry.city else None
        if own is not None:
            if not entry.city_given:
                city = next((c for c in cities.values() if c.pk == own), None)
            elif city is not None and city.pk != own:
                errors.append(LedgerError("", entry.row, "所在市", "只能登记本市的事项"))
        rows.append(_Row(entry.row, entry.target_id, entry.name, city, entry.note))
    if errors:
        return ImportResult(sorted(errors, key=lambda e: e.row or 0))
    return _apply(user, rows)


@dataclass(frozen=True)
class _Row:
    row: int
    target_id: str
    name: str
    city: City | None
    note: str


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
                return ImportResult([LedgerError("", row.row, "名称", "该名称已由其他市或省级登记，"
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
