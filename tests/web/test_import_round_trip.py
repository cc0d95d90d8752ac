"""The import page offers the template and the user's own ledger; that ledger, exported
and imported back unchanged, shows no change in the preview and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core import schema
from resolute.io.template import template_bytes
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import ExitEvent, ExitPlan, Line


@pytest.fixture
def rich_ledger(users: Any) -> None:
    """Exit plans, a verified exit and a few odd values, so that the round trip carries
    dates, choices, booleans and text."""
    with acting_as(None, via="测试", name="测试数据"):
        furnace = Line.objects.get(line_id="ZB-BF-1")
        ExitPlan(line=furnace, exit_method="close", exit_deadline=dt.date(2021, 12, 31),
                 responsible_unit="淄博市工业和信息化局", responsible_person="王建国").save()  # fmt: skip
        bof = Line.objects.get(line_id="ZB-BOF-1")
        bof.status = "exited"
        bof.save()
        ExitEvent(line=bof, exited_on=dt.date(2021, 10, 8), capacity=bof.capacity).save()


def test_the_upload_page_offers_the_template_and_the_users_ledger(client_for: Any) -> None:
    page = client_for("zibo").get(reverse("imports-upload")).content.decode()
    assert reverse("imports-template") in page and "空白台账模板" in page
    assert reverse("imports-scope-export") in page and "本范围现有台账" in page


def test_the_template_download_is_the_cli_template(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("imports-template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    expected = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert book.sheetnames == expected.sheetnames
    for title in ("企业", "生产线"):
        assert [c.value for c in book[title][1]] == [c.value for c in expected[title][1]]


@pytest.mark.usefixtures("rich_ledger")
def test_the_scope_export_holds_both_sheets_every_field_and_only_the_scope(
    client_for: Any,
) -> None:
    response = client_for("zibo").get(reverse("imports-scope-export"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["企业", "生产线"]
    assert [c.value for c in book["生产线"][1]] == [f.label for f in schema.LINE_FIELDS]
    assert [c.value for c in book["企业"][1]] == [f.label for f in schema.ENTERPRISE_FIELDS]
    line_ids = sorted(r[0] for r in book["生产线"].iter_rows(min_row=2, values_only=True))
    assert line_ids == ["ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"]


@pytest.mark.usefixtures("rich_ledger")
@pytest.mark.parametrize("user", ["zibo", "province", "industry"])
@pytest.mark.parametrize("clear_blanks", [False, True])
def test_the_exported_ledger_imports_back_with_no_change(
    client_for: Any, user: str, clear_blanks: bool
) -> None:
    client = client_for(user)
    exported = client.get(reverse("imports-scope-export")).content
    audit = AuditEvent.objects.count()

    upload = SimpleUploadedFile("台账（本范围）.xlsx", exported)
    client.post(reverse("imports-upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    url = reverse("imports-detail", args=[batch.pk])
    if clear_blanks:
        client.post(url, {"action": "clear_blanks"})
        batch.refresh_from_db()

    assert batch.status == Status.PREVIEWED, batch.errors
    counts = batch.summary["counts"]
    assert counts["enterprises"]["new"] == counts["enterprises"]["changed"] == 0
    assert counts["lines"]["new"] == counts["lines"]["changed"] == 0
    assert counts["lines"]["unchanged"] == Line.objects.filter(
        enterprise__in=_scope(user)).count()  # fmt: skip
    assert batch.summary["cleared"] == [] and batch.summary["protected"] == []
    assert batch.summary["notes"] == [] and batch.summary["warnings"] == []
    client.post(url, {"action": "confirm"})
    assert AuditEvent.objects.count() == audit


def _scope(user: str) -> Any:
    from django.contrib.auth import get_user_model

    from resolute.web.accounts.scoping import enterprises_for

    return enterprises_for(get_user_model().objects.get(username=user))
