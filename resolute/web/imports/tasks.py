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


ON_DEATH[examine_upload.module_path] = _examine_died
