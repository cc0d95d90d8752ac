"""The rules of reported indicators (三、四): periods, growth, status against a target, and
the checking of an import sheet's rows."""

from __future__ import annotations

import pytest

from resolute.core import indicators as ind
from resolute.core import targets as targets_data


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


def test_about_is_met_within_five_percent_either_side_and_not_beyond() -> None:
    about = targets_data.default().target("finance.value_added_share.2022")  # 6.5 左右
    assert ind.reached(about, 6.5 * 0.95) == "met" and ind.reached(about, 6.5 * 1.05) == "met"
    assert ind.reached(about, 6.5 * 0.949) == "not_met"
    assert ind.reached(about, 6.5 * 1.051) == "not_met"


def _sheet(*rows: list[object], headers: tuple[str, ...] = ("目标编号", "报告期", "数值")) -> (
        ind.SheetRows):  # fmt: skip
    return ind.SheetRows(list(headers), [(n, list(r)) for n, r in enumerate(rows, start=2)])


def test_a_clean_sheet_gives_its_rows() -> None:
    book = targets_data.default()
    rows, errors = ind.validate_rows(
        _sheet(["high_end_chemicals.revenue.2022", "2022年", 9600]), book
    )
    assert errors == []
    assert rows == [ind.ReportRow(2, "high_end_chemicals.revenue.2022", "2022", 9600.0)]


def test_every_bad_row_is_named_and_nothing_is_kept() -> None:
    book = targets_data.default()
    rows, errors = ind.validate_rows(_sheet(
        ["high_end_chemicals.revenue.2022", "2022", 9600],
        ["no.such.target", "2022", 1],
        ["high_end_chemicals.revenue.2022", "下半年", "很多"],
        ["high_end_chemicals.revenue.2022", "2022", -1],
        ["high_end_chemicals.revenue.2022", "2022", 9700],
    ), book)  # fmt: skip
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [
        (3, "目标编号"), (4, "报告期"), (4, "数值"), (5, "数值"), (6, "报告期")]  # fmt: skip
    assert "没有编号为“no.such.target”的目标" in errors[0].message
    assert "与第 2 行重复" in errors[-1].message


def test_a_sheet_without_its_columns_says_which() -> None:
    rows, errors = ind.validate_rows(_sheet(headers=("名称",)), targets_data.default())
    assert rows == [] and [e.column for e in errors] == ["指标", "报告期", "数值"]


def test_a_target_computed_by_the_system_is_not_reported() -> None:
    book = targets_data.default()
    computed = next(t.id for t in book.targets if t.measure is not None)
    _, errors = ind.validate_rows(_sheet([computed, "2022", 1]), book)
    assert [e.message for e in errors] == [f"“{computed}” 由系统自动计算，不需填报"]


NAMED = ("指标", "报告期", "数值")


def test_a_row_is_keyed_by_the_targets_chinese_name() -> None:
    rows, errors = ind.validate_rows(_sheet(["高端化工营业收入", "2022", 9600], headers=NAMED),
                                     targets_data.default())  # fmt: skip
    assert errors == []
    assert rows == [ind.ReportRow(2, "high_end_chemicals.revenue.2022", "2022", 9600.0)]


def test_an_unknown_name_is_refused_naming_its_row() -> None:
    rows, errors = ind.validate_rows(_sheet(["高端化工营业收入", "2022", 9600],
                                            ["高端化工利润", "2022", 1], headers=NAMED),
                                     targets_data.default())  # fmt: skip
    assert rows == [] and [(e.row, e.column) for e in errors] == [(3, "指标")]
    assert "没有名为“高端化工利润”的填报指标" in errors[0].message


def _with_a_twin(book: targets_data.Targets) -> targets_data.Targets:
    """The book with a second target sharing 高端化工营业收入's indicator (another clause)."""
    original = book.target("high_end_chemicals.revenue.2022")
    twin = original.model_copy(update={"id": "twin.revenue", "clause": "四(九)9"})
    return book.model_copy(update={"targets": [*book.targets, twin]})


def test_a_name_shared_by_two_targets_is_refused_and_each_has_its_own_name() -> None:
    book = _with_a_twin(targets_data.default())
    names = ind.report_names(ind.reportable(book))
    assert names["high_end_chemicals.revenue.2022"] == "高端化工营业收入（三(二)1）"
    assert names["twin.revenue"] == "高端化工营业收入（四(九)9）"
    rows, errors = ind.validate_rows(_sheet(["高端化工营业收入", "2022", 9600],
                                            ["高端化工营业收入（四(九)9）", "2022", 1],
                                            headers=NAMED), book)  # fmt: skip
    assert rows == [] and [(e.row, e.column) for e in errors] == [(2, "指标")]
    assert "对应 2 个目标" in errors[0].message and "（条款）" in errors[0].message


def test_every_reportable_target_has_a_name_of_its_own() -> None:
    targets = ind.reportable(targets_data.default())
    names = ind.report_names(targets)
    assert len(set(names.values())) == len(targets)
    assert names["high_end_chemicals.revenue.2022"] == "高端化工营业收入"
