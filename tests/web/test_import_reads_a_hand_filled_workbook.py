"""A workbook filled by hand (title banner, units in headers, 合计 and 注 rows, Chinese
dates, a missing column) is previewed with every conversion and skipped row named, and
applied as meant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from messy import EXPECTED_LINES, messy_workbook

from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import ExitPlan, Line


def test_the_preview_names_conversions_and_skipped_rows_then_applies(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    path = messy_workbook(tmp_path / "淄博焦化.xlsx")
    upload = SimpleUploadedFile(path.name, path.read_bytes())

    page = client.post(reverse("imports-upload"), {"file": upload}, follow=True).content.decode()

    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED, batch.errors
    assert batch.summary["counts"]["lines"]["new"] == 3
    assert "读取说明" in page
    assert "列“炭化室高度（毫米）”按 毫米→米 换算" in page
    assert "列“实缴税金（元）”按 元→万元 换算" in page
    assert "合计、小计或总计行 1 行（第 8 行）" in page
    assert "注释、说明或签名行 2 行（第 9、10 行）" in page
    client.post(reverse("imports-detail", args=[batch.pk]), {"action": "confirm"})

    for line_id, expected in EXPECTED_LINES.items():
        line = Line.objects.get(line_id=line_id)
        assert line.capacity == expected["capacity"]
        assert line.chamber_height_m == expected["chamber_height_m"]
    plan = ExitPlan.objects.get(line__line_id="ZB-CO-1")
    assert plan.exit_deadline == EXPECTED_LINES["ZB-CO-1"]["exit_deadline"]
