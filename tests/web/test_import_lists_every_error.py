"""A workbook with errors is refused as a whole, every error shown by sheet, row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from builders import make_enterprise, make_line
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import Enterprise, Line


def _workbook(tmp_path: Path, lines: int = 3) -> Path:
    """Two new 淄博 enterprises and ``lines`` blast furnaces of the first, all valid."""
    first = make_enterprise("steel", name="淄博新钢有限公司", city="淄博")
    second = make_enterprise("cement", name="淄博新水泥有限公司", city="淄博")
    rows = [make_line("blast_furnace", first["credit_code"], line_id=f"ZB-NEW-{i}")
            for i in range(lines)]  # fmt: skip
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([first, second], rows), path)
    return path


def _spoil(path: Path, cells: dict[tuple[str, int, str], Any]) -> None:
    """Overwrite cells given as (sheet, Excel row, header label) → value."""
    book = openpyxl.load_workbook(path)
    for (sheet, row, label), value in cells.items():
        ws = book[sheet]
        column = [c.value for c in ws[1]].index(label) + 1
        ws.cell(row=row, column=column, value=value)
    book.save(path)


def _upload(client: Any, path: Path) -> Any:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("imports-upload"), {"file": upload}, follow=True)


def test_every_error_is_listed_with_its_sheet_row_and_column(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _spoil(path, {
        ("企业", 2, "所在市"): "北京",
        ("企业", 3, "统一社会信用代码"): "91370300MA0000001X",
        ("生产线", 2, "有效容积"): "abc",
        ("生产线", 3, "产能"): -5,
        ("生产线", 4, "装置类型"): "焦炉",
    })  # fmt: skip
    audit, lines, ents = (
        AuditEvent.objects.count(),
        Line.objects.count(),
        Enterprise.objects.count(),
    )

    response = _upload(client_for("zibo"), path)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    found = {(e["sheet"], e["row"], e["column"]) for e in batch.errors}
    assert {
        ("企业", 2, "city"),
        ("企业", 3, "credit_code"),
        ("生产线", 2, "volume_m3"),
        ("生产线", 3, "capacity"),
        ("生产线", 4, "equipment"),
    } <= found
    page = response.content.decode()
    assert f"共 {len(batch.errors)} 处错误" in page
    for label in ("统一社会信用代码", "所在市", "有效容积", "产能", "装置类型"):
        assert f"<td>{label}</td>" in page
    assert "“北京” 不是山东省 16 市之一" in page
    assert "“abc” 不是数字" in page
    assert "为负数" in page
    assert "确认导入" not in page
    assert (AuditEvent.objects.count(), Line.objects.count(), Enterprise.objects.count()) == (
        audit, lines, ents,
    )  # fmt: skip


def test_a_missing_required_column_is_an_error_of_the_header_row(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["生产线"].delete_cols([c.value for c in book["生产线"][1]].index("装置类型") + 1)
    book.save(path)

    _upload(client_for("zibo"), path)

    batch = ImportBatch.objects.get()
    assert batch.status == Status.INVALID
    assert [(e["sheet"], e["row"], e["column"]) for e in batch.errors] == [
        ("生产线", 1, "equipment")
    ]


def test_beyond_five_hundred_errors_the_page_shows_the_first_and_counts_them_all(
    client_for: Any, tmp_path: Path
) -> None:
    path = _workbook(tmp_path, lines=600)
    book = openpyxl.load_workbook(path)
    ws = book["生产线"]
    column = [c.value for c in ws[1]].index("产能") + 1
    for row in range(2, 602):
        ws.cell(row=row, column=column, value="很多")
    book.save(path)

    response = _upload(client_for("province"), path)

    page = response.content.decode()
    assert "共 600 处错误，以下仅显示前 500 处" in page
    assert page.count("不是数字") == 500
    # Only what is shown is kept; the rest are counted (a million bad rows stay cheap).
    assert len(ImportBatch.objects.get().errors) == 500
    assert ImportBatch.objects.get().summary["more_errors"] == 100
    assert "以下还有 100 处错误" in page
    assert not Line.objects.filter(line_id__startswith="ZB-NEW-").exists()
