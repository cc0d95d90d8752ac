"""The targets file: every target of the plan, in the plan's own words, guarded against edits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from resolute.core import targets
from resolute.core.targets import TargetsError

BOOK = targets.default()
TOP = "一二三四五"
SUB = "一二三四"


def _flat(text: str) -> str:
    """The plan without the PDF's line breaks and spacing, and without the stray links."""
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"\s+", "", text)


def _item(text: str, number: int, start: int) -> int:
    """Where item ``number.`` starts at or after ``start`` (not a decimal such as 1.1万亿元)."""
    found = re.compile(rf"(?<![\d./]){number}\.(?=\D)").search(text, start)
    return found.start() if found else -1


def section(flat: str, clause: str) -> str:
    """The text of a clause as the plan numbers it: 二, 二(三), 二(三)1, 三(二)2(1)."""
    parts = re.fullmatch(r"([一二三四五])(?:\(([一二三四])\))?(\d+)?(?:\((\d+)\))?", clause)
    assert parts, f"not a clause of the plan: {clause}"
    top, sub, item, subitem = parts.groups()
    headings = [flat.index(f"{t}、", flat.index("（2021—2022年）")) for t in TOP]
    i = TOP.index(top)
    text = flat[headings[i] : headings[i + 1] if i + 1 < len(headings) else len(flat)]
    if sub:
        start = text.index(f"（{sub}）")
        following = SUB[SUB.index(sub) + 1 :]
        ends = [text.find(f"（{s}）", start) for s in following[:1]]
        text = text[start : ends[0] if ends and ends[0] > 0 else len(text)]
    if item:
        n = int(item)
        start = _item(text, n, 0)
        assert start >= 0, clause
        end = _item(text, n + 1, start)
        text = text[start : end if end > 0 else len(text)]
    if subitem:
        n = int(subitem)
        start = text.index(f"（{n}）")
        end = text.find(f"（{n + 1}）", start)
        text = text[start : end if end > 0 else len(text)]
    return text


def _in_order(words: str, text: str) -> bool:
    # "……" marks words of the plan left out between two quoted parts.
    position = 0
    for part in _flat(words).split("……"):
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def test_the_file_loads_with_every_target_of_the_plan() -> None:
    assert len(BOOK.targets) >= 80
    assert {t.clause[0] for t in BOOK.targets} == {"二", "三", "四", "五"}
    assert len({t.id for t in BOOK.targets}) == len(BOOK.targets)


def test_every_wording_is_the_plans_own_within_its_clause(seed_text: str) -> None:
    flat = _flat(seed_text)
    for entry in (*BOOK.targets, *BOOK.obligations):
        assert _in_order(entry.wording, section(flat, entry.clause)), entry.id


def test_every_responsibility_is_quoted_from_the_plan(seed_text: str) -> None:
    flat = _flat(seed_text)
    for t in BOOK.targets:
        if not t.responsibility:
            assert not t.lead and t.note, t.id  # the plan names nobody: say so
            continue
        where = flat if t.lead_inferred else section(flat, t.clause)
        assert _flat(t.responsibility) in where, t.id
        for name in (*t.lead, *t.supporting):
            assert name in t.responsibility, t.id


def test_a_lead_taken_from_elsewhere_is_marked_and_explained() -> None:
    inferred = [t for t in BOOK.targets if t.lead_inferred]
    assert inferred and all(t.note for t in inferred)
    assert BOOK.target("modern_agriculture.value_added.2022").lead == ("现代高效农业专班",)
    assert not BOOK.target("seed_industry.integrated_enterprises.2022").lead_inferred


def test_the_clause_section_reader_finds_the_plans_numbering(seed_text: str) -> None:
    flat = _flat(seed_text)
    assert section(flat, "二(三)1").startswith("1.钢铁行业。到2022年")
    assert section(flat, "四(二)1").startswith("1.新一代信息技术产业")
    assert "1.1万亿元" in section(flat, "四(二)1")
    assert section(flat, "三(二)2(3)").startswith("（3）农产品加工产业")
    assert section(flat, "五(一)").startswith("（一）强化责任落实")


CAPACITY_FIGURES = [
    ("steel.crude_steel.2021_2022.province", 2141, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.pig_iron.2021_2022.province", 2238, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.crude_steel.2021_2022.corridor", 1886, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.pig_iron.2021_2022.corridor", 1975, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.crude_steel.2021_2022.outside_corridor", 255, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.pig_iron.2021_2022.outside_corridor", 263, "万吨", "2021-01-01", "2022-12-31"),
    ("steel.crude_steel.2021.province", 465, "万吨", "2021-01-01", "2021-12-31"),
    ("steel.pig_iron.2021.province", 507, "万吨", "2021-01-01", "2021-12-31"),
    ("steel.crude_steel.2022.province", 1676, "万吨", "2022-01-01", "2022-12-31"),
    ("steel.pig_iron.2022.province", 1731, "万吨", "2022-01-01", "2022-12-31"),
    ("refining.enterprises.2021_2022", 6, "家", "2021-01-01", "2022-12-31"),
    ("refining.capacity.2021_2022", 1520, "万吨", "2021-01-01", "2022-12-31"),
    ("refining.enterprises.2021", 3, "家", "2021-01-01", "2021-12-31"),
    ("refining.capacity.2021", 780, "万吨", "2021-01-01", "2021-12-31"),
    ("refining.enterprises.2022", 3, "家", "2022-01-01", "2022-12-31"),
    ("refining.capacity.2022", 740, "万吨", "2022-01-01", "2022-12-31"),
    ("coking.capacity.2021", 180, "万吨", "2021-01-01", "2021-12-31"),
    ("coking.independent.2022", 115, "万吨", "2022-01-01", "2022-12-31"),
    ("coal_power.capacity.2021_2022", 350, "万千瓦", "2021-01-01", "2022-12-31"),
    ("coal_power.capacity.2021", 206.65, "万千瓦", "2021-01-01", "2021-12-31"),
    ("cement.clinker_below_2500.2022", 100, "%", "2021-01-01", "2022-12-31"),
    ("cement.clinker_2500.half.2022", 50, "%", "2021-01-01", "2022-12-31"),
    ("cement.clinker_2500.all.2024", 100, "%", "2021-01-01", "2024-12-31"),
    ("cement.mill_3_2.2022", 100, "%", "2021-01-01", "2022-12-31"),
    ("tyre.all_steel_small_enterprises.2022", 100, "%", "2021-01-01", "2022-12-31"),
    ("tyre.semi_steel_small_enterprises.2022", 100, "%", "2021-01-01", "2022-12-31"),
    ("coal_mine.small_mines.2021", 8, "处", "2021-01-01", "2021-12-31"),
    ("coal_mine.small_mines_capacity.2021", 240, "万吨", "2021-01-01", "2021-12-31"),
    ("coal_mine.deep_rock_burst.2021", 19, "处", "2021-01-01", "2021-12-31"),
    ("coal_mine.deep_rock_burst_capacity.2021", 3160, "万吨", "2021-01-01", "2021-12-31"),
]


@pytest.mark.parametrize(("target_id", "value", "unit", "start", "end"), CAPACITY_FIGURES)
def test_every_capacity_figure_of_the_key_tasks_is_a_measured_target(
    target_id: str, value: float, unit: str, start: str, end: str
) -> None:
    t = BOOK.target(target_id)
    assert (t.target, t.unit, t.clause[:4]) == (value, unit, "二(三)")
    assert (t.period.start.isoformat(), t.period.end.isoformat()) == (start, end)
    assert t.measure is not None
    number = f"{value:g}"
    assert number in t.wording or unit == "%" or "全部" in t.wording


def test_the_measured_targets_are_exactly_the_capacity_tasks_of_the_key_tasks() -> None:
    measured = {t.id for t in BOOK.measured()}
    assert {f[0] for f in CAPACITY_FIGURES} <= measured
    assert all(BOOK.target(i).clause.startswith("二(三)") for i in measured)
    assert BOOK.target("coking.coke_output").measure is None  # output, not in the ledger
    assert BOOK.target("coking.coke_output").comparison == "at_most"


def test_the_steel_scopes_split_the_province_at_the_corridor() -> None:
    corridor = BOOK.target("steel.crude_steel.2021_2022.corridor")
    outside = BOOK.target("steel.crude_steel.2021_2022.outside_corridor")
    assert (corridor.scope.area, outside.scope.area) == ("corridor", "outside_corridor")
    assert corridor.target is not None and outside.target is not None
    assert (
        corridor.target + outside.target
        == BOOK.target("steel.crude_steel.2021_2022.province").target
    )
    steel_making = corridor.measure
    assert steel_making is not None and "blast_furnace" not in steel_making.equipment
    assert BOOK.target("steel.pig_iron.2021.province").measure.equipment == ("blast_furnace",)  # type: ignore[union-attr]


GOALS = [
    ("traditional.value_added_growth", "三(一)", "at_least", 7, "%", "annual_average"),
    ("traditional.gdp_share.2022", "三(一)", "at_least", 20, "%", "once"),
    ("emerging.value_added_growth", "四(一)", "at_least", 9, "%", "annual_average"),
    ("emerging.gdp_share.2022", "四(一)", "at_least", 37, "%", "once"),
    ("high_end_chemicals.revenue.2022", "三(二)1", "at_least", 9500, "亿元", "once"),
    ("high_end_chemicals.park_rate.2022", "三(二)1", "at_least", 40, "%", "once"),
    ("livestock.output.2022", "三(二)2(2)", "about", 1500, "万吨", "once"),
    ("finance.value_added_share.2022", "三(二)5", "about", 6.5, "%", "once"),
    ("projects.provincial_key.yearly", "三(四)2", "at_least", 1000, "个", "yearly"),
    ("it.revenue.2022", "四(二)1", "at_least", 11000, "亿元", "once"),
    ("software.revenue_growth", "四(二)1(1)", "at_least", 10, "%", "annual_average"),
    ("fiveg.base_stations.2022", "四(二)1(3)", "at_least", 9, "万个", "once"),
    ("equipment.revenue.2022", "四(二)2", "at_least", 12000, "亿元", "once"),
    ("nev.charging_piles.2022", "四(二)3(2)", "at_least", 10, "万个", "once"),
    ("renewables.building_application.yearly", "四(二)3(1)", "at_least", 5200, "万平方米",
     "yearly"),
    ("materials.national_rank.2022", "四(二)4", "at_most", 3, "位", "once"),
    ("projects.emerging_share", "四(四)1", "at_least", 60, "%", "once"),
]  # fmt: skip


@pytest.mark.parametrize(("target_id", "clause", "comparison", "value", "unit", "freq"), GOALS)
def test_industry_goals_are_read_with_their_comparison_and_unit(
    target_id: str, clause: str, comparison: str, value: float, unit: str, freq: str
) -> None:
    t = BOOK.target(target_id)
    assert (t.clause, t.comparison, t.target, t.unit, t.period.frequency) == (
        clause, comparison, value, unit, freq,
    )  # fmt: skip


def test_a_range_keeps_both_ends_and_no_single_figure() -> None:
    t = BOOK.target("it.hundred_billion_enterprises.2022")
    assert (t.comparison, t.target, t.value_min, t.value_max, t.unit) == ("range", None, 3, 5, "个")


def test_qualitative_targets_have_no_figure() -> None:
    for target_id in ("film.national_lead.2022", "ai.base.2022", "chemicals.closure_list"):
        t = BOOK.target(target_id)
        assert (t.comparison, t.target, t.measure) == ("qualitative", None, None)


def _reading(wording: str) -> set[str]:
    """The comparisons the plan's words allow (targets.md and the file's header)."""
    if re.search(r"(?<!\d)\d-\d(?!\d)", wording):
        return {"range"}
    if "左右" in wording or "稳定在" in wording:
        return {"about"}
    if "以内" in wording or "前三" in wording:
        return {"at_most"}
    return {"at_least", "all"}


def test_every_figure_is_compared_as_its_wording_says() -> None:
    checked = 0
    for t in BOOK.targets:
        if t.comparison in ("qualitative",) or (t.target is None and t.value_min is None):
            continue
        assert t.comparison in _reading(t.wording), t.id
        checked += 1
    assert checked >= 100


def test_the_supervision_duties_of_part_five_are_dated() -> None:
    plans = BOOK.target("supervision.city_plans")
    assert (plans.period.end.isoformat(), plans.target, plans.comparison) == (
        "2021-04-30", 16, "all",
    )  # fmt: skip
    assert BOOK.target("supervision.quarterly_bulletin").period.frequency == "quarterly"
    assert BOOK.target("supervision.annual_evaluation").period.frequency == "yearly"


def test_the_status_thresholds_say_they_are_the_softwares_defaults() -> None:
    rules = BOOK.status_rules
    assert "本软件的默认设置" in rules.note and "不是方案的规定" in rules.note
    assert [(r.status, r.basis, r.ratio) for r in rules.rules] == [
        ("met", "achieved", 1.0), ("on_track", "forecast", 1.0), ("at_risk", "forecast", 0.8),
    ]  # fmt: skip


def test_the_version_changes_with_the_content(tmp_path: Path) -> None:
    text = targets.DEFAULT_PATH.read_text(encoding="utf-8").replace("target: 2141", "target: 2142")
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    changed = targets.load(path)
    assert changed.full_version != BOOK.full_version
    assert changed.target("steel.crude_steel.2021_2022.province").target == 2142


def _broken(tmp_path: Path, edit: Any) -> Path:
    raw = yaml.safe_load(targets.DEFAULT_PATH.read_text(encoding="utf-8"))
    raw = json.loads(json.dumps(raw, default=str))  # entries no longer share YAML anchors
    edit(raw)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _target(raw: dict[str, Any], target_id: str) -> dict[str, Any]:
    return next(t for t in raw["targets"] if t["id"] == target_id)


def _task(raw: dict[str, Any], task_id: str) -> dict[str, Any]:
    return next(t for t in raw["obligations"] if t["id"] == task_id)


BROKEN = [
    (
        "unknown comparison",
        lambda raw: _target(raw, "it.revenue.2022").update(comparison="more"),
        "it.revenue.2022",
        "comparison",
    ),
    (
        "figure without unit",
        lambda raw: _target(raw, "it.revenue.2022").update(unit=""),
        "it.revenue.2022",
        "须写明单位",
    ),
    (
        "range without its ends",
        lambda raw: _target(raw, "it.hundred_billion_enterprises.2022").pop("value_max"),
        "it.hundred_billion_enterprises.2022",
        "须有 value_min 和 value_max",
    ),
    (
        "unknown measured equipment",
        lambda raw: _target(raw, "steel.pig_iron.2021.province")["measure"].update(
            equipment=["blast_oven"]
        ),
        "steel.pig_iron.2021.province",
        "未知装置 'blast_oven'",
    ),
    (
        "unit not the capacity unit",
        lambda raw: _target(raw, "coal_power.capacity.2021").update(unit="万吨"),
        "coal_power.capacity.2021",
        "不是装置 'coal_unit' 的产能单位",
    ),
    (
        "measure naming no task",
        lambda raw: _target(raw, "coking.capacity.2021")["measure"].update(task="coking.none"),
        "coking.capacity.2021",
        "'coking.none' 不是逐条任务",
    ),
    (
        "lead not as written",
        lambda raw: _target(raw, "high_end_chemicals.revenue.2022").update(lead=["省财政厅"]),
        "high_end_chemicals.revenue.2022",
        "不在方案原文的责任分工中",
    ),
    (
        "duplicate target",
        lambda raw: raw["targets"].append(dict(raw["targets"][0])),
        "steel.crude_steel.2021_2022.province",
        "目标编号重复",
    ),
    (
        "unknown field in a task",
        lambda raw: _task(raw, "cement.mill_3_2")["where"].update(field="diameter"),
        "cement.mill_3_2",
        "未知字段“diameter”",
    ),
    (
        "equipment of another industry",
        lambda raw: _task(raw, "coal_mine.up_to_30").update(equipment=["coke_oven"]),
        "coal_mine.up_to_30",
        "不属于行业 coal_mine",
    ),
    (
        "unknown aggregate",
        lambda raw: _task(raw, "tyre.all_steel_small_enterprise")["enterprise_total"].update(
            aggregate="tyres"
        ),
        "tyre.all_steel_small_enterprise",
        "'tyres' 不是规则库中的合计值",
    ),
    (
        "bad deadline",
        lambda raw: _task(raw, "coal_mine.up_to_30").update(deadline="end of 2021"),
        "coal_mine.up_to_30",
        "完成期限：应为日期",
    ),
]


@pytest.mark.parametrize(("case", "edit", "entry", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_targets_file_names_the_file_and_the_entry(
    tmp_path: Path, case: str, edit: Any, entry: str, message: str
) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(TargetsError) as info:
        targets.load(path)
    assert str(path) in str(info.value)
    assert entry in info.value.entry
    assert message in str(info.value)


def test_unreadable_and_invalid_yaml_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(TargetsError, match="无法读取"):
        targets.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets: [\n", encoding="utf-8")
    with pytest.raises(TargetsError, match="不是有效的 YAML"):
        targets.load(bad)
