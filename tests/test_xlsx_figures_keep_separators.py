"""Figures in every workbook stay numbers, formatted with thousands separators (officials.md)."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from resolute.io.xlsx import figure_format, write_table


def test_figures_are_numbers_with_separators_as_their_format() -> None:
    ws = Workbook().active
    assert ws is not None
    write_table(ws, ["企业", "产能", "单位能耗", "从业人员", "年度", "统一社会信用代码"],
                [["甲", 1234567.8, 0.1235, 12000, 2022, "913700001234567890"]])  # fmt: skip
    name, capacity, energy, staff, year, code = ws[2]
    assert capacity.value == 1234567.8 and capacity.number_format == "#,##0.0"
    assert energy.number_format == "#,##0.0000"
    assert staff.value == 12000 and staff.number_format == "#,##0"
    assert year.value == 2022 and year.number_format == "General"  # 2022, never 2,022
    assert code.number_format == "General" and name.number_format == "General"


def test_the_format_shows_every_decimal_up_to_four() -> None:
    assert figure_format(120.0) == "#,##0"
    assert figure_format(Decimal("2.50")) == "#,##0.0"
    assert figure_format(1 / 3) == "#,##0.0000"
    assert figure_format(True) is None
    assert figure_format("1200") is None
    assert figure_format(float("nan")) is None
