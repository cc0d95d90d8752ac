"""Submitting long work, doing it in a worker, and keeping what it made.

A job is queued as a background task (:mod:`resolute.web.jobs.tasks`); the worker marks it
running, calls its kind's function, writes the files aside under ``MEDIA_ROOT/jobs/<id>/``
and puts each in place by renaming it, and only then marks the job done with the list of
its files, in one UPDATE. A job that fails, or whose worker dies (SIGKILL, a lost machine:
resolute.web.lib.background), has its folder removed and ends as failed with the reason;
nothing half-written remains, and :func:`retry` queues the same work again.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from resolute.web.jobs.kinds import KINDS, Done, JobRefused, Progress, cleanup, runner
from resolute.web.jobs.models import Job
from resolute.web.lib.progress import throttled

log = logging.getLogger(__name__)

#: At most how often (seconds) a job stores its progress.
PROGRESS_INTERVAL = 1.0
FAILED = "生成过程中出错，未保存任何文件；可点击“重试”重新生成。"


def submit(user: Any, kind: str, title: str, params: dict[str, Any] | None = None,
           retry_of: Job | None = None) -> Job:  # fmt: skip
    """Queue ``kind`` for ``user``: the job, pending until a worker takes it."""
    if kind not in KINDS:
        raise KeyError(kind)
    job = Job.objects.create(user=user, kind=kind, title=title[:200], params=params or {},
                             retry_of=retry_of)  # fmt: skip
    from resolute.web.jobs.tasks import run_job

    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def retry(job: Job) -> Job:
    """The same work again, as a new job (the failed one stays, with its reason)."""
    if job.status != Job.Status.FAILED:
        raise ValueError("only a failed job is retried")
    return submit(job.user, job.kind, job.title, job.params, retry_of=job)


def folder(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job_id)


def remove_files(job_id: int) -> None:
    shutil.rmtree(folder(job_id), ignore_errors=True)


def recorder(job_id: int, interval: float | None = None) -> Progress:
    """A progress callback storing the job's stage and done/total (throttled)."""
    running = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING)
    every = PROGRESS_INTERVAL if interval is None else interval
    return throttled(lambda progress: running.update(progress=progress), every)


_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def _disk_name(index: int, name: str) -> str:
    """A plain name on disk (the Chinese name is the download's)."""
    suffix = Path(name).suffix.lower()
    return f"{index + 1}{suffix if _SUFFIX.fullmatch(suffix) else ''}"


def _store(job_id: int, done: Done) -> list[dict[str, Any]]:
    """Write the files aside, then rename each into place (a reader never sees a part)."""
    target = folder(job_id)
    target.mkdir(parents=True, exist_ok=True)
    stored = []
    for i, output in enumerate(done.files):
        final = target / _disk_name(i, output.name)
        partial = target / f".{final.name}.partial"
        with partial.open("wb") as out:
            out.write(output.content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        stored.append({"name": output.name, "file": str(final.relative_to(settings.MEDIA_ROOT)),
                       "content_type": output.content_type, "size": len(output.content)})  # fmt: skip
    return stored


def execute(job_id: int) -> None:
    """Do a queued job (the background task's work); a job not pending is left alone, so a
    task delivered twice does the work once."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress={"stage": "开始"})  # fmt: skip
    if not started:
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        done = runner(job.kind)(job, recorder(job_id))
        files = _store(job_id, done)
    except JobRefused as exc:  # a reason for the user, not a fault
        _failed(job, str(exc))
        return
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _failed(job, FAILED)
        raise
    finished = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, files=files, result=done.result, finished_at=timezone.now(),
        progress={"stage": "完成", "done": 1, "total": 1})  # fmt: skip
    if not finished:  # judged dead meanwhile (a worker that stopped beating): keep nothing
        remove_files(job_id)


def _failed(job: Job, message: str) -> None:
    remove_files(job.pk)
    cleanup(job)
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now())  # fmt: skip


def died(job_id: int, reason: str) -> None:
    """The job's worker died: remove what it may have begun writing, and say why."""
    remove_files(job_id)
    job = Job.objects.filter(pk=job_id).first()
    if job is not None:
        cleanup(job)
    Job.objects.filter(pk=job_id, status__in=[Job.Status.PENDING, Job.Status.RUNNING]).update(
        status=Job.Status.FAILED, finished_at=timezone.now(),
        message=f"{reason}；未保存任何文件，可点击“重试”重新生成。")  # fmt: skip
