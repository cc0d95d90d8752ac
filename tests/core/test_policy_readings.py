"""Readings of the plan that change verdicts (issue 10): each at its boundary, on both
evaluators.

- 二(三)4 热力无法接续: a unit failing only the provincial low-efficiency standards whose heat
  cannot be replaced is rectified with the retrofit named, not eliminated; the national
  30万千瓦级 rule is unaffected; the tariff follows the outcome.
- Equality at decimal precision: 23.4 万元 ÷ 9 亩 is 2.6, not 2.5999999999999996.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from builders import ledger_of, make_enterprise, make_line, single_line

from resolute.core import engine, exact, pricing, reference
from resolute.core.assessment import Assessment, Finding, finding_json
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Rulebook, default

BOOK = default()
Assess = Callable[[Ledger, Rulebook], Assessment]
EVALUATORS = [
    pytest.param(reference.assess, id="reference"),
    pytest.param(engine.assess, id="engine"),
]

#: A coal unit that fails only the provincial low-efficiency standards of 二(二)4 (coal use
#: above 304 g/kWh) and passes everything else, above the 30万千瓦级 class.
LOW_EFFICIENCY = {
    "unit_mw": 660.0,
    "steam_class": "ultra_supercritical",
    "coal_g_kwh": 310.0,
    "ultra_low": True,
    "unit_type": "extraction",
}


def _finding(findings: tuple[Finding, ...], rule_id: str) -> Finding:
    found = [f for f in findings if f.rule_id == rule_id]
    assert len(found) == 1
    return found[0]


# ─── 二(三)4 热力无法接续 ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("heat", "outcome"),
    [(True, "rectify"), (False, "eliminate"), (None, "eliminate")],
)
def test_a_low_efficiency_unit_whose_heat_cannot_be_replaced_is_rectified(
    assess: Assess, heat: bool | None, outcome: str
) -> None:
    line = {**LOW_EFFICIENCY, "heat_irreplaceable": heat}
    verdict = assess(single_line("coal_unit", line), BOOK).lines[0]
    assert (verdict.outcome, verdict.basis) == (outcome, "provincial")
    found = _finding(verdict.findings, "coal_power.technology.coal_304")
    assert found.result == "fail"
    assert (found.retrofit is not None) == (outcome == "rectify")


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("line", "retrofit"),
    [
        # 5万千瓦等级以上 (above the class's 50 MW top) extraction unit → high back pressure.
        ({"unit_mw": 50.5}, "改造为采暖季高背压运行（5万千瓦等级以上）"),
        # 5万千瓦等级及以下 extraction unit (at and below 50 MW) → back-pressure unit.
        ({"unit_mw": 50.0}, "改造为背压机组（5万千瓦等级及以下抽凝机组）"),
        ({"unit_mw": 49.5}, "改造为背压机组（5万千瓦等级及以下抽凝机组）"),
        # 中温中压: raise the steam parameters (and the extraction retrofit of its class).
        (
            {"unit_mw": 25.0, "steam_class": "mid_or_below"},
            "改造升级为高温高压及以上参数；改造为背压机组（5万千瓦等级及以下抽凝机组）",
        ),
        # A back-pressure unit of high parameters failing on coal use: the plan names no
        # specific retrofit for it.
        (
            {"unit_mw": 25.0, "unit_type": "back_pressure"},
            "按二(三)4改造升级（所需改造由主管部门确定）",
        ),
    ],
)
def test_the_finding_names_the_retrofit_of_the_plan(
    assess: Assess, line: dict[str, Any], retrofit: str
) -> None:
    unit = {**LOW_EFFICIENCY, "heat_irreplaceable": True, **line}
    verdict = assess(single_line("coal_unit", unit), BOOK).lines[0]
    assert verdict.outcome == "rectify"
    assert _finding(verdict.findings, "coal_power.technology.coal_304").retrofit == retrofit
    as_json = finding_json(
        _finding(verdict.findings, "coal_power.technology.coal_304"),
        BOOK.rule("coal_power.technology.coal_304"),
        BOOK,
        "coal_unit",
    )
    assert as_json["retrofit"] == retrofit and as_json["retrofit_clause"] == "二(三)4"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_condensing_unit_supplies_no_heat_and_is_closed(assess: Assess) -> None:
    unit = {**LOW_EFFICIENCY, "heat_irreplaceable": True, "unit_type": "condensing"}
    assert assess(single_line("coal_unit", unit), BOOK).lines[0].outcome == "eliminate"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("mw", "outcome"), [(349.0, "eliminate"), (350.0, "eliminate"),
                                             (351.0, "rectify")])  # fmt: skip
def test_the_national_300_mw_class_rule_is_not_excused_by_heat(
    assess: Assess, mw: float, outcome: str
) -> None:
    # Failing its environment standard: at or below the 30万千瓦级 class it is a national
    # technology failure (淘汰), heat or no heat; above it, only rectification.
    unit = {**LOW_EFFICIENCY, "unit_mw": mw, "heat_irreplaceable": True, "env_status": "fail"}
    verdict = assess(single_line("coal_unit", unit), BOOK).lines[0]
    assert verdict.outcome == outcome


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_kept_unit_whose_retrofit_is_hopeless_is_eliminated(assess: Assess) -> None:
    unit = {**LOW_EFFICIENCY, "heat_irreplaceable": True, "upgrade_hopeless": True}
    assert assess(single_line("coal_unit", unit), BOOK).lines[0].outcome == "eliminate"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("heat", "category"), [(True, "restricted"), (False, "eliminated")])
def test_the_tariff_follows_the_outcome_restricted_not_eliminated(
    assess: Assess, heat: bool, category: str
) -> None:
    ent = make_enterprise("coal_power", water_m3=1500.0, water_quota_m3=1000.0)
    ledger = ledger_of(ent, make_line("coal_unit", **LOW_EFFICIENCY, heat_irreplaceable=heat))
    report = pricing.surcharges(ledger, assess(ledger, BOOK), [], year=2021)
    water = report.enterprises[0].water
    assert water.schedule_id is not None
    assert pricing.default().water_schedule(category).id == water.schedule_id  # type: ignore[arg-type,union-attr]


# ─── equality at decimal precision ────────────────────────────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("tax", "land", "result"),
    [
        (23.4, 9.0, "pass"),  # 23.4 ÷ 9 = 2.6 exactly; binary division gives 2.5999999999999996
        (23.39, 9.0, "fail"),  # just below
        (23.41, 9.0, "pass"),  # just above
        (26.0, 10.0, "pass"),
        (2.6, 1.0000001, "fail"),  # a hair below 2.6 in decimal stays below
    ],
)
def test_an_efficiency_figure_equal_to_the_standard_in_decimal_passes(
    assess: Assess, tax: float, land: float, result: str
) -> None:
    assert 23.4 / 9 < 2.6  # the binary quotient the old code compared
    ent = {"tax_10k_yuan": tax, "land_area_mu": land, "energy_tce": 1.0, "employees": 1,
           "revenue_10k_yuan": 1000.0}  # fmt: skip
    verdict = assess(single_line("blast_furnace", **ent), BOOK).enterprises[0]
    found = _finding(verdict.findings, "steel.efficiency.tax_per_mu")
    assert found.result == result
    if (tax, land) == (23.4, 9.0):
        assert found.value == 2.6  # shown as the decimal it is


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("capacities", "result"),
    [
        ((60.1, 59.9), "pass"),  # 120 exactly: not "below 120"
        ((0.1, 0.2, 119.7), "pass"),  # 0.1 + 0.2 is 0.3 here
        ((60.1, 59.89), "fail"),
        ((60.1, 59.91), "pass"),
    ],
)
def test_an_enterprise_capacity_summed_to_the_threshold_is_equal(
    assess: Assess, capacities: tuple[float, ...], result: str
) -> None:
    lines = [make_line("tyre_line", tyre_type="all_steel_radial", capacity=c) for c in capacities]
    verdict = assess(ledger_of(make_enterprise("tyre"), *lines), BOOK).enterprises[0]
    found = _finding(verdict.findings, "tyre.technology.all_steel_enterprise_120")
    assert found.result == result


def test_numbers_are_read_as_written() -> None:
    assert exact.units(23.4) == 2_340_000_000
    assert exact.quotient(23.4, 9) == 2.6
    assert exact.quotient(1, 0) is None
    assert exact.ratio_at_least(3, 2, 1.5) and not exact.ratio_at_least(2.99, 2, 1.5)
    assert exact.ratio_at_least(1.3, 1, 1.3)  # 1.3 ÷ 1 ≥ 1.3
    assert exact.at_least(0.1 + 0.2, 0.3)
