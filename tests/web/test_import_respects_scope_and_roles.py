"""Only officials import, and only within their scope: a 淄博 officer cannot import a 临沂
enterprise; enterprise users are refused; anonymous visitors are sent to log in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from builders import make_enterprise
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, Line


def _workbook(tmp_path: Path, *cities: str, extra: list[dict[str, Any]] | None = None) -> Path:
    ents, lines = records_for(Enterprise.objects.filter(city__name__in=cities).order_by("id"))
    for line in lines:
        line["status"] = "idle"  # a change to every line
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([*ents, *(extra or [])], lines), path)
    return path


def _upload(client: Any, path: Path) -> Any:
    return client.post(reverse("imports-upload"),
                       {"file": SimpleUploadedFile(path.name, path.read_bytes())}, follow=True)  # fmt: skip


def test_a_zibo_officer_cannot_import_a_linyi_enterprise_and_the_row_is_named(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path, "淄博", "临沂")
    rows = [c.value for c in openpyxl.load_workbook(path)["企业"]["B"]]
    audit, statuses = AuditEvent.objects.count(), set(Line.objects.values_list("status", flat=True))

    response = _upload(client_for("zibo"), path)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    linyi_rows = [i for i, name in enumerate(rows, start=1) if name and name.startswith("临沂")]
    assert sorted(e["row"] for e in batch.errors) == linyi_rows
    assert {(e["sheet"], e["column"]) for e in batch.errors} == {("企业", "credit_code")}
    page = response.content.decode()
    assert "导入被拒绝" in page and "不在您的管辖范围内" in page
    assert f'<td class="num">{linyi_rows[0]}</td>' in page
    assert AuditEvent.objects.count() == audit
    assert set(Line.objects.values_list("status", flat=True)) == statuses


def test_a_new_enterprise_of_another_city_is_refused_at_its_row_past_a_blank_row(
    client_for: Any, tmp_path: Path
) -> None:
    stranger = make_enterprise("steel", name="临沂新钢有限公司", city="临沂")
    path = _workbook(tmp_path, "淄博", extra=[stranger])
    book = openpyxl.load_workbook(path)
    book["企业"].insert_rows(3)  # a blank row: the stranger moves from row 4 to row 5
    book.save(path)

    _upload(client_for("zibo"), path)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    assert [(e["sheet"], e["row"], e["column"]) for e in batch.errors] == [("企业", 5, "city")]
    assert not Enterprise.objects.filter(name="临沂新钢有限公司").exists()


def test_the_province_may_import_any_city(client_for: Any, tmp_path: Path) -> None:
    _upload(client_for("province"), _workbook(tmp_path, "淄博", "临沂"))

    assert ImportBatch.objects.get().status == Status.PREVIEWED


def test_an_enterprise_user_and_a_user_without_a_role_are_refused(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path, "淄博")
    for name in ("enterprise_user", "no_role"):
        client = client_for(name)
        assert client.get(reverse("imports-upload")).status_code == 403
        assert _upload(client, path).status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client_for: Any, tmp_path: Path) -> None:
    client = client_for(None)
    for url in (reverse("imports-upload"), reverse("imports-detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("front-login"))
    assert client.post(reverse("imports-upload")).status_code == 302


def test_another_users_import_is_not_found(client_for: Any, tmp_path: Path) -> None:
    _upload(client_for("zibo"), _workbook(tmp_path, "淄博"))
    batch = ImportBatch.objects.get()
    url = reverse("imports-detail", args=[batch.pk])

    assert client_for("linyi").get(url).status_code == 404
    assert client_for("province").post(url, {"action": "confirm"}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
