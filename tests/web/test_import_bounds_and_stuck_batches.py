"""Uploads are bounded before they are read and never leave a batch stuck: a row bomb is
refused with a Chinese message, only the first errors are kept (以下还有 N 处错误), and a
batch whose process died ends as failed with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from builders import make_enterprise, make_line
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.imports.services import INTERRUPTED


def _upload(client: Any, path: Path) -> Any:
    return client.post(reverse("imports-upload"),
                       {"file": SimpleUploadedFile(path.name, path.read_bytes())}, follow=True)  # fmt: skip


def _workbook(tmp_path: Path, lines: int, **line_values: Any) -> Path:
    ent = make_enterprise("steel", city="淄博")
    rows = [make_line("bof", ent["credit_code"], **line_values) for _ in range(lines)]
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([ent], rows), path)
    return path


def test_a_row_bomb_is_refused_with_its_reason(
    client_for: Any, settings: Any, tmp_path: Path, users: Any
) -> None:
    settings.RESOLUTE_IMPORT_MAX_ROWS = 40
    response = _upload(client_for("zibo"), _workbook(tmp_path, 60))
    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert "超过 40 行" in batch.errors[0]["message"]
    assert "超过 40 行" in response.content.decode()


def test_only_the_first_errors_are_kept_and_the_rest_are_counted(
    client_for: Any, settings: Any, tmp_path: Path, users: Any
) -> None:
    settings.RESOLUTE_IMPORT_MAX_ERRORS = 5
    response = _upload(client_for("zibo"), _workbook(tmp_path, 20, capacity=-1.0))
    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert len(batch.errors) == 5 and batch.summary["more_errors"] == 15
    page = response.content.decode()
    assert "共 20 处错误" in page and "以下还有 15 处错误" in page


def test_a_batch_left_uploaded_by_a_dead_process_ends_as_failed(
    client_for: Any, users: dict[str, Any]
) -> None:
    batch = ImportBatch.objects.create(user=users["zibo"], original_name="台账.xlsx",
                                       file="imports/x.xlsx")  # fmt: skip
    fresh = ImportBatch.objects.create(user=users["zibo"], original_name="新.xlsx",
                                       file="imports/y.xlsx")  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    page = client_for("zibo").get(reverse("imports-upload")).content.decode()
    batch.refresh_from_db()
    fresh.refresh_from_db()
    assert batch.status == Status.FAILED and batch.message == INTERRUPTED
    assert fresh.status == Status.UPLOADED
    assert "处理被中断" in page
