"""The ledger list's export as a background job when the filtered set is large.

A small set is written in the request (resolute.web.front.ledger_views.line_export); past
``RESOLUTE_EXPORT_INLINE_ROWS`` lines the page queues a job instead, and the user follows
its progress and downloads the file from the job's page, now or later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict

from resolute.web.jobs.kinds import Done, Output, Progress
from resolute.web.lib.export import XLSX_CONTENT_TYPE, Sheet, workbook_bytes

KIND = "ledger-export"
#: Rows read between two progress reports.
STEP = 2000


def export_job(job: Any, progress: Progress) -> Done:
    """The filtered lines of the job's user, as the list's export writes them."""
    from resolute.web.front import ledger_views as views

    today = dt.date.fromisoformat(job.params["today"])
    lines = views.filtered_lines(job.user, QueryDict(job.params.get("query", "")), today)
    total = lines.count()
    progress("读取台账", 0, total)
    rows = []
    for i, line in enumerate(lines.iterator(chunk_size=STEP), start=1):
        rows.append(views.export_row(views.decorate(line, today)))
        if i % STEP == 0:
            progress("读取台账", i, total)
    progress("写入 Excel", total, total)
    sheet = Sheet("生产线台账", views.EXPORT_HEADERS, rows, views.EXPORT_WIDTHS)
    content = workbook_bytes([sheet])
    return Done([Output(f"生产线台账-{today.isoformat()}.xlsx", content, XLSX_CONTENT_TYPE)],
                {"summary": f"共 {total:,} 条生产线。"})  # fmt: skip
