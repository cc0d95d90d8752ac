"""The rulebook file: complete against the plan, and guarded against broken edits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from resolute.core import rulebook, schema
from resolute.core.rulebook import RulebookError

BOOK = rulebook.default()
RAW: dict[str, Any] = yaml.safe_load(rulebook.DEFAULT_PATH.read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    """The plan without the PDF's line breaks and spacing, and without the stray links."""
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"\s+", "", text)


def _standards_section(seed_text: str) -> str:
    flat = _flat(seed_text)
    return flat[flat.index("（二）行业标准") : flat.index("（三）重点任务")]


def test_every_standard_code_and_document_number_of_the_plan_is_cited(seed_text: str) -> None:
    section = _standards_section(seed_text)
    codes = set(re.findall(r"（((?:DB37/|GB\d)[^（）]*?)）", section))
    codes |= set(re.findall(r"（([^（）]*?〔\d{4}〕\d+号)）", section))
    codes |= set(re.findall(r"国家安全生产监督管理总局令第\d+号", section))
    cited = {code for r in BOOK.rules for code in r.documents}
    assert len(codes) >= 38
    assert codes - cited == set()


def test_every_cited_code_is_written_as_in_the_plan(seed_text: str) -> None:
    flat = _flat(seed_text)
    for code in BOOK.documents:
        assert code in flat, code


def test_every_rule_wording_is_the_plans_own(seed_text: str) -> None:
    flat = _flat(seed_text)
    for rule in BOOK.rules:
        # "……" marks words of the plan left out between two quoted parts.
        position = 0
        for part in _flat(rule.wording).split("……"):
            found = flat.find(part, position)
            assert found >= 0, f"{rule.id}: {part}"
            position = found + len(part)


def test_every_threshold_in_a_rule_appears_in_its_wording() -> None:
    for rule in BOOK.rules:
        for leaf in rulebook.leaves(rule.fails_if):
            if isinstance(leaf.value, int | float) and not isinstance(leaf.value, bool):
                if leaf.capacity_class:
                    continue  # a class read through capacity_classes, e.g. 30 万千瓦级
                written = rule.wording.replace(" ", "").replace("超千米", "超1000")
                assert f"{leaf.value:g}" in written, rule.id


def test_all_eleven_industries_have_all_their_standards() -> None:
    for industry in schema.INDUSTRIES:
        standards = {r.standard for r in BOOK.for_industry(industry.code)}
        expected = set(rulebook.STANDARDS)
        if industry.code == "pesticide":
            expected -= {"energy"}  # 二(二)8(3) names no energy standard
        if industry.code in ("chlor_alkali", "ammonia", "pesticide", "synthetic_material"):
            expected |= {"procedures"}  # 二(三)8 手续不齐备且无法完善的化工企业
        assert standards == expected, industry.code


def test_every_equipment_is_covered_by_a_technology_or_determination_rule() -> None:
    covered = {eq for r in BOOK.rules for eq in r.equipment}
    assert covered == set(schema.EQUIPMENT_BY_CODE)


def test_the_equipment_requirements_of_the_key_tasks_are_rules() -> None:
    clauses = {r.id: r.clause for r in BOOK.rules}
    assert clauses["tyre.technology.mixer_closed_feed"] == "二(三)6"
    assert clauses["tyre.technology.vulcanizer_nitrogen"] == "二(三)6"


def test_local_standards_govern_where_a_national_one_covers_the_same_thing() -> None:
    steel = BOOK.rule("steel.energy")
    assert [(p.governs, p.over) for p in steel.precedence] == [("DB37/750-2015", "GB21256-2013")]


def test_the_version_changes_with_the_content(tmp_path: Path) -> None:
    changed = rulebook.DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "value: 400}", "value: 450}"
    )
    path = tmp_path / "rulebook.yaml"
    path.write_text(changed, encoding="utf-8")
    assert rulebook.load(path).full_version != BOOK.full_version
    assert rulebook.load(path).version == BOOK.version


def _broken(tmp_path: Path, edit: Any) -> Path:
    raw = yaml.safe_load(rulebook.DEFAULT_PATH.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _rule(raw: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in raw["rules"] if r["id"] == rule_id)


BROKEN = [
    (
        "unknown field",
        lambda raw: _rule(raw, "steel.technology.bof_nominal")["fails_if"].update(
            field="nominal_tons"
        ),
        "未知字段“nominal_tons”",
    ),
    (
        "enum value",
        lambda raw: _rule(raw, "coking.technology.indigenous")["fails_if"].update(value="earthen"),
        "“earthen”不是 “焦炉炉型” 的可选值",
    ),
    (
        "numeric op on bool",
        lambda raw: _rule(raw, "steel.technology.layout")["fails_if"].update(op="lt"),
        "“小于”须用于数值字段",
    ),
    (
        "equipment of another industry",
        lambda raw: _rule(raw, "cement.technology.mill_3_0").update(equipment=["coke_oven"]),
        "装置“焦炉”不属于行业“水泥”",
    ),
    (
        "missing citation clause",
        lambda raw: _rule(raw, "steel.technology.eaf_nominal").pop("clause"),
        "条款：缺少此项",
    ),
    (
        "uncited document",
        lambda raw: _rule(raw, "steel.environment")["documents"].append("DB37/000-2000"),
        "文件“DB37/000-2000”不在文件目录中",
    ),
    (
        "missing precedence",
        lambda raw: _rule(raw, "coking.environment").pop("precedence"),
        "须写明以哪个为准",
    ),
    ("duplicate id", lambda raw: raw["rules"].append(dict(raw["rules"][0])), "编号重复"),
    (
        "both kinds",
        lambda raw: _rule(raw, "steel.safety").update(
            fails_if={"field": "capacity", "op": "lt", "value": 1}
        ),
        "有且只有一个",
    ),
]


@pytest.mark.parametrize(("case", "edit", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rulebook_names_the_file_and_the_entry(
    tmp_path: Path, case: str, edit: Any, message: str
) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(RulebookError) as info:
        rulebook.load(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert info.value.entry != ""


def test_a_broken_entry_is_named_by_its_id(tmp_path: Path) -> None:
    path = _broken(
        tmp_path, lambda raw: _rule(raw, "steel.technology.eaf_nominal").update(standard="beauty")
    )
    with pytest.raises(RulebookError) as info:
        rulebook.load(path)
    assert "steel.technology.eaf_nominal" in info.value.entry


def test_unreadable_and_invalid_yaml_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="无法读取"):
        rulebook.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="不是有效的 YAML"):
        rulebook.load(bad)


def _reading_of(wording: str, field: str) -> str:
    """The comparison the plan's words call for (assessment.md, "Reading thresholds")."""
    if field in BOOK.figures:
        return "lt"  # an efficiency figure fails below it; equal passes
    if "及以下" in wording:
        return "le"
    if "不低于" in wording or "不得低于" in wording or "不得小于" in wording:
        return "lt"  # a floor: the rule fails below it
    if "以下" in wording or "小于" in wording or "不满" in wording:
        return "lt"
    if "高于" in wording or "超过" in wording or "超" in wording:
        return "gt"
    raise AssertionError(f"no reading for {wording!r}")


def test_every_numeric_threshold_is_read_as_its_wording_says() -> None:
    checked = 0
    for rule in BOOK.rules:
        for leaf in rulebook.leaves(rule.fails_if):
            numeric = isinstance(leaf.value, int | float) and not isinstance(leaf.value, bool)
            if not numeric or leaf.field in BOOK.aggregates or leaf.field == "mine_loss_years":
                continue
            assert leaf.op == _reading_of(rule.wording, leaf.field), rule.id
            checked += 1
    assert checked >= 40


def test_enterprise_capacity_thresholds_of_tyres_read_below_as_less_than() -> None:
    for rule_id in (
        "tyre.technology.all_steel_enterprise_120",
        "tyre.technology.semi_steel_enterprise_500",
    ):
        measure = BOOK.rule(rule_id).measure
        assert measure is not None and measure.op == "lt"
        assert "以下" in BOOK.rule(rule_id).wording and "及以下" not in BOOK.rule(rule_id).wording
