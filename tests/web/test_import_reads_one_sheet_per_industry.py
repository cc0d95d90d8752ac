"""A workbook with one worksheet per industry (钢铁企业, 水泥企业, 钢铁生产线, 水泥生产线) is
mapped once — worksheets are guessed from their titles, several per sheet — and remembered:
the next upload of worksheets with these titles goes straight to the preview. A column one
worksheet lacks changes nothing for its records, even when blanks are cleared."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core import schema
from resolute.io.readers import xlsx_value
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise, EnterpriseYear

ROLES = {"enterprises": ["钢铁企业", "水泥企业"], "lines": ["钢铁生产线", "水泥生产线"]}


def _workbook(path: Path, electricity: dict[str, float | None],
              without: dict[str, Sequence[str]]) -> Path:  # fmt: skip
    """淄博's ledger, one worksheet per industry and sheet, plus a guide sheet; the
    enterprises' 年用电量 set as given; ``without`` leaves columns out of a worksheet."""
    ents, lines = records_for(Enterprise.objects.filter(city__name="淄博"))
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["本表按行业分工作表填写。"])
    for industry, label in (("steel", "钢铁"), ("cement", "水泥")):
        mine = [e for e in ents if e["industry"] == industry]
        codes = {e["credit_code"] for e in mine}
        for title, fields, records in (
            (f"{label}企业", schema.ENTERPRISE_FIELDS, mine),
            (
                f"{label}生产线",
                schema.LINE_FIELDS,
                [ln for ln in lines if ln["credit_code"] in codes],
            ),
        ):
            sheet = book.create_sheet(title)
            kept = [f for f in fields if f.key not in without.get(title, ())]
            sheet.append([f.label for f in kept])
            for rec in records:
                if "industry" in rec:
                    rec = {**rec, "electricity_kwh": electricity.get(industry)}
                sheet.append([xlsx_value(f, rec.get(f.key)) for f in kept])
    book.save(path)
    return path


def _upload(client: Any, path: Path) -> ImportBatch:
    client.post(
        reverse("imports-upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    return ImportBatch.objects.latest("id")


def _electricity(industry: str) -> Any:
    ent = Enterprise.objects.get(city__name="淄博", industry=industry)
    return EnterpriseYear.objects.filter(enterprise=ent).values_list("electricity_kwh", flat=True)[
        0
    ]


def test_worksheets_per_industry_are_mapped_once_and_remembered(
    client_for: Any, tmp_path: Path
) -> None:
    client = client_for("zibo")
    first = _workbook(tmp_path / "a.xlsx", {"steel": 9000.0, "cement": 5000.0}, {})
    batch = _upload(client, first)
    assert batch.status == Status.NEEDS_MAPPING
    url = reverse("imports-detail", args=[batch.pk])
    form = client.get(url).context["sheet_form"]
    assert form["enterprises"].value() == ROLES["enterprises"]  # guessed from the titles
    assert form["lines"].value() == ROLES["lines"]

    client.post(url, {"action": "sheets", **ROLES})
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED, batch.errors
    assert batch.summary["counts"]["lines"]["unchanged"] == 3
    assert batch.summary["counts"]["enterprises"]["changed"] == 2
    client.post(url, {"action": "confirm"})
    assert (_electricity("steel"), _electricity("cement")) == (9000.0, 5000.0)

    # The next file with the same worksheets: no question; the cement worksheet now lacks
    # 年用电量, so clearing blanks still leaves the cement enterprise's figure alone.
    second = _workbook(tmp_path / "b.xlsx", {"steel": None},
                       {"水泥企业": ["electricity_kwh"]})  # fmt: skip
    batch = _upload(client, second)
    assert batch.status == Status.PREVIEWED, (batch.status, batch.errors)
    url = reverse("imports-detail", args=[batch.pk])
    client.post(url, {"action": "clear_blanks"})
    batch.refresh_from_db()
    assert [(c["key"], c["label"]) for c in batch.summary["cleared"]] == [
        (Enterprise.objects.get(city__name="淄博", industry="steel").credit_code, "年用电量")
    ]
    client.post(url, {"action": "confirm"})
    assert (_electricity("steel"), _electricity("cement")) == (None, 5000.0)


def test_a_worksheet_cannot_hold_both_sheets(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    batch = _upload(client, _workbook(tmp_path / "a.xlsx", {}, {}))
    response = client.post(reverse("imports-detail", args=[batch.pk]),
                           {"action": "sheets", "enterprises": ["钢铁企业", "水泥企业"],
                            "lines": ["钢铁生产线", "水泥企业"]})  # fmt: skip
    assert response.status_code == 400
    assert "“水泥企业”不能既是企业表又是生产线表" in response.content.decode()


def test_remembered_worksheets_can_still_be_chosen_again(client_for: Any, tmp_path: Path) -> None:
    client = client_for("zibo")
    path = _workbook(tmp_path / "a.xlsx", {}, {})
    first = _upload(client, path)
    client.post(reverse("imports-detail", args=[first.pk]), {"action": "sheets", **ROLES})
    batch = _upload(client, path)
    assert batch.status == Status.PREVIEWED
    url = reverse("imports-detail", args=[batch.pk])

    client.post(url, {"action": "remap"})
    client.post(url, {"action": "reset_sheets"})

    response = client.get(url)
    assert "sheet_form" in response.context
    assert response.context["sheet_form"]["lines"].value() == ROLES["lines"]  # pre-filled
