"""A background import (reading the file, then writing the ledger) stores where it is in its
batch — the stage in Chinese and done/total, at most about once a second — and the batch
page shows it as a progress bar with the stage and the percentage."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.imports import services
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise


class _Elements(HTMLParser):
    """Every element's attributes and the text up to the next tag, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, Any]] = {}
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._open = None
        if found.get("id"):
            self._open = self.by_id[str(found["id"])] = {"tag": tag, **found, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data.strip()


def _elements(response: Any) -> dict[str, dict[str, Any]]:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser.by_id


def _zibo_file(tmp_path: Path, status: str = "idle") -> SimpleUploadedFile:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博").order_by("id"))
    for line in lines:
        line["status"] = status
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_recorder_stores_at_most_once_a_second_but_every_new_stage_and_stage_end(
    users: dict[str, Any], tmp_path: Path
) -> None:
    batch = services.upload(users["zibo"], _zibo_file(tmp_path))
    now = [100.0]
    report = services.recorder(batch.pk, interval=1.0, clock=lambda: now[0])

    def stored() -> dict[str, Any]:
        return ImportBatch.objects.get(pk=batch.pk).progress

    report("写入台账", 0, 10)
    assert stored() == {"stage": "写入台账", "done": 0, "total": 10}
    now[0] += 0.5
    report("写入台账", 4, 10)  # within the second: not stored
    assert stored()["done"] == 0
    now[0] += 0.5
    report("写入台账", 5, 10)  # a second later: stored
    assert stored()["done"] == 5
    now[0] += 0.1
    report("写入台账", 10, 10)  # the stage's end: always stored
    assert stored()["done"] == 10
    now[0] += 0.1
    report("完成", 3, 3)  # a new stage: always stored
    assert stored() == {"stage": "完成", "done": 3, "total": 3}


def test_reading_an_upload_reports_its_stages_to_the_batch(
    users: dict[str, Any], tmp_path: Path
) -> None:
    # The task backend of the tests runs the task at once: reading is over when this returns.
    batch = services.upload(users["zibo"], _zibo_file(tmp_path))
    assert batch.status == Status.PREVIEWED
    assert batch.progress == {"stage": "完成", "done": 3, "total": 3}


@pytest.mark.django_db(transaction=True)
def test_a_large_import_reports_its_writing_over_all_its_parts(
    users: dict[str, Any], settings: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.RESOLUTE_IMPORT_PART = 1  # the two 淄博 enterprises: two parts
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0.0)  # store every report
    batch = services.upload(users["zibo"], _zibo_file(tmp_path))
    assert batch.status == Status.PREVIEWED, batch.errors
    seen: list[dict[str, Any]] = []

    def between_parts(batch: ImportBatch, done: int, total: int) -> None:
        seen.append(ImportBatch.objects.get(pk=batch.pk).progress)  # committed: the page sees it

    monkeypatch.setattr(services, "part_written", between_parts)
    notice = services.request_confirm(batch.pk, users["zibo"])
    assert notice.level == "success", notice.text
    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert [p["stage"] for p in seen] == ["写入台账", "写入台账"]
    assert seen[0]["total"] == seen[1]["total"] == 3  # the three 淄博 lines change
    assert 0 < seen[0]["done"] < seen[1]["done"] == 3  # over the whole import, not per part


def test_the_page_shows_the_stage_and_percentage_as_a_progress_bar(
    client_for: Any, users: dict[str, Any], tmp_path: Path
) -> None:
    batch = services.upload(users["zibo"], _zibo_file(tmp_path))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.UPLOADED, progress={"stage": "校验数据", "done": 1, "total": 3}
    )
    client = client_for("zibo")

    found = _elements(client.get(reverse("imports-detail", args=[batch.pk])))
    bar = found["import-progress"]
    assert bar["tag"] == "progress" and bar["max"] == "100" and bar["value"] == "33"
    assert found["import-stage"]["text"] == "校验数据"
    assert found["import-percent"]["text"] == "33%"

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.PREVIEWED, summary={**batch.summary, "confirming": True},
        progress={"stage": "写入台账", "done": 750, "total": 1000})  # fmt: skip
    found = _elements(client.get(reverse("imports-detail", args=[batch.pk])))
    assert found["import-progress"]["value"] == "75"
    assert found["import-stage"]["text"] == "写入台账"
    assert found["import-percent"]["text"] == "75%"


def test_before_the_task_reports_the_bar_runs_without_a_percentage(
    client_for: Any, users: dict[str, Any], tmp_path: Path
) -> None:
    batch = services.upload(users["zibo"], _zibo_file(tmp_path))
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.UPLOADED, progress={})

    found = _elements(client_for("zibo").get(reverse("imports-detail", args=[batch.pk])))
    assert found["import-progress"]["tag"] == "progress"
    assert "value" not in found["import-progress"]  # indeterminate: no figure invented
    assert found["import-stage"]["text"] == "排队等待"
    assert "import-percent" not in found
