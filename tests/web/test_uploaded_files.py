"""Uploaded files (issue #11, point 10): each upload accepts only documents and photographs,
checked by extension and by content; every file is served by a view that checks scope, as a
download with a fixed content type and nosniff; nothing is served from /media/."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, ExitEvidence, Line
from resolute.web.lib.files import check_upload
from resolute.web.targets import services as target_services
from resolute.web.targets.models import IndicatorReport

PDF = b"%PDF-1.4 test report"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def zip_bytes(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "x")
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("报告.pdf", PDF), ("照片.PNG", b"\x89PNG\r\n\x1a\n rest"), ("照片.jpg", b"\xff\xd8\xff\xe0 j"),
    ("表.xlsx", xlsx_bytes()), ("文.docx", zip_bytes("word/document.xml")),
    ("文.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ole"),
])  # fmt: skip
def test_documents_and_photographs_are_accepted(name: str, content: bytes) -> None:
    check_upload(upload(name, content))


@pytest.mark.parametrize(("name", "content", "words"), [
    ("页面.html", HTML, "不接受“页面.html”这种文件"),
    ("图.svg", b"<svg onload='alert(1)'/>", "不接受"),
    ("程序.exe", b"MZ\x90\x00", "不接受"),
    ("无扩展名", PDF, "不接受"),
    ("伪装.pdf", HTML, "内容不是PDF"),
    ("伪装.png", PDF, "内容不是PNG 图片"),
    ("伪装.docx", zip_bytes("evil.html"), "内容不是Word 文档"),
    ("伪装.xlsx", zip_bytes("word/document.xml"), "内容不是Excel 工作簿"),
])  # fmt: skip
def test_other_files_and_disguised_ones_are_refused_in_chinese(name: str, content: bytes,
                                                               words: str) -> None:  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content))
    assert words in caught.value.messages[0]


def _qualitative_id() -> str:
    return next(
        t.id for t in target_services.reportable().values() if t.comparison == "qualitative"
    )


def report_evidence(client: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("targets-indicator-report", args=[_qualitative_id()]), {
        "period": "2022", "assessment": "总体达到预期。", "rating": "mostly",
        "evidence": upload(name, content),
    })  # fmt: skip


def assert_safe_download(response: Any, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_indicator_evidence_is_checked_and_served_through_a_scoped_view(
    client_for: Any, settings: Any
) -> None:
    refused = report_evidence(client_for("province"), "说明.html", HTML)
    assert refused.status_code == 400 and "不接受“说明.html”这种文件" in refused.content.decode()
    assert not IndicatorReport.objects.exists()
    assert report_evidence(client_for("province"), "评估报告.pdf", PDF).status_code == 302
    report = IndicatorReport.objects.get()
    url = reverse("targets-indicator-evidence", args=[report.pk])
    page = client_for("zibo").get(reverse("targets-detail", args=[report.target_id]))
    assert url in page.content.decode() and "/media/" not in page.content.decode()
    response = client_for("zibo").get(url)
    assert_safe_download(response, "application/pdf")
    assert b"".join(response.streaming_content) == PDF
    assert client_for("no_role").get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to the sign-in page
    settings.DEBUG = True
    assert client_for(None).get("/media/" + report.evidence.name).status_code == 404
    assert client_for("province").get("/media/" + report.evidence.name).status_code == 404


def test_exit_evidence_is_served_only_within_scope(client_for: Any, users: Any) -> None:
    with acting_as(users["zibo"], via="网页"):
        event = ExitEvent(line=Line.objects.get(line_id="ZB-BOF-1"), exited_on=dt.date(2021, 6, 30))
        event.save()
        evidence = ExitEvidence(event=event, title="拆除验收照片",
                                file=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 j"))  # fmt: skip
        evidence.save()
    url = reverse("ledger-exit-evidence", args=[evidence.pk])
    page = client_for("zibo").get(reverse("ledger-line-detail", args=["ZB-BOF-1"]))
    assert url in page.content.decode()
    response = client_for("zibo").get(url)
    assert_safe_download(response, "image/jpeg")
    assert "filename*=UTF-8''%E6%8B%86" in response["Content-Disposition"]  # 拆除验收照片.jpg
    assert client_for("linyi").get(url).status_code == 404
    assert client_for("province").get(url).status_code == 200
