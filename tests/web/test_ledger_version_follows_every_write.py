"""The ledger version (stored in the database) moves with every write of ledger data, in the
write's own transaction, whichever way the write comes; a write rolled back leaves no
version that a later write could repeat. Converted ledgers are kept under it, so no process
of any server serves one older than the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction

from resolute.core.ledger import Ledger
from resolute.web.audit.context import acting_as
from resolute.web.ledger import convert
from resolute.web.ledger.convert import ledger_for, records_for
from resolute.web.ledger.models import (
    Enterprise,
    EnterpriseYear,
    ExitEvent,
    ExitPlan,
    LedgerData,
    LedgerVersion,
    Line,
)
from resolute.web.ledger.services import apply_changes, plan_changes


def _read_by_conversion() -> set[str]:
    """The tables ``records_for`` reads: every model stored there is ledger data."""
    return {m._meta.db_table for m in (Enterprise, EnterpriseYear, Line, ExitPlan, ExitEvent)}


def test_every_model_the_conversion_reads_raises_the_version() -> None:
    ledger_models = [m for m in apps.get_app_config("ledger").get_models()
                     if m._meta.db_table in _read_by_conversion()]  # fmt: skip
    assert len(ledger_models) == 5
    assert all(issubclass(m, LedgerData) for m in ledger_models)


def test_saving_deleting_and_bulk_writes_each_raise_it(province_ledger: Any) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    seen = [LedgerVersion.current()]
    with acting_as(None, name="测试"):
        line.volume_m3 = 999.0
        line.save()
        seen.append(LedgerVersion.current())
        Line.objects.filter(pk=line.pk).update(volume_m3=998.0)
        seen.append(LedgerVersion.current())
        event = ExitEvent(line=line, exited_on="2021-06-30", capacity=1.0)
        event.save()  # an exit verified
        seen.append(LedgerVersion.current())
        event.delete()
        seen.append(LedgerVersion.current())
        ExitEvent.objects.create_recorded([ExitEvent(line=line, exited_on="2021-07-01")])
        seen.append(LedgerVersion.current())
    numbers = [n for n, _ in seen]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert len({stamp for _, stamp in seen}) == len(seen)


def test_an_import_raises_it(province_ledger: Any) -> None:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for rec in lines:
        rec["status"] = "idle"
    before = LedgerVersion.current()
    with acting_as(None, name="测试"):
        apply_changes(plan_changes(Ledger.from_records(ents, lines)))
    assert LedgerVersion.current()[0] > before[0]


def test_an_empty_bulk_write_does_not(province_ledger: Any) -> None:
    before = LedgerVersion.current()
    Line.objects.create_recorded([])
    assert LedgerVersion.current() == before


def test_a_rolled_back_write_leaves_no_version_a_later_write_repeats(province_ledger: Any) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    start = LedgerVersion.current()
    with pytest.raises(RuntimeError), transaction.atomic(), acting_as(None, name="测试"):
        line.volume_m3 = 111.0
        line.save()
        inside = LedgerVersion.current()
        kept_inside = ledger_for(Enterprise.objects.all())  # read in the doomed transaction
        raise RuntimeError("rolled back")
    assert LedgerVersion.current() == start
    line.refresh_from_db()
    with acting_as(None, name="测试"):
        line.volume_m3 = 222.0
        line.save()
    after = LedgerVersion.current()
    assert after[0] == inside[0] and after[1] != inside[1]  # same number, another stamp
    fresh = ledger_for(Enterprise.objects.all())
    assert fresh is not kept_inside
    row = fresh.lines.filter(fresh.lines["line_id"] == "ZB-BF-1").row(0, named=True)
    assert row["volume_m3"] == 222.0


def test_the_cache_is_keyed_by_the_stored_version_only(province_ledger: Any) -> None:
    """A change made where this process cannot see it (another server) is noticed through
    the version; without the version moving, the kept conversion is served."""
    first = ledger_for(Enterprise.objects.all())
    with connection.cursor() as cursor:  # as another server's write would look from here
        cursor.execute(f"UPDATE {Line._meta.db_table} SET volume_m3 = 777 WHERE line_id = %s",
                       ["ZB-BF-1"])  # fmt: skip
    assert ledger_for(Enterprise.objects.all()) is first
    LedgerVersion.bump()  # the other server's write raised it in its transaction
    fresh = ledger_for(Enterprise.objects.all())
    row = fresh.lines.filter(fresh.lines["line_id"] == "ZB-BF-1").row(0, named=True)
    assert fresh is not first and row["volume_m3"] == 777


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_row_back_on_the_first_write() -> None:

    from province import build_province

    LedgerVersion.objects.all().delete()
    assert LedgerVersion.current() == (0, "")
    convert._CACHE.clear()
    build_province()
    number, stamp = LedgerVersion.current()
    assert number >= 1 and stamp
