"""Every rule of the rulebook checked at its boundaries against the plan's own words.

The expected results below are read from the action plan (seed, 二(二) and 二(三)) and from
assessment.md, not from the rulebook: "X 及以下" fails at X, "X 以下 / 小于 X" passes at X,
"高于 / 超 X" passes at X, an efficiency figure equal to its limit passes. Each numeric
threshold is tried at, just below and just above its value; each categorical condition
fails and passes; each exemption the plan names gives ``exempt``; each determination is
tried as fail, pass and unknown. Every case runs against both evaluators, and a rule that
appears in none of these tables fails the suite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from builders import INDUSTRY_OF, ledger_of, make_enterprise, make_line, single_line

from resolute.core import engine, obligations, reference
from resolute.core.assessment import Assessment, Finding
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Rulebook, default

BOOK: Rulebook = default()

Assess = Callable[[Ledger, Rulebook], Assessment]
EVALUATORS = [
    pytest.param(reference.assess, id="reference"),
    pytest.param(engine.assess, id="engine"),
]

#: The equipment a one-line enterprise of each industry is built with.
MAIN_EQUIPMENT = {
    "steel": "blast_furnace",
    "refining": "cdu",
    "coking": "coke_oven",
    "coal_power": "coal_unit",
    "cement": "clinker_line",
    "tyre": "tyre_line",
    "coal_mine": "coal_mine",
    "chlor_alkali": "caustic_unit",
    "ammonia": "ammonia_unit",
    "pesticide": "pesticide_unit",
    "synthetic_material": "resin_unit",
}

STEEL_EQUIPMENT = ("blast_furnace", "bof", "eaf", "iron_melting", "induction_power_freq",
                   "induction_medium_freq")  # fmt: skip


def _label(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items())


def line_case(rule_id: str, equipment: str, line: dict[str, Any], expected: str) -> Any:
    return pytest.param(rule_id, equipment, line, expected,
                        id=f"{rule_id}[{_label(line)}]->{expected}")  # fmt: skip


def enterprise_case(
    rule_id: str, equipment: str, line: dict[str, Any], ent: dict[str, Any], expected: str
) -> Any:
    return pytest.param(rule_id, equipment, line, ent, expected,
                        id=f"{rule_id}[{_label({**line, **ent})}]->{expected}")  # fmt: skip


def finding(findings: Iterable[Finding], rule_id: str) -> Finding:
    """The one finding of ``rule_id`` (a rule assessed twice or not at all is an error)."""
    found = [f for f in findings if f.rule_id == rule_id]
    assert len(found) == 1, f"{rule_id} found {len(found)} times in {[f.rule_id for f in findings]}"
    return found[0]


def only_line(assessment: Assessment) -> Any:
    assert len(assessment.lines) == 1
    return assessment.lines[0]


def only_enterprise(assessment: Assessment) -> Any:
    assert len(assessment.enterprises) == 1
    return assessment.enterprises[0]


# ─── numeric thresholds on a line ───────────────────────────────────────────────────────
# (rule id, equipment, line fields, expected result), at / just below / just above.

LINE_THRESHOLDS = [
    # 二(二)1 400 立方米及以下炼铁高炉: ≤ 400.
    line_case("steel.technology.blast_furnace_volume", "blast_furnace",
              {"volume_m3": 399.9}, "fail"),
    line_case("steel.technology.blast_furnace_volume", "blast_furnace",
              {"volume_m3": 400.0}, "fail"),
    line_case("steel.technology.blast_furnace_volume", "blast_furnace",
              {"volume_m3": 400.1}, "pass"),
    # 30 吨及以下炼钢转炉 / 电炉: ≤ 30.
    line_case("steel.technology.bof_nominal", "bof", {"nominal_t": 29.9}, "fail"),
    line_case("steel.technology.bof_nominal", "bof", {"nominal_t": 30.0}, "fail"),
    line_case("steel.technology.bof_nominal", "bof", {"nominal_t": 30.1}, "pass"),
    line_case("steel.technology.eaf_nominal", "eaf", {"nominal_t": 29.9}, "fail"),
    line_case("steel.technology.eaf_nominal", "eaf", {"nominal_t": 30.0}, "fail"),
    line_case("steel.technology.eaf_nominal", "eaf", {"nominal_t": 30.1}, "pass"),
    # 二(二)2 200 万吨/年及以下常减压炼油装置: ≤ 200.
    line_case("refining.technology.cdu_200", "cdu", {"capacity": 199.9}, "fail"),
    line_case("refining.technology.cdu_200", "cdu", {"capacity": 200.0}, "fail"),
    line_case("refining.technology.cdu_200", "cdu", {"capacity": 200.1}, "pass"),
    # 300 万吨/年及以下未实现炼化一体化的常减压炼油装置: ≤ 300 and not integrated.
    line_case("refining.technology.cdu_300_not_integrated", "cdu",
              {"capacity": 299.9, "integrated": False}, "fail"),
    line_case("refining.technology.cdu_300_not_integrated", "cdu",
              {"capacity": 300.0, "integrated": False}, "fail"),
    line_case("refining.technology.cdu_300_not_integrated", "cdu",
              {"capacity": 300.1, "integrated": False}, "pass"),
    # 二(二)3 炭化室高度小于 4.3 米顶装焦炉: < 4.3, top-charged.
    line_case("coking.technology.top_charged_4_3", "coke_oven",
              {"oven_type": "top_charged", "chamber_height_m": 4.29}, "fail"),
    line_case("coking.technology.top_charged_4_3", "coke_oven",
              {"oven_type": "top_charged", "chamber_height_m": 4.3}, "pass"),
    line_case("coking.technology.top_charged_4_3", "coke_oven",
              {"oven_type": "top_charged", "chamber_height_m": 4.31}, "pass"),
    # 炭化室高度小于 5.5 米焦炉: < 5.5, any oven.
    line_case("coking.technology.chamber_5_5", "coke_oven", {"chamber_height_m": 5.49}, "fail"),
    line_case("coking.technology.chamber_5_5", "coke_oven", {"chamber_height_m": 5.5}, "pass"),
    line_case("coking.technology.chamber_5_5", "coke_oven", {"chamber_height_m": 5.51}, "pass"),
    line_case("coking.technology.chamber_5_5", "coke_oven",
              {"oven_type": "stamp_charged", "chamber_height_m": 5.49}, "fail"),
    # 二(二)4 不达标的单机容量 30 万千瓦级及以下: the 30 万千瓦级 class reaches 350 MW.
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 349.9, "env_status": "fail"}, "fail"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 350.0, "env_status": "fail"}, "fail"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 350.1, "env_status": "fail"}, "pass"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 300.0, "energy_status": "fail"}, "fail"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 300.0, "safety_status": "fail"}, "fail"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 135.0, "env_status": "fail", "energy_status": "fail"}, "fail"),
    # 不达标: a unit that meets its environment, energy and safety standards is not caught.
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit", {"unit_mw": 300.0}, "pass"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit", {"unit_mw": 50.0}, "pass"),
    # 年平均供电煤耗高于 304 克/千瓦时: > 304.
    line_case("coal_power.technology.coal_304", "coal_unit", {"coal_g_kwh": 303.9}, "pass"),
    line_case("coal_power.technology.coal_304", "coal_unit", {"coal_g_kwh": 304.0}, "pass"),
    line_case("coal_power.technology.coal_304", "coal_unit", {"coal_g_kwh": 304.1}, "fail"),
    # 二(二)5 直径 3 米以下普通水泥磨机: < 3.
    line_case("cement.technology.mill_3_0", "cement_mill", {"diameter_m": 2.99}, "fail"),
    line_case("cement.technology.mill_3_0", "cement_mill", {"diameter_m": 3.0}, "pass"),
    line_case("cement.technology.mill_3_0", "cement_mill", {"diameter_m": 3.01}, "pass"),
    # 直径 3.2 米及以下水泥磨机: ≤ 3.2.
    line_case("cement.technology.mill_3_2", "cement_mill", {"diameter_m": 3.19}, "fail"),
    line_case("cement.technology.mill_3_2", "cement_mill", {"diameter_m": 3.2}, "fail"),
    line_case("cement.technology.mill_3_2", "cement_mill", {"diameter_m": 3.21}, "pass"),
    # 2500 吨/日及以下的普通水泥熟料生产线: ≤ 2500.
    line_case("cement.technology.clinker_2500", "clinker_line", {"capacity": 2499.9}, "fail"),
    line_case("cement.technology.clinker_2500", "clinker_line", {"capacity": 2500.0}, "fail"),
    line_case("cement.technology.clinker_2500", "clinker_line", {"capacity": 2500.1}, "pass"),
    # 二(二)6 50 万条/年及以下斜交轮胎生产线: ≤ 50, bias.
    line_case("tyre.technology.bias_50", "tyre_line",
              {"tyre_type": "bias", "capacity": 49.9}, "fail"),
    line_case("tyre.technology.bias_50", "tyre_line",
              {"tyre_type": "bias", "capacity": 50.0}, "fail"),
    line_case("tyre.technology.bias_50", "tyre_line",
              {"tyre_type": "bias", "capacity": 50.1}, "pass"),
    # 二(二)7 15 万吨/年以下煤矿 (national): < 15.
    line_case("coal_mine.technology.under_15", "coal_mine", {"capacity": 14.9}, "fail"),
    line_case("coal_mine.technology.under_15", "coal_mine", {"capacity": 15.0}, "pass"),
    line_case("coal_mine.technology.under_15", "coal_mine", {"capacity": 15.1}, "pass"),
    # 30 万吨/年及以下煤矿 (provincial): ≤ 30.
    line_case("coal_mine.technology.up_to_30", "coal_mine", {"capacity": 29.9}, "fail"),
    line_case("coal_mine.technology.up_to_30", "coal_mine", {"capacity": 30.0}, "fail"),
    line_case("coal_mine.technology.up_to_30", "coal_mine", {"capacity": 30.1}, "pass"),
    # 采深超千米冲击地压煤矿: depth > 1000 with rock burst.
    line_case("coal_mine.technology.deep_rock_burst", "coal_mine",
              {"depth_m": 999.9, "rock_burst": True}, "pass"),
    line_case("coal_mine.technology.deep_rock_burst", "coal_mine",
              {"depth_m": 1000.0, "rock_burst": True}, "pass"),
    line_case("coal_mine.technology.deep_rock_burst", "coal_mine",
              {"depth_m": 1000.1, "rock_burst": True}, "fail"),
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "equipment", "line", "expected"), LINE_THRESHOLDS)
def test_a_line_at_just_below_and_just_above_a_threshold_gets_the_plans_result(
    assess: Assess, rule_id: str, equipment: str, line: dict[str, Any], expected: str
) -> None:
    verdict = only_line(assess(single_line(equipment, line), BOOK))
    assert finding(verdict.findings, rule_id).result == expected


# ─── categorical conditions on a line ───────────────────────────────────────────────────

LINE_CATEGORIES = [
    # 二(二)1 化铁炼钢 (the equipment itself; it is assessed on no other furnace, see below).
    line_case("steel.technology.iron_melting", "iron_melting", {}, "fail"),
    # 用于熔化废钢的工频 / 中频感应炉.
    line_case("steel.technology.power_freq_scrap", "induction_power_freq",
              {"melts_scrap": True}, "fail"),
    line_case("steel.technology.power_freq_scrap", "induction_power_freq",
              {"melts_scrap": False}, "pass"),
    line_case("steel.technology.medium_freq_scrap", "induction_medium_freq",
              {"melts_scrap": True}, "fail"),
    line_case("steel.technology.medium_freq_scrap", "induction_medium_freq",
              {"melts_scrap": False}, "pass"),
    # 二(二)2 未实现炼化一体化: an integrated unit of 300 or less passes the provincial rule.
    line_case("refining.technology.cdu_300_not_integrated", "cdu",
              {"capacity": 250.0, "integrated": True}, "pass"),
    line_case("refining.technology.cdu_300_not_integrated", "cdu",
              {"capacity": 250.0, "integrated": False}, "fail"),
    # 二(二)3 土法炼焦（含改良焦炉）.
    line_case("coking.technology.indigenous", "coke_oven", {"oven_type": "indigenous"}, "fail"),
    line_case("coking.technology.indigenous", "coke_oven", {"oven_type": "top_charged"}, "pass"),
    line_case("coking.technology.indigenous", "coke_oven", {"oven_type": "stamp_charged"}, "pass"),
    # 小于 4.3 米顶装焦炉: a stamp-charged oven below 4.3 m is not a top-charged one.
    line_case("coking.technology.top_charged_4_3", "coke_oven",
              {"oven_type": "stamp_charged", "chamber_height_m": 4.0}, "pass"),
    line_case("coking.technology.top_charged_4_3", "coke_oven",
              {"oven_type": "top_charged", "chamber_height_m": 4.0}, "fail"),
    # 热回收焦炉.
    line_case("coking.technology.heat_recovery", "coke_oven",
              {"oven_type": "heat_recovery"}, "fail"),
    line_case("coking.technology.heat_recovery", "coke_oven", {"oven_type": "top_charged"}, "pass"),
    # 二(二)4 中温中压及以下参数.
    line_case("coal_power.technology.mid_pressure", "coal_unit",
              {"steam_class": "mid_or_below"}, "fail"),
    line_case("coal_power.technology.mid_pressure", "coal_unit",
              {"steam_class": "sub_high"}, "pass"),
    line_case("coal_power.technology.mid_pressure", "coal_unit", {"steam_class": "high"}, "pass"),
    # 未达到超低排放标准.
    line_case("coal_power.technology.not_ultra_low", "coal_unit", {"ultra_low": False}, "fail"),
    line_case("coal_power.technology.not_ultra_low", "coal_unit", {"ultra_low": True}, "pass"),
    # 二(二)5 普通水泥干法中空窑、水泥机立窑、立波尔窑、湿法窑.
    line_case("cement.technology.obsolete_kiln", "clinker_line",
              {"kiln_type": "dry_hollow"}, "fail"),
    line_case("cement.technology.obsolete_kiln", "clinker_line", {"kiln_type": "shaft"}, "fail"),
    line_case("cement.technology.obsolete_kiln", "clinker_line", {"kiln_type": "lepol"}, "fail"),
    line_case("cement.technology.obsolete_kiln", "clinker_line", {"kiln_type": "wet"}, "fail"),
    line_case("cement.technology.obsolete_kiln", "clinker_line", {"kiln_type": "nsp"}, "pass"),
    # 二(二)6 以天然棉帘子布为骨架的轮胎生产线.
    line_case("tyre.technology.cotton_cord", "tyre_line", {"cotton_cord": True}, "fail"),
    line_case("tyre.technology.cotton_cord", "tyre_line", {"cotton_cord": False}, "pass"),
    # 50 万条/年及以下斜交: a radial line of that size is not a bias line.
    line_case("tyre.technology.bias_50", "tyre_line",
              {"tyre_type": "semi_steel_radial", "capacity": 30.0}, "pass"),
    # 二(三)6 不能实现密闭式自动投料的炼胶机; 不能实现冲氮工艺的硫化设备.
    line_case("tyre.technology.mixer_closed_feed", "rubber_mixer",
              {"closed_auto_feed": False}, "fail"),
    line_case("tyre.technology.mixer_closed_feed", "rubber_mixer",
              {"closed_auto_feed": True}, "pass"),
    # 冲氮 vulcanizers: see test_the_vulcanizer_rule_applies_to_radial_tyre_makers_only.
    # 二(二)7 达不到安全生产标准化管理体系三级标准; 不再具备安全生产条件.
    line_case("coal_mine.safety.standardisation", "coal_mine", {"safety_grade": "none"}, "fail"),
    line_case("coal_mine.safety.standardisation", "coal_mine", {"safety_grade": "3"}, "pass"),
    line_case("coal_mine.safety.standardisation", "coal_mine", {"safety_grade": "1"}, "pass"),
    line_case("coal_mine.safety.license_conditions", "coal_mine",
              {"license_conditions_met": False}, "fail"),
    line_case("coal_mine.safety.license_conditions", "coal_mine",
              {"license_conditions_met": True}, "pass"),
    # 采深超千米冲击地压: a deep mine without rock burst is not caught.
    line_case("coal_mine.technology.deep_rock_burst", "coal_mine",
              {"depth_m": 1200.0, "rock_burst": False}, "pass"),
    # 二(二)8(1) 不属于废盐综合利用的隔膜法烧碱; 使用汞或汞化合物; 未完成膜极距改造.
    line_case("chlor_alkali.technology.diaphragm", "caustic_unit",
              {"process": "diaphragm", "waste_salt": False}, "fail"),
    line_case("chlor_alkali.technology.diaphragm", "caustic_unit",
              {"process": "diaphragm", "waste_salt": True}, "pass"),
    line_case("chlor_alkali.technology.diaphragm", "caustic_unit",
              {"process": "membrane", "waste_salt": False}, "pass"),
    line_case("chlor_alkali.technology.mercury", "caustic_unit", {"process": "mercury"}, "fail"),
    line_case("chlor_alkali.technology.mercury", "caustic_unit", {"process": "membrane"}, "pass"),
    line_case("chlor_alkali.technology.membrane_gap", "caustic_unit",
              {"process": "membrane", "membrane_gap_done": False}, "fail"),
    line_case("chlor_alkali.technology.membrane_gap", "caustic_unit",
              {"process": "membrane", "membrane_gap_done": True}, "pass"),
    # 二(二)8(2) 半水煤气氨水液相脱硫、天然气常压间歇转化工艺制合成氨.
    line_case("ammonia.technology.semi_water_gas", "ammonia_unit",
              {"process": "semi_water_gas_liquid_desulfurization"}, "fail"),
    line_case("ammonia.technology.semi_water_gas", "ammonia_unit", {"process": "other"}, "pass"),
    line_case("ammonia.technology.ng_atmospheric", "ammonia_unit",
              {"process": "ng_atmospheric_intermittent"}, "fail"),
    line_case("ammonia.technology.ng_atmospheric", "ammonia_unit", {"process": "other"}, "pass"),
    # 二(二)8(3) 钠法百草枯、敌百虫碱法敌敌畏、小包装手工包（灌）装.
    line_case("pesticide.technology.paraquat_sodium", "pesticide_unit",
              {"process": "paraquat_sodium"}, "fail"),
    line_case("pesticide.technology.paraquat_sodium", "pesticide_unit",
              {"process": "other"}, "pass"),
    line_case("pesticide.technology.dichlorvos_alkali", "pesticide_unit",
              {"process": "dichlorvos_alkali"}, "fail"),
    line_case("pesticide.technology.dichlorvos_alkali", "pesticide_unit",
              {"process": "other"}, "pass"),
    line_case("pesticide.technology.manual_small_pack", "pesticide_unit",
              {"process": "manual_small_pack"}, "fail"),
    line_case("pesticide.technology.manual_small_pack", "pesticide_unit",
              {"process": "other"}, "pass"),
    # 二(二)8(4) 高汞催化剂乙炔法聚氯乙烯、用火直接加热的涂料用树脂、四氯化碳溶剂法氯化橡胶.
    line_case("synthetic_material.technology.pvc_high_mercury", "resin_unit",
              {"process": "pvc_high_mercury"}, "fail"),
    line_case("synthetic_material.technology.pvc_high_mercury", "resin_unit",
              {"process": "other"}, "pass"),
    # 高汞催化剂 itself: a unit producing it fails as the PVC unit using it does.
    line_case("synthetic_material.technology.high_mercury_catalyst", "resin_unit",
              {"process": "high_mercury_catalyst"}, "fail"),
    line_case("synthetic_material.technology.high_mercury_catalyst", "resin_unit",
              {"process": "pvc_high_mercury"}, "pass"),
    line_case("synthetic_material.technology.high_mercury_catalyst", "resin_unit",
              {"process": "other"}, "pass"),
    line_case("synthetic_material.technology.pvc_high_mercury", "resin_unit",
              {"process": "high_mercury_catalyst"}, "pass"),
    line_case("synthetic_material.technology.coating_resin_direct_fire", "resin_unit",
              {"process": "coating_resin_direct_fire"}, "fail"),
    line_case("synthetic_material.technology.coating_resin_direct_fire", "resin_unit",
              {"process": "other"}, "pass"),
    line_case("synthetic_material.technology.ccl4_chlorinated_rubber", "resin_unit",
              {"process": "ccl4_chlorinated_rubber"}, "fail"),
    line_case("synthetic_material.technology.ccl4_chlorinated_rubber", "resin_unit",
              {"process": "other"}, "pass"),
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "equipment", "line", "expected"), LINE_CATEGORIES)
def test_a_line_of_a_named_kind_fails_and_one_of_another_kind_passes(
    assess: Assess, rule_id: str, equipment: str, line: dict[str, Any], expected: str
) -> None:
    verdict = only_line(assess(single_line(equipment, line), BOOK))
    assert finding(verdict.findings, rule_id).result == expected


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize("equipment", [e for e in STEEL_EQUIPMENT if e != "iron_melting"])
def test_iron_melting_is_not_held_against_any_other_steel_furnace(
    assess: Assess, equipment: str
) -> None:
    verdict = only_line(assess(single_line(equipment), BOOK))
    assert "steel.technology.iron_melting" not in {f.rule_id for f in verdict.findings}
    assert verdict.outcome == "compliant"


# ─── exemptions the plan names ──────────────────────────────────────────────────────────

EXEMPTIONS = [
    # 二(二)5 普通水泥 / 二(三)5 除特种水泥熟料和化工配套水泥熟料生产线外.
    line_case("cement.technology.obsolete_kiln", "clinker_line",
              {"kiln_type": "dry_hollow", "special_cement": True}, "exempt"),
    line_case("cement.technology.clinker_2500", "clinker_line",
              {"capacity": 2000.0, "special_cement": True}, "exempt"),
    line_case("cement.technology.clinker_2500", "clinker_line",
              {"capacity": 2000.0, "chemical_supporting": True}, "exempt"),
    line_case("cement.technology.clinker_2500", "clinker_line",
              {"capacity": 2000.0, "special_cement": False, "chemical_supporting": False}, "fail"),
    # 二(二)4 除综合利用机组外.
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 300.0, "env_status": "fail",
               "comprehensive_utilization": True}, "exempt"),
    line_case("coal_power.technology.sub_300mw_failing", "coal_unit",
              {"unit_mw": 300.0, "env_status": "fail", "comprehensive_utilization": False}, "fail"),
    # 二(三)6 全钢子午胎（工程轮胎、航空轮胎、宽断面无内胎除外）.
    *[line_case("tyre.technology.all_steel_enterprise_120", "tyre_line",
                {"tyre_type": "all_steel_radial", "specialty": s, "capacity": 50.0}, "exempt")
      for s in ("engineering", "aviation", "wide_base_tubeless")],
    # 半钢子午胎（缺气保用轮胎、赛车胎高端产品、超低断面轮胎除外）.
    *[line_case("tyre.technology.semi_steel_enterprise_500", "tyre_line",
                {"tyre_type": "semi_steel_radial", "specialty": s, "capacity": 100.0}, "exempt")
      for s in ("run_flat", "racing", "ultra_low_profile")],
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "equipment", "line", "expected"), EXEMPTIONS)
def test_a_kind_the_plan_excludes_is_exempt(
    assess: Assess, rule_id: str, equipment: str, line: dict[str, Any], expected: str
) -> None:
    verdict = only_line(assess(single_line(equipment, line), BOOK))
    assert finding(verdict.findings, rule_id).result == expected


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_failing_small_coal_unit_not_known_to_be_comprehensive_utilization_is_unknown(
    assess: Assess,
) -> None:
    line = {"unit_mw": 300.0, "env_status": "fail", "comprehensive_utilization": None}
    verdict = only_line(assess(single_line("coal_unit", line), BOOK))
    assert finding(verdict.findings, "coal_power.technology.sub_300mw_failing").result == "unknown"


# ─── enterprise-level rules: applied to the enterprise and to its lines ────────────────
# (rule id, equipment, line fields, enterprise fields, expected result).

ENTERPRISE_RULES = [
    # 二(二)1 不符合全省钢铁产业发展规划布局的钢铁产能.
    *[enterprise_case("steel.technology.layout", eq, {}, {"in_steel_layout": False}, "fail")
      for eq in STEEL_EQUIPMENT],
    enterprise_case("steel.technology.layout", "blast_furnace",
                    {}, {"in_steel_layout": True}, "pass"),
    # 二(二)3 单独厂区 100 万吨以下独立焦化企业: < 100, independent.
    enterprise_case("coking.technology.independent_plant_100", "coke_oven", {},
                    {"independent_coking": True, "plant_coking_capacity_10kt": 99.9}, "fail"),
    enterprise_case("coking.technology.independent_plant_100", "coke_oven", {},
                    {"independent_coking": True, "plant_coking_capacity_10kt": 100.0}, "pass"),
    enterprise_case("coking.technology.independent_plant_100", "coke_oven", {},
                    {"independent_coking": True, "plant_coking_capacity_10kt": 100.1}, "pass"),
    enterprise_case("coking.technology.independent_plant_100", "coke_oven", {},
                    {"independent_coking": False, "plant_coking_capacity_10kt": 50.0}, "pass"),
    # 二(二)8(1) 不在化工园区和重点监控点的氯碱企业.
    enterprise_case("chlor_alkali.technology.outside_park", "caustic_unit", {},
                    {"in_chemical_park": False}, "fail"),
    enterprise_case("chlor_alkali.technology.outside_park", "caustic_unit", {},
                    {"in_chemical_park": True}, "pass"),
    # 二(三)8 手续不齐备且无法完善的化工企业: fails once so determined; "否" or blank (no such
    # determination made) passes.
    *[enterprise_case(f"{ind}.procedures.unfixable", eq, {}, {"permits_unfixable": value},
                      expected)
      for ind, eq in (("chlor_alkali", "caustic_unit"), ("ammonia", "ammonia_unit"),
                      ("pesticide", "pesticide_unit"), ("synthetic_material", "resin_unit"))
      for value, expected in ((True, "fail"), (False, "pass"), (None, "pass"))],
    # 二(二)6 年产能 120 万条以下的普通全钢子午胎企业: < 120 of ordinary all-steel capacity.
    enterprise_case("tyre.technology.all_steel_enterprise_120", "tyre_line",
                    {"tyre_type": "all_steel_radial", "capacity": 119.9}, {}, "fail"),
    enterprise_case("tyre.technology.all_steel_enterprise_120", "tyre_line",
                    {"tyre_type": "all_steel_radial", "capacity": 120.0}, {}, "pass"),
    enterprise_case("tyre.technology.all_steel_enterprise_120", "tyre_line",
                    {"tyre_type": "all_steel_radial", "capacity": 120.1}, {}, "pass"),
    # 年产能 500 万条以下的普通半钢子午胎企业: < 500 of ordinary semi-steel capacity.
    enterprise_case("tyre.technology.semi_steel_enterprise_500", "tyre_line",
                    {"tyre_type": "semi_steel_radial", "capacity": 499.9}, {}, "fail"),
    enterprise_case("tyre.technology.semi_steel_enterprise_500", "tyre_line",
                    {"tyre_type": "semi_steel_radial", "capacity": 500.0}, {}, "pass"),
    enterprise_case("tyre.technology.semi_steel_enterprise_500", "tyre_line",
                    {"tyre_type": "semi_steel_radial", "capacity": 500.1}, {}, "pass"),
    # The all-steel threshold is not held against a semi-steel enterprise, nor the reverse.
    enterprise_case("tyre.technology.all_steel_enterprise_120", "tyre_line",
                    {"tyre_type": "semi_steel_radial", "capacity": 100.0}, {}, "pass"),
    enterprise_case("tyre.technology.semi_steel_enterprise_500", "tyre_line",
                    {"tyre_type": "all_steel_radial", "capacity": 100.0}, {}, "pass"),
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "equipment", "line", "ent", "expected"), ENTERPRISE_RULES)
def test_an_enterprise_level_rule_gives_the_same_result_to_the_enterprise_and_its_line(
    assess: Assess,
    rule_id: str,
    equipment: str,
    line: dict[str, Any],
    ent: dict[str, Any],
    expected: str,
) -> None:
    result = assess(single_line(equipment, line, **ent), BOOK)
    assert finding(only_line(result).findings, rule_id).result == expected
    assert finding(only_enterprise(result).findings, rule_id).result == expected


def _tyre_enterprise(*lines: dict[str, Any]) -> Ledger:
    return ledger_of(make_enterprise("tyre"), *[make_line("tyre_line", **ln) for ln in lines])


def _results(assessment: Assessment, rule_id: str) -> list[str]:
    return [finding(v.findings, rule_id).result for v in assessment.lines]


# 二(三)6: only ordinary capacity counts toward 120 / 500 万条; the specialties are exempt.
TYRE_ENTERPRISES = [
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 100.0), ("all_steel_radial", "engineering", 50.0)],
        ["fail", "exempt"], "fail", id="100-ordinary+50-engineering-all-steel",
    ),
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 100.0), ("all_steel_radial", "aviation", 300.0)],
        ["fail", "exempt"], "fail", id="100-ordinary+300-aviation-all-steel",
    ),
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 120.0), ("all_steel_radial", "engineering", 50.0)],
        ["pass", "exempt"], "pass", id="120-ordinary+50-engineering-all-steel",
    ),
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 60.0), ("all_steel_radial", "ordinary", 60.0)],
        ["pass", "pass"], "pass", id="two-ordinary-all-steel-lines-of-60",
    ),
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 60.0), ("all_steel_radial", "ordinary", 59.9)],
        ["fail", "fail"], "fail", id="two-ordinary-all-steel-lines-of-119.9",
    ),
    pytest.param(
        "tyre.technology.all_steel_enterprise_120",
        [("all_steel_radial", "ordinary", 100.0), ("semi_steel_radial", "ordinary", 600.0)],
        ["fail", "pass"], "fail", id="semi-steel-capacity-does-not-count-toward-all-steel",
    ),
    pytest.param(
        "tyre.technology.semi_steel_enterprise_500",
        [("semi_steel_radial", "ordinary", 450.0), ("semi_steel_radial", "run_flat", 100.0)],
        ["fail", "exempt"], "fail", id="450-ordinary+100-run-flat-semi-steel",
    ),
    pytest.param(
        "tyre.technology.semi_steel_enterprise_500",
        [("semi_steel_radial", "ordinary", 450.0), ("semi_steel_radial", "racing", 100.0),
         ("semi_steel_radial", "ultra_low_profile", 100.0)],
        ["fail", "exempt", "exempt"], "fail", id="450-ordinary+racing+ultra-low-semi-steel",
    ),
    pytest.param(
        "tyre.technology.semi_steel_enterprise_500",
        [("semi_steel_radial", "ordinary", 500.0), ("semi_steel_radial", "run_flat", 100.0)],
        ["pass", "exempt"], "pass", id="500-ordinary+100-run-flat-semi-steel",
    ),
    pytest.param(
        "tyre.technology.semi_steel_enterprise_500",
        [("semi_steel_radial", "ordinary", 300.0), ("all_steel_radial", "ordinary", 300.0)],
        ["fail", "pass"], "fail", id="all-steel-capacity-does-not-count-toward-semi-steel",
    ),
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "lines", "line_results", "enterprise_result"),
                         TYRE_ENTERPRISES)  # fmt: skip
def test_only_ordinary_capacity_counts_toward_a_tyre_enterprise_threshold(
    assess: Assess,
    rule_id: str,
    lines: list[tuple[str, str, float]],
    line_results: list[str],
    enterprise_result: str,
) -> None:
    ledger = _tyre_enterprise(
        *[{"tyre_type": t, "specialty": s, "capacity": c} for t, s, c in lines]
    )
    result = assess(ledger, BOOK)
    assert _results(result, rule_id) == line_results
    assert finding(only_enterprise(result).findings, rule_id).result == enterprise_result


# ─── efficiency figures (效益标准): fail below the figure, equal passes ─────────────────

#: What each figure divides (assessment.md, "Efficiency figures").
FIGURE_INPUTS = {
    "tax_per_mu": ("tax_10k_yuan", "land_area_mu"),
    "tax_per_tce": ("tax_10k_yuan", "energy_tce"),
    "revenue_per_employee": ("revenue_10k_yuan", "employees"),
    "sales_per_mu": ("revenue_10k_yuan", "land_area_mu"),
    "sales_per_tce": ("revenue_10k_yuan", "energy_tce"),
    "sales_per_so2": ("revenue_10k_yuan", "so2_t"),
    "labour_productivity": ("value_added_10k_yuan", "employees"),
}

#: (rule id, industry, figure, the limit exactly as 二(二) writes it).
EFFICIENCY_LIMITS = [
    ("steel.efficiency.tax_per_mu", "steel", "tax_per_mu", "2.6"),
    ("steel.efficiency.tax_per_tce", "steel", "tax_per_tce", "0.014"),
    ("steel.efficiency.revenue_per_employee", "steel", "revenue_per_employee", "177.6"),
    ("refining.efficiency.tax_per_mu", "refining", "tax_per_mu", "19.9"),
    ("refining.efficiency.tax_per_tce", "refining", "tax_per_tce", "0.233"),
    ("refining.efficiency.revenue_per_employee", "refining", "revenue_per_employee", "149.9"),
    ("coking.efficiency.tax_per_mu", "coking", "tax_per_mu", "5.3"),
    ("coking.efficiency.tax_per_tce", "coking", "tax_per_tce", "0.066"),
    ("coking.efficiency.revenue_per_employee", "coking", "revenue_per_employee", "203.5"),
    ("coal_power.efficiency.sales_per_mu", "coal_power", "sales_per_mu", "250"),
    ("coal_power.efficiency.sales_per_tce", "coal_power", "sales_per_tce", "0.13"),
    ("coal_power.efficiency.sales_per_so2", "coal_power", "sales_per_so2", "353"),
    ("cement.efficiency.tax_per_mu", "cement", "tax_per_mu", "0.075"),
    ("cement.efficiency.tax_per_tce", "cement", "tax_per_tce", "0.042"),
    ("cement.efficiency.revenue_per_employee", "cement", "revenue_per_employee", "118.1"),
    ("tyre.efficiency.tax_per_mu", "tyre", "tax_per_mu", "0.83"),
    ("tyre.efficiency.tax_per_tce", "tyre", "tax_per_tce", "0.02"),
    ("tyre.efficiency.revenue_per_employee", "tyre", "revenue_per_employee", "52.32"),
    ("coal_mine.efficiency.labour_productivity", "coal_mine", "labour_productivity", "7"),
    ("chlor_alkali.efficiency.tax_per_mu", "chlor_alkali", "tax_per_mu", "2.63"),
    ("chlor_alkali.efficiency.tax_per_tce", "chlor_alkali", "tax_per_tce", "0.013"),
    ("chlor_alkali.efficiency.revenue_per_employee", "chlor_alkali", "revenue_per_employee", "133"),
    ("ammonia.efficiency.tax_per_mu", "ammonia", "tax_per_mu", "2.43"),
    ("ammonia.efficiency.tax_per_tce", "ammonia", "tax_per_tce", "0.0045"),
    ("ammonia.efficiency.revenue_per_employee", "ammonia", "revenue_per_employee", "103.3"),
    ("pesticide.efficiency.tax_per_mu", "pesticide", "tax_per_mu", "0.33"),
    ("pesticide.efficiency.tax_per_tce", "pesticide", "tax_per_tce", "0.013"),
    ("pesticide.efficiency.revenue_per_employee", "pesticide", "revenue_per_employee", "8.33"),
    ("synthetic_material.efficiency.tax_per_mu", "synthetic_material", "tax_per_mu", "17.1"),
    ("synthetic_material.efficiency.tax_per_tce", "synthetic_material", "tax_per_tce", "0.04"),
    ("synthetic_material.efficiency.revenue_per_employee", "synthetic_material",
     "revenue_per_employee", "578"),
]  # fmt: skip


def figure_fields(figure: str, limit: str, step: int) -> dict[str, float | int]:
    """Enterprise fields whose ``figure`` is exactly ``limit`` (step 0), or a hair off it.

    The divisor is a power of ten large enough that the limit times it is a whole number
    N; the dividend is N + step. Both are exact, so the quotient at step 0 is the very same
    float as the limit written in the plan (e.g. tax 2600 万元 over 1000 亩 for 2.6).
    """
    numerator, denominator = FIGURE_INPUTS[figure]
    places = max(0, -Decimal(limit).as_tuple().exponent) + 2  # type: ignore[operator]
    divisor = 10**places
    dividend = int(Decimal(limit) * divisor) + step
    return {numerator: float(dividend), denominator: divisor}


EFFICIENCY_CASES = [
    pytest.param(rule_id, industry, figure_fields(figure, limit, step), expected,
                 id=f"{rule_id}[{label}{limit}]->{expected}")
    for rule_id, industry, figure, limit in EFFICIENCY_LIMITS
    for step, label, expected in ((-1, "below ", "fail"), (0, "", "pass"), (1, "above ", "pass"))
]  # fmt: skip

#: 二(二)7 矿井连续 3 年亏损且扭亏无望: three or more years of losses and no turnaround,
#: judged per mine (矿井) on the mine's own line fields.
COAL_MINE_LOSSES = [
    pytest.param({"mine_loss_years": y, "mine_turnaround_hopeless": h}, r,
                 id=f"loss={y},hopeless={h}->{r}")
    for y, h, r in ((2, True, "pass"), (3, True, "fail"), (4, True, "fail"),
                    (5, False, "pass"), (0, True, "pass"), (3, None, "unknown"),
                    (None, True, "unknown"))
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "industry", "ent", "expected"), EFFICIENCY_CASES)
def test_an_enterprise_figure_equal_to_the_plans_limit_passes_and_just_below_fails(
    assess: Assess, rule_id: str, industry: str, ent: dict[str, Any], expected: str
) -> None:
    result = assess(single_line(MAIN_EQUIPMENT[industry], **ent), BOOK)
    assert finding(only_enterprise(result).findings, rule_id).result == expected


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("mine", "expected"), COAL_MINE_LOSSES)
def test_a_mine_losing_three_years_without_hope_fails_per_mine(
    assess: Assess, mine: dict[str, Any], expected: str
) -> None:
    ledger = ledger_of(
        make_enterprise("coal_mine", loss_years=None, turnaround_hopeless=None),
        make_line("coal_mine", line_id="M1", **mine),
        make_line("coal_mine", line_id="M2", mine_loss_years=0, mine_turnaround_hopeless=False),
    )
    result = assess(ledger, BOOK)
    by_id = {v.line_id: v for v in result.lines}
    assert finding(by_id["M1"].findings, "coal_mine.efficiency.loss_3_years").result == expected
    # The other mine of the same enterprise is judged on its own figures.
    assert finding(by_id["M2"].findings, "coal_mine.efficiency.loss_3_years").result == "pass"


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(
    ("ent", "expected"),
    [({"loss_years": y, "turnaround_hopeless": h}, r)
     for y, h, r in ((2, True, "pass"), (3, True, "fail"), (3, False, "pass"), (None, True, "unknown"))],
)  # fmt: skip
def test_a_single_mine_enterprise_may_give_its_losses_on_the_enterprise_row(
    assess: Assess, ent: dict[str, Any], expected: str
) -> None:
    result = assess(single_line("coal_mine", **ent), BOOK)
    assert (
        finding(only_line(result).findings, "coal_mine.efficiency.loss_3_years").result == expected
    )


@pytest.mark.parametrize("assess", EVALUATORS)
def test_an_enterprise_loss_is_not_spread_over_several_mines(assess: Assess) -> None:
    ledger = ledger_of(
        make_enterprise("coal_mine", loss_years=5, turnaround_hopeless=True),
        make_line("coal_mine", line_id="M1"),
        make_line("coal_mine", line_id="M2"),
    )
    for verdict in assess(ledger, BOOK).lines:
        found = finding(verdict.findings, "coal_mine.efficiency.loss_3_years")
        assert found.result == "unknown"


#: 二(三)6 淘汰不能实现冲氮工艺的子午胎行业硫化设备: the enterprise's tyre lines (types) and
#: the vulcanizer's nitrogen process → the finding.
VULCANIZERS = [
    pytest.param(("semi_steel_radial",), False, "fail", id="radial maker, no nitrogen->fail"),
    pytest.param(("all_steel_radial", "bias"), False, "fail", id="radial and bias->fail"),
    pytest.param(("semi_steel_radial",), True, "pass", id="radial maker, nitrogen->pass"),
    pytest.param(("bias",), False, "exempt", id="bias only->exempt"),
    pytest.param(("bias", "bias"), True, "exempt", id="bias only, nitrogen->exempt"),
    pytest.param((), False, "unknown", id="no tyre line->unknown"),
    pytest.param((), True, "pass", id="no tyre line, nitrogen->pass"),
    pytest.param(("bias", None), False, "unknown", id="bias and unknown type->unknown"),
    pytest.param(("bias", "semi_steel_radial", None), False, "fail", id="a radial line->fail"),
]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("tyres", "nitrogen", "expected"), VULCANIZERS)
def test_the_vulcanizer_rule_applies_to_radial_tyre_makers_only(
    assess: Assess, tyres: tuple[str | None, ...], nitrogen: bool, expected: str
) -> None:
    lines = [make_line("tyre_line", tyre_type=t, capacity=1000.0) for t in tyres]
    vulcanizer = make_line("vulcanizer", line_id="V1", nitrogen_process=nitrogen)
    result = assess(ledger_of(make_enterprise("tyre"), vulcanizer, *lines), BOOK)
    found = finding(next(v for v in result.lines if v.line_id == "V1").findings,
                    "tyre.technology.vulcanizer_nitrogen")  # fmt: skip
    assert found.result == expected


@pytest.mark.parametrize("assess", EVALUATORS)
def test_radial_lines_exited_before_the_plan_do_not_make_a_radial_maker(assess: Assess) -> None:
    old = make_line("tyre_line", tyre_type="semi_steel_radial", status="exited",
                    exited_on=dt.date(2020, 6, 30))  # fmt: skip
    bias = make_line("tyre_line", tyre_type="bias")
    vulcanizer = make_line("vulcanizer", line_id="V1", nitrogen_process=False)
    result = assess(ledger_of(make_enterprise("tyre"), vulcanizer, old, bias), BOOK)
    line = next(v for v in result.lines if v.line_id == "V1")
    assert finding(line.findings, "tyre.technology.vulcanizer_nitrogen").result == "exempt"


#: 二(三)1 通道城市（不含济南市莱芜区、钢城区）钢铁产能原则上全部转移退出: place and the
#: layout finding (是: found to fit after an adjustment 报省政府同意; blank: not so found) →
#: the finding of steel.technology.corridor.
CORRIDOR_PLACES = [
    ("济南", "历下区", None, "fail"),
    ("济南", "历下区", False, "fail"),
    ("济南", "历下区", True, "pass"),
    ("济南", "莱芜区", None, "pass"),
    ("济南", "钢城区", False, "pass"),
    ("淄博", None, None, "fail"),  # a corridor city's unknown county counts as inside
    ("滨州", "滨城区", None, "fail"),
    ("临沂", "兰山区", None, "pass"),
    ("日照", None, False, "pass"),
]


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("city", "county", "layout", "expected"), CORRIDOR_PLACES)
def test_corridor_steel_capacity_fails_the_layout_as_the_transfer_duty_says(
    assess: Assess, city: str, county: str | None, layout: bool | None, expected: str
) -> None:
    ledger = single_line("bof", city=city, county=county, in_steel_layout=layout)
    result = assess(ledger, BOOK)
    assert finding(only_line(result).findings, "steel.technology.corridor").result == expected
    if expected == "fail":
        assert only_line(result).outcome == "eliminate"
    # The obligation (转移或退出) falls on exactly the same lines, and once overdue the
    # line is never 达标.
    owed = obligations.obligations(ledger, dt.date(2023, 1, 1))
    assert any(o.task_id == "steel.corridor_transfer" for o in owed) == (expected == "fail")


# ─── determinations (环保、安全、能耗 decided by the authority) ─────────────────────────

#: (rule id, the determination it reads, every equipment it covers).
DETERMINATIONS = [
    ("steel.environment", "env_status", STEEL_EQUIPMENT),
    ("steel.safety", "safety_status", STEEL_EQUIPMENT),
    ("steel.energy", "energy_status", STEEL_EQUIPMENT),
    ("refining.environment", "env_status", ("cdu",)),
    ("refining.safety", "safety_status", ("cdu",)),
    ("refining.energy", "energy_status", ("cdu",)),
    ("coking.environment", "env_status", ("coke_oven",)),
    ("coking.safety", "safety_status", ("coke_oven",)),
    ("coking.energy", "energy_status", ("coke_oven",)),
    ("coal_power.environment", "env_status", ("coal_unit",)),
    ("coal_power.safety", "safety_status", ("coal_unit",)),
    ("coal_power.energy", "energy_status", ("coal_unit",)),
    ("cement.environment", "env_status", ("clinker_line", "cement_mill")),
    ("cement.safety", "safety_status", ("clinker_line", "cement_mill")),
    ("cement.energy", "energy_status", ("clinker_line", "cement_mill")),
    ("tyre.environment", "env_status", ("tyre_line", "rubber_mixer", "vulcanizer")),
    ("tyre.safety", "safety_status", ("tyre_line", "rubber_mixer", "vulcanizer")),
    ("tyre.energy", "energy_status", ("tyre_line", "rubber_mixer", "vulcanizer")),
    # 二(二)7 states the coal-mine safety standard as conditions (tested above), not a finding.
    ("coal_mine.environment", "env_status", ("coal_mine",)),
    ("coal_mine.energy", "energy_status", ("coal_mine",)),
    ("chlor_alkali.environment", "env_status", ("caustic_unit",)),
    ("chlor_alkali.safety", "safety_status", ("caustic_unit",)),
    ("chlor_alkali.energy", "energy_status", ("caustic_unit",)),
    ("ammonia.environment", "env_status", ("ammonia_unit",)),
    ("ammonia.safety", "safety_status", ("ammonia_unit",)),
    ("ammonia.energy", "energy_status", ("ammonia_unit",)),
    # 二(二)8(3) names no energy standard for 化学农药原药.
    ("pesticide.environment", "env_status", ("pesticide_unit",)),
    ("pesticide.safety", "safety_status", ("pesticide_unit",)),
    ("synthetic_material.environment", "env_status", ("resin_unit",)),
    ("synthetic_material.safety", "safety_status", ("resin_unit",)),
    ("synthetic_material.energy", "energy_status", ("resin_unit",)),
]

DETERMINATION_CASES = [
    pytest.param(rule_id, equipment, {field: status}, expected,
                 id=f"{rule_id}[{equipment},{field}={status}]->{expected}")
    for rule_id, field, equipments in DETERMINATIONS
    for equipment in equipments
    for status, expected in (("fail", "fail"), ("pass", "pass"), (None, "unknown"))
]  # fmt: skip


@pytest.mark.parametrize("assess", EVALUATORS)
@pytest.mark.parametrize(("rule_id", "equipment", "line", "expected"), DETERMINATION_CASES)
def test_a_determination_fails_passes_or_is_unknown_as_the_authority_found(
    assess: Assess, rule_id: str, equipment: str, line: dict[str, Any], expected: str
) -> None:
    verdict = only_line(assess(single_line(equipment, line), BOOK))
    assert finding(verdict.findings, rule_id).result == expected


def test_the_pesticide_industry_has_no_energy_rule_because_the_plan_names_none() -> None:
    assert not [r for r in BOOK.for_industry("pesticide") if r.standard == "energy"]


# ─── what a finding reports ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("assess", EVALUATORS)
def test_a_finding_reports_the_measured_value_and_the_plans_threshold(assess: Assess) -> None:
    ledger = single_line("blast_furnace", {"volume_m3": 380.0}, land_area_mu=100.0,
                         tax_10k_yuan=260.0)  # fmt: skip
    result = assess(ledger, BOOK)
    volume = finding(only_line(result).findings, "steel.technology.blast_furnace_volume")
    assert (volume.result, volume.value, volume.threshold) == ("fail", 380.0, 400)
    tax = finding(only_enterprise(result).findings, "steel.efficiency.tax_per_mu")
    assert (tax.result, tax.value, tax.threshold) == ("pass", 2.6, 2.6)


# ─── every rule is covered ──────────────────────────────────────────────────────────────


def _ids(table: Iterable[Any]) -> set[str]:
    return {p.values[0] for p in table}


def test_every_rule_in_the_rulebook_appears_in_a_boundary_table() -> None:
    covered = (
        _ids(LINE_THRESHOLDS) | _ids(LINE_CATEGORIES) | _ids(EXEMPTIONS)
        | _ids(ENTERPRISE_RULES) | _ids(TYRE_ENTERPRISES) | _ids(EFFICIENCY_CASES)
        | {"coal_mine.efficiency.loss_3_years"}  # COAL_MINE_LOSSES
        | {"tyre.technology.vulcanizer_nitrogen"}  # VULCANIZERS
        | {"steel.technology.corridor"}  # CORRIDOR_PLACES
        | _ids(DETERMINATION_CASES)
    )  # fmt: skip
    in_book = {r.id for r in BOOK.rules}
    assert in_book - covered == set(), "rules without a boundary test"
    assert covered - in_book == set(), "tests for rules the rulebook does not hold"


def test_every_equipment_the_tables_use_belongs_to_the_rules_industry() -> None:
    for table in (LINE_THRESHOLDS, LINE_CATEGORIES, EXEMPTIONS, ENTERPRISE_RULES,
                  DETERMINATION_CASES):  # fmt: skip
        for p in table:
            rule = BOOK.rule(p.values[0])
            assert p.values[1] in rule.equipment, p.id
            assert INDUSTRY_OF[p.values[1]] == rule.industry, p.id
