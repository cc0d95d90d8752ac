"""Reading an uploaded ledger file as a background task (see resolute.web.lib.background)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resolute.web.lib.background import ON_DEATH
from resolute.web.lib.compat_tasks import task


@task()
def examine_upload(batch_id: int) -> None:
    """Read, validate and plan an uploaded file: to the mapping step, its errors or its
    preview."""
    from resolute.web.imports.services import examine_batch

    examine_batch(batch_id)


def _examine_died(args: list[Any], reason: str) -> None:
    from resolute.web.imports.models import ImportBatch, Status
    from resolute.web.imports.services import INTERRUPTED

    if args:
        ImportBatch.objects.filter(pk=args[0], status=Status.UPLOADED).update(
            status=Status.FAILED, message=INTERRUPTED, updated_at=timezone.now()
        )


@task()
def confirm_import(batch_id: int, user_id: int) -> None:
    """Write a confirmed import (one transaction, or part by part when large)."""
    from resolute.web.imports.services import confirm_batch

    confirm_batch(batch_id, user_id)


def _confirm_died(args: list[Any], reason: str) -> None:
    from resolute.web.imports.models import ImportBatch, Status
    from resolute.web.imports.services import INTERRUPTED_WRITING

    batch = ImportBatch.objects.filter(pk=args[0] if args else None).first()
    if batch is None or batch.status != Status.PREVIEWED:
        return
    message = (INTERRUPTED_WRITING if batch.summary.get("applying")
               else "写入被中断（服务器进程已终止），台账未作任何修改；请重新确认。")  # fmt: skip
    if batch.summary.get("applying"):
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, message=message, updated_at=timezone.now()
        )
    else:  # one transaction: nothing was written, the preview still holds
        summary = {k: v for k, v in batch.summary.items() if k != "confirming"}
        ImportBatch.objects.filter(pk=batch.pk).update(summary=summary, message=message)


ON_DEATH[examine_upload.module_path] = _examine_died
ON_DEATH[confirm_import.module_path] = _confirm_died
