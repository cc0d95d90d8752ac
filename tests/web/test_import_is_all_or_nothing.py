"""An import that fails part-way through applying leaves the ledger exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import make_enterprise, make_line
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger import services as ledger_services
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, EnterpriseYear, ExitPlan, Line


def _state() -> tuple[Any, ...]:
    return (
        Enterprise.objects.count(),
        EnterpriseYear.objects.count(),
        Line.objects.count(),
        ExitPlan.objects.count(),
        AuditEvent.objects.count(),
        Line.objects.get(line_id="ZB-BF-1").volume_m3,
    )


@pytest.fixture
def previewed(client_for: Any, tmp_path: Path) -> tuple[Any, ImportBatch]:
    """淄博's officer with a previewed import: ZB-BF-1 changed and an exit plan added, two new
    enterprises with a line each — more writes than the injected failure allows."""
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-BF-1":
            line.update(volume_m3=420.0, exit_method="close")
    new = [make_enterprise("steel", name=f"淄博新钢{i}有限公司", city="淄博") for i in range(2)]
    new_lines = [make_line("bof", e["credit_code"], line_id=f"ZB-NEW-{i}")
                 for i, e in enumerate(new)]  # fmt: skip
    path = tmp_path / "淄博.xlsx"
    write_ledger(Ledger.from_records([*ents, *new], [*lines, *new_lines]), path)
    client = client_for("zibo")
    client.post(reverse("imports-upload"),
                {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED
    return client, batch


def test_a_failure_in_the_middle_of_applying_changes_nothing(
    previewed: tuple[Any, ImportBatch], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, batch = previewed
    real = ledger_services.apply_changes
    monkeypatch.setattr(ledger_services, "apply_changes",
                        lambda plan, **kw: real(plan, fail_after=3, **kw))  # fmt: skip
    before = _state()

    response = client.post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"},
                           follow=True)  # fmt: skip

    assert _state() == before
    assert not Enterprise.objects.filter(name__startswith="淄博新钢").exists()
    batch.refresh_from_db()
    assert batch.status == Status.FAILED
    assert "injected failure" in batch.message
    page = response.content.decode()
    assert "导入失败，台账未作任何修改" in page and "injected failure" in page


def test_a_failed_import_cannot_be_confirmed_again(
    previewed: tuple[Any, ImportBatch], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, batch = previewed
    real = ledger_services.apply_changes
    monkeypatch.setattr(ledger_services, "apply_changes",
                        lambda plan, **kw: real(plan, fail_after=3, **kw))  # fmt: skip
    url = reverse("imports-detail", args=[batch.pk])
    client.post(url, {"action": "confirm"})
    monkeypatch.setattr(ledger_services, "apply_changes", real)
    before = _state()

    client.post(url, {"action": "confirm"})

    assert _state() == before
    batch.refresh_from_db()
    assert batch.status == Status.FAILED
