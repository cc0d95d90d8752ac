"""Issuing a bulletin is a background job: the page queues it and follows its progress, the
job's page then links to the issued bulletin; a job whose worker died leaves no bulletin
file behind and is retried from its page."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from resolute.web.bulletins.models import IssuedBulletin
from resolute.web.jobs.models import Job
from resolute.web.lib import background

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUARTER = "2022Q4"


def _work_the_queue() -> None:
    """What a worker does with the queued tasks (called in this process: the test's
    transaction is not visible to another)."""
    for task in DBTaskResult.objects.filter(status="READY"):
        task.claim(background.worker_id())
        task.task.call(*task.args_kwargs["args"])
        task.set_successful(None)


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_issue_is_queued_and_its_page_links_to_the_bulletin(
    client_for: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    client = client_for("province")
    response = client.post(reverse("supervision-bulletin-issue"), {"quarter": QUARTER})
    job = Job.objects.get()
    assert response.url == reverse("jobs-detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "排队等待" in page and 'http-equiv="refresh"' in page
    assert not IssuedBulletin.objects.exists()

    _work_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()
    assert reverse("supervision-bulletin-detail", args=[QUARTER]) in page
    assert IssuedBulletin.objects.get().content_hash in page


def test_a_refusal_is_told_before_anything_is_queued(client_for: Any, settings: Any) -> None:
    settings.TASKS = DB_TASKS
    response = client_for("province").post(reverse("supervision-bulletin-issue"),
                                           {"quarter": "2030Q1"})  # fmt: skip
    assert response.url == reverse("supervision-bulletin-list")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_dead_worker_leaves_no_bulletin_file_and_the_issue_is_retried(
    client_for: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    client = client_for("province")
    client.post(reverse("supervision-bulletin-issue"), {"quarter": QUARTER})
    job = Job.objects.get()
    DBTaskResult.objects.get().claim(background.worker_id(_dead_pid()))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    folder = Path(settings.MEDIA_ROOT) / "bulletins"
    folder.mkdir(parents=True)
    (folder / f"{QUARTER}.pdf").write_bytes(b"%PDF-half")  # written before the row, then killed
    (folder / f"{QUARTER}_x1y2z3.xlsx").write_bytes(b"PK")
    (folder / "2022Q3.pdf").write_bytes(b"%PDF-another quarter's")

    assert background.sweep_dead_workers() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "工作进程意外终止" in job.message
    assert sorted(p.name for p in folder.iterdir()) == ["2022Q3.pdf"]
    assert not IssuedBulletin.objects.exists()

    client.post(reverse("jobs-retry", args=[job.pk]))
    _work_the_queue()
    retry = Job.objects.exclude(pk=job.pk).get()
    assert retry.status == Job.Status.DONE and IssuedBulletin.objects.get().quarter == QUARTER
