"""Assessment runs as background tasks (see resolute.web.lib.background)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resolute.web.lib.background import ON_DEATH
from resolute.web.lib.compat_tasks import task


@task()
def run_assessment(run_id: int) -> None:
    """Assess the stored ledger for the run's scope and store the snapshot."""
    from resolute.web.assessments.services import execute

    execute(run_id)


def _run_died(args: list[Any], reason: str) -> None:
    from resolute.web.assessments.models import AssessmentRun
    from resolute.web.assessments.services import ACTIVE

    if not args:
        return
    AssessmentRun.objects.filter(pk=args[0], status__in=ACTIVE).update(
        status=AssessmentRun.Status.FAILED, finished_at=timezone.now(),
        message=f"评估中断：{reason}；未保存任何结果，可重新发起评估。",
    )  # fmt: skip


ON_DEATH[run_assessment.module_path] = _run_died
