"""Headers that are neither a key nor a label, and sheets not named 企业 and 生产线, are
mapped by the user before validation; the choices are remembered for that user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.io.readers import write_ledger
from resolute.web.imports.models import ColumnMapping, ImportBatch, Status
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise, Line

RENAMED = {"企业": {"企业名称": "企业名"}, "生产线": {"有效容积": "高炉容积"}}


def _workbook(tmp_path: Path, sheets: dict[str, str] | None = None) -> Path:
    """淄博's ledger with ZB-BF-1 at 420 m³, two headers renamed and, optionally, the sheets."""
    ledger = ledger_for(Enterprise.objects.filter(city__name="淄博"))
    path = tmp_path / "外部台账.xlsx"
    write_ledger(ledger, path)
    book = openpyxl.load_workbook(path)
    for sheet, renames in RENAMED.items():
        ws = book[sheet]
        for cell in ws[1]:
            cell.value = renames.get(str(cell.value), cell.value)
    lines = book["生产线"]
    volume = [c.value for c in lines[1]].index("高炉容积") + 1
    for row in range(2, lines.max_row + 1):
        if lines.cell(row=row, column=1).value == "ZB-BF-1":
            lines.cell(row=row, column=volume, value=420)
    for old, new in (sheets or {}).items():
        book[old].title = new
    book.save(path)
    return path


def _upload(client: Any, path: Path) -> Any:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("imports-upload"), {"file": upload}, follow=True)


def _fields(response: Any) -> dict[str, Any]:
    """Header → bound field of the mapping form on the page."""
    form = response.context["column_form"]
    return {
        header: field for sheet in ("enterprises", "lines") for header, field in form.rows(sheet)
    }


def _map(client: Any, batch: ImportBatch, response: Any, choices: dict[str, str]) -> Any:
    data = {"action": "columns"}
    data.update({field.html_name: choices.get(header, "")
                 for header, field in _fields(response).items()})  # fmt: skip
    return client.post(reverse("imports-detail", args=[batch.pk]), data, follow=True)


def test_unknown_headers_lead_to_the_mapping_step_and_then_to_the_preview(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")

    response = _upload(client, _workbook(tmp_path))

    batch = ImportBatch.objects.get()
    assert batch.status == Status.NEEDS_MAPPING
    page = response.content.decode()
    assert "设置列对应" in page and "企业名" in page and "高炉容积" in page
    assert set(_fields(response)) == {"企业名", "高炉容积"}

    response = _map(client, batch, response, {"企业名": "name", "高炉容积": "volume_m3"})

    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    assert batch.summary["counts"]["lines"]["changed"] == 1
    assert "<td>有效容积</td><td>380</td><td>→ 420</td>" in response.content.decode()
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


def test_ignoring_a_required_column_names_the_missing_field(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    response = _upload(client, _workbook(tmp_path))
    batch = ImportBatch.objects.get()

    response = _map(client, batch, response, {"高炉容积": "volume_m3"})  # 企业名 ignored

    batch.refresh_from_db()
    assert batch.status == Status.INVALID
    assert [(e["sheet"], e["column"]) for e in batch.errors] == [("企业", "name")]
    assert "缺少必需的列“企业名称”" in response.content.decode()


def test_two_columns_cannot_feed_one_field(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    response = _upload(client, _workbook(tmp_path))
    batch = ImportBatch.objects.get()

    response = _map(client, batch, response, {"企业名": "credit_code", "高炉容积": "volume_m3"})

    assert response.status_code == 400
    assert "一个字段只能对应一列" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == Status.NEEDS_MAPPING


def test_the_mapping_is_remembered_for_the_same_user_next_time(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    response = _upload(client, _workbook(tmp_path))
    _map(client, ImportBatch.objects.get(), response, {"企业名": "name", "高炉容积": "volume_m3"})
    assert set(ColumnMapping.objects.values_list("user__username", "source", "key")) == {
        ("zibo", "企业名", "name"),
        ("zibo", "高炉容积", "volume_m3"),
    }

    again = _upload(client, _workbook(tmp_path))
    other = _upload(client_for("province"), _workbook(tmp_path))

    assert {h: f.value() for h, f in _fields(again).items()} == {
        "企业名": "name",
        "高炉容积": "volume_m3",
    }
    assert '<option value="volume_m3" selected>' in again.content.decode()
    assert {h: f.value() for h, f in _fields(other).items()} == {"企业名": "", "高炉容积": ""}


def test_sheets_with_other_names_are_picked_by_the_user_first(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    path = _workbook(tmp_path, sheets={"企业": "单位名录", "生产线": "设备清单"})

    response = _upload(client, path)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.NEEDS_MAPPING
    assert "选择工作表" in response.content.decode()
    assert response.context["sheet_form"]["enterprises"].value() == ["单位名录"]  # a good guess
    url = reverse("imports-detail", args=[batch.pk])
    response = client.post(url, {"action": "sheets", "enterprises": "单位名录",
                                 "lines": "设备清单"}, follow=True)  # fmt: skip

    assert set(_fields(response)) == {"企业名", "高炉容积"}
    response = _map(client, batch, response, {"企业名": "name", "高炉容积": "volume_m3"})

    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    assert ColumnMapping.objects.filter(scope="sheet", source="设备清单", key="lines").exists()


def test_the_same_sheet_cannot_be_both_enterprises_and_lines(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    _upload(client, _workbook(tmp_path, sheets={"企业": "单位名录", "生产线": "设备清单"}))
    batch = ImportBatch.objects.get()

    response = client.post(reverse("imports-detail", args=[batch.pk]),
                           {"action": "sheets", "enterprises": "设备清单", "lines": "设备清单"})  # fmt: skip

    assert response.status_code == 400
    assert "不能既是企业表又是生产线表" in response.content.decode()


def test_an_error_in_a_mapped_column_names_the_field_and_the_header_of_the_file(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    lines = book["生产线"]
    lines.cell(row=2, column=[c.value for c in lines[1]].index("高炉容积") + 1, value="很大")
    book.save(path)
    client = client_for("zibo")
    response = _upload(client, path)

    response = _map(client, ImportBatch.objects.get(), response,
                    {"企业名": "name", "高炉容积": "volume_m3"})  # fmt: skip

    assert "<td>有效容积（表中列“高炉容积”）</td>" in response.content.decode()


def test_a_wrong_mapping_can_be_set_again_without_uploading_again(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    response = _upload(client, _workbook(tmp_path))
    batch = ImportBatch.objects.get()
    _map(client, batch, response, {"高炉容积": "volume_m3"})  # 企业名 ignored by mistake
    url = reverse("imports-detail", args=[batch.pk])

    response = client.post(url, {"action": "remap"}, follow=True)

    assert {h: f.value() for h, f in _fields(response).items()} == {
        "企业名": "",
        "高炉容积": "volume_m3",
    }
    _map(client, batch, response, {"企业名": "name", "高炉容积": "volume_m3"})
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
