"""A correct workbook is previewed (new, changed with before → after, unchanged), and applied
only on confirmation, every change recorded as made by the importing user via 导入."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import make_enterprise, make_line
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pages import parse, table_rows

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.audit.models import AuditEvent
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, ExitPlan, Line


def _zibo_workbook(tmp_path: Path) -> Path:
    """淄博's ledger with ZB-BF-1 enlarged to 420 m³ and given an exit plan, plus a new
    enterprise with one new line."""
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-BF-1":
            line.update(volume_m3=420.0, exit_method="close", responsible_person="张三")
    new = make_enterprise("steel", name="淄博新建钢铁有限公司", city="淄博", county="周村区")
    path = tmp_path / "淄博台账.xlsx"
    write_ledger(Ledger.from_records([*ents, new], [*lines, make_line(
        "eaf", new["credit_code"], line_id="ZB-EAF-9", capacity=80.0)]), path)  # fmt: skip
    return path


def _upload(client: Any, path: Path) -> Any:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("imports-upload"), {"file": upload}, follow=True)


def test_the_preview_counts_and_shows_new_changed_and_unchanged_rows(
    client_for: Any, tmp_path: Path
) -> None:
    audit = AuditEvent.objects.count()

    response = _upload(client_for("zibo"), _zibo_workbook(tmp_path))

    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED
    assert batch.summary["counts"] == {
        "enterprises": {"new": 1, "changed": 0, "unchanged": 2},
        "lines": {"new": 1, "changed": 1, "unchanged": 2},
    }
    page = response.content.decode()
    [new_enterprise] = table_rows(parse(page), after="新增企业")
    assert new_enterprise["企业名称"].text == "淄博新建钢铁有限公司"
    [new_line] = table_rows(parse(page), after="新增生产线")
    assert (new_line["生产线编号"].text, new_line["装置类型"].text) == ("ZB-EAF-9", "炼钢电炉")
    changed = {
        (row["生产线编号"].text, row["字段"].text): (row["修改前"].text, row["修改后"].text)
        for row in table_rows(parse(page), after="修改的生产线")
    }
    assert changed == {
        ("ZB-BF-1", "有效容积"): ("380", "→ 420"),
        ("ZB-BF-1", "退出方式"): ("未知", "→ 关停"),
        ("ZB-BF-1", "责任人"): ("未知", "→ 张三"),
    }
    assert "另有 2 家企业、2 条生产线与台账一致" in page
    assert "确认导入" in page and "放弃" in page
    assert AuditEvent.objects.count() == audit  # a preview writes nothing
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


def test_confirming_applies_the_import_and_the_history_names_the_importer(
    client_for: Any, users: dict[str, Any], tmp_path: Path
) -> None:
    client = client_for("zibo")
    _upload(client, _zibo_workbook(tmp_path))
    batch = ImportBatch.objects.get()
    before = AuditEvent.objects.count()

    response = client.post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"},
                           follow=True)  # fmt: skip

    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert batch.summary["applied"]["lines"] == {"new": 1, "changed": 1, "unchanged": 2}
    assert "导入完成" in response.content.decode()
    line = Line.objects.get(line_id="ZB-BF-1")
    assert line.volume_m3 == 420.0
    assert ExitPlan.objects.get(line=line).responsible_person == "张三"
    assert Line.objects.get(line_id="ZB-EAF-9").enterprise.name == "淄博新建钢铁有限公司"
    events = AuditEvent.objects.order_by("id")[before:]
    assert events  # the new enterprise, its year, both lines' changes, the exit plan
    assert {(e.actor, e.actor_name, e.via) for e in events} == {(users["zibo"], "zibo", "导入")}
    update = AuditEvent.objects.get(model="line", action="update", object_pk=str(line.pk))
    assert update.changes() == [("volume_m3", 380.0, 420.0)]


def test_an_applied_import_cannot_be_confirmed_twice(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    _upload(client, _zibo_workbook(tmp_path))
    batch = ImportBatch.objects.get()
    url = reverse("imports-detail", args=[batch.pk])
    client.post(url, {"action": "confirm"})
    after_first = AuditEvent.objects.count()

    response = client.post(url, {"action": "confirm"}, follow=True)

    assert "不在待确认状态" in response.content.decode()
    assert AuditEvent.objects.count() == after_first


def test_the_upload_page_lists_the_users_recent_imports(client_for: Any, tmp_path: Path) -> None:
    _upload(client_for("zibo"), _zibo_workbook(tmp_path))

    mine = client_for("zibo").get(reverse("imports-upload")).content.decode()
    theirs = client_for("linyi").get(reverse("imports-upload")).content.decode()

    assert "淄博台账.xlsx" in mine and "待确认" in mine
    assert "淄博台账.xlsx" not in theirs


def test_a_json_file_is_previewed_and_applied_like_a_workbook(
    client_for: Any, tmp_path: Path
) -> None:
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    for line in lines:
        if line["line_id"] == "ZB-CL-1":
            line["capacity"] = 3000.0
    path = tmp_path / "淄博.json"
    write_ledger(Ledger.from_records(ents, lines), path)
    client = client_for("zibo")

    response = _upload(client, path)

    assert "<td>产能</td><td>2,500</td><td>→ 3,000</td>" in response.content.decode()
    batch = ImportBatch.objects.get()
    client.post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"})
    assert Line.objects.get(line_id="ZB-CL-1").capacity == 3000.0
