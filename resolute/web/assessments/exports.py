"""A run's export as a background job when it is large (resolute.web.jobs)."""

from __future__ import annotations

from typing import Any

from resolute.web.jobs.kinds import Done, JobRefused, Output, Progress
from resolute.web.lib.export import XLSX_CONTENT_TYPE, workbook_bytes


def export_job(job: Any, progress: Progress) -> Done:
    """The same workbook as the run's export in the request, kept for later."""
    from resolute.web.assessments import queries
    from resolute.web.assessments.models import AssessmentRun
    from resolute.web.assessments.views import run_workbook

    run = queries.runs_for(job.user).filter(pk=job.params["run"]).first()
    if run is None or run.status != AssessmentRun.Status.DONE:
        raise JobRefused("该评估已不存在或不在您的范围内，未生成文件。")
    progress("读取评估结果", 0, 1)
    name, sheets = run_workbook(run, job.user)
    progress("写入 Excel", 1, 1)
    return Done([Output(name, workbook_bytes(sheets), XLSX_CONTENT_TYPE)])
