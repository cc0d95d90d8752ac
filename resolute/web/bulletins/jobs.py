"""Issuing a quarter's bulletin as a background job (resolute.web.jobs).

The result that stays is the issued bulletin itself (its page, PDF and workbook); the job's
page links to it. Its files are written into ``MEDIA_ROOT/bulletins/`` before the bulletin's
row is saved, so a job that fails or whose worker dies removes the files of its quarter that
no issued bulletin holds (:func:`cleanup_job`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

from resolute.web.bulletins import services
from resolute.web.bulletins.models import IssuedBulletin
from resolute.web.jobs.kinds import Done, JobRefused, Progress


def issue_job(job: Any, progress: Progress) -> Done:
    progress("生成通报（网页、PDF、Excel）", 0, 1)
    try:
        issued = services.issue_bulletin(job.params["quarter"], job.user,
                                         dt.date.fromisoformat(job.params["today"]))  # fmt: skip
    except services.BulletinRefused as exc:
        raise JobRefused(str(exc)) from exc
    return Done(result={
        "summary": f"{issued.quarter} 季度通报已签发，内容校验码 {issued.content_hash}。",
        "link": reverse("supervision-bulletin-detail", args=[issued.quarter]),
        "link_text": "查看通报（网页、PDF、Excel）",
    })  # fmt: skip


def cleanup_job(job: Any) -> None:
    """Remove the quarter's files that no issued bulletin holds (written before the row)."""
    quarter = str(job.params.get("quarter", ""))
    folder = Path(settings.MEDIA_ROOT) / "bulletins"
    if not quarter or not folder.is_dir():
        return
    held = {name for row in IssuedBulletin.objects.filter(quarter=quarter).values_list("pdf", "xlsx")
            for name in row}  # fmt: skip
    for path in folder.glob(f"{quarter}*"):
        if f"bulletins/{path.name}" not in held:
            path.unlink(missing_ok=True)
