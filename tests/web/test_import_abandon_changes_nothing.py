"""Abandoning an import, at the preview or at the mapping step, leaves the ledger as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, Line


def _workbook(tmp_path: Path) -> Path:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-BF-1":
            line["volume_m3"] = 420.0
    path = tmp_path / "淄博.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    return path


def _upload(client: Any, path: Path) -> ImportBatch:
    client.post(reverse("imports-upload"),
                {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    return ImportBatch.objects.latest("id")


def test_abandoning_a_preview_changes_nothing_and_it_cannot_be_confirmed_later(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path))
    assert batch.status == Status.PREVIEWED
    url = reverse("imports-detail", args=[batch.pk])
    audit = AuditEvent.objects.count()

    response = client.post(url, {"action": "abandon"}, follow=True)

    assert "已放弃本次导入" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == Status.ABANDONED
    client.post(url, {"action": "confirm"})
    batch.refresh_from_db()
    assert batch.status == Status.ABANDONED
    assert AuditEvent.objects.count() == audit
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


def test_an_import_can_be_abandoned_at_the_mapping_step(client_for: Any, tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["生产线"]["A1"] = "设备编号"  # not a known header
    book.save(path)
    client = client_for("zibo")
    batch = _upload(client, path)
    assert batch.status == Status.NEEDS_MAPPING

    client.post(reverse("imports-detail", args=[batch.pk]), {"action": "abandon"})

    batch.refresh_from_db()
    assert batch.status == Status.ABANDONED
    response = client.post(reverse("imports-detail", args=[batch.pk]),
                           {"action": "columns", "lines-0": "line_id"}, follow=True)  # fmt: skip
    batch.refresh_from_db()
    assert batch.status == Status.ABANDONED
    assert "确认导入" not in response.content.decode()
