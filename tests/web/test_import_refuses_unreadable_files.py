"""A file that is not a workbook, of another type or too large gets a clear message in
Chinese, and nothing reaches the ledger."""

from __future__ import annotations

from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import Enterprise, Line


def _ledger_state() -> tuple[int, int, int]:
    return Enterprise.objects.count(), Line.objects.count(), AuditEvent.objects.count()


def _upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("imports-upload"),
                       {"file": SimpleUploadedFile(name, content)}, follow=True)  # fmt: skip


def test_garbage_named_xlsx_is_reported_as_unreadable(client_for: Any) -> None:
    before = _ledger_state()

    response = _upload(client_for("zibo"), "台账.xlsx", b"\x00\x01 this is not a workbook " * 40)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert batch.errors[0]["sheet"] == "台账.xlsx"
    page = response.content.decode()
    assert "无法读取Excel 工作簿（文件损坏或格式不符）" in page
    assert "确认导入" not in page
    assert _ledger_state() == before


def test_malformed_json_is_reported_with_its_line(client_for: Any) -> None:
    before = _ledger_state()

    response = _upload(client_for("zibo"), "台账.json", b'{"enterprises": [}')

    assert ImportBatch.objects.get().status == Status.INVALID
    assert "JSON 格式错误（第 1 行" in response.content.decode()
    assert _ledger_state() == before


def test_a_csv_or_old_excel_file_is_refused_with_a_hint(client_for: Any) -> None:
    client = client_for("zibo")

    csv = _upload(client, "enterprises.csv", b"credit_code,name\n")
    xls = _upload(client, "台账.xls", b"\xd0\xcf\x11\xe0")

    assert csv.status_code == 400 and "网页导入不支持 CSV 文件" in csv.content.decode()
    assert xls.status_code == 400 and "另存为 .xlsx" in xls.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for: Any, settings: Any) -> None:
    settings.RESOLUTE_UPLOAD_MAX_BYTES = 1024

    response = _upload(client_for("zibo"), "台账.xlsx", b"x" * 2048)

    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_empty_upload_is_refused(client_for: Any) -> None:
    response = _upload(client_for("zibo"), "台账.xlsx", b"")

    assert response.status_code == 400
    assert "上传的文件是空的" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_workbook_of_one_sheet_names_the_missing_sheet(client_for: Any, tmp_path: Any) -> None:
    book = openpyxl.Workbook()
    book.active.title = "企业"
    book.active.append(["统一社会信用代码", "企业名称", "所在市", "行业"])
    path = tmp_path / "半个台账.xlsx"
    book.save(path)

    response = _upload(client_for("zibo"), path.name, path.read_bytes())

    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert [e["sheet"] for e in batch.errors] == ["生产线"]
    assert "工作簿中没有工作表“生产线”" in response.content.decode()
