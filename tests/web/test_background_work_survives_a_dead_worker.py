"""Background work is queued in the database and done by `manage.py run_worker`. A worker
killed mid-task leaves its run "running"; when a worker starts again (or the page polls),
the run ends as failed with its reason, nothing half-written remains, and it can be started
again from its page."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.lib import background

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def queued(settings: Any, users: dict[str, Any]) -> AssessmentRun:
    settings.TASKS = DB_TASKS
    run = start_run(users["zibo"], users["zibo"].profile.city_id, "")
    assert run.status == AssessmentRun.Status.PENDING
    return run


def _claim(worker: str, run: AssessmentRun) -> DBTaskResult:
    """As a worker does when it takes the task and starts the run."""
    task = DBTaskResult.objects.get()
    task.claim(worker)
    AssessmentRun.objects.filter(pk=run.pk).update(status="running", progress=40,
                                                   message="保存结果")  # fmt: skip
    return task


def _work_the_queue() -> None:
    """What a worker does with the queue. The real worker runs here on SQLite; on
    PostgreSQL it closes the connection, which the test's transaction cannot survive, so
    the queued tasks are called as the worker would call them."""
    if connection.vendor == "sqlite":
        call_command("run_worker", "--batch", "--interval", "0.01")
        return
    for task in DBTaskResult.objects.filter(status="READY"):
        task.claim(background.worker_id())
        task.task.call(*task.args_kwargs["args"])
        task.set_successful(None)


def test_a_run_left_running_by_a_dead_worker_ends_as_failed_when_a_worker_starts(
    queued: AssessmentRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resolute.web.assessments.management.commands import run_worker

    task = _claim(background.worker_id(_dead_pid()), queued)
    started: list[tuple[Any, ...]] = []
    monkeypatch.setattr(run_worker, "call_command", lambda *a, **k: started.append(a))
    call_command("run_worker")
    assert started and started[0][0] == "db_worker" and background.worker_id() in started[0]

    queued.refresh_from_db()
    task.refresh_from_db()
    assert queued.status == "failed" and "工作进程意外终止" in queued.message
    assert "可重新发起" in queued.message
    assert task.status == "FAILED" and "WorkerDied" in task.exception_class_path
    assert not LineResult.objects.filter(run=queued).exists()  # nothing half-written


def test_the_progress_poll_notices_a_dead_worker(client_for: Any, queued: AssessmentRun) -> None:
    _claim(background.worker_id(_dead_pid()), queued)
    body = client_for("zibo").get(reverse("assessments-run-progress", args=[queued.pk])).json()
    assert body["status"] == "failed" and "工作进程意外终止" in body["message"]


def test_a_run_whose_worker_lives_is_left_alone(queued: AssessmentRun) -> None:
    _claim(background.worker_id(os.getpid()), queued)
    _claim_other = background.sweep_dead_workers()
    queued.refresh_from_db()
    assert _claim_other == 0 and queued.status == "running"


def test_a_worker_of_another_host_within_its_lease_is_left_alone(queued: AssessmentRun) -> None:
    _claim(f"elsewhere-{_dead_pid()}-abc123", queued)
    assert background.sweep_dead_workers() == 0


def _lease(worker: str, seconds_ago: float) -> None:
    from django.utils import timezone

    from resolute.web.jobs.models import WorkerLease

    WorkerLease.objects.update_or_create(worker_id=worker, defaults={
        "host": "elsewhere", "pid": 1,
        "seen_at": timezone.now() - dt.timedelta(seconds=seconds_ago)})  # fmt: skip


def test_a_worker_of_another_host_whose_lease_ran_out_is_dead(
    queued: AssessmentRun, settings: Any
) -> None:
    settings.RESOLUTE_WORKER_LEASE_SECONDS = 60
    task = _claim("elsewhere-1-abc123", queued)
    _lease("elsewhere-1-abc123", seconds_ago=59)
    assert background.sweep_dead_workers() == 0
    _lease("elsewhere-1-abc123", seconds_ago=61)
    assert background.sweep_dead_workers() == 1
    queued.refresh_from_db()
    task.refresh_from_db()
    assert queued.status == "failed" and "心跳已停止" in queued.message
    assert task.status == "FAILED" and "WorkerDied" in task.exception_class_path


def test_a_worker_without_a_lease_is_judged_by_when_it_took_the_task(
    queued: AssessmentRun, settings: Any
) -> None:
    from django.utils import timezone

    settings.RESOLUTE_WORKER_LEASE_SECONDS = 60
    task = _claim("elsewhere-1-abc123", queued)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=61))  # fmt: skip
    assert background.sweep_dead_workers() == 1


def test_a_live_process_number_with_a_stale_lease_is_a_reused_number(
    queued: AssessmentRun, settings: Any
) -> None:
    """In a container the worker is process 1 at every start: the number alone says nothing."""
    settings.RESOLUTE_WORKER_LEASE_SECONDS = 60
    worker = f"{background.worker_id(os.getpid())}x"  # this host, a live process, another start
    _claim(worker, queued)
    _lease(worker, seconds_ago=61)
    assert background.sweep_dead_workers() == 1


def test_the_heartbeat_keeps_the_lease_and_gives_it_up(queued: AssessmentRun) -> None:
    from resolute.web.jobs.models import WorkerLease

    heartbeat = background.Heartbeat(background.worker_id())
    heartbeat.beat()
    assert WorkerLease.objects.filter(worker_id=background.worker_id()).exists()
    _claim(background.worker_id(), queued)
    assert background.sweep_dead_workers() == 0
    heartbeat.stop()
    assert not WorkerLease.objects.exists()


def test_a_failed_run_is_started_again_from_its_page_and_the_worker_does_it(
    client_for: Any, queued: AssessmentRun
) -> None:
    _claim(background.worker_id(_dead_pid()), queued)
    background.sweep_dead_workers()
    client = client_for("zibo")
    page = client.get(reverse("assessments-run-detail", args=[queued.pk])).content.decode()
    assert "重新评估" in page and "工作进程意外终止" in page

    response = client.post(reverse("assessments-run-list"),
                           {"city": str(queued.scope_city_id), "industry": ""})  # fmt: skip
    retry = AssessmentRun.objects.exclude(pk=queued.pk).get()
    assert response.status_code == 302 and retry.status == "pending"
    assert retry.scope_city_id == queued.scope_city_id

    _work_the_queue()
    retry.refresh_from_db()
    assert retry.status == "done" and LineResult.objects.filter(run=retry).exists()


def test_an_upload_being_read_by_a_dead_worker_ends_as_failed(
    settings: Any, users: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resolute.web.imports import services

    settings.TASKS = DB_TASKS
    batch = services.upload(users["zibo"], SimpleUploadedFile("a.json", b"{}"))
    assert batch.status == Status.UPLOADED
    DBTaskResult.objects.get().claim(background.worker_id(_dead_pid()))
    assert background.sweep_dead_workers() == 1
    batch = ImportBatch.objects.get()
    assert batch.status == Status.FAILED and batch.message == services.INTERRUPTED


def _previewed(users: dict[str, Any], tmp_path: Any) -> ImportBatch:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resolute.core.ledger import Ledger
    from resolute.io.readers import write_ledger
    from resolute.web.imports import services
    from resolute.web.ledger.convert import records_for
    from resolute.web.ledger.models import Enterprise

    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        line["status"] = "idle"
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    batch = services.upload(users["zibo"], SimpleUploadedFile(path.name, path.read_bytes()))
    assert batch.status == Status.PREVIEWED
    return batch


def test_a_confirmed_import_is_written_by_the_worker(
    client_for: Any, users: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    batch = _previewed(users, tmp_path)
    settings.TASKS = DB_TASKS
    client = client_for("zibo")
    url = reverse("imports-detail", args=[batch.pk])
    page = client.post(url, {"action": "confirm"}, follow=True).content.decode()
    assert "正在后台写入" in page
    assert ImportBatch.objects.get().status == Status.PREVIEWED
    _work_the_queue()
    assert ImportBatch.objects.get().status == Status.APPLIED


def test_a_confirm_whose_worker_died_leaves_the_ledger_and_the_preview(
    client_for: Any, users: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    from resolute.web.ledger.models import Line

    batch = _previewed(users, tmp_path)
    settings.TASKS = DB_TASKS
    client_for("zibo").post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"})
    DBTaskResult.objects.get(task_path__endswith="confirm_import").claim(
        background.worker_id(_dead_pid())
    )
    assert background.sweep_dead_workers() == 1
    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED and "confirming" not in batch.summary
    assert "写入被中断" in batch.message
    assert not Line.objects.filter(status="idle").exists()


def test_a_live_worker_of_this_host_without_a_lease_is_left_alone(
    queued: AssessmentRun, settings: Any
) -> None:
    """A worker of an older version, during an upgrade: its process is the evidence."""
    from django.utils import timezone

    settings.RESOLUTE_WORKER_LEASE_SECONDS = 60
    task = _claim(background.worker_id(os.getpid()), queued)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=600))  # fmt: skip
    assert background.sweep_dead_workers() == 0
