"""Pages reuse the converted ledger until the ledger data changes."""

from __future__ import annotations

from typing import Any

from resolute.web.audit.context import acting_as
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise, Line


def test_a_second_conversion_is_the_same_object(province_ledger: Any) -> None:
    first = ledger_for(Enterprise.objects.all())
    assert ledger_for(Enterprise.objects.all()) is first


def test_a_change_of_ledger_data_gives_a_fresh_conversion(province_ledger: Any) -> None:
    before = ledger_for(Enterprise.objects.all())
    line = Line.objects.get(line_id="ZB-BF-1")
    with acting_as(None, name="测试"):
        line.volume_m3 = 999.0
        line.save()
    after = ledger_for(Enterprise.objects.all())
    assert after is not before
    row = after.lines.filter(after.lines["line_id"] == "ZB-BF-1").row(0, named=True)
    assert row["volume_m3"] == 999.0


def test_different_scopes_are_kept_apart(province_ledger: Any) -> None:
    zibo = ledger_for(Enterprise.objects.filter(city__name="淄博"))
    everyone = ledger_for(Enterprise.objects.all())
    assert zibo.enterprises.height == 2 and everyone.enterprises.height == 4
    assert ledger_for(Enterprise.objects.none()).lines.height == 0
