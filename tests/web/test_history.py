"""Every change of ledger data is recorded: who, when, before and after; never editable."""

from __future__ import annotations

from typing import Any

import pytest

from resolute.web.audit.context import NoActor, acting_as
from resolute.web.audit.models import AuditEvent, ImmutableError
from resolute.web.ledger.models import Line


def test_creating_the_ledger_recorded_every_row(users: dict[str, Any]) -> None:
    created = AuditEvent.objects.filter(action="create")
    assert created.filter(model="line").count() == 5
    assert created.filter(model="enterprise").count() == 4
    assert set(created.values_list("actor_name", flat=True)) == {"测试数据"}


def test_an_update_records_who_and_the_values_before_and_after(users: dict[str, Any]) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    with acting_as(users["zibo"], via="网页"):
        line.volume_m3 = 420.0
        line.save()
    event = AuditEvent.objects.filter(model="line", action="update").get()
    assert event.actor == users["zibo"] and event.via == "网页"
    assert event.before["volume_m3"] == 380.0 and event.after["volume_m3"] == 420.0
    assert event.changes() == [("volume_m3", 380.0, 420.0)]
    assert (event.city, event.enterprise_code) == ("淄博", line.enterprise.credit_code)


def test_saving_without_a_change_records_nothing(users: dict[str, Any]) -> None:
    before = AuditEvent.objects.count()
    with acting_as(users["zibo"]):
        Line.objects.get(line_id="ZB-BF-1").save()
    assert AuditEvent.objects.count() == before


def test_bulk_update_goes_through_the_same_recording(users: dict[str, Any]) -> None:
    with acting_as(users["province"], via="网页"):
        changed = Line.objects.filter(equipment="blast_furnace").update(env_status="fail")
    assert changed == 2
    events = AuditEvent.objects.filter(action="update", model="line")
    assert events.count() == 2
    assert {e.after["env_status"] for e in events} == {"fail"}


def test_silent_bulk_shortcuts_are_refused(users: dict[str, Any]) -> None:
    lines = list(Line.objects.all())
    with acting_as(users["province"]), pytest.raises(ImmutableError):
        Line.objects.bulk_update(lines, ["env_status"])
    with acting_as(users["province"]), pytest.raises(ImmutableError):
        Line.objects.bulk_create([])


def test_a_delete_is_recorded_with_the_values_before(users: dict[str, Any]) -> None:
    line = Line.objects.get(line_id="ZB-BOF-1")
    with acting_as(users["province"]):
        line.delete()
    event = AuditEvent.objects.get(model="line", action="delete")
    assert event.before["line_id"] == "ZB-BOF-1" and event.after is None


def test_a_change_without_an_actor_is_refused(users: dict[str, Any]) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    line.volume_m3 = 500.0
    with pytest.raises(NoActor):
        line.save()
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


def test_history_can_be_neither_edited_nor_deleted(users: dict[str, Any]) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.actor_name = "someone else"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
