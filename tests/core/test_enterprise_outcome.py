"""One word for an enterprise (assessment.enterprise_outcome): the worst outcome of its lines
that still operate (of all its lines once every one has exited), raised to at least 限期整改
by a failed efficiency standard and to at least 数据不足 by an unknown one; with its reason."""

from __future__ import annotations

import itertools

import pytest

from resolute.core.assessment import OUTCOME_CODE, OUTCOMES, enterprise_outcome

TAX = "单位能耗税收 0.014 万元/吨标煤"
LAND = "单位用地税收 2.6 万元/亩"
EFFICIENCY = {
    "none": [],
    "pass": [("pass", TAX), ("exempt", LAND)],
    "unknown": [("pass", TAX), ("unknown", LAND)],
    "fail": [("fail", TAX), ("unknown", LAND)],
}
FLOOR = {"none": "compliant", "pass": "compliant", "unknown": "insufficient_data",
         "fail": "rectify"}  # fmt: skip


@pytest.mark.parametrize("efficiency", sorted(EFFICIENCY))
@pytest.mark.parametrize(("first", "second"), list(itertools.product(OUTCOMES, repeat=2)))
def test_every_combination_of_two_operating_lines_and_the_efficiency_standards(
    first: str, second: str, efficiency: str
) -> None:
    found = enterprise_outcome([(first, False), (second, False)], EFFICIENCY[efficiency])
    worst = max(OUTCOME_CODE[first], OUTCOME_CODE[second], OUTCOME_CODE[FLOOR[efficiency]])
    assert found.outcome == OUTCOMES[worst]
    assert found.reason and "\\n" not in found.reason


@pytest.mark.parametrize(("exited", "operating"), list(itertools.product(OUTCOMES, repeat=2)))
def test_an_exited_line_counts_only_when_nothing_operates(exited: str, operating: str) -> None:
    assert enterprise_outcome([(exited, True), (operating, False)]).outcome == operating
    assert enterprise_outcome([(exited, True)]).outcome == exited
    assert (
        enterprise_outcome([(exited, True), (operating, True)]).outcome
        == OUTCOMES[max(OUTCOME_CODE[exited], OUTCOME_CODE[operating])]
    )


def test_two_eliminated_lines_that_have_exited_are_not_compliant() -> None:
    found = enterprise_outcome([("eliminate", True), ("eliminate", True)])
    assert (found.outcome, found.label) == ("eliminate", "淘汰退出")
    assert found.reason == "2 条生产线淘汰退出（均已退出）"


def test_the_reason_names_the_lines_behind_the_word() -> None:
    lines = [("eliminate", False), ("rectify", False), ("eliminate", False)]
    assert enterprise_outcome(lines).reason == "2 条生产线淘汰退出"
    assert enterprise_outcome([("compliant", False)] * 3).reason == "3 条生产线均达标"


def test_a_failed_efficiency_standard_is_named_in_the_reason() -> None:
    found = enterprise_outcome([("compliant", False)], [("fail", TAX), ("pass", LAND)])
    assert found.outcome == "rectify"
    assert found.reason == f"企业效益指标未达到：{TAX}"
    both = enterprise_outcome([("rectify", False)], [("fail", TAX)])
    assert both.reason == f"1 条生产线限期整改；企业效益指标未达到：{TAX}"


def test_an_unknown_efficiency_figure_is_named_when_it_decides() -> None:
    found = enterprise_outcome([("compliant", False)], [("unknown", LAND)])
    assert (found.outcome, found.reason) == ("insufficient_data", f"企业效益指标缺少数据：{LAND}")
    lines = enterprise_outcome([("insufficient_data", False)], [("unknown", LAND)])
    assert lines.reason == "1 条生产线数据不足"


def test_an_enterprise_without_lines_is_judged_on_its_own_standards() -> None:
    assert enterprise_outcome([]).outcome == "compliant"
    assert enterprise_outcome([], [("fail", TAX)]).outcome == "rectify"


def test_lines_that_have_exited_beside_operating_ones_are_said() -> None:
    found = enterprise_outcome([("eliminate", True), ("compliant", False)])
    assert (found.outcome, found.reason) == ("compliant", "生产线达标；另有 1 条生产线已退出")
