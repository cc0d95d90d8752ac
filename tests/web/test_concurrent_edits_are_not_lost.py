"""Two officials preview changes to different fields of one enterprise and confirm at the
same instant: one is written, the other is told the record changed and gets a fresh
preview — no change silently reverts (optimistic concurrency: a version per record,
checked under a row lock at apply; only changed fields are written)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.imports import services
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger import services as ledger_services
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, Line


def _batch(user: Any, tmp_path: Path, name: str, **changes: Any) -> ImportBatch:
    ents, lines = records_for(Enterprise.objects.filter(name="淄博齐鲁特钢有限公司"))
    ents[0].update(changes)
    path = tmp_path / f"{name}.xlsx"
    write_ledger(Ledger.from_records(ents, lines), path)
    batch = services.upload(user, SimpleUploadedFile(path.name, path.read_bytes()))
    assert batch.status == Status.PREVIEWED, batch.errors
    return batch


def test_a_sequential_second_confirm_sees_a_fresh_preview(
    users: dict[str, Any], tmp_path: Path
) -> None:
    first = _batch(users["zibo"], tmp_path, "a", county="淄川区")
    second = _batch(users["province"], tmp_path, "b", in_steel_layout=False)
    assert services.confirm(first.pk, users["zibo"])[0].status == Status.APPLIED
    batch, notice = services.confirm(second.pk, users["province"])
    assert batch.status == Status.PREVIEWED and notice.level == "warning"
    assert Enterprise.objects.get(name="淄博齐鲁特钢有限公司").county == "淄川区"


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_instant_lose_nothing(
    users: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: no two applies overlap")
    first = _batch(users["zibo"], tmp_path, "a", county="淄川区")
    second = _batch(users["province"], tmp_path, "b", in_steel_layout=False)

    # Both re-plan against the same stored ledger, then apply together.
    together = threading.Barrier(2, timeout=30)
    real = ledger_services.apply_changes

    def apply_together(*args: Any, **kwargs: Any) -> Any:
        together.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_services, "apply_changes", apply_together)
    outcomes: dict[str, Any] = {}

    def confirm(name: str, batch: ImportBatch, user: Any) -> None:
        try:
            outcomes[name] = services.confirm(batch.pk, user)
        finally:
            connection.close()  # each thread has its own; the test database is dropped after

    threads = [threading.Thread(target=confirm, args=("a", first, users["zibo"])),
               threading.Thread(target=confirm, args=("b", second, users["province"]))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    statuses = sorted(o[0].status for o in outcomes.values())
    assert statuses == [Status.APPLIED, Status.PREVIEWED]
    loser = next(o for o in outcomes.values() if o[0].status == Status.PREVIEWED)
    assert loser[1].level == "warning" and "已被他人修改" in loser[1].text
    steel = Enterprise.objects.get(name="淄博齐鲁特钢有限公司")
    winner = next(k for k, o in outcomes.items() if o[0].status == Status.APPLIED)
    # The winner's change is there; the loser's is not written (and reverted nothing).
    if winner == "a":
        assert (steel.county, steel.in_steel_layout) == ("淄川区", True)
    else:
        assert (steel.county, steel.in_steel_layout) == ("张店区", False)
    assert steel.version == 2
    assert Line.objects.filter(enterprise=steel, version=1).count() == 2
