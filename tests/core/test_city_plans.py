"""City "三个一批" plans checked against the ledger: every line with an elimination outcome
or an obligation must be in the plan, no later than its deadline, and the plan may name only
the city's own lines; the due date of 2021-04-30 is tracked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolute.core.city_plans import (
    DUE_DATE,
    PlanItem,
    check,
    duties,
    gap_counts,
    industry_text,
    item_problems,
    submission_status,
)
from resolute.core.obligations import Obligation

D = dt.date
CITY = "淄博"
LINE_CITIES: dict[str, str | None] = {
    "ZB-BF-1": "淄博",
    "ZB-CL-1": "淄博",
    "ZB-CU-1": "淄博",
    "LY-BF-1": "临沂",
}


END_2022 = D(2022, 12, 31)
MID_2022 = D(2022, 6, 30)


def obligation(line_id: str, deadline: dt.date = END_2022, **over: Any) -> Obligation:
    fields: dict[str, Any] = {
        "line_id": line_id,
        "credit_code": "91370300000000000X",
        "task_id": "steel.corridor_transfer",
        "clause": "二(三)1",
        "action": "转移或退出",
        "deadline": deadline,
        "status": "pending",
        "city": CITY,
        "county": "张店区",
        "industry": "steel",
        "equipment": "blast_furnace",
        "exited_on": None,
    }
    return Obligation(**{**fields, **over})


def eliminate(line_id: str, planned_on: dt.date | None = MID_2022, **over: Any) -> PlanItem:
    return PlanItem(**{"kind": "eliminate", "industry": "钢铁", "year": 2022,
                       "line_id": line_id, "planned_on": planned_on, **over})  # fmt: skip


def gaps_of(items: list[PlanItem], obligations: list[Obligation],
            eliminated: dict[str, str] | None = None) -> list[Any]:  # fmt: skip
    return check(CITY, items, LINE_CITIES, duties(obligations, eliminated or {}))


def test_a_plan_naming_every_duty_in_time_has_no_gaps() -> None:
    assert gaps_of([eliminate("ZB-BF-1")], [obligation("ZB-BF-1")]) == []


def test_a_line_with_an_obligation_missing_from_the_plan_is_a_gap() -> None:
    gaps = gaps_of([], [obligation("ZB-BF-1")])
    assert [(g.kind, g.line_id) for g in gaps] == [("missing", "ZB-BF-1")]
    assert gaps[0].deadline == D(2022, 12, 31)
    assert "未列入计划" in gaps[0].message


def test_a_line_eliminated_by_the_latest_run_missing_from_the_plan_is_a_gap() -> None:
    gaps = gaps_of([], [], eliminated={"ZB-CL-1": "91370300000000000X"})
    assert [(g.kind, g.line_id) for g in gaps] == [("missing", "ZB-CL-1")]
    assert "评估结论为淘汰退出" in gaps[0].message
    assert gaps[0].deadline is None


def test_a_line_listed_only_under_upgrade_is_missing_from_the_eliminations() -> None:
    item = eliminate("ZB-BF-1", kind="upgrade")
    assert [g.kind for g in gaps_of([item], [obligation("ZB-BF-1")])] == ["missing"]


def test_a_retrofit_duty_is_covered_by_an_upgrade_item() -> None:
    retrofit = obligation("ZB-CU-1", task_id="coal_power.retrofit_back_pressure",
                          action="改造为背压机组", equipment="coal_unit")  # fmt: skip
    assert gaps_of([eliminate("ZB-CU-1", kind="upgrade")], [retrofit]) == []


@pytest.mark.parametrize(
    ("planned_on", "late"),
    [(D(2022, 12, 30), False), (D(2022, 12, 31), False), (D(2023, 1, 1), True)],
)
def test_a_planned_date_after_the_deadline_is_a_gap(planned_on: dt.date, late: bool) -> None:
    gaps = gaps_of([eliminate("ZB-BF-1", planned_on)], [obligation("ZB-BF-1")])
    assert [g.kind for g in gaps] == (["late"] if late else [])
    if late:
        assert gaps[0].planned_on == planned_on
        assert gaps[0].deadline == D(2022, 12, 31)


def test_the_earliest_deadline_of_a_line_counts() -> None:
    two = [obligation("ZB-BF-1"), obligation("ZB-BF-1", D(2021, 12, 31), task_id="other")]
    gaps = gaps_of([eliminate("ZB-BF-1", D(2022, 3, 1))], two)
    assert [(g.kind, g.deadline) for g in gaps] == [("late", D(2021, 12, 31))]


def test_a_line_of_another_city_is_a_gap() -> None:
    gaps = gaps_of([eliminate("LY-BF-1", ref="row 3")], [])
    assert [(g.kind, g.line_id, g.item_ref) for g in gaps] == [("foreign_line", "LY-BF-1", "row 3")]
    assert "临沂市" in gaps[0].message


def test_a_line_not_in_the_ledger_is_a_gap() -> None:
    gaps = gaps_of([eliminate("NO-SUCH-1")], [])
    assert [(g.kind, g.line_id) for g in gaps] == [("unknown_line", "NO-SUCH-1")]


def test_a_line_listed_twice_is_a_gap_once() -> None:
    gaps = gaps_of([eliminate("ZB-BF-1"), eliminate("ZB-BF-1")], [obligation("ZB-BF-1")])
    assert [g.kind for g in gaps] == ["duplicate"]


def test_items_without_a_line_are_not_checked_against_the_ledger() -> None:
    cultivate = PlanItem("cultivate", "新一代信息技术", 2021, note="培育集成电路企业")
    assert gaps_of([cultivate], []) == []


def test_gap_counts_list_every_kind() -> None:
    gaps = gaps_of([eliminate("LY-BF-1")], [obligation("ZB-BF-1")])
    assert gap_counts(gaps) == {"missing": 1, "late": 0, "unknown_line": 0,
                                "foreign_line": 1, "duplicate": 0}  # fmt: skip


@pytest.mark.parametrize(
    ("submitted_on", "as_of", "status"),
    [
        (D(2021, 4, 30), D(2021, 6, 1), "on_time"),
        (D(2021, 5, 1), D(2021, 6, 1), "late"),
        (None, D(2021, 4, 30), "pending"),
        (None, D(2021, 5, 1), "missing"),
        # seen from a day before it was submitted, the plan was not yet in
        (D(2021, 5, 10), D(2021, 5, 1), "missing"),
        (D(2021, 4, 20), D(2021, 4, 10), "pending"),
    ],
)
def test_the_due_date_is_the_end_of_april_2021(
    submitted_on: dt.date | None, as_of: dt.date, status: str
) -> None:
    assert D(2021, 4, 30) == DUE_DATE
    assert submission_status(submitted_on, as_of) == status


# ─── plan items: the rules the form and the workbook share ─────────────────────


def test_an_elimination_item_needs_its_line_and_date() -> None:
    problems = item_problems({"kind": "eliminate", "year": 2022})
    assert set(problems) == {"line_id", "planned_on"}
    assert item_problems({"kind": "eliminate", "year": 2022, "line_id": "ZB-BF-1",
                          "planned_on": D(2022, 6, 30)}) == {}  # fmt: skip
    assert item_problems({"kind": "upgrade", "year": 2022}) == {}


@pytest.mark.parametrize(("year", "refused"), [(2020, True), (2021, False), (2025, False),
                                               (2026, True)])  # fmt: skip
def test_a_plan_year_lies_between_2021_and_2025(year: int, refused: bool) -> None:
    problems = item_problems({"kind": "cultivate", "year": year})
    assert ("year" in problems) is refused
    if refused:
        assert problems["year"] == "年度应在 2021—2025 年之间"


def test_a_malformed_credit_code_is_named() -> None:
    assert "credit_code" in item_problems({"kind": "upgrade", "credit_code": "91370300ABC"})


def test_an_industry_given_by_code_is_stored_by_its_name() -> None:
    assert industry_text(" steel ") == "钢铁" and industry_text("新材料") == "新材料"
