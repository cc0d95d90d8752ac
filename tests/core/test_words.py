"""Values and findings in the words an official reads (resolute.core.words)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from resolute.core import schema
from resolute.core import words as show

TODAY = dt.date(2022, 6, 1)


@pytest.mark.parametrize(
    "value,key,text",
    [
        (None, "volume_m3", "未知"),
        ("", "county", "未知"),
        (True, "in_steel_layout", "是"),
        (False, "upgrade_hopeless", "否"),
        (380.0, "volume_m3", "380"),
        (4.3, "chamber_height_m", "4.3"),
        (350000000.0, "electricity_kwh", "350,000,000"),
        (0.12345678, "unit_energy", "0.1235"),
        (0, "loss_years", "0"),
        ("stamp_charged", "oven_type", "捣固"),
        ("pass", "env_status", "达标"),
        ("fail", "energy_status", "不达标"),
        ("exited", "status", "已退出"),
        ("blast_furnace", "equipment", "炼铁高炉"),
        ("coking", "industry", "焦化"),
        (["shaft", "wet"], "kiln_type", "机立窑、湿法窑"),
        (dt.date(2022, 12, 31), "exit_deadline", "2022-12-31"),
        ("某某", "responsible_person", "某某"),
    ],
)
def test_values_are_worded_in_chinese(value: object, key: str, text: str) -> None:
    assert show.value_text(value, key) == text


def test_field_rows_give_the_unit_only_for_known_values() -> None:
    specs = [schema.LINE_FIELD_BY_KEY["capacity"], schema.LINE_FIELD_BY_KEY["volume_m3"]]
    rows = show.field_rows(specs, {"capacity": 300.0}, {"capacity": "万吨铁/年"})
    assert [(r.label, r.text, r.unit, r.known) for r in rows] == [
        ("产能", "300", "万吨铁/年", True),
        ("有效容积", "未知", "", False),
    ]


def test_a_line_shows_common_then_equipment_attributes() -> None:
    keys = [f.key for f in show.line_specs("coke_oven")]
    assert keys[:2] == ["status", "capacity"]
    assert keys[-2:] == ["oven_type", "chamber_height_m"]
    assert "volume_m3" not in keys


def test_overdue_needs_a_past_deadline_and_a_line_not_exited() -> None:
    assert show.is_overdue(dt.date(2022, 5, 31), "operating", TODAY)
    assert not show.is_overdue(dt.date(2022, 6, 1), "operating", TODAY)
    assert not show.is_overdue(dt.date(2022, 5, 31), "exited", TODAY)
    assert not show.is_overdue(None, "operating", TODAY)


def test_capacity_and_outcome_labels() -> None:
    assert show.capacity_text(2500.0, "clinker_line") == "2,500 吨/日"
    assert show.capacity_text(None, "clinker_line") == "未知"
    assert show.outcome_label("eliminate") == "淘汰退出"
    assert show.outcome_label(None) == "未评估"
    assert show.basis_label("provincial") == "省定标准"


FINDING = {
    "rule_id": "steel.technology.blast_furnace_volume", "standard": "technology",
    "basis": "national", "result": "fail", "value": 380.0, "threshold": 400, "field": "volume_m3",
    "unit": "立方米", "comparison": "le", "wording": "400 立方米及以下炼铁高炉",
    "citation": "二(二)1", "clause": "二(二)1", "documents": [],
}  # fmt: skip


def test_a_finding_says_what_was_measured_against_what_and_why() -> None:
    f = show.finding_view(FINDING)
    assert (f.standard_label, f.basis_label, f.result_label) == ("技术", "国家标准", "不符合")
    assert (f.value_text, f.comparison, f.threshold_text, f.unit) == ("380", "≤", "400", "立方米")
    assert f.condition == "≤ 400"
    assert f.failed and f.citation == "二(二)1"


def test_a_determination_finding_names_the_authority() -> None:
    f = show.finding_view({**FINDING, "field": "env_status", "value": None, "threshold": None,
                           "comparison": None, "result": "unknown", "unit": ""})  # fmt: skip
    assert (f.value_text, f.condition, f.result_label) == ("未知", "主管部门认定", "未知")
    limit = show.finding_view({**FINDING, "field": "unit_energy", "value": 390.0,
                               "threshold": 380.0, "comparison": None})  # fmt: skip
    assert limit.condition == "限额 380"


def test_failed_rules_read_as_wording_and_citation() -> None:
    passed = {**FINDING, "result": "pass", "wording": "别的规则"}
    assert show.failed_rules_text([FINDING, passed]) == "400 立方米及以下炼铁高炉（二(二)1）"


@pytest.mark.parametrize(
    "value,places,text",
    [
        (2.675, 2, "2.68"),  # 四舍五入, not the float's binary rounding
        (2.665, 2, "2.67"),
        (0.12345678, 4, "0.1235"),
        (0.12345678, None, "0.12345678"),  # a change record keeps every digit
        (1_234_567.0, 4, "1234567"),  # never 1.23457e+06
        (1e20, 2, "100000000000000000000"),
        (-0.00001, 2, "0"),  # no “-0”
        (Decimal("1.50"), None, "1.5"),
        (Decimal("0.1") + Decimal("0.2"), None, "0.3"),
        (0.1 + 0.2, 4, "0.3"),
        (7, 2, "7"),
        (None, 2, "—"),  # a figure that cannot be computed
    ],
)
def test_numbers_read_without_noise(value: float | Decimal | None, places: int | None,
                                    text: str) -> None:  # fmt: skip
    assert show.number_text(value, places) == text


def test_change_records_keep_digits_that_pages_round() -> None:
    assert show.value_text(0.123456, "unit_energy") == "0.1235"
    assert show.value_text(0.123456, "unit_energy", places=None) == "0.123456"


@pytest.mark.parametrize(
    "code,industry,equipment",
    [
        ("steel", "钢铁", "steel"),  # not an equipment code: as it is
        ("blast_furnace", "blast_furnace", "炼铁高炉"),
        (None, "", ""),
        ("", "", ""),
    ],
)
def test_industry_and_equipment_labels(code: str | None, industry: str, equipment: str) -> None:
    assert show.industry_label(code) == industry
    assert show.equipment_label(code) == equipment


def test_one_word_for_unknown() -> None:
    assert show.UNKNOWN == show.value_text(None) == show.capacity_text(None, "") == "未知"


# ─── figures as officials write them (officials.md) ───────────────────────────────


@pytest.mark.parametrize(
    "value,places,text",
    [
        (0, 2, "0"),
        (0.0, 2, "0"),
        (999, 2, "999"),
        (1000, 2, "1,000"),  # four digits and more are grouped
        (1_234_567.8, 2, "1,234,567.8"),
        (-1_234_567.891, 2, "-1,234,567.89"),
        (-0.004, 2, "0"),  # no “-0”
        (0.05, 1, "0.1"),  # 四舍五入 at .05, away from zero on both sides
        (-0.05, 1, "-0.1"),
        (0.15, 1, "0.2"),  # the float 0.15 is 0.1499…; the number written is 0.15
        (2.675, 2, "2.68"),
        (1e20, 2, "100,000,000,000,000,000,000"),  # never 1e+20
        (10**30 + 1, 2, "1,000,000,000,000,000,000,000,000,000,001"),  # every digit of an int
        (Decimal("12345.600"), 2, "12,345.6"),
        (1234.5678, 0, "1,235"),
        (None, 2, "未知"),
    ],
)
def test_figures_have_thousands_separators(value: float | Decimal | None, places: int,
                                           text: str) -> None:  # fmt: skip
    assert show.figure_text(value, places) == text


def test_a_missing_figure_can_read_nothing_where_nothing_applies() -> None:
    assert show.figure_text(None, missing=show.NOTHING) == "—"


@pytest.mark.parametrize(
    "value,unit,source,text",
    [
        (185_377_947_064.10, "万元", "元", "18,537,794.71"),  # the 185377947064.10 元
        (185_377_947_064.10, "亿元", "元", "1,853.78"),  # a province total
        (2_600_000, "万元", "元", "260.00"),
        (2300, "万元", "万元", "2,300.00"),  # stored in 万元 already
        (123_456, "亿元", "万元", "12.35"),
        (0, "万元", "元", "0.00"),
        (-50, "万元", "元", "-0.01"),  # 0.005 万元 rounds away from zero
        (-49, "万元", "元", "0.00"),  # never “-0.00”
        (None, "万元", "元", "未知"),
    ],
)
def test_money_reads_in_wan_or_yi_yuan(value: float | None, unit: str, source: str,
                                       text: str) -> None:  # fmt: skip
    assert show.money_text(value, unit, source) == text


@pytest.mark.parametrize(
    "value,unit,number",
    [
        (185_377_947_064.10, "万元", Decimal("18537794.71")),
        (49.99, "万元", Decimal("0.00")),  # rounds to nothing: no minus sign, no noise
        (-49.99, "万元", Decimal("0.00")),
        (50, "万元", Decimal("0.01")),  # 四舍五入 at the half
        (None, "万元", None),  # unknown stays a blank cell
        (1_234_567_890, "亿元", Decimal("12.35")),
    ],
)
def test_money_for_a_workbook_is_a_number_in_wan_or_yi_yuan(value: float | None, unit: str,
                                                           number: Decimal | None) -> None:  # fmt: skip
    found = show.money_value(value, unit)
    assert found == number and (found is None or not found.is_signed())


def test_money_refuses_a_unit_that_is_not_money() -> None:
    with pytest.raises(ValueError, match="千瓦时"):
        show.money_text(100, "万元", "千瓦时")


@pytest.mark.parametrize(
    "value,source,target,text",
    [
        (120_650_739, "千瓦时", "万千瓦时", "12,065.07"),  # the 120650739 千瓦时
        (350, "兆瓦", "万千瓦", "35"),
        (1_200_000, "吨", "万吨", "120"),
        (None, "千瓦时", "万千瓦时", "未知"),
    ],
)
def test_figures_convert_into_the_plan_units(value: float | None, source: str, target: str,
                                             text: str) -> None:  # fmt: skip
    assert show.unit_figure_text(value, source, target) == text


def test_a_figure_never_takes_a_unit_it_does_not_convert_to() -> None:
    with pytest.raises(ValueError):
        show.unit_figure_text(1, "万吨/年", "吨/日")  # would need a number of operating days


@pytest.mark.parametrize(
    "value,text",
    [(74.66, "74.7%"), (0, "0.0%"), (100, "100.0%"), (791.04, "791.0%"), (0.05, "0.1%"),
     (-0.04, "0.0%"), (-12.35, "-12.4%"), (12_345.67, "12,345.7%"), (None, "—")],
)  # fmt: skip
def test_percentages_have_one_decimal(value: float | None, text: str) -> None:
    assert show.percent_text(value) == text


def test_a_fraction_reads_as_a_percentage() -> None:
    assert show.fraction_text(0.7466) == "74.7%"
    assert show.fraction_text(0.0005) == "0.1%"
    assert show.fraction_text(None) == "—"


def test_dates_in_documents_and_in_tables() -> None:
    day = dt.date(2022, 1, 5)
    assert show.date_text(day) == "2022年1月5日"
    assert show.date_text(dt.date(2022, 12, 31)) == "2022年12月31日"
    assert show.date_iso(day) == "2022-01-05"
    assert show.date_iso(dt.datetime(2022, 1, 5, 23, 59)) == "2022-01-05"
    assert show.date_text(None) == show.date_iso(None) == "—"


def test_spreadsheet_figures_keep_their_separators_as_a_format() -> None:
    assert show.xlsx_number_format() == "#,##0"
    assert show.xlsx_number_format(2) == "#,##0.00"


def test_stored_values_and_quantities_are_grouped() -> None:
    assert show.value_text(1234567.0, "capacity") == "1,234,567"
    assert show.value_text(1234567, "employees") == "1,234,567"
    assert show.value_text(0.123456, "unit_energy", places=None) == "0.123456"
    assert show.quantity_text(2500.0, "吨/日") == "2,500 吨/日"
    assert show.number_text(1234567.0) == "1234567"  # the plain number, for files and keys


def test_fields_read_in_the_units_officials_write() -> None:
    specs = [schema.ENTERPRISE_FIELD_BY_KEY["electricity_kwh"],
             schema.ENTERPRISE_FIELD_BY_KEY["tax_10k_yuan"]]  # fmt: skip
    rows = show.field_rows(specs, {"electricity_kwh": 120_650_739, "tax_10k_yuan": 2300.0})
    assert [(r.text, r.unit) for r in rows] == [("12,065.07", "万千瓦时"), ("2,300", "万元")]
    assert show.reading_unit("万吨/年") == "万吨/年"
