"""Plan and admission files are read right or refused with the entry at fault (issue #16):
no value of the wrong kind reaches a check, where it would crash or be misread."""

from __future__ import annotations

import math
from typing import Any

import pytest

from resolute.core import admission, replacement
from resolute.core.replacement import MAX_AMOUNT, PlanError


def _project(**fields: Any) -> dict[str, Any]:
    return {"equipment": "cement_mill", "capacity": 40, "city": "淄博", "starts_on": "2023-03-01",
            "diameter_m": 4.2, **fields}  # fmt: skip


def _plan(project: dict[str, Any] | None = None, **source: Any) -> dict[str, Any]:
    return {"project": project or _project(), "sources": [{"line_id": "L-1", **source}]}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "nan", "inf", "1e400"])
def test_a_capacity_that_is_not_a_finite_number_is_refused(value: Any) -> None:
    with pytest.raises(PlanError, match=r"project\.capacity"):
        replacement.plan_from_json(_plan(_project(capacity=value)))


def test_the_largest_amount_passes_and_one_above_it_is_refused() -> None:
    assert replacement.parse_number(MAX_AMOUNT, "x") == MAX_AMOUNT
    with pytest.raises(PlanError, match="数值过大"):
        replacement.parse_number(MAX_AMOUNT * 1.0000001, "x")
    assert replacement.parse_number(0, "x") == 0
    with pytest.raises(PlanError, match="负数"):
        replacement.parse_number(-0.001, "x")


@pytest.mark.parametrize("field", ["equipment", "city", "name", "starts_on", "route"])
@pytest.mark.parametrize("value", [[], {}, ["cement_mill"]])
def test_a_list_or_object_where_text_is_expected_names_the_field(field: str, value: Any) -> None:
    with pytest.raises(PlanError, match=rf"project\.{field}"):
        replacement.project_from_json(_project(**{field: value}))


@pytest.mark.parametrize("value", ["abc", "nan", -4, [4.2]])
def test_a_numeric_attribute_must_be_a_number(value: Any) -> None:
    with pytest.raises(PlanError, match=r"project\.diameter_m"):
        replacement.project_from_json(_project(diameter_m=value))


def test_a_numeric_attribute_written_as_text_is_read_as_the_number() -> None:
    assert replacement.project_from_json(_project(diameter_m="4.2")).attributes["diameter_m"] == 4.2


@pytest.mark.parametrize("field", ["outside_province", "restricted", "on_reduction_list"])
@pytest.mark.parametrize("value", ["false", 0, 1, "yes"])
def test_a_yes_no_field_is_true_or_false_only(field: str, value: Any) -> None:
    """ "false" as text would have read as true: refused rather than misread."""
    with pytest.raises(PlanError, match=field):
        replacement.plan_from_json(_plan(**{field: value}))


@pytest.mark.parametrize("source", [{"line_id": []}, {"line_id": "L-1", "equipment": ["bof"]},
                                    {"line_id": "L\x00"}, {"line_id": "L", "description": {}}])  # fmt: skip
def test_a_source_with_odd_values_is_refused(source: dict[str, Any]) -> None:
    with pytest.raises(PlanError, match=r"sources\[0\]"):
        replacement.plan_from_json({"project": _project(), "sources": [source]})


def _admission(**source: Any) -> dict[str, Any]:
    return {"project": {**_project(), "demand": {"coal": 10}},
            "sources": [{"name": "旧线", "exited_on": "2021-01-01",
                         "reductions": {"coal": 12}, **source}]}  # fmt: skip


@pytest.mark.parametrize("source", [{"name": ["a"]}, {"name": {}}, {"equipment": []},
                                    {"equipment": "nonsense"}, {"reductions": {"coal": "nan"}},
                                    {"exited_on": 20210101}])  # fmt: skip
def test_an_admission_source_with_odd_values_is_refused(source: dict[str, Any]) -> None:
    with pytest.raises(PlanError, match=r"sources\[0\]"):
        admission.project_from_json(_admission(**source))


@pytest.mark.parametrize("demand", [math.inf, "inf", math.nan, -1])
def test_an_admission_demand_must_be_finite_and_not_negative(demand: Any) -> None:
    raw = _admission()
    raw["project"]["demand"]["coal"] = demand
    with pytest.raises(PlanError, match=r"project\.demand\.coal"):
        admission.project_from_json(raw)
