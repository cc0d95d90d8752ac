"""Long work asked for on a page (here: the ledger export of a large set) is a background
job: its page shows the progress, its file stays and is downloaded later, only by the user
who asked; a job that fails or whose worker dies leaves no file and is retried from its
page."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from resolute.web.jobs import kinds, services
from resolute.web.jobs.models import Job
from resolute.web.lib import background

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def large(settings: Any) -> None:
    settings.RESOLUTE_EXPORT_INLINE_ROWS = 1  # 淄博 has three lines, two of them steel


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_a_small_export_is_written_in_the_request(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("ledger-line-export"))
    assert response.status_code == 200 and not Job.objects.exists()


def test_a_large_export_is_a_job_whose_file_stays(client_for: Any, large: None) -> None:
    client = client_for("zibo")
    response = client.get(reverse("ledger-line-export") + "?industry=steel")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs-detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.kind == "ledger-export"
    page = client.get(response.url).content.decode()
    assert "生产线台账-" in page and "共 2 条生产线" in page
    listing = client.get(reverse("jobs-list")).content.decode()
    assert job.title in listing
    for _ in range(2):  # kept: downloaded again later
        download = client.get(reverse("jobs-file", args=[job.pk, 1]))
        content = b"".join(download.streaming_content)
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
        rows = _rows(content)
        assert rows[0][0] == "市" and {r[5] for r in rows[1:]} == {"ZB-BF-1", "ZB-BOF-1"}


def test_a_job_is_only_its_users(client_for: Any, large: None) -> None:
    client_for("zibo").get(reverse("ledger-line-export"))
    job = Job.objects.get()
    other = client_for("linyi")
    assert other.get(reverse("jobs-detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("jobs-file", args=[job.pk, 1])).status_code == 404
    assert client_for(None).get(reverse("jobs-detail", args=[job.pk])).status_code == 302


def test_a_failed_job_keeps_no_file_and_is_retried_from_its_page(
    client_for: Any, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(job: Any, progress: Any) -> kinds.Done:
        services.folder(job.pk).mkdir(parents=True)
        (services.folder(job.pk) / ".1.xlsx.partial").write_bytes(b"half")
        raise RuntimeError("disk full")

    real = kinds.runner
    monkeypatch.setattr(services, "runner", lambda kind: broken)
    client = client_for("zibo")
    client.get(reverse("ledger-line-export"))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "未保存任何文件" in job.message
    assert not services.folder(job.pk).exists() and job.files == []
    page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()
    assert "重试" in page and "disk full" not in page

    monkeypatch.setattr(services, "runner", real)
    response = client.post(reverse("jobs-retry", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("jobs-detail", args=[again.pk])
    assert again.retry_of == job and again.status == Job.Status.DONE and again.files


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_died_ends_failed_with_its_reason_and_nothing_written(
    client_for: Any, large: None, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    client = client_for("zibo")
    client.get(reverse("ledger-line-export"))
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    task = DBTaskResult.objects.get()
    task.claim(background.worker_id(_dead_pid()))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    services.folder(job.pk).mkdir(parents=True)
    (services.folder(job.pk) / ".1.xlsx.partial").write_bytes(b"half")

    page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()  # sweeps
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "工作进程意外终止" in job.message
    assert "工作进程意外终止" in page and "重试" in page
    assert not services.folder(job.pk).exists()


def test_a_large_run_export_is_a_job_with_the_same_workbook(
    client_for: Any, users: Any, settings: Any
) -> None:
    from resolute.web.assessments.services import start_run

    run = start_run(users["province"])
    client = client_for("zibo")
    url = reverse("assessments-run-export", args=[run.pk])
    inline = client.get(url).content
    settings.RESOLUTE_EXPORT_INLINE_ROWS = 1
    response = client.get(url)
    job = Job.objects.get()
    assert response.url == reverse("jobs-detail", args=[job.pk]) and job.status == Job.Status.DONE
    kept = b"".join(client.get(reverse("jobs-file", args=[job.pk, 1])).streaming_content)
    book_inline = openpyxl.load_workbook(io.BytesIO(inline))
    book_kept = openpyxl.load_workbook(io.BytesIO(kept))
    assert book_kept.sheetnames == book_inline.sheetnames
    for name in book_inline.sheetnames:
        assert list(book_kept[name].iter_rows(values_only=True)) == list(
            book_inline[name].iter_rows(values_only=True))  # fmt: skip
