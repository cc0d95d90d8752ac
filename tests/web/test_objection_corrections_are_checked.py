"""Accepting an objection writes to the ledger, so its corrections pass the same checks as an
import: the enterprise must be in the officer's scope when they decide, and text values are
checked by the core (no control characters, the identifier's characters, the length)."""

from __future__ import annotations

from typing import Any

import pytest
from test_objections_decisions import _as, objection, steel_officer  # noqa: F401

from resolute.web.accounts.models import Profile
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Line
from resolute.web.objections import services
from resolute.web.objections.forms import AcceptForm
from resolute.web.objections.models import Objection
from resolute.web.objections.services import correctable_fields


def test_an_officer_moved_to_another_city_can_no_longer_correct_the_enterprise(
    objection: Objection,  # noqa: F811
    steel_officer: Any,  # noqa: F811
) -> None:
    with acting_as(None, via="测试", name="管理员"):
        Profile.objects.filter(user=steel_officer).update(city=City.objects.get(name="临沂"))
    steel_officer = type(steel_officer).objects.get(pk=steel_officer.pk)  # as the next request
    with pytest.raises(services.OutOfScope):
        services.accept(objection, steel_officer, {"volume_m3": 1080.0}, "")
    response = _as(steel_officer).post(f"/objections/{objection.pk}/accept/", {"volume_m3": "1080"})
    assert response.status_code in (403, 404)
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0
    assert Objection.objects.get().status == "open"


def test_a_text_correction_with_a_control_character_is_refused_by_the_form(
    province_ledger: Any,
) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    probe = Objection(enterprise=line.enterprise, line=line, finding={"field": "plant_id"})
    fields = correctable_fields(probe)
    form = AcceptForm({"plant_id": "P\x0b1"}, correctable=fields)
    assert not form.is_valid()
    assert "U+000B" in str(form.errors["plant_id"])
    assert AcceptForm({"plant_id": "P-1"}, correctable=fields).is_valid()


def test_the_service_refuses_a_bad_text_even_without_the_form(
    objection: Objection,  # noqa: F811
    steel_officer: Any,  # noqa: F811
) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    probe = Objection(pk=objection.pk, enterprise=line.enterprise, line=line,
                      finding={"field": "plant_id"})  # fmt: skip
    with pytest.raises(ValueError, match="U\\+000B"):
        services.accept(probe, steel_officer, {"plant_id": "P\x0b1"}, "")
    assert Line.objects.get(line_id="ZB-BF-1").plant_id is None


def test_a_correction_form_filled_in_before_an_import_changed_the_line_is_refused_with_409(
    objection: Objection,  # noqa: F811
    steel_officer: Any,  # noqa: F811
) -> None:
    officer = _as(steel_officer)
    form = officer.get(f"/objections/{objection.pk}/").context["accept_form"]
    seen = form.initial["seen"]
    with acting_as(None, via="导入", name="另一位官员"):
        line = Line.objects.get(line_id="ZB-BF-1")
        line.capacity, line.version = 999.0, line.version + 1
        line.save()
    response = officer.post(f"/objections/{objection.pk}/accept/",
                            {"volume_m3": "1080", "seen": seen})  # fmt: skip
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()
    line = Line.objects.get(line_id="ZB-BF-1")
    assert (line.volume_m3, line.capacity) == (380.0, 999.0)
    assert Objection.objects.get().status == "open"


def test_a_correction_writes_only_its_field_and_moves_the_version(
    objection: Objection,  # noqa: F811
    steel_officer: Any,  # noqa: F811
) -> None:
    officer = _as(steel_officer)
    seen = officer.get(f"/objections/{objection.pk}/").context["accept_form"].initial["seen"]
    version = Line.objects.get(line_id="ZB-BF-1").version
    response = officer.post(f"/objections/{objection.pk}/accept/",
                            {"volume_m3": "1080", "seen": seen})  # fmt: skip
    assert response.status_code == 302
    line = Line.objects.get(line_id="ZB-BF-1")
    assert (line.volume_m3, line.version) == (1080.0, version + 1)
