"""An import changes only what the file says: a column the file lacks never changes a stored
value, a blank cell keeps the stored value unless the user explicitly chooses to clear
(and then every value to clear is listed), and a verified exit is never changed by an
import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core import schema
from resolute.io.readers import xlsx_value
from resolute.web.audit.context import acting_as
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, EnterpriseYear, ExitEvent, ExitPlan, Line


@pytest.fixture(autouse=True)
def _furnace_plan(users: Any) -> None:
    """ZB-BF-1 has a stored exit plan with a responsible person."""
    line = Line.objects.get(line_id="ZB-BF-1")
    with acting_as(None, via="测试", name="测试数据"):
        ExitPlan(line=line, exit_method="close", responsible_person="王建国").save()


def _workbook(tmp_path: Path, omit: Sequence[str] = (),
              blank: dict[str, Sequence[str]] | None = None,
              overrides: dict[str, dict[str, Any]] | None = None) -> Path:  # fmt: skip
    """淄博's stored ledger as a workbook with Chinese headers, without the columns in
    ``omit``, with the cells in ``blank`` (line id or credit code → keys) left empty and
    the values in ``overrides`` (line id or credit code → key → value) changed."""
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    blank, overrides = blank or {}, overrides or {}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, fields, records, id_key in (
        ("企业", schema.ENTERPRISE_FIELDS, ents, "credit_code"),
        ("生产线", schema.LINE_FIELDS, lines, "line_id"),
    ):
        sheet = book.create_sheet(title)
        kept = [f for f in fields if f.key not in omit]
        sheet.append([f.label for f in kept])
        for rec in records:
            rec = {**rec, **overrides.get(rec[id_key], {})}
            for key in blank.get(rec[id_key], ()):
                rec[key] = None
            sheet.append([xlsx_value(f, rec.get(f.key)) for f in kept])
    path = tmp_path / "淄博台账.xlsx"
    book.save(path)
    return path


def _upload(client: Any, path: Path) -> ImportBatch:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    client.post(reverse("imports-upload"), {"file": upload})
    return ImportBatch.objects.latest("id")


def _post(client: Any, batch: ImportBatch, action: str) -> str:
    url = reverse("imports-detail", args=[batch.pk])
    return str(client.post(url, {"action": action}, follow=True).content.decode())


def test_columns_absent_from_the_file_never_change_stored_values(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    path = _workbook(tmp_path, omit=("exit_method", "exit_deadline", "responsible_person",
                                     "responsible_unit", "volume_m3", "electricity_kwh",
                                     "exited_on", "energy_status"))  # fmt: skip
    batch = _upload(client, path)

    assert batch.status == Status.PREVIEWED
    assert batch.summary["counts"]["lines"]["changed"] == 0
    assert batch.summary["counts"]["enterprises"]["changed"] == 0
    _post(client, batch, "confirm")

    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.volume_m3 == 380.0 and line.energy_status == "pass"
    assert ExitPlan.objects.get(line=line).responsible_person == "王建国"


def test_a_blank_cell_keeps_the_stored_value(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path, blank={"ZB-BF-1": ["volume_m3",
                                                                   "responsible_person"]}))  # fmt: skip

    assert batch.summary["counts"]["lines"]["changed"] == 0
    assert batch.summary["kept"] == 2
    page = client.get(reverse("imports-detail", args=[batch.pk])).content.decode()
    assert "空白单元格保留台账中的原值" in page
    assert "以本文件为准：空白单元格清空原值" in page
    _post(client, batch, "confirm")

    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.volume_m3 == 380.0
    assert ExitPlan.objects.get(line=line).responsible_person == "王建国"


def test_clearing_is_an_explicit_choice_that_lists_every_value_it_clears(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path, blank={"ZB-BF-1": ["volume_m3",
                                                                   "responsible_person"]}))  # fmt: skip

    page = _post(client, batch, "clear_blanks")

    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    cleared = {(c["key"], c["label"], c["before"]) for c in batch.summary["cleared"]}
    assert cleared == {("ZB-BF-1", "有效容积", "380"), ("ZB-BF-1", "责任人", "王建国")}
    assert "将清空的原值（2 项）" in page
    assert "<td>ZB-BF-1</td><td>有效容积</td><td>380</td>" in page
    _post(client, batch, "confirm")

    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.volume_m3 is None
    assert not ExitPlan.objects.get(line=line).responsible_person


def test_choosing_to_keep_blanks_again_clears_nothing(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path, blank={"ZB-BF-1": ["volume_m3"]}))
    _post(client, batch, "clear_blanks")
    _post(client, batch, "keep_blanks")
    _post(client, batch, "confirm")

    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


def _verify_exit(line_id: str, on: dt.date) -> Line:
    line = Line.objects.get(line_id=line_id)
    with acting_as(None, via="测试", name="测试数据"):
        line.status = "exited"
        line.save()
        ExitEvent(line=line, exited_on=on, capacity=line.capacity, note="现场核实").save()
    return line


@pytest.mark.parametrize(
    ("in_file", "protected"),
    [
        ({"status": "operating", "exited_on": None}, "运行状态"),
        ({"status": "exited", "exited_on": dt.date(2022, 3, 1)}, "实际退出日期"),
    ],
)
def test_an_import_never_changes_a_verified_exit(
    client_for: Any, tmp_path: Path, in_file: dict[str, Any], protected: str
) -> None:
    _verify_exit("ZB-BF-1", dt.date(2021, 10, 8))
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path, overrides={"ZB-BF-1": in_file}))

    assert batch.summary["counts"]["lines"]["changed"] == 0
    assert batch.summary["protected"] == [{"key": "ZB-BF-1", "fields": protected}]
    page = client.get(reverse("imports-detail", args=[batch.pk])).content.decode()
    assert "已核实退出" in page and f"ZB-BF-1（{protected}）" in page
    _post(client, batch, "confirm")

    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.status == "exited"
    assert list(ExitEvent.objects.filter(line=line).values_list("exited_on", flat=True)) == [
        dt.date(2021, 10, 8)
    ]


def test_clearing_blanks_does_not_clear_a_verified_exit(client_for: Any, tmp_path: Path) -> None:
    _verify_exit("ZB-BF-1", dt.date(2021, 10, 8))
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path, blank={"ZB-BF-1": ["status", "exited_on"]}))
    _post(client, batch, "clear_blanks")
    _post(client, batch, "confirm")

    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.status == "exited"
    assert ExitEvent.objects.filter(line=line).count() == 1


def test_enterprise_figures_absent_from_the_file_stay(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    ent = Enterprise.objects.get(name="淄博齐鲁特钢有限公司")
    stored = EnterpriseYear.objects.filter(enterprise=ent).values_list("tax_10k_yuan", flat=True)
    before = list(stored)
    batch = _upload(client, _workbook(tmp_path, omit=("tax_10k_yuan", "land_area_mu")))
    _post(client, batch, "confirm")

    assert batch.summary["counts"]["enterprises"]["changed"] == 0
    assert list(stored) == before and before[0] is not None
