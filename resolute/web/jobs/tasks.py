"""Jobs (documents, large exports, what-ifs) as background tasks (resolute.web.lib.background)."""

from __future__ import annotations

from typing import Any

from resolute.web.lib.background import ON_DEATH
from resolute.web.lib.compat_tasks import task


@task()
def run_job(job_id: int) -> None:
    """Do a queued job and keep its files (resolute.web.jobs.services)."""
    from resolute.web.jobs.services import execute

    execute(job_id)


def _job_died(args: list[Any], reason: str) -> None:
    from resolute.web.jobs.services import died

    if args:
        died(int(args[0]), reason)


ON_DEATH[run_job.module_path] = _job_died
