"""A real worker process killed (SIGKILL) in the middle of a job: when another worker
starts, the job ends as failed with its reason and no file, and retrying it from its page
makes the file.

The job is held mid-way deterministically: the test locks the table it reads, so the worker
waits inside the job until it is killed. PostgreSQL only (SQLite lets readers pass a
writer's lock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from province import build_province, make_user

from resolute.web.accounts.models import Role
from resolute.web.jobs import services
from resolute.web.jobs.models import Job
from resolute.web.ledger.models import City, Line

#: Skipped before any database is set up: a transactional test's flush would empty the
#: cities that later tests of this process read.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="holds the job with a table lock, which SQLite readers do not wait for",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT = 180


def _until(condition: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _conninfo() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": _conninfo(), "RESOLUTE_DATA_DIR": str(tmp_path),
           "RESOLUTE_TASKS": "database", "RESOLUTE_PRODUCTION": "0",
           "RESOLUTE_SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_SETTINGS_MODULE": "resolute.web.settings"}  # fmt: skip
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip


def test_a_job_killed_mid_way_fails_with_its_reason_and_is_retried(
    transactional_db: Any, settings: Any, tmp_path: Path
) -> None:
    build_province()
    user = make_user("zibo", "x", role=Role.CITY, city=City.objects.get(name="淄博"))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.RESOLUTE_EXPORT_INLINE_ROWS = 1
    settings.MEDIA_ROOT = tmp_path / "media"  # the workers' (RESOLUTE_DATA_DIR/media)
    client = Client()
    client.force_login(user)

    response = client.get(reverse("ledger-line-export"))
    job = Job.objects.get()
    assert response.url == reverse("jobs-detail", args=[job.pk])
    workers: list[subprocess.Popen[bytes]] = []
    with psycopg.connect(_conninfo()) as holder:
        try:
            holder.execute(f"LOCK TABLE {Line._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            workers.append(_worker(tmp_path, "first"))
            _until(lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING,
                   "the worker to start the job")  # fmt: skip
            time.sleep(0.5)  # it waits on the table, in the middle of the job
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
        finally:
            holder.rollback()
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING  # left "running"

    try:
        workers.append(_worker(tmp_path, "second"))  # sweeps when it starts
        _until(lambda: Job.objects.get(pk=job.pk).status == Job.Status.FAILED,
               "the job to be marked failed")  # fmt: skip
        job.refresh_from_db()
        assert "工作进程意外终止（进程已不存在）" in job.message and "重试" in job.message
        assert job.files == [] and not services.folder(job.pk).exists()  # nothing half-written
        task = DBTaskResult.objects.get(args_kwargs__args=[job.pk])
        assert task.status == "FAILED" and "WorkerDied" in task.exception_class_path

        page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()
        assert "工作进程意外终止" in page and "重试" in page
        again = client.post(reverse("jobs-retry", args=[job.pk]))
        retry = Job.objects.exclude(pk=job.pk).get()
        assert again.url == reverse("jobs-detail", args=[retry.pk])
        _until(lambda: not Job.objects.get(pk=retry.pk).active, "the retry to be done")
        retry.refresh_from_db()
        assert retry.status == Job.Status.DONE and retry.retry_of_id == job.pk
        download = client.get(reverse("jobs-file", args=[retry.pk, 1]))
        assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=60)
        connection.close()
