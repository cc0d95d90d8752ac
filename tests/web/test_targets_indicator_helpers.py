"""The framework-free helpers of reported indicators: periods, growth and status."""

from __future__ import annotations

import pytest

from resolute.core import targets as targets_data
from resolute.web.lib import indicators as ind


@pytest.mark.parametrize(("raw", "label"), [
    ("2021", "2021"), (2021, "2021"), (2021.0, "2021"), ("2022年", "2022"),
    ("2022Q1", "2022Q1"), ("2022q4", "2022Q4"), ("2022年第3季度", "2022Q3"),
])  # fmt: skip
def test_periods_are_read_as_years_or_quarters(raw: object, label: str) -> None:
    assert ind.period_label(raw) == label


@pytest.mark.parametrize("raw", ["", None, "2022Q5", "下半年", 2021.5, True])
def test_anything_else_is_not_a_period(raw: object) -> None:
    with pytest.raises(ind.PeriodError):
        ind.period_label(raw)


def test_the_previous_year_keeps_the_quarter() -> None:
    assert ind.previous_year("2022") == "2021" and ind.previous_year("2022Q3") == "2021Q3"
    assert sorted(["2021", "2021Q4", "2021Q1"], key=ind.period_sort_key) == [
        "2021Q1", "2021Q4", "2021"]  # fmt: skip


def test_growth_needs_both_values_and_a_non_zero_base() -> None:
    assert ind.growth_rate(110.0, 100.0) == pytest.approx(10.0)
    assert ind.growth_rate(90.0, 100.0) == pytest.approx(-10.0)
    assert ind.growth_rate(1.0, 0.0) is None and ind.growth_rate(None, 1.0) is None


def test_each_comparison_decides_whether_a_value_reaches_its_target() -> None:
    book = targets_data.default()
    at_least = book.target("high_end_chemicals.revenue.2022")  # 9500
    about = book.target("finance.value_added_share.2022")  # 6.5 左右
    ranged = next(t for t in book.targets if t.comparison == "range")
    assert ind.reached(at_least, 9500) == "met" and ind.reached(at_least, 9499) == "not_met"
    assert ind.reached(about, 6.5 * 1.05) == "met" and ind.reached(about, 6.5 * 0.94) == "not_met"
    assert ranged.value_min is not None and ranged.value_max is not None
    assert ind.reached(ranged, ranged.value_min) == "met"
    assert ind.reached(ranged, ranged.value_max + 1) == "not_met"
    assert ind.reached(at_least, None) is None


def test_only_rates_of_growth_may_be_negative() -> None:
    book = targets_data.default()
    assert ind.allows_negative(book.target("emerging.value_added_growth"))
    assert not ind.allows_negative(book.target("emerging.gdp_share.2022"))
    assert not ind.allows_negative(book.target("high_end_chemicals.revenue.2022"))
