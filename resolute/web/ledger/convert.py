"""Conversion between the stored ledger and the core's interchange records.

The core never imports Django; this module is the only bridge. ``records_for`` reads
enterprises and their lines with a handful of queries (no per-row queries), so that a whole
province converts quickly; ``split_*`` break a core record into the models' field sets.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, QuerySet

from resolute.core.ledger import Ledger
from resolute.web.ledger.models import (
    ENTERPRISE_KEYS,
    LINE_KEYS,
    PLAN_KEYS,
    YEAR_KEYS,
    Enterprise,
    EnterpriseYear,
    ExitEvent,
    ExitPlan,
    LedgerVersion,
    Line,
)

Record = dict[str, Any]
_ENTERPRISE_COLUMNS = tuple(k for k in ENTERPRISE_KEYS if k != "city")


def records_for(enterprises: QuerySet[Enterprise]) -> tuple[list[Record], list[Record]]:
    """Interchange records of ``enterprises`` (latest year's figures) and all their lines."""
    ents: dict[int, Record] = {}
    for row in enterprises.values("id", "city__name", *_ENTERPRISE_COLUMNS):
        rec = {k: row[k] for k in _ENTERPRISE_COLUMNS}
        rec["city"] = row["city__name"]
        rec["county"] = rec["county"] or None
        ents[row["id"]] = rec
    ids = list(ents)
    years = (
        EnterpriseYear.objects.filter(enterprise_id__in=ids)
        .order_by("enterprise_id", F("year").desc(nulls_last=True))
        .values("enterprise_id", "year", *YEAR_KEYS)
    )
    seen: set[int] = set()
    for row in years:
        if row["enterprise_id"] in seen:
            continue  # only the latest year
        seen.add(row["enterprise_id"])
        rec = ents[row["enterprise_id"]]
        rec["year"] = row["year"]
        rec.update({k: row[k] for k in YEAR_KEYS})

    lines: dict[int, Record] = {}
    line_rows = Line.objects.filter(enterprise_id__in=ids).order_by("enterprise_id", "line_id")
    for row in line_rows.values("id", "enterprise__credit_code", *LINE_KEYS):
        rec = {k: row[k] for k in LINE_KEYS}
        rec["credit_code"] = row["enterprise__credit_code"]
        lines[row["id"]] = rec
    for row in ExitPlan.objects.filter(line_id__in=lines).values("line_id", *PLAN_KEYS):
        lines[row["line_id"]].update({k: row[k] for k in PLAN_KEYS})
    for row in (
        ExitEvent.objects.filter(line_id__in=lines)
        .order_by("exited_on")
        .values("line_id", "exited_on")
    ):
        lines[row["line_id"]]["exited_on"] = row["exited_on"]  # the latest verified exit
    return list(ents.values()), list(lines.values())


_CACHE: OrderedDict[tuple[Any, ...], Ledger] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()


def ledger_for(enterprises: QuerySet[Enterprise]) -> Ledger:
    """The core ledger of ``enterprises``, kept for reuse under the ledger version it read.

    Reading a province (100,000 lines) takes seconds while assessing it takes a fraction of
    one, so pages that compute from the whole ledger reuse the last few conversions. The
    key is the :class:`~resolute.web.ledger.models.LedgerVersion` stored in the database,
    which every ledger write raises in its own transaction: a process (of this server or
    another) never serves a conversion older than the data. The version and the records are
    read in one snapshot (:func:`_one_snapshot`).
    """
    with _one_snapshot():
        try:
            key = (str(enterprises.query), *LedgerVersion.current())
        except EmptyResultSet:
            return Ledger.from_records([], [])
        with _LOCK:
            cached = _CACHE.get(key)
            if cached is not None:
                _CACHE.move_to_end(key)
                return cached
        ents, lines = records_for(enterprises)
    ledger = Ledger.from_records(ents, lines)
    with _LOCK:
        _CACHE[key] = ledger
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return ledger


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """On PostgreSQL, the version and the records read in one snapshot (a repeatable-read
    transaction), so that what is kept is exactly the data of that version; a write
    committed between two of the queries cannot tear it. (SQLite writes one at a time.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def split_enterprise(rec: Record) -> tuple[Record, Record]:
    """(Enterprise fields without city, EnterpriseYear fields with year) of a core record."""
    own = {k: rec.get(k) for k in _ENTERPRISE_COLUMNS}
    own["county"] = own.get("county") or ""
    year = {k: rec.get(k) for k in YEAR_KEYS}
    year["year"] = rec.get("year")
    return own, year


def split_line(rec: Record) -> tuple[Record, Record]:
    """(Line fields, ExitPlan fields) of a core record; ``exited_on`` is handled apart."""
    own = {k: rec.get(k) for k in LINE_KEYS}
    own["status"] = own.get("status") or "operating"
    return own, {k: rec.get(k) for k in PLAN_KEYS}


def has_values(fields: Iterable[Any]) -> bool:
    return any(v is not None for v in fields)
