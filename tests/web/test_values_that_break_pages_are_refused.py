"""Values that once broke pages for good: a line id with "/" (NoReverseMatch on every list),
a name with U+000B (every Excel export failed), NUL in a JSON upload (PostgreSQL cannot
store it). Imports refuse them at their cell; exports survive a value stored before."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.context import acting_as
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, Line


def _upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("imports-upload"),
                       {"file": SimpleUploadedFile(name, content)}, follow=True)  # fmt: skip


def _zibo_workbook(tmp_path: Path, line_id: str = "", name: str = "") -> bytes:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博").order_by("id"))
    if line_id:
        lines[0]["line_id"] = line_id
    if name:
        ents[0]["name"] = name
    path = tmp_path / "台账.json"
    write_ledger(Ledger.from_records(ents, lines), path)
    return path.read_bytes()


def test_an_import_with_a_slash_in_a_line_id_is_refused_at_its_cell(
    client_for: Any, tmp_path: Path
) -> None:
    response = _upload(
        client_for("zibo"), "a.json", _zibo_workbook(tmp_path, line_id="370303-INJ/9999")
    )
    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert [(e["sheet"], e["row"], e["column"]) for e in batch.errors] == [("lines", 1, "line_id")]
    assert "“/”" in response.content.decode()
    assert not Line.objects.filter(line_id__contains="/").exists()
    for name in ("zibo", "province"):
        assert client_for(name).get(reverse("ledger-line-list")).status_code == 200


def test_an_import_with_a_vertical_tab_in_a_name_is_refused(
    client_for: Any, tmp_path: Path
) -> None:
    _upload(client_for("zibo"), "a.json", _zibo_workbook(tmp_path, name="淄博\x0b齐鲁特钢"))
    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    [error] = batch.errors
    assert error["column"] == "name" and "U+000B" in error["message"]


def test_a_json_upload_with_nul_characters_is_stored_as_errors_not_a_server_error(
    client_for: Any,
) -> None:
    data = {"enterprises\x00": [], "enterprises": [{"credit_code": "X\x00", "name": "a\x00b",
                                                   "city": "淄博", "industry": "steel\x00"}],
            "lines": [{"line_id": "B1", "credit_code": "X", "equipment": "bof"}]}  # fmt: skip
    response = _upload(client_for("zibo"), "nul\x00.json", json.dumps(data).encode())
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert {e["column"] for e in batch.errors} >= {"credit_code", "name", "industry"}
    assert "\x00" not in str(batch.errors) + str(batch.workbook)
    assert "\x00" not in batch.original_name
    assert client_for("zibo").get(reverse("imports-upload")).status_code == 200


def test_exports_survive_a_control_character_stored_before_validation(
    client_for: Any, province_ledger: Any
) -> None:
    # PostgreSQL can store U+000B and U+0001, which Excel cannot.
    with acting_as(None, via="测试", name="旧数据"):
        Enterprise.objects.filter(pk=province_ledger.zibo_steel.pk).update(
            name="淄博\x0b齐鲁\x01特钢"
        )
    response = client_for("province").get(reverse("ledger-line-export"))
    assert response.status_code == 200
    values = {c.value for ws in load_workbook(io.BytesIO(response.content)).worksheets
              for row in ws.iter_rows() for c in row}  # fmt: skip
    assert "淄博\ufffd齐鲁\ufffd特钢" in values
