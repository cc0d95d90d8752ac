"""Confirming re-reads and re-plans the file: if the ledger changed since the preview so
that the plan differs, the new preview is shown instead of applying."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import ledger_for, records_for
from resolute.web.ledger.models import Enterprise, Line


def _state() -> tuple[Any, ...]:
    return (Line.objects.count(), AuditEvent.objects.count(),
            Line.objects.get(line_id="ZB-BF-1").volume_m3)  # fmt: skip


@pytest.fixture
def previewed(client_for: Any, tmp_path: Path) -> tuple[Any, ImportBatch]:
    """淄博's officer with a previewed import that enlarges ZB-BF-1 to 420 m³."""
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-BF-1":
            line["volume_m3"] = 420.0
    path = tmp_path / "淄博.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    client = client_for("zibo")
    client.post(reverse("imports-upload"),
                {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED
    return client, batch


def test_a_ledger_changed_since_the_preview_is_previewed_again_not_applied(
    previewed: tuple[Any, ImportBatch], users: dict[str, Any]
) -> None:
    client, batch = previewed
    with acting_as(users["province"], via="网页"):
        line = Line.objects.get(line_id="ZB-BF-1")
        line.volume_m3 = 500.0
        line.save()
    before = _state()
    url = reverse("imports-detail", args=[batch.pk])

    response = client.post(url, {"action": "confirm"}, follow=True)

    assert _state() == before
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    page = response.content.decode()
    assert "自预览以来台账已有变化" in page
    assert "<td>有效容积</td><td>500</td><td>→ 420</td>" in page

    client.post(url, {"action": "confirm"})  # the new preview, confirmed

    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 420.0


def test_changes_elsewhere_in_the_ledger_do_not_stop_the_import(
    previewed: tuple[Any, ImportBatch], users: dict[str, Any]
) -> None:
    client, batch = previewed
    with acting_as(users["province"], via="网页"):
        line = Line.objects.get(line_id="LY-BF-1")  # 临沂, not in the file
        line.volume_m3 = 2000.0
        line.save()

    client.post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"})

    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 420.0
    assert ledger_for(Enterprise.objects.filter(city__name="临沂")).lines.height == 2
