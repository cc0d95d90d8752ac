"""The plan's period: quarters 2021Q2–2024Q4, evaluation years with due duties defaulting to
2022 after the plan, and whether the period has ended."""

from __future__ import annotations

import datetime as dt

import pytest

from resolute.core import plan_period, targets
from resolute.core.bulletin import Quarter

BOOK = targets.default()
D = dt.date
AFTER = D(2026, 11, 29)


def test_the_plan_ends_in_2022_and_its_last_duty_at_the_end_of_2024() -> None:
    assert plan_period.plan_end(BOOK) == D(2022, 12, 31)
    assert plan_period.last_deadline(BOOK) == D(2024, 12, 31)


def test_after_the_period_the_quarters_run_from_2021q2_to_2024q4() -> None:
    found = [str(q) for q in plan_period.quarters(BOOK, AFTER)]
    assert found[0] == "2024Q4" and found[-1] == "2021Q2" and len(found) == 15
    assert plan_period.default_quarter(BOOK, AFTER) == Quarter(2024, 4)


def test_during_the_plan_the_quarters_stop_at_today() -> None:
    assert [str(q) for q in plan_period.quarters(BOOK, D(2021, 8, 1))] == ["2021Q3", "2021Q2"]
    assert plan_period.default_quarter(BOOK, D(2022, 5, 1)) == Quarter(2022, 2)
    assert plan_period.default_quarter(BOOK, D(2021, 2, 1)) == Quarter(2021, 2)


@pytest.mark.parametrize(("today", "ended"), [
    (D(2024, 12, 31), ["2024Q3", "2024Q2"]),  # a quarter is over the day after its end
    (D(2025, 1, 1), ["2024Q4", "2024Q3"]),
    (AFTER, ["2024Q4", "2024Q3"]),
])  # fmt: skip
def test_a_bulletin_may_be_issued_for_ended_plan_quarters_only(
    today: dt.date, ended: list[str]
) -> None:
    assert [str(q) for q in plan_period.ended_quarters(BOOK, today)][:2] == ended


@pytest.mark.parametrize(("today", "year", "years"), [
    (D(2021, 6, 1), 2021, [2021]),
    (D(2022, 3, 1), 2021, [2021, 2022]),
    (D(2023, 1, 1), 2022, [2021, 2022]),
    (AFTER, 2022, [2021, 2022, 2024]),  # 2024: the cement tail; 2023 had no duty due
])  # fmt: skip
def test_the_annual_evaluation_defaults_to_the_last_plan_year_that_is_over(
    today: dt.date, year: int, years: list[int]
) -> None:
    assert plan_period.evaluation_years(BOOK, today) == years
    assert plan_period.default_evaluation_year(BOOK, today) == year


@pytest.mark.parametrize(("today", "ended", "tail"), [
    (D(2022, 12, 31), False, False), (D(2023, 1, 1), True, True), (AFTER, True, False),
])  # fmt: skip
def test_the_period_has_ended_the_day_after_2022(today: dt.date, ended: bool, tail: bool) -> None:
    s = plan_period.state(BOOK, today)
    assert (s.ended, s.tail_running) == (ended, tail)
