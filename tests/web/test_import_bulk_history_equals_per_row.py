"""The import writes new records in bulk (``create_recorded``): the history it leaves is
exactly what saving the same records one by one leaves — who, via what, which record of
which enterprise and city, before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import make_enterprise, make_line
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.imports import services
from resolute.web.imports.models import Status
from resolute.web.ledger.models import Enterprise, EnterpriseYear, ExitPlan, Line

_FIELDS = ("actor_id", "actor_name", "via", "action", "model", "object_repr",
           "enterprise_code", "city", "before", "after")  # fmt: skip


class _RolledBack(Exception):
    pass


def _shown(event: AuditEvent) -> tuple[Any, ...]:
    return tuple((f, repr(getattr(event, f))) for f in _FIELDS)


def test_a_bulk_import_records_the_same_history_as_saving_row_by_row(
    users: dict[str, Any], tmp_path: Path
) -> None:
    new = make_enterprise("steel", name="淄博新建钢铁有限公司", city="淄博", county="周村区")
    lines = [make_line("eaf", new["credit_code"], line_id=f"ZB-EAF-{i}", capacity=80.0,
                       exit_method="close", responsible_person="张三") for i in (8, 9)]  # fmt: skip
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([new], lines), path)
    user = users["zibo"]
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    batch = services.upload(user, SimpleUploadedFile(path.name, path.read_bytes()))
    assert batch.status == Status.PREVIEWED, batch.errors
    batch, notice = services.confirm(batch.pk, user)
    assert batch.status == Status.APPLIED, notice.text
    ent = Enterprise.objects.get(credit_code=new["credit_code"])
    bulk_events = list(AuditEvent.objects.filter(pk__gt=start).order_by("pk"))
    bulk = sorted(_shown(e) for e in bulk_events)
    assert {e.model for e in bulk_events} >= {"enterprise", "line", "exitplan"}
    assert {(e.via, e.city, e.enterprise_code) for e in bulk_events} == {
        ("导入", "淄博", new["credit_code"])
    }

    # The same records (the same ids) saved one by one, then rolled back: the same events.
    row_by_row: list[tuple[Any, ...]] = []
    try:
        with transaction.atomic():
            records = ([*ExitPlan.objects.filter(line__enterprise=ent)],
                       [*Line.objects.filter(enterprise=ent)],
                       [*EnterpriseYear.objects.filter(enterprise=ent)], [ent])  # fmt: skip
            with acting_as(None, via="测试", name="清理"):
                for group in records:
                    for obj in group:
                        type(obj)._base_manager.filter(pk=obj.pk).delete()  # no event
            mark = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            with acting_as(user, via=services.VIA):
                for group in reversed(records):
                    for obj in group:
                        obj.save(force_insert=True)
            events = AuditEvent.objects.filter(pk__gt=mark or 0).order_by("pk")
            row_by_row = sorted(_shown(e) for e in events)
            raise _RolledBack
    except _RolledBack:
        pass

    assert row_by_row == bulk
