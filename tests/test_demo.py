"""The demo province: valid, deterministic, Shandong-shaped, and failing every rule somewhere."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest

from resolute import demo
from resolute.core import credit_code, engine, pricing, rulebook, schema
from resolute.core import progress as progress_mod
from resolute.core.cities import city, is_corridor, load_cities
from resolute.core.ledger import Ledger, RawRow, validate
from resolute.core.rulebook import Leaf

Records = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@cache
def province() -> Records:
    """One demo of a few thousand lines, shared by the tests that only read it."""
    return demo.generate(3000, 1)


def _enterprise_of(enterprises: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["credit_code"]: e for e in enterprises}


# ─── determinism and size ──────────────────────────────────────────────────────


def test_the_same_seed_gives_the_same_province() -> None:
    assert demo.generate(500, 7) == demo.generate(500, 7)


def test_different_seeds_give_different_provinces() -> None:
    assert demo.generate(500, 7) != demo.generate(500, 8)


@pytest.mark.parametrize("size", [0, 1, 7, 250, 3000])
def test_the_demo_has_exactly_the_lines_asked_for(size: int) -> None:
    enterprises, lines = demo.generate(size, 3)
    assert len(lines) == size
    assert all(any(line["credit_code"] == e["credit_code"] for line in lines) for e in enterprises)


# ─── validity ──────────────────────────────────────────────────────────────────


def test_a_demo_of_3000_lines_passes_ledger_validation() -> None:
    enterprises, lines = province()
    ledger = validate(
        [RawRow("enterprises", i + 2, e) for i, e in enumerate(enterprises)],
        [RawRow("lines", i + 2, line) for i, line in enumerate(lines)],
    )
    assert ledger.lines.height == 3000
    assert ledger.enterprises.height == len(enterprises)
    assert Ledger.from_records(enterprises, lines).lines.height == 3000


def test_credit_codes_are_valid_and_unique() -> None:
    enterprises, _ = province()
    codes = [e["credit_code"] for e in enterprises]
    assert all(credit_code.is_valid(c) for c in codes)
    assert len(set(codes)) == len(codes)


def test_credit_codes_carry_the_county_division_code() -> None:
    enterprises, _ = province()
    for e in enterprises:
        assert e["credit_code"][2:8] == city(e["city"]).county(e["county"]).code


def test_line_ids_are_unique_and_readable() -> None:
    _, lines = province()
    ids = [line["line_id"] for line in lines]
    assert len(set(ids)) == len(ids)
    pattern = re.compile(r"37\d{4}-[A-Z0-9]+-\d{4,}")
    assert all(pattern.fullmatch(i) for i in ids)
    assert {i.split("-")[1] for i in ids} == set(demo.EQUIPMENT_ABBR.values())


def test_exit_dates_belong_to_exited_lines_in_2021_and_2022() -> None:
    _, lines = province()
    exited = [line for line in lines if line["status"] == "exited"]
    assert exited
    assert all(line.get("exited_on") is None for line in lines if line["status"] != "exited")
    dates = [line["exited_on"] for line in exited if line.get("exited_on") is not None]
    assert all(dt.date(2021, 1, 1) <= d <= dt.date(2022, 12, 31) for d in dates)


def test_coal_unit_capacity_is_the_unit_rating_in_ten_thousand_kilowatts() -> None:
    _, lines = province()
    units = [u for u in lines if u["equipment"] == "coal_unit" and u.get("unit_mw") is not None]
    capacities = [u for u in units if u.get("capacity") is not None]
    assert capacities
    assert all(u["capacity"] == pytest.approx(u["unit_mw"] / 10) for u in capacities)


def test_most_lines_operate_and_some_are_idle_rectifying_or_exited() -> None:
    _, lines = province()
    statuses = Counter(line["status"] for line in lines)
    assert statuses["operating"] > len(lines) / 2
    assert statuses["idle"] and statuses["rectifying"] and statuses["exited"]


def test_about_three_percent_of_line_cells_are_unknown() -> None:
    _, lines = province()
    cells = [v for line in lines for v in line.values()]
    assert 0.01 < sum(v is None for v in cells) / len(cells) < 0.08


# ─── geography ─────────────────────────────────────────────────────────────────


def test_all_16_cities_appear() -> None:
    enterprises, _ = province()
    assert {e["city"] for e in enterprises} == set(schema.CITIES)


def test_all_11_industries_appear() -> None:
    enterprises, lines = province()
    assert {e["industry"] for e in enterprises} == set(schema.INDUSTRY_BY_CODE)
    assert {line["equipment"] for line in lines} == set(schema.EQUIPMENT_BY_CODE)


def test_blast_furnaces_stand_mostly_in_rizhao_linyi_and_jinan() -> None:
    enterprises, lines = province()
    owner = _enterprise_of(enterprises)
    cities = Counter(owner[x["credit_code"]]["city"] for x in lines
                     if x["equipment"] == "blast_furnace")  # fmt: skip
    assert (cities["日照"] + cities["临沂"] + cities["济南"]) / cities.total() > 0.5


def test_large_blast_furnaces_dominate() -> None:
    _, lines = province()
    volumes = [x["volume_m3"] for x in lines
               if x["equipment"] == "blast_furnace" and x.get("volume_m3") is not None]  # fmt: skip
    assert sum(v >= 1080 for v in volumes) / len(volumes) > 0.6
    assert max(volumes) <= 5100


def test_coal_mines_lie_only_in_jining_taian_zaozhuang_and_heze() -> None:
    enterprises, _ = province()
    mines = {e["city"] for e in enterprises if e["industry"] == "coal_mine"}
    assert mines <= {"济宁", "泰安", "枣庄", "菏泽"}


def test_some_mines_are_deeper_than_1000_m_with_rock_bursts() -> None:
    _, lines = province()
    assert any((x.get("depth_m") or 0) > 1000 and x.get("rock_burst") for x in lines)


def test_yulong_consolidation_flags_only_refineries_of_dongying_and_binzhou() -> None:
    enterprises, lines = province()
    owner = _enterprise_of(enterprises)
    flagged = [x for x in lines if x.get("yulong_consolidation")]
    assert flagged
    assert {owner[x["credit_code"]]["city"] for x in flagged} <= {"东营", "滨州"}


# ─── the rulebook's cases ──────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("key", "value"),
    [("volume_m3", 400.0), ("nominal_t", 30.0), ("diameter_m", 3.2), ("coal_g_kwh", 304.0),
     ("chamber_height_m", 5.5), ("chamber_height_m", 4.3), ("unit_mw", 350.0)],
)  # fmt: skip
def test_some_lines_sit_exactly_at_a_threshold(key: str, value: float) -> None:
    _, lines = province()
    assert any(x.get(key) == value for x in lines)


def test_some_clinker_lines_sit_exactly_at_2500_tonnes_a_day() -> None:
    _, lines = province()
    assert any(x["equipment"] == "clinker_line" and x.get("capacity") == 2500 for x in lines)


@cache
def _tally() -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Per rule, over the demo's lines and enterprises: fails, exemptions, and judgements."""
    enterprises, lines = province()
    result = engine.assess(Ledger.from_records(enterprises, lines), rulebook.default())
    failed: Counter[str] = Counter()
    exempt: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    findings = [f for v in result.lines for f in v.findings]
    findings += [f for e in result.enterprises for f in e.findings
                 if rulebook.default().rule(f.rule_id).enterprise_only]  # fmt: skip
    for f in findings:
        judged[f.rule_id] += 1
        failed[f.rule_id] += f.result == "fail"
        exempt[f.rule_id] += f.result == "exempt"
    return failed, exempt, judged


def test_every_rule_of_the_rulebook_is_failed_somewhere_in_a_demo_of_3000_lines() -> None:
    failed, _, _ = _tally()
    never = [r.id for r in rulebook.default().rules if not failed[r.id]]
    assert never == []


def test_every_exemption_of_the_rulebook_is_used_somewhere() -> None:
    _, exempt, _ = _tally()
    unused = [r.id for r in rulebook.default().rules if r.exempt_if and not exempt[r.id]]
    assert unused == []


def test_most_enterprises_pass_each_efficiency_figure_but_a_minority_fail() -> None:
    failed, _, judged = _tally()
    for rule in rulebook.default().rules:
        if rule.standard == "efficiency" and isinstance(rule.fails_if, Leaf):
            share = failed[rule.id] / judged[rule.id]
            assert 0.05 < share < 0.45, (rule.id, share)


# ─── cities ────────────────────────────────────────────────────────────────────


def test_the_cities_file_has_16_cities_whose_county_codes_share_the_city_prefix() -> None:
    cities = load_cities()
    assert [c.name for c in cities] == list(schema.CITIES)
    for c in cities:
        assert len(c.code) == 6 and c.code.endswith("00")
        assert c.counties
        assert all(county.code[:4] == c.code[:4] for county in c.counties)
    assert sum(len(c.counties) for c in cities) == 136


def test_laiwu_and_gangcheng_belong_to_jinan() -> None:
    assert city("济南").county("莱芜区").code == "370116"
    assert city("济南市").county("钢城区").code == "370117"


def test_the_seven_corridor_cities_are_flagged() -> None:
    corridor = {c.name for c in load_cities() if c.corridor}
    assert corridor == {"济南", "淄博", "济宁", "德州", "聊城", "滨州", "菏泽"}


@pytest.mark.parametrize(
    ("city_name", "county", "expected"),
    [("淄博", None, True), ("淄博", "张店区", True), ("济南", "历下区", True),
     ("济南", "钢城区", False), ("济南", "莱芜区", False), ("青岛", None, False),
     ("青岛", "黄岛区", False), ("日照", "岚山区", False), ("菏泽市", None, True)],
)  # fmt: skip
def test_is_corridor_excludes_laiwu_and_gangcheng(
    city_name: str, county: str | None, expected: bool
) -> None:
    assert is_corridor(city_name, county) is expected


def test_an_unknown_city_is_refused() -> None:
    with pytest.raises(KeyError):
        city("北京")


# ─── plausibility at the size of `make run` (10,000 lines, seed 1) ──────────────
#
# Bounds a Shandong official would accept at a glance; figures outside them (791 % of a
# target, 507 亿千瓦时 for one enterprise, 1,853 亿元 of surcharges) read as wrong data.


@cache
def default_province() -> Records:
    return demo.generate(10000, 1)


@cache
def default_progress() -> list[progress_mod.Progress]:
    return progress_mod.progress(Ledger.from_records(*default_province()), PLAN_END)


PLAN_END = dt.date(2022, 12, 31)


def test_no_target_of_the_default_demo_is_completed_beyond_150_percent() -> None:
    found = {p.target.id: round(p.percent, 1) for p in default_progress()}
    assert {k: v for k, v in found.items() if v > 150} == {}


def test_the_default_demo_lands_near_the_plans_targets() -> None:
    percents = sorted(p.percent for p in default_progress())
    assert 85 <= percents[len(percents) // 2] <= 110  # the median target
    assert sum(50 <= p <= 130 for p in percents) >= 0.9 * len(percents)
    assert any(p < 100 for p in percents) and any(p >= 100 for p in percents)


def test_some_cities_exit_all_their_planned_lines_and_some_fall_behind() -> None:
    enterprises, lines = default_province()
    owner = _enterprise_of(enterprises)
    planned: Counter[str] = Counter()
    exited: Counter[str] = Counter()
    for line in lines:
        if line.get("exit_deadline") is not None and line["exit_deadline"] <= PLAN_END:
            city_name = owner[line["credit_code"]]["city"]
            planned[city_name] += 1
            exited[city_name] += line["status"] == "exited"
    shares = {c: exited[c] / planned[c] for c in planned}
    assert max(shares.values()) >= 0.95
    assert min(shares.values()) <= 0.85


def test_exits_of_the_default_demo_fall_in_2021_and_2022() -> None:
    _, lines = default_province()
    dates = [x["exited_on"] for x in lines if x.get("exited_on") is not None]
    assert {d.year for d in dates} == {2021, 2022}


def test_no_enterprise_uses_more_electricity_than_a_big_steel_works() -> None:
    enterprises, _ = default_province()
    uses = [e["electricity_kwh"] for e in enterprises if e.get("electricity_kwh") is not None]
    assert max(uses) <= 6e9  # 60 亿千瓦时: Shandong's largest works use a few tens of 亿
    # Shandong used about 6,940 亿千瓦时 in all in 2020 (estimate); these industries, less.
    assert 1e11 <= sum(uses) <= 5e11


def test_energy_staff_land_and_taxes_are_of_a_real_provinces_size() -> None:
    enterprises, _ = default_province()

    def total(key: str) -> float:
        return sum(e[key] for e in enterprises if e.get(key) is not None)

    assert total("energy_tce") <= 4.5e8  # Shandong's whole energy use: about 4.2 亿吨标煤
    assert max(e.get("employees") or 0 for e in enterprises) <= 120_000  # a 煤业集团
    assert max(e.get("land_area_mu") or 0 for e in enterprises) <= 60_000
    for e in enterprises:
        if e.get("tax_10k_yuan") is not None and e.get("revenue_10k_yuan") is not None:
            assert e["tax_10k_yuan"] < 0.5 * e["revenue_10k_yuan"], e["name"]


def test_province_surcharges_of_the_default_demo_stay_within_tens_of_yi_yuan() -> None:
    report = pricing.compute(Ledger.from_records(*default_province()))
    total = report.total.electricity + report.total.water
    assert 1e9 <= total <= 2.5e10  # 10 亿元 to 250 亿元 a year, for the whole province
    largest = max((s.electricity.amount or 0.0) for s in report.enterprises)
    assert largest <= 3e9  # 30 亿元: half a yuan on the largest works' use
