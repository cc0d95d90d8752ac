"""The outcomes of assessment.md: what a line and an enterprise are found to need.

A technology failure eliminates (national basis if any national technology rule fails);
an environment, safety or energy failure asks for rectification, or eliminates once the
upgrade is hopeless; anything unknown that a rule needs gives insufficient data, never
compliant; an enterprise takes the worst outcome of its lines that have not exited (of all
its lines when every one has exited), and an
efficiency failure raises it to at least rectify. Every case runs against both evaluators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from builders import INDUSTRY_OF, ledger_of, make_enterprise, make_line, single_line

from resolute.core import engine, obligations, reference
from resolute.core.assessment import Assessment, EnterpriseVerdict, LineVerdict
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Rulebook, default

BOOK: Rulebook = default()

Assess = Callable[[Ledger, Rulebook], Assessment]
EVALUATORS = [
    pytest.param(reference.assess, id="reference"),
    pytest.param(engine.assess, id="engine"),
]


def only_line(assessment: Assessment) -> LineVerdict:
    assert len(assessment.lines) == 1
    return assessment.lines[0]


def only_enterprise(assessment: Assessment) -> EnterpriseVerdict:
    assert len(assessment.enterprises) == 1
    return assessment.enterprises[0]


def result_of(verdict: LineVerdict | EnterpriseVerdict, rule_id: str) -> str:
    found = [f.result for f in verdict.findings if f.rule_id == rule_id]
    assert len(found) == 1, f"{rule_id} found {len(found)} times"
    return found[0]


def steel_enterprise(*lines: dict[str, Any], **enterprise: Any) -> Ledger:
    """A steel enterprise with blast furnaces, one per set of overrides."""
    ent = make_enterprise("steel", **enterprise)
    return ledger_of(ent, *[make_line("blast_furnace", **ln) for ln in lines])


# ─── a fully known, compliant ledger is compliant ──────────────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("equipment", sorted(set(INDUSTRY_OF) - {"iron_melting"}))
def test_a_fully_known_line_that_meets_every_standard_is_compliant(
    assess: Assess, equipment: str
) -> None:
    result = assess(single_line(equipment), BOOK)
    line, ent = only_line(result), only_enterprise(result)
    assert (line.outcome, line.basis) == ("compliant", None)
    assert {f.result for f in line.findings} <= {"pass", "exempt"}
    assert (ent.outcome, ent.basis) == ("compliant", None)
    assert {f.result for f in ent.findings} <= {"pass", "exempt"}


# ─── technology failures eliminate ──────────────────────────────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_blast_furnace_of_380_m3_is_eliminated_on_the_national_basis(assess: Assess) -> None:
    result = assess(single_line("blast_furnace", {"volume_m3": 380.0}), BOOK)
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "national")
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "eliminate",
        "national",
    )


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_iron_melting_furnace_is_always_eliminated_on_the_national_basis(
    assess: Assess,
) -> None:
    # 化铁炼钢 names the process itself: no iron-melting furnace can meet the standard.
    result = assess(single_line("iron_melting"), BOOK)
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "national")


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_provincial_technology_failure_alone_eliminates_on_the_provincial_basis(
    assess: Assess,
) -> None:
    # 5.0 m top-charged: below 5.5 m (provincial) but not below 4.3 m (national).
    line = {"oven_type": "top_charged", "chamber_height_m": 5.0}
    result = assess(single_line("coke_oven", line), BOOK)
    assert result_of(only_line(result), "coking.technology.top_charged_4_3") == "pass"
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "provincial")
    assert only_enterprise(result).basis == "provincial"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_national_and_provincial_technology_failures_together_give_the_national_basis(
    assess: Assess,
) -> None:
    line = {"oven_type": "top_charged", "chamber_height_m": 4.0}
    result = assess(single_line("coke_oven", line), BOOK)
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "national")


@pytest.mark.parametrize("assess", EVALUATORS)
def test_the_technology_basis_governs_even_when_a_national_safety_rule_also_fails(
    assess: Assess,
) -> None:
    # Out of the steel layout (provincial technology) and failing 安全 (national).
    ledger = single_line("blast_furnace", {"safety_status": "fail"}, in_steel_layout=False)
    result = assess(ledger, BOOK)
    assert result_of(only_line(result), "steel.safety") == "fail"
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "provincial")


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_technology_failure_eliminates_even_when_other_inputs_are_unknown(
    assess: Assess,
) -> None:
    line = {"volume_m3": 380.0, "env_status": None, "energy_status": None}
    assert only_line(assess(single_line("blast_furnace", line), BOOK)).outcome == "eliminate"


# ─── environment, safety and energy failures: rectify, or eliminate when hopeless ──────

STATUSES = ["env_status", "safety_status", "energy_status"]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("equipment", ["blast_furnace", "coke_oven", "clinker_line", "cdu"])
def test_an_environment_safety_or_energy_failure_asks_for_rectification(
    assess: Assess, status: str, equipment: str
) -> None:
    result = assess(single_line(equipment, {status: "fail"}), BOOK)
    assert only_line(result).outcome == "rectify"
    assert only_enterprise(result).outcome == "rectify"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("status", STATUSES)
def test_such_a_failure_eliminates_a_line_whose_upgrade_is_hopeless(
    assess: Assess, status: str
) -> None:
    line = {status: "fail", "upgrade_hopeless": True}
    result = assess(single_line("cdu", line), BOOK)
    assert only_line(result).outcome == "eliminate"
    assert only_enterprise(result).outcome == "eliminate"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_upgrade_found_hopeless_without_any_failure_leaves_the_line_compliant(
    assess: Assess,
) -> None:
    line = {"upgrade_hopeless": True}
    assert only_line(assess(single_line("cdu", line), BOOK)).outcome == "compliant"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_coal_mine_below_safety_grade_three_is_rectified_not_eliminated(
    assess: Assess,
) -> None:
    result = assess(single_line("coal_mine", {"safety_grade": "none"}), BOOK)
    assert only_line(result).outcome == "rectify"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_failing_coal_unit_of_the_300_mw_class_is_eliminated_not_rectified(
    assess: Assess,
) -> None:
    result = assess(single_line("coal_unit", {"unit_mw": 300.0, "env_status": "fail"}), BOOK)
    assert (only_line(result).outcome, only_line(result).basis) == ("eliminate", "national")


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_failing_comprehensive_utilization_unit_is_only_rectified(assess: Assess) -> None:
    line = {"unit_mw": 300.0, "env_status": "fail", "comprehensive_utilization": True}
    assert only_line(assess(single_line("coal_unit", line), BOOK)).outcome == "rectify"


# ─── unknown inputs give insufficient data, never compliant ────────────────────────────

UNKNOWN_LINE_INPUTS = [
    ("blast_furnace", {"volume_m3": None}),
    ("bof", {"nominal_t": None}),
    ("eaf", {"nominal_t": None}),
    ("induction_power_freq", {"melts_scrap": None}),
    ("induction_medium_freq", {"melts_scrap": None}),
    ("cdu", {"capacity": None}),
    ("cdu", {"capacity": 250.0, "integrated": None}),
    ("coke_oven", {"oven_type": None}),
    ("coke_oven", {"chamber_height_m": None}),
    ("coal_unit", {"steam_class": None}),
    ("coal_unit", {"coal_g_kwh": None}),
    ("coal_unit", {"ultra_low": None}),
    ("coal_unit", {"unit_mw": None, "env_status": "pass", "energy_status": None}),
    ("clinker_line", {"kiln_type": None}),
    ("clinker_line", {"capacity": None}),
    ("clinker_line", {"capacity": 2000.0, "special_cement": None}),
    ("cement_mill", {"diameter_m": None}),
    ("tyre_line", {"capacity": None}),
    ("tyre_line", {"tyre_type": None}),
    ("tyre_line", {"specialty": None}),
    ("tyre_line", {"cotton_cord": None}),
    ("rubber_mixer", {"closed_auto_feed": None}),
    ("vulcanizer", {"nitrogen_process": None}),
    ("coal_mine", {"capacity": None}),
    ("coal_mine", {"depth_m": None, "rock_burst": True}),
    ("coal_mine", {"safety_grade": None}),
    ("coal_mine", {"license_conditions_met": None}),
    ("caustic_unit", {"process": None}),
    ("caustic_unit", {"membrane_gap_done": None}),
    ("caustic_unit", {"process": "diaphragm", "waste_salt": None}),
    ("ammonia_unit", {"process": None}),
    ("pesticide_unit", {"process": None}),
    ("resin_unit", {"process": None}),
    *[(eq, {s: None}) for eq in ("blast_furnace", "coal_unit", "tyre_line", "caustic_unit")
      for s in STATUSES],
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("equipment", "line"),
    [pytest.param(eq, ln, id=f"{eq}[{','.join(ln)}]") for eq, ln in UNKNOWN_LINE_INPUTS],
)
def test_an_unknown_input_a_rule_needs_gives_insufficient_data_never_compliant(
    assess: Assess, equipment: str, line: dict[str, Any]
) -> None:
    result = assess(single_line(equipment, line), BOOK)
    assert only_line(result).outcome == "insufficient_data"
    assert only_enterprise(result).outcome == "insufficient_data"


UNKNOWN_ENTERPRISE_INPUTS = [
    # outside the corridor (there a blank layout finding reads as "not found to fit", 二(三)1)
    ("blast_furnace", {"in_steel_layout": None, "city": "临沂"}),
    ("coke_oven", {"independent_coking": None, "plant_coking_capacity_10kt": 50.0}),
    ("coke_oven", {"independent_coking": True, "plant_coking_capacity_10kt": None}),
    ("caustic_unit", {"in_chemical_park": None}),
]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("equipment", "ent"),
    [pytest.param(eq, e, id=f"{eq}[{','.join(e)}]") for eq, e in UNKNOWN_ENTERPRISE_INPUTS],
)
def test_an_unknown_enterprise_fact_leaves_the_enterprise_and_its_lines_undecided(
    assess: Assess, equipment: str, ent: dict[str, Any]
) -> None:
    result = assess(single_line(equipment, **ent), BOOK)
    assert only_line(result).outcome == "insufficient_data"
    assert only_enterprise(result).outcome == "insufficient_data"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_tyre_line_of_unknown_capacity_leaves_the_enterprise_capacity_unknown(
    assess: Assess,
) -> None:
    ledger = ledger_of(
        make_enterprise("tyre"),
        make_line("tyre_line", tyre_type="all_steel_radial", capacity=100.0),
        make_line("tyre_line", tyre_type="all_steel_radial", capacity=None),
    )
    result = assess(ledger, BOOK)
    rule = "tyre.technology.all_steel_enterprise_120"
    assert [result_of(v, rule) for v in result.lines] == ["unknown", "unknown"]
    assert result_of(only_enterprise(result), rule) == "unknown"
    assert only_enterprise(result).outcome == "insufficient_data"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_tyre_line_of_unknown_capacity_does_not_matter_once_the_known_part_reaches_120(
    assess: Assess,
) -> None:
    ledger = ledger_of(
        make_enterprise("tyre"),
        make_line("tyre_line", tyre_type="all_steel_radial", capacity=120.0),
        make_line("tyre_line", tyre_type="all_steel_radial", capacity=None),
    )
    result = assess(ledger, BOOK)
    rule = "tyre.technology.all_steel_enterprise_120"
    assert [result_of(v, rule) for v in result.lines] == ["pass", "pass"]


# ─── efficiency figures: a zero or unknown divisor is unknown, not a failure ───────────

UNKNOWN_FIGURES = [
    ("steel", "steel.efficiency.tax_per_mu", {"land_area_mu": 0.0}),
    ("steel", "steel.efficiency.tax_per_mu", {"land_area_mu": None}),
    ("steel", "steel.efficiency.tax_per_mu", {"tax_10k_yuan": None}),
    ("steel", "steel.efficiency.tax_per_tce", {"energy_tce": 0.0}),
    ("steel", "steel.efficiency.revenue_per_employee", {"employees": 0}),
    ("steel", "steel.efficiency.revenue_per_employee", {"revenue_10k_yuan": None}),
    ("coal_power", "coal_power.efficiency.sales_per_mu", {"land_area_mu": 0.0}),
    ("coal_power", "coal_power.efficiency.sales_per_tce", {"energy_tce": None}),
    ("coal_power", "coal_power.efficiency.sales_per_so2", {"so2_t": 0.0}),
    ("coal_power", "coal_power.efficiency.sales_per_so2", {"so2_t": None}),
    ("coal_mine", "coal_mine.efficiency.labour_productivity", {"employees": 0}),
    ("coal_mine", "coal_mine.efficiency.labour_productivity", {"value_added_10k_yuan": None}),
    ("tyre", "tyre.efficiency.tax_per_tce", {"energy_tce": 0.0}),
]

MAIN_EQUIPMENT = {"steel": "blast_furnace", "coal_power": "coal_unit", "coal_mine": "coal_mine",
                  "tyre": "tyre_line"}  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("industry", "rule_id", "ent"),
    [pytest.param(i, r, e, id=f"{r}[{e}]") for i, r, e in UNKNOWN_FIGURES],
)
def test_a_figure_with_a_zero_or_unknown_divisor_is_unknown_not_a_failure(
    assess: Assess, industry: str, rule_id: str, ent: dict[str, Any]
) -> None:
    result = assess(single_line(MAIN_EQUIPMENT[industry], **ent), BOOK)
    enterprise = only_enterprise(result)
    assert result_of(enterprise, rule_id) == "unknown"
    assert enterprise.outcome == "insufficient_data"
    assert only_line(result).outcome == "compliant"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_efficiency_failure_raises_a_compliant_enterprise_to_rectify_on_provincial_basis(
    assess: Assess,
) -> None:
    # 259 万元 over 100 亩 = 2.59 < 2.6 万元/亩.
    result = assess(single_line("blast_furnace", land_area_mu=100.0, tax_10k_yuan=259.0), BOOK)
    assert result_of(only_enterprise(result), "steel.efficiency.tax_per_mu") == "fail"
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "rectify",
        "provincial",
    )
    assert only_line(result).outcome == "compliant"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_efficiency_figure_exactly_at_its_limit_leaves_the_enterprise_compliant(
    assess: Assess,
) -> None:
    result = assess(single_line("blast_furnace", land_area_mu=100.0, tax_10k_yuan=260.0), BOOK)
    assert result_of(only_enterprise(result), "steel.efficiency.tax_per_mu") == "pass"
    assert only_enterprise(result).outcome == "compliant"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_efficiency_failure_raises_an_enterprise_with_insufficient_data_to_rectify(
    assess: Assess,
) -> None:
    ledger = single_line("blast_furnace", {"env_status": None}, land_area_mu=100.0,
                         tax_10k_yuan=259.0)  # fmt: skip
    result = assess(ledger, BOOK)
    assert only_line(result).outcome == "insufficient_data"
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "rectify",
        "provincial",
    )


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_efficiency_failure_does_not_soften_an_elimination(assess: Assess) -> None:
    ledger = single_line("blast_furnace", {"volume_m3": 380.0}, land_area_mu=100.0,
                         tax_10k_yuan=259.0)  # fmt: skip
    result = assess(ledger, BOOK)
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "eliminate",
        "national",
    )


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_unknown_efficiency_figure_does_not_hide_a_rectification(assess: Assess) -> None:
    result = assess(single_line("blast_furnace", {"env_status": "fail"}, land_area_mu=0.0), BOOK)
    assert only_enterprise(result).outcome == "rectify"


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_coal_mine_losing_money_three_years_without_hope_is_rectified(assess: Assess) -> None:
    result = assess(single_line("coal_mine", loss_years=3, turnaround_hopeless=True), BOOK)
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "rectify",
        "provincial",
    )


# ─── an enterprise takes the worst outcome of its lines that have not exited ──────────

#: Blast furnaces built to reach each outcome.
FURNACE = {
    "compliant": {},
    "insufficient_data": {"env_status": None},
    "rectify": {"env_status": "fail"},
    "eliminate": {"volume_m3": 380.0},
}

WORST = [
    (["compliant", "compliant"], "compliant"),
    (["compliant", "insufficient_data"], "insufficient_data"),
    (["insufficient_data", "rectify"], "rectify"),
    (["rectify", "compliant", "insufficient_data"], "rectify"),
    (["compliant", "eliminate", "rectify"], "eliminate"),
    (["eliminate", "insufficient_data"], "eliminate"),
]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("outcomes", "expected"), [pytest.param(o, e, id="+".join(o)) for o, e in WORST]
)
def test_an_enterprise_takes_the_worst_outcome_of_its_lines(
    assess: Assess, outcomes: list[str], expected: str
) -> None:
    result = assess(steel_enterprise(*[FURNACE[o] for o in outcomes]), BOOK)
    assert [v.outcome for v in result.lines] == outcomes
    assert only_enterprise(result).outcome == expected


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("exited", ["eliminate", "rectify", "insufficient_data"])
def test_an_exited_line_does_not_count_toward_its_enterprise(assess: Assess, exited: str) -> None:
    ledger = steel_enterprise({}, {**FURNACE[exited], "status": "exited"})
    assert only_enterprise(assess(ledger, BOOK)).outcome == "compliant"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("exited", "expected"),
    [
        (["eliminate", "eliminate"], "eliminate"),
        (["eliminate", "compliant"], "eliminate"),
        (["rectify", "insufficient_data"], "rectify"),
        (["compliant"], "compliant"),
    ],
)
def test_an_enterprise_whose_lines_all_exited_takes_the_worst_of_them(
    assess: Assess, exited: list[str], expected: str
) -> None:
    """Not 达标 by default: with nothing left operating, its lines' outcomes still stand."""
    ledger = steel_enterprise(*[{**FURNACE[o], "status": "exited"} for o in exited])
    assert only_enterprise(assess(ledger, BOOK)).outcome == expected


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("status", ["idle", "rectifying", None])
def test_an_idle_or_rectifying_line_still_counts(assess: Assess, status: str | None) -> None:
    ledger = steel_enterprise({}, {**FURNACE["eliminate"], "status": status})
    assert only_enterprise(assess(ledger, BOOK)).outcome == "eliminate"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("exited_on", "expected"),
    [
        # Exited before the plan's start: not part of the enterprise the plan speaks of.
        (dt.date(2020, 12, 31), "fail"),
        # Exited during the plan: still counted, as the obligation counts it (二(三)6 scope
        # fixed at the plan's start), so 100 + 50 = 150 ≥ 120.
        (dt.date(2021, 1, 1), "pass"),
        (dt.date(2022, 6, 30), "pass"),
        # An undated exit counts, as in the obligations.
        (None, "pass"),
    ],
)
def test_tyre_enterprise_capacity_is_counted_at_the_plans_start_as_for_the_obligation(
    assess: Assess, exited_on: dt.date | None, expected: str
) -> None:
    ledger = ledger_of(
        make_enterprise("tyre"),
        make_line("tyre_line", tyre_type="all_steel_radial", capacity=100.0),
        make_line(
            "tyre_line",
            tyre_type="all_steel_radial",
            capacity=50.0,
            status="exited",
            exited_on=exited_on,
        ),
    )
    result = assess(ledger, BOOK)
    rule = "tyre.technology.all_steel_enterprise_120"
    assert result_of(result.lines[0], rule) == expected
    assert result_of(only_enterprise(result), rule) == expected
    assert only_enterprise(result).outcome == ("eliminate" if expected == "fail" else "compliant")
    # The obligation reads the enterprise the same way.
    duties = obligations.obligations(ledger, dt.date(2023, 1, 1))
    owed = {o.line_id for o in duties if o.task_id == "tyre.all_steel_small_enterprise"}
    assert bool(owed) == (expected == "fail")


@pytest.mark.parametrize("assess", EVALUATORS)
def test_the_enterprise_basis_is_national_when_any_of_its_worst_lines_is_national(
    assess: Assess,
) -> None:
    ledger = ledger_of(
        make_enterprise("coking"),
        make_line("coke_oven", oven_type="top_charged", chamber_height_m=5.0),  # provincial
        make_line("coke_oven", oven_type="indigenous"),  # national
    )
    result = assess(ledger, BOOK)
    assert [v.basis for v in result.lines] == ["provincial", "national"]
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "eliminate",
        "national",
    )


# ─── enterprise-level rules reach the enterprise and every line ────────────────────────

ENTERPRISE_LEVEL = [
    pytest.param("steel", ["blast_furnace", "bof", "eaf"], {"in_steel_layout": False},
                 "steel.technology.layout", id="steel-layout"),
    pytest.param("coking", ["coke_oven", "coke_oven"],
                 {"independent_coking": True, "plant_coking_capacity_10kt": 80.0},
                 "coking.technology.independent_plant_100", id="independent-coking-80"),
    pytest.param("chlor_alkali", ["caustic_unit", "caustic_unit"], {"in_chemical_park": False},
                 "chlor_alkali.technology.outside_park", id="chlor-alkali-outside-park"),
    # 二(三)8 手续不齐备且无法完善的化工企业，列入关闭淘汰名单 — in each chemical industry.
    pytest.param("chlor_alkali", ["caustic_unit", "caustic_unit"], {"permits_unfixable": True},
                 "chlor_alkali.procedures.unfixable", id="chlor-alkali-permits"),
    pytest.param("ammonia", ["ammonia_unit"], {"permits_unfixable": True},
                 "ammonia.procedures.unfixable", id="ammonia-permits"),
    pytest.param("pesticide", ["pesticide_unit"], {"permits_unfixable": True},
                 "pesticide.procedures.unfixable", id="pesticide-permits"),
    pytest.param("synthetic_material", ["resin_unit", "resin_unit"], {"permits_unfixable": True},
                 "synthetic_material.procedures.unfixable", id="synthetic-material-permits"),
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("industry", "equipment", "ent", "rule_id"), ENTERPRISE_LEVEL)
def test_an_enterprise_level_failure_eliminates_the_enterprise_and_every_line(
    assess: Assess, industry: str, equipment: list[str], ent: dict[str, Any], rule_id: str
) -> None:
    ledger = ledger_of(make_enterprise(industry, **ent), *[make_line(eq) for eq in equipment])
    result = assess(ledger, BOOK)
    assert [(v.outcome, v.basis) for v in result.lines] == [("eliminate", "provincial")] * len(
        equipment
    )
    assert [result_of(v, rule_id) for v in result.lines] == ["fail"] * len(equipment)
    assert result_of(only_enterprise(result), rule_id) == "fail"
    assert (only_enterprise(result).outcome, only_enterprise(result).basis) == (
        "eliminate",
        "provincial",
    )


# ─── enterprises are assessed independently of each other ──────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
def test_another_enterprises_tyre_capacity_does_not_count(assess: Assess) -> None:
    first, second = make_enterprise("tyre"), make_enterprise("tyre")
    lines = [
        make_line("tyre_line", credit_code=e["credit_code"], tyre_type="all_steel_radial",
                  capacity=100.0)
        for e in (first, second)
    ]  # fmt: skip
    result = assess(Ledger.from_records([first, second], lines), BOOK)
    rule = "tyre.technology.all_steel_enterprise_120"
    assert [result_of(v, rule) for v in result.lines] == ["fail", "fail"]
    assert [result_of(e, rule) for e in result.enterprises] == ["fail", "fail"]


@pytest.mark.parametrize("assess", EVALUATORS)
def test_each_enterprise_in_a_mixed_ledger_gets_the_outcome_it_gets_alone(
    assess: Assess,
) -> None:
    cases = [
        ("steel", [make_line("blast_furnace", volume_m3=380.0)], {}),
        ("coal_mine", [make_line("coal_mine")], {"employees": 0}),
        ("steel", [make_line("blast_furnace")], {"tax_10k_yuan": 259.0}),
        ("cement", [make_line("cement_mill", env_status="fail")], {}),
        ("coking", [make_line("coke_oven")], {}),
    ]
    enterprises, lines, alone = [], [], []
    for industry, own_lines, fields in cases:
        ent = make_enterprise(industry, **fields)
        enterprises.append(ent)
        lines.extend({**ln, "credit_code": ent["credit_code"]} for ln in own_lines)
        verdict = only_enterprise(assess(ledger_of(ent, *own_lines), BOOK))
        alone.append((verdict.outcome, verdict.basis))
    together = assess(Ledger.from_records(enterprises, lines), BOOK)
    assert [(e.outcome, e.basis) for e in together.enterprises] == alone
    assert alone == [
        ("eliminate", "national"),
        ("insufficient_data", None),
        ("rectify", "provincial"),
        ("rectify", "provincial"),
        ("compliant", None),
    ]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("value", [False, None])
def test_a_chemical_enterprise_without_an_unfixable_permits_finding_is_not_held_to_it(
    assess: Assess, value: bool | None
) -> None:
    ledger = ledger_of(
        make_enterprise("ammonia", permits_unfixable=value), make_line("ammonia_unit")
    )
    result = assess(ledger, BOOK)
    assert result_of(only_line(result), "ammonia.procedures.unfixable") == "pass"
    assert only_enterprise(result).outcome == "compliant"
