"""An import is checked against the user's scope on the values it would write, not only on
the stored record: a 淄博 officer cannot move an enterprise to 临沂, the steel/coking
department cannot hand an enterprise to another industry, a county must belong to its city
and an enterprise's industry must fit the lines it keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.io.readers import write_ledger
from resolute.web.accounts.scoping import write_scope
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.convert import records_for
from resolute.web.ledger.models import Enterprise
from resolute.web.ledger.services import plan_changes


def _ledger(enterprise: Enterprise, **changes: Any) -> tuple[Ledger, list[dict[str, Any]]]:
    ents, lines = records_for(Enterprise.objects.filter(pk=enterprise.pk))
    ents[0].update(changes)
    return Ledger.from_records(ents, lines), lines


def _errors(user: Any, ledger: Ledger) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.message) for e in plan_changes(ledger, write_scope(user)).errors]


def test_a_zibo_officer_cannot_move_a_zibo_enterprise_to_linyi_by_upload(
    client_for: Any, province_ledger: Any, tmp_path: Path
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, city="临沂", county="兰山区")
    path = tmp_path / "台账.xlsx"
    write_ledger(ledger, path)
    client_for("zibo").post(reverse("imports-upload"),
                            {"file": SimpleUploadedFile(path.name, path.read_bytes())})  # fmt: skip
    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "city")]
    assert "超出您的管辖范围" in batch.errors[0]["message"]
    assert Enterprise.objects.get(pk=province_ledger.zibo_steel.pk).city.name == "淄博"


def test_the_province_may_move_an_enterprise_with_its_county(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, city="临沂", county="兰山区")
    assert _errors(users["province"], ledger) == []


def test_moving_the_city_but_keeping_a_county_of_the_old_city_is_refused(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ents, lines = records_for(Enterprise.objects.filter(pk=province_ledger.zibo_steel.pk))
    ents[0]["city"] = "临沂"
    del ents[0]["county"]
    present = frozenset(ents[0])  # the file has no county column: the stored 张店区 stays
    ledger = Ledger.from_records(ents, lines, columns={"enterprises": present})
    [(row, column, message)] = _errors(users["province"], ledger)
    assert (row, column) == (2, "county")
    assert "张店区" in message and "临沂" in message


def test_the_steel_department_cannot_hand_an_enterprise_to_another_industry(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, industry="chlor_alkali")
    ledger = Ledger.from_records(ledger.enterprise_records(), [])  # lines left out of the file
    errors = _errors(users["industry"], ledger)
    assert (2, "industry") in [(r, c) for r, c, _ in errors]
    assert any("不在您主管的行业内" in m for _, _, m in errors)


def test_an_enterprise_cannot_change_to_an_industry_its_lines_do_not_belong_to(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, industry="coking")
    ledger = Ledger.from_records(ledger.enterprise_records(), [])
    [(row, column, message)] = _errors(users["province"], ledger)
    assert (row, column) == (2, "industry")
    assert "ZB-BF-1" in message or "ZB-BOF-1" in message
    assert "焦化" in message and "钢铁" in message


def test_a_zibo_officer_may_still_change_a_zibo_enterprise_within_zibo(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, county="淄川区", name="淄博新名称钢铁有限公司")
    plan = plan_changes(ledger, write_scope(users["zibo"]))
    assert plan.errors == []
    assert [c.kind for c in plan.enterprises] == ["changed"]


def test_a_county_of_another_city_is_refused_for_a_stored_enterprise(
    users: dict[str, Any], province_ledger: Any
) -> None:
    ledger, _ = _ledger(province_ledger.zibo_steel, county="兰山区")
    [(row, column, message)] = _errors(users["zibo"], ledger)
    assert (row, column) == (2, "county") and "临沂" in message
