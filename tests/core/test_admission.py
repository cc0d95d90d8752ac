"""Admission of new 两高 projects: the 五个减量替代 and 先压后上 (二(四)8)."""

from __future__ import annotations

from typing import Any

import pytest

from resolute.core import admission
from resolute.core.replacement import PlanError

DEMAND = {"coal": 1000, "energy": 800, "carbon": 2500, "pollutant": 12}


def _check(sources: list[dict[str, Any]], **project: Any) -> admission.AdmissionVerdict:
    body = {
        "name": "新建焦炉",
        "equipment": "coke_oven",
        "capacity": 100,
        "city": "日照",
        "starts_on": "2023-06-01",
        "demand": DEMAND,
        **project,
    }
    proj, srcs = admission.project_from_json({"project": body, "sources": sources})
    return admission.check_admission(proj, srcs)


def _dim(verdict: admission.AdmissionVerdict, name: str) -> admission.DimensionVerdict:
    return next(d for d in verdict.dimensions if d.dimension == name)


FULL = {"capacity": 100, "coal": 1000, "energy": 800, "carbon": 2500, "pollutant": 12}


def test_reductions_covering_every_dimension_exactly_pass() -> None:
    verdict = _check([{"name": "甲焦化厂", "exited_on": "2023-05-31", "reductions": FULL}])
    assert verdict.passed
    assert [d.dimension for d in verdict.dimensions] == list(admission.DIMENSIONS)


def test_each_dimension_just_missed_fails_alone() -> None:
    for name in admission.DIMENSIONS:
        short = {**FULL, name: FULL[name] - 0.01}
        verdict = _check([{"name": "甲", "exited_on": "2023-01-01", "reductions": short}])
        failed = [d.dimension for d in verdict.dimensions if not d.passed]
        assert failed == [name]


def test_reductions_from_several_sources_add_up() -> None:
    half = {k: v / 2 for k, v in FULL.items()}
    sources = [{"name": n, "exited_on": "2023-01-01", "reductions": half} for n in ("甲", "乙")]
    assert _check(sources).passed


def test_capacity_takes_the_replacement_ratio() -> None:
    verdict = _check(
        [{"name": "甲", "exited_on": "2023-01-01", "reductions": FULL}],
        equipment="bof",
        capacity=100,
        city="淄博",
    )
    cap = _dim(verdict, "capacity")
    assert cap.required_ratio == 1.5 and not cap.passed


def test_a_source_exiting_after_the_start_fails_exit_first() -> None:
    verdict = _check([{"name": "甲", "exited_on": "2023-06-02", "reductions": FULL}])
    assert not verdict.exit_first.passed and not verdict.passed
    on_day = _check([{"name": "甲", "exited_on": "2023-06-01", "reductions": FULL}])
    assert on_day.exit_first.passed


def test_a_source_not_yet_exited_fails_exit_first() -> None:
    assert not _check([{"name": "甲", "reductions": FULL}]).exit_first.passed


def test_an_unstated_demand_fails_its_dimension() -> None:
    verdict = _check(
        [{"name": "甲", "exited_on": "2023-01-01", "reductions": FULL}], demand={"coal": 1000}
    )
    assert not _dim(verdict, "energy").passed
    assert "未填写" in _dim(verdict, "energy").reasons[0]


def test_defaults_without_a_seed_ratio_are_marked_unconfirmed() -> None:
    verdict = _check([{"name": "甲", "exited_on": "2023-01-01", "reductions": FULL}])
    assert _dim(verdict, "coal").unconfirmed and not _dim(verdict, "capacity").unconfirmed


def test_unknown_dimensions_are_refused() -> None:
    with pytest.raises(PlanError):
        _check([{"name": "甲", "reductions": {"water": 1}}])


# Point 4 of issue 10: sums and ratios are compared in decimal. In binary 0.7 + 0.1 is
# 0.7999999999999999 and would miss a 0.8 demand it meets.
@pytest.mark.parametrize(
    ("second", "passed"), [(0.1, True), (0.09999999, False), (0.10000001, True)]
)
def test_a_dimension_is_decided_on_decimal_sums(second: float, passed: bool) -> None:
    demand = {**DEMAND, "pollutant": 0.8}
    first = {**FULL, "pollutant": 0.7}
    sources = [
        {"name": "甲", "exited_on": "2023-01-01", "reductions": first},
        {"name": "乙", "exited_on": "2023-01-01", "reductions": {"pollutant": second}},
    ]
    assert _dim(_check(sources, demand=demand), "pollutant").passed is passed
