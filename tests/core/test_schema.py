"""The ledger schema and cell parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from resolute.core import credit_code, schema
from resolute.core.ledger import CellError, parse_cell


@pytest.mark.parametrize("spec", schema.ENTERPRISE_FIELDS + schema.LINE_FIELDS, ids=lambda s: s.key)
def test_every_example_in_the_schema_is_a_valid_value(spec: schema.FieldSpec) -> None:
    assert spec.example, f"{spec.key} has no example for the template"
    assert parse_cell(spec, spec.example) is not None


def test_every_equipment_belongs_to_exactly_one_industry() -> None:
    listed = [eq for industry in schema.INDUSTRIES for eq in industry.equipment]
    assert sorted(listed) == sorted(schema.EQUIPMENT_BY_CODE)
    for industry in schema.INDUSTRIES:
        for eq in industry.equipment:
            assert schema.EQUIPMENT_BY_CODE[eq].industry == industry.code


def test_credit_code_check_character_follows_gb_32100() -> None:
    assert credit_code.is_valid("91350100M000100Y43")  # the standard's worked example
    assert not credit_code.is_valid("91350100M000100Y44")
    assert "校验码" in (credit_code.problem("91350100M000100Y44") or "")
    assert "18 位" in (credit_code.problem("9135") or "")
    assert "非法字符" in (credit_code.problem("91350100M000100YI3") or "")


@pytest.mark.parametrize("text", ["2022-06-30", "2022/6/30", "2022-6-30", "2022.06.30"])
def test_dates_are_read_in_the_forms_officials_type(text: str) -> None:
    assert parse_cell(schema.LINE_FIELD_BY_KEY["exit_deadline"], text) == dt.date(2022, 6, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("是", True), ("否", False), ("true", True), ("0", False), (1, True), ("", None)],
)
def test_booleans_accept_chinese_and_english(raw: object, expected: bool | None) -> None:
    assert parse_cell(schema.LINE_FIELD_BY_KEY["melts_scrap"], raw) is expected


def test_a_city_is_read_with_or_without_shi() -> None:
    city = schema.ENTERPRISE_FIELD_BY_KEY["city"]
    assert parse_cell(city, "淄博市") == parse_cell(city, "淄博") == "淄博"
    with pytest.raises(CellError, match="16 市"):
        parse_cell(city, "莱芜市")  # merged into 济南 in 2019


@pytest.mark.parametrize("raw", ["-1", "abc", "120万吨", float("nan")])
def test_quantities_must_be_non_negative_numbers_without_units(raw: object) -> None:
    with pytest.raises(CellError):
        parse_cell(schema.LINE_FIELD_BY_KEY["capacity"], raw)


def test_an_empty_quantity_is_unknown_not_zero() -> None:
    assert parse_cell(schema.LINE_FIELD_BY_KEY["capacity"], "  ") is None
    assert parse_cell(schema.LINE_FIELD_BY_KEY["capacity"], 0) == 0.0
