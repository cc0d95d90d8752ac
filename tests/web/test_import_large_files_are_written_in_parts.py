"""A large import is written part by part, each part in its own short transaction: between
parts no transaction is held, so on SQLite another user signs in and writes instead of
getting "database is locked". A part that fails leaves the parts before it written (and
recorded); uploading the same file again writes the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.imports import services
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, Line


def _upload(user: Any, tmp_path: Path) -> ImportBatch:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博").order_by("id"))
    for line in lines:
        line["status"] = "idle"
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    batch = services.upload(user, SimpleUploadedFile(path.name, path.read_bytes()))
    assert batch.status == Status.PREVIEWED, batch.errors
    return batch


@pytest.mark.django_db(transaction=True)
def test_between_parts_another_user_signs_in_and_writes(
    users: dict[str, Any], settings: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.RESOLUTE_IMPORT_PART = 1  # the two 淄博 enterprises: two parts
    batch = _upload(users["zibo"], tmp_path)
    between: list[bool] = []

    def another_user(batch: ImportBatch, done: int, total: int) -> None:
        assert not connection.in_atomic_block  # no transaction, so no lock, is held
        before = Session.objects.count()
        Client().force_login(users["linyi"])  # a sign-in writes its session and last_login
        between.append(Session.objects.count() == before + 1)

    monkeypatch.setattr(services, "part_written", another_user)
    batch, notice = services.confirm(batch.pk, users["zibo"])
    assert batch.status == Status.APPLIED and notice.level == "success"
    assert between == [True, True]
    assert batch.summary["applied"]["enterprises"]["changed"] == 0
    assert batch.summary["applied"]["lines"]["changed"] == 3
    assert set(Line.objects.filter(enterprise__city__name="淄博")
               .values_list("status", flat=True)) == {"idle"}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_failed_part_keeps_the_parts_before_and_the_rest_is_written_on_a_new_upload(
    users: dict[str, Any], settings: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    settings.RESOLUTE_IMPORT_PART = 1
    batch = _upload(users["zibo"], tmp_path)

    def fail_after_first(batch: ImportBatch, done: int, total: int) -> None:
        if done == 1:
            raise RuntimeError("服务器断电")

    monkeypatch.setattr(services, "part_written", fail_after_first)
    batch, notice = services.confirm(batch.pk, users["zibo"])
    assert notice.level == "error"
    assert batch.status == Status.FAILED and "前 1 部分（1 家企业）已写入" in batch.message
    statuses = dict(Line.objects.filter(enterprise__city__name="淄博")
                    .values_list("line_id", "status"))  # fmt: skip
    assert sorted(statuses.values()) == ["idle", "idle", "operating"]  # the steel works' lines

    monkeypatch.setattr(services, "part_written", lambda *args: None)
    again = _upload(users["zibo"], tmp_path)
    assert again.summary["counts"]["lines"] == {"new": 0, "changed": 1, "unchanged": 2}
    assert services.confirm(again.pk, users["zibo"])[0].status == Status.APPLIED
    assert set(Line.objects.filter(enterprise__city__name="淄博")
               .values_list("status", flat=True)) == {"idle"}  # fmt: skip
