"""A plan kept on file (the web app stores its fields and the equipment's attributes) makes
a core project, or is refused in words naming what is wrong (issue #14 point 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolute.core import replacement as r


def _stored(**overrides: Any) -> r.Project:
    fields: dict[str, Any] = {
        "name": "淄博某水泥公司新建粉磨生产线", "industry": "cement", "equipment": "cement_mill",
        "capacity": 40.0, "city": "淄博", "starts_on": dt.date(2023, 3, 1),
        "attributes": {"diameter_m": 4.2},
    }  # fmt: skip
    fields.update(overrides)
    return r.stored_project(**fields)


def test_a_stored_plan_makes_the_project_with_its_attributes() -> None:
    project = _stored()
    assert (project.equipment, project.capacity, project.city) == ("cement_mill", 40.0, "淄博")
    assert project.starts_on == dt.date(2023, 3, 1) and project.industry == "cement"
    assert project.attributes == {"diameter_m": 4.2}


@pytest.mark.parametrize("attributes", [None, {}])
def test_a_stored_plan_without_attributes_has_none(attributes: Any) -> None:
    assert _stored(attributes=attributes).attributes == {}


@pytest.mark.parametrize("attributes", [[4.2], "diameter_m=4.2", 4.2])
def test_attributes_that_are_not_an_object_are_refused(attributes: Any) -> None:
    with pytest.raises(r.PlanError, match="装备参数须为 JSON 对象"):
        _stored(attributes=attributes)


def test_unknown_equipment_is_refused() -> None:
    with pytest.raises(r.PlanError, match="未知装置类型“kiln_x”"):
        _stored(equipment="kiln_x")


def test_equipment_of_another_industry_is_refused() -> None:
    with pytest.raises(r.PlanError, match="不属于行业“steel”"):
        _stored(industry="steel")


def test_a_city_outside_shandong_is_refused() -> None:
    with pytest.raises(r.PlanError, match="不是山东省 16 市之一"):
        _stored(city="北京")


def test_a_negative_capacity_is_refused() -> None:
    with pytest.raises(r.PlanError, match="不能为负数"):
        _stored(capacity=-1.0)


@pytest.mark.parametrize(("from_ledger", "outside"), [(True, False), (False, True), (True, True)])
def test_a_source_is_a_ledger_line_or_capacity_from_outside(
    from_ledger: bool, outside: bool
) -> None:
    r.check_source_kind(from_ledger, outside)


def test_a_source_that_is_neither_is_refused() -> None:
    with pytest.raises(r.PlanError, match="来源须为台账中的生产线，或标明省外产能"):
        r.check_source_kind(False, False)
