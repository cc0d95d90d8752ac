"""A what-if over the whole scope is a background job: the page queues it, the job's page
follows it and then shows the difference and keeps the workbook; asked to save, the job
saves the scenario. A threshold that is not a number is refused before anything is queued."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from resolute.web.jobs.models import Job
from resolute.web.lib import background
from resolute.web.whatif.models import Scenario

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FURNACE = "rule__steel.technology.blast_furnace_volume"


def _work_the_queue() -> None:
    for task in DBTaskResult.objects.filter(status="READY"):
        task.claim(background.worker_id())
        task.task.call(*task.args_kwargs["args"])
        task.set_successful(None)


def test_the_whatif_is_queued_and_its_page_shows_the_difference_and_keeps_the_file(
    client_for: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    client = client_for("province")
    response = client.post("/dashboard/whatif/", {FURNACE: "350", "run": "1"})
    job = Job.objects.get()
    assert response.url == reverse("jobs-detail", args=[job.pk]) and job.kind == "whatif"
    assert "排队等待" in client.get(response.url).content.decode()

    _work_the_queue()
    page = client.get(response.url).content.decode()
    assert "推演结果" in page and "ZB-BF-1" in page and "LY-BF-1" not in page
    assert "不再淘汰 1 条" in page
    download = client.get(reverse("jobs-file", args=[job.pk, 1]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    lines = list(book["生产线"].iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in lines] == ["ZB-BF-1"]
    assert not Scenario.objects.exists()


def test_a_saved_whatif_job_saves_the_scenario_and_links_to_it(
    client_for: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    client = client_for("province")
    client.post("/dashboard/whatif/", {FURNACE: "2000", "name": "更严的高炉", "save": "1"})
    _work_the_queue()
    job = Job.objects.get()
    scenario = Scenario.objects.get()
    assert scenario.name == "更严的高炉" and scenario.summary["lines_newly_eliminated"] >= 1
    page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()
    assert reverse("dashboard-scenario", args=[scenario.pk]) in page


def test_a_threshold_that_is_not_a_number_is_refused_at_once(
    client_for: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    response = client_for("province").post("/dashboard/whatif/", {FURNACE: "大约", "run": "1"})
    assert response.status_code == 200 and "不是数字" in response.content.decode()
    assert not Job.objects.exists()
