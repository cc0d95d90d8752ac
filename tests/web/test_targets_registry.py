"""The registry of counted things (集群、领军企业、园区等登记): officials register names, each
count target of 三 and 四 shows how many are registered, city officers keep to their city,
the Excel import is all or nothing, and every write is in the change history."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.urls import reverse

from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City
from resolute.web.targets.models import RegistryEntry

PARKS = "high_end_chemicals.key_parks"  # 5个重点园区


def _entry(name: str, city: str | None = "淄博", target: str = PARKS) -> RegistryEntry:
    entry = RegistryEntry(target_id=target, name=name,
                          city=City.objects.get(name=city) if city else None)  # fmt: skip
    with acting_as(None, via="测试"):
        entry.save()
    return entry


def _workbook(
    *rows: tuple[Any, ...], headers: tuple[str, ...] = ("计数目标", "名称", "所在市", "备注")
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Any, data: bytes) -> Any:
    upload = io.BytesIO(data)
    upload.name = "登记.xlsx"
    return client.post(reverse("targets-registry-import"), {"file": upload})


def test_a_registered_park_counts_toward_its_target_on_the_targets_pages(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("province")
    response = client.post(reverse("targets-registry-new"), {
        "target_id": PARKS, "name": "东营港化工产业园", "city": City.objects.get(name="东营").pk,
    })  # fmt: skip
    assert response.status_code == 302
    _entry("聊城化工产业园", "聊城")

    listing = client.get(reverse("targets-list"), {"as_of": "2022-06-30"})
    row = next(r for s in listing.context["sections"] for r in s.rows if r.target.id == PARKS)
    assert (row.source, row.count.count, row.count.status_label) == ("registry", 2, "进行中")
    assert "2 / 5 个" in listing.content.decode()
    detail = client.get(reverse("targets-detail", args=[PARKS]), {"as_of": "2026-11-29"})
    html = detail.content.decode()
    assert "东营港化工产业园" in html and "未完成" in html  # the period is over, 2 of 5
    event = AuditEvent.objects.get(model="registryentry", action="create", actor=users["province"])
    assert (event.via, event.after["name"], event.city) == ("网页", "东营港化工产业园", "东营")


def test_a_count_target_is_not_offered_for_reporting_by_hand(client_for: Any) -> None:
    page = client_for("province").get(reverse("targets-indicators"))
    assert PARKS not in {row.target.id for row in page.context["rows"]}


def test_a_city_officer_registers_and_sees_only_their_own_city(client_for: Any) -> None:
    zibo = client_for("zibo")
    refused = zibo.post(reverse("targets-registry-new"), {
        "target_id": PARKS, "name": "临沂某园区", "city": City.objects.get(name="临沂").pk,
    })  # fmt: skip
    assert refused.status_code == 400 and not RegistryEntry.objects.exists()
    no_city = zibo.post(reverse("targets-registry-new"), {"target_id": PARKS, "name": "园区"})
    assert no_city.status_code == 400
    linyi_park = _entry("临沂化工园", "临沂")
    own = _entry("齐鲁化学工业区", "淄博")

    listed = [e.name for e, _ in zibo.get(reverse("targets-registry")).context["entries"]]
    assert listed == ["齐鲁化学工业区"]
    assert zibo.get(reverse("targets-registry-edit", args=[linyi_park.pk])).status_code == 404
    assert zibo.get(reverse("targets-registry-edit", args=[own.pk])).status_code == 200


def test_enterprise_users_and_the_public_have_no_registry(client_for: Any) -> None:
    assert client_for("enterprise_user").get(reverse("targets-registry")).status_code == 403
    anonymous = client_for(None).get(reverse("targets-registry"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_same_name_twice_for_one_target_is_refused(client_for: Any) -> None:
    _entry("齐鲁化学工业区")
    again = client_for("province").post(reverse("targets-registry-new"), {
        "target_id": PARKS, "name": "齐鲁化学工业区",
    })  # fmt: skip
    assert again.status_code == 400 and "已登记同名事项" in again.content.decode()


def test_a_change_and_a_removal_are_recorded(client_for: Any, users: dict[str, Any]) -> None:
    entry = _entry("齐鲁化学工业区")
    client = client_for("zibo")
    client.post(reverse("targets-registry-edit", args=[entry.pk]), {
        "target_id": PARKS, "name": "齐鲁化学工业区", "city": entry.city_id, "note": "已认定",
    })  # fmt: skip
    client.post(reverse("targets-registry-edit", args=[entry.pk]), {"delete": "1"})
    assert not RegistryEntry.objects.exists()
    events = AuditEvent.objects.filter(model="registryentry", actor=users["zibo"])
    assert sorted(e.action for e in events) == ["delete", "update"]


def test_the_template_has_chinese_headers_and_lists_every_count_target(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("targets-registry-template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == ["计数目标", "名称", "所在市", "备注"]
    assert book.worksheets[0].max_row == 1  # nothing to delete before filling
    names = [r[0] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert len(names) == 60 and "高端化工重点园区" in names


def test_an_import_with_any_bad_row_stores_nothing_and_lists_every_error(
    client_for: Any,
) -> None:
    data = _workbook(
        ("高端化工重点园区", "东营港化工产业园", "东营", ""),
        ("高端化工重点园", "某园区", "东营", ""),
        ("高端化工重点园区", "", "东营", ""),
        ("高端化工重点园区", "聊城化工产业园", "莱芜", ""),
        ("高端化工重点园区", "东营港化工产业园", "东营", ""),
    )
    response = _upload(client_for("province"), data)
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert errors == [(3, "计数目标"), (4, "名称"), (5, "所在市"), (6, "名称")]
    assert not RegistryEntry.objects.exists()


def test_an_import_adds_and_updates_and_is_recorded_as_an_import(
    client_for: Any, users: dict[str, Any]
) -> None:
    _entry("齐鲁化学工业区", "淄博")
    data = _workbook(
        ("高端化工重点园区", "齐鲁化学工业区", "淄博市", "已认定"),
        ("高端化工重点园区", "东营港化工产业园", "东营", ""),
        ("氢能品牌", "中国氢谷", "", ""),
    )
    response = _upload(client_for("province"), data)
    assert response.status_code == 302
    stored = {(e.target_id, e.name): (e.city.name if e.city else None, e.note)
              for e in RegistryEntry.objects.select_related("city")}  # fmt: skip
    assert stored == {
        (PARKS, "齐鲁化学工业区"): ("淄博", "已认定"),
        (PARKS, "东营港化工产业园"): ("东营", ""),
        ("hydrogen.brands", "中国氢谷"): (None, ""),
    }
    vias = AuditEvent.objects.filter(model="registryentry", actor=users["province"])
    assert sorted((e.action, e.via) for e in vias) == [
        ("create", "导入"),
        ("create", "导入"),
        ("update", "导入"),
    ]


def test_a_city_officer_imports_only_their_city(client_for: Any) -> None:
    zibo = client_for("zibo")
    refused = _upload(zibo, _workbook(("高端化工重点园区", "东营港化工产业园", "东营", "")))
    assert refused.status_code == 400 and not RegistryEntry.objects.exists()
    accepted = _upload(zibo, _workbook(("高端化工重点园区", "齐鲁化学工业区", "", "")))
    assert accepted.status_code == 302
    assert RegistryEntry.objects.get().city.name == "淄博"  # a blank city is theirs
