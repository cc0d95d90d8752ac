"""Each rule's basis (国家标准 / 省定标准) as the plan labels it (issue 10 point 6).

二(二) labels only its technology and efficiency lists: "（国家标准）" / "（省定标准）" after each
group. The rules below are read off those labels in the plan's text. The environment, safety
and energy standards carry no label: the rulebook reads them as 省定 only where a DB37 local
standard is cited (二(二): "省里出台地方标准（DB）的，按地方标准执行"), so a GB or a national
document alone is national. 二(三) requirements the plan gives no label (炼胶机, 硫化设备, the
corridor transfer, 手续不齐备) are the province's own: 省定.
"""

from __future__ import annotations

from resolute.core import rulebook

BOOK = rulebook.default()

#: Technology rules the plan puts before "（国家标准）" in 二(二)1–8.
NATIONAL_TECHNOLOGY = {
    "steel.technology.blast_furnace_volume", "steel.technology.bof_nominal",
    "steel.technology.eaf_nominal", "steel.technology.iron_melting",
    "steel.technology.power_freq_scrap", "steel.technology.medium_freq_scrap",
    "refining.technology.cdu_200",
    "coking.technology.indigenous", "coking.technology.top_charged_4_3",
    "coal_power.technology.sub_300mw_failing",
    "cement.technology.obsolete_kiln", "cement.technology.mill_3_0",
    "tyre.technology.bias_50", "tyre.technology.cotton_cord",
    "coal_mine.technology.under_15",
    "chlor_alkali.technology.diaphragm", "chlor_alkali.technology.mercury",
    "ammonia.technology.semi_water_gas", "ammonia.technology.ng_atmospheric",
    "pesticide.technology.paraquat_sodium", "pesticide.technology.dichlorvos_alkali",
    "pesticide.technology.manual_small_pack",
    "synthetic_material.technology.pvc_high_mercury",
    "synthetic_material.technology.high_mercury_catalyst",
    "synthetic_material.technology.coating_resin_direct_fire",
    "synthetic_material.technology.ccl4_chlorinated_rubber",
}  # fmt: skip


def test_technology_rules_take_the_basis_the_plan_labels() -> None:
    for rule in BOOK.rules:
        if rule.standard != "technology":
            continue
        expected = "national" if rule.id in NATIONAL_TECHNOLOGY else "provincial"
        assert rule.basis == expected, rule.id
    assert {r.id for r in BOOK.rules} >= NATIONAL_TECHNOLOGY


def test_every_efficiency_standard_is_provincial_as_labelled() -> None:
    # Each industry's 效益标准 ends with "（省定标准）".
    assert {r.basis for r in BOOK.rules if r.standard == "efficiency"} == {"provincial"}


def test_an_unlabelled_standard_is_provincial_only_where_a_db37_standard_governs() -> None:
    for rule in BOOK.rules:
        if rule.standard not in ("environment", "safety", "energy"):
            continue
        local = any(code.startswith("DB37") for code in rule.documents)
        assert rule.basis == ("provincial" if local else "national"), rule.id
