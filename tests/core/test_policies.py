"""Policy data sets as versions: parsing with the loaders' checks, writing back, histories
and the versions in force on a date, and the entry-by-entry diff."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml

from resolute.core import policies, rulebook
from resolute.core.policies import DATASETS, History, PolicyError, PolicySet

BF_RULE = "steel.technology.blast_furnace_volume"
BF_LINE = "    fails_if: {field: volume_m3, op: le, value: 400}\n"


def successor(dataset: str, label: str, effective: str, *edits: tuple[str, str]) -> str:
    """The bundled text of ``dataset`` as version ``label`` from ``effective``, edited."""
    text = policies.bundled(dataset).text
    text = text.replace('version: "2021.1"', f'version: "{label}"', 1)
    text = text.replace("  effective: 2021-01-01", f"  effective: {effective}", 1)
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def tightened(label: str = "2023.1", effective: str = "2023-01-01") -> policies.Version:
    return policies.parse(
        "rulebook",
        successor("rulebook", label, effective,
                  (BF_LINE, BF_LINE.replace("value: 400", "value: 1200"))),
    )  # fmt: skip


# ─── the bundled versions ────────────────────────────────────────────────────


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_bundled_file_states_a_complete_version_2021_1(dataset: str) -> None:
    version = policies.bundled(dataset)
    info = version.info
    assert info.label == "2021.1"
    assert info.effective == dt.date(2021, 1, 1)
    assert info.doc_title and info.publisher
    assert info.missing() == []
    # The date or number that was not found is said to be so, not left silently blank.
    if not info.doc_number or info.doc_date is None:
        assert "未查到" in info.note


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_bundled_text_is_kept_verbatim_with_the_loaders_digest(dataset: str) -> None:
    version = policies.bundled(dataset)
    path = policies._PATHS[dataset]
    assert version.text.encode("utf-8") == path.read_bytes()
    assert version.content.digest == version.digest == policies.digest_of(version.text)


def test_the_bundled_rulebook_is_the_one_the_program_loads() -> None:
    assert policies.bundled("rulebook").content.full_version == rulebook.default().full_version


# ─── parse: the loaders' checks, in Chinese, as one error type ───────────────


def test_a_comparison_the_loader_rejects_is_refused_naming_the_rule_and_field() -> None:
    text = successor("rulebook", "2023.1", "2023-01-01",
                     (BF_LINE, BF_LINE.replace("op: le", "op: about")))  # fmt: skip
    with pytest.raises(PolicyError) as caught:
        policies.parse("rulebook", text)
    [problem] = caught.value.problems
    assert BF_RULE in problem and "fails_if" in problem and "应为" in problem


def test_a_rule_without_its_clause_is_refused() -> None:
    text = successor("rulebook", "2023.1", "2023-01-01",
                     (BF_LINE + "    clause: 二(二)1\n", BF_LINE + '    clause: ""\n'))  # fmt: skip
    with pytest.raises(PolicyError) as caught:
        policies.parse("rulebook", text)
    assert caught.value.problems == [f"条目 rules {BF_RULE}：缺少条款（clause）"]


def test_a_rule_with_no_clause_key_at_all_is_refused_by_the_loader() -> None:
    text = successor("rulebook", "2023.1", "2023-01-01",
                     (BF_LINE + "    clause: 二(二)1\n", BF_LINE))  # fmt: skip
    with pytest.raises(PolicyError) as caught:
        policies.parse("rulebook", text)
    assert "条款：缺少此项" in caught.value.problems[0] and "缺少此项" in caught.value.problems[0]


def test_a_rate_without_its_document_is_refused() -> None:
    text = successor("pricing", "2023.1", "2023-01-01",
                     ("    document: 发改价格〔2016〕2803号\n", '    document: ""\n'))  # fmt: skip
    with pytest.raises(PolicyError) as caught:
        policies.parse("pricing", text)
    assert caught.value.problems == [
        "条目 electricity steel_eliminated：缺少文件（document）或出处（source）"
    ]


def test_text_that_is_not_yaml_is_refused_in_chinese() -> None:
    with pytest.raises(PolicyError, match="不是有效的 YAML"):
        policies.parse("targets", "rules: [unclosed")


def test_an_unknown_data_set_is_refused() -> None:
    with pytest.raises(PolicyError, match="没有名为 tariffs 的政策数据集"):
        policies.parse("tariffs", "version: '1'")


def test_a_version_block_with_a_bad_date_is_refused() -> None:
    text = successor("evaluation", "2023.1", "2023-02-30")
    with pytest.raises(PolicyError, match="生效日期“2023-02-30”不是存在的日期"):
        policies.parse("evaluation", text)
    text = successor("evaluation", "2023.1", "2023-01-01").replace(
        "  effective: 2023-01-01", "  effective: 明年", 1
    )
    with pytest.raises(PolicyError) as caught:
        policies.parse("evaluation", text)
    assert caught.value.problems == ["条目 issued.effective：应为日期 YYYY-MM-DD"]


# ─── dump ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_edited_content_written_out_reads_back_the_same(dataset: str) -> None:
    bundled = policies.bundled(dataset)
    text = policies.dump(dataset, bundled.content)
    again = policies.parse(dataset, text)
    exclude = policies._DERIVED[dataset]
    assert again.content.model_dump(exclude=exclude) == bundled.content.model_dump(exclude=exclude)
    # … and a dict (what a form edits) round-trips as a dict, keys in their order.
    assert policies.parse(dataset, policies.dump(dataset, bundled.raw)).raw == bundled.raw
    assert list(yaml.safe_load(policies.dump(dataset, bundled.raw))) == list(bundled.raw)


def test_dump_keeps_chinese_as_written_and_a_version_keeps_its_own_text() -> None:
    bundled = policies.bundled("classes")
    assert "亩产效益" in policies.dump("classes", bundled.raw)
    assert policies.dump("classes", bundled) == bundled.text


def test_with_info_sets_the_version_block_first() -> None:
    raw = policies.bundled("evaluation").raw
    info = policies.VersionInfo("evaluation", "2023.1", dt.date(2023, 1, 1),
                                "鲁政办字〔2023〕1号", "新办法", dt.date(2022, 12, 1), "省政府")  # fmt: skip
    data = policies.with_info("evaluation", raw, info)
    assert list(data)[:2] == ["version", "issued"]
    assert list(data)[2:] == [k for k in raw if k not in ("version", "issued")]
    version = policies.parse("evaluation", policies.dump("evaluation", data))
    assert version.info == info


# ─── histories ────────────────────────────────────────────────────────────────


def test_the_version_in_force_changes_on_its_effective_date_not_a_day_before() -> None:
    newer = tightened()
    history = History("rulebook", [policies.bundled("rulebook"), newer])
    assert history.in_force(dt.date(2022, 12, 31)).label == "2021.1"
    assert history.in_force(dt.date(2023, 1, 1)).label == "2023.1"
    assert history.in_force(dt.date(2030, 1, 1)).label == "2023.1"
    assert history.by_label("2021.1").label == "2021.1"
    assert history.labels() == ["2021.1", "2023.1"]


def test_before_the_first_version_nothing_is_in_force_and_it_says_so() -> None:
    history = History("rulebook", [policies.bundled("rulebook")])
    assert history.in_force(dt.date(2021, 1, 1)).label == "2021.1"
    with pytest.raises(PolicyError, match="规则库在 2020-12-31 没有生效的版本"):
        history.in_force(dt.date(2020, 12, 31))


def test_the_later_of_two_versions_with_the_same_date_applies() -> None:
    a, b = tightened("2023.1"), tightened("2023.2")
    history = History("rulebook", [policies.bundled("rulebook"), a, b])
    assert history.in_force(dt.date(2023, 6, 1)).label == "2023.2"


def test_a_version_without_an_effective_date_is_never_in_force() -> None:
    draft = tightened("2023.9")
    undated = policies.Version(
        info=policies.VersionInfo("rulebook", "2023.9"), text=draft.text, digest=draft.digest,
        content=draft.content, raw=draft.raw,
    )  # fmt: skip
    history = History("rulebook", [policies.bundled("rulebook"), undated])
    assert history.in_force(dt.date(2024, 1, 1)).label == "2021.1"
    assert history.by_label("2023.9") is undated


def test_a_label_used_twice_or_a_missing_label_is_refused() -> None:
    with pytest.raises(PolicyError, match=re.escape("版本号重复：2021.1")):
        History("rulebook", [policies.bundled("rulebook"), policies.bundled("rulebook")])
    with pytest.raises(PolicyError, match=re.escape("没有版本 1999.1")):
        History("rulebook", [policies.bundled("rulebook")]).by_label("1999.1")


def test_a_policy_set_records_the_label_of_every_data_set() -> None:
    hist = policies.histories([tightened()])
    before = policies.in_force(hist, dt.date(2022, 12, 31))
    after = policies.in_force(hist, dt.date(2023, 1, 1))
    assert before.record() == dict.fromkeys(DATASETS, "2021.1")
    assert after.record() == {**dict.fromkeys(DATASETS, "2021.1"), "rulebook": "2023.1"}
    assert after.rulebook.rule(BF_RULE).fails_if == rulebook.Leaf(
        field="volume_m3", op="le", value=1200
    )
    assert isinstance(after.replace(policies.bundled("rulebook")), PolicySet)
    assert after.replace(policies.bundled("rulebook")).record()["rulebook"] == "2021.1"


def test_version_files_in_a_directory_are_read_by_their_names(tmp_path: Any) -> None:
    (tmp_path / "rulebook-2023.1.yaml").write_text(tightened().text, encoding="utf-8")
    [version] = policies.read_dir(tmp_path)
    assert version.dataset == "rulebook" and version.label == "2023.1"
    (tmp_path / "notes.yaml").write_text("a: 1", encoding="utf-8")
    with pytest.raises(PolicyError, match=re.escape("文件 notes.yaml：无法从文件名判断")):
        policies.read_dir(tmp_path)


# ─── diff ─────────────────────────────────────────────────────────────────────


def test_no_change_no_diff() -> None:
    for dataset in DATASETS:
        bundled = policies.bundled(dataset)
        assert policies.diff(dataset, bundled, policies.parse(dataset, bundled.text)) == []


def test_a_tightened_threshold_shows_old_and_new_with_its_clause() -> None:
    changes = policies.diff("rulebook", policies.bundled("rulebook"), tightened())
    assert [(c.section, c.field) for c in changes] == [
        ("version", "label"),
        ("version", "effective"),
        ("rules", "fails_if"),
    ]
    rule = changes[-1]
    assert rule.entry == BF_RULE and rule.kind == "changed"
    assert (rule.old, rule.new) == ("有效容积 ≤ 400 立方米", "有效容积 ≤ 1200 立方米")
    assert rule.clause == "二(二)1" and rule.entry_label == "400 立方米及以下炼铁高炉"
    assert rule.field_label == "不达标条件（门槛）"


def test_an_operator_a_wording_and_a_citation_change_each_show() -> None:
    new = policies.parse("rulebook", successor(
        "rulebook", "2023.1", "2023-01-01",
        (BF_LINE + "    clause: 二(二)1\n    wording: 400 立方米及以下炼铁高炉\n",
         BF_LINE.replace("op: le", "op: lt") + "    clause: 二(二)2\n    wording: 400 立方米以下炼铁高炉\n"),
    ))  # fmt: skip
    changes = [c for c in policies.diff("rulebook", policies.bundled("rulebook"), new)
               if c.section == "rules"]  # fmt: skip
    assert [c.field for c in changes] == ["fails_if", "clause", "wording"]
    assert "≤ 400" in changes[0].old and "< 400" in changes[0].new
    assert (changes[1].old, changes[1].new) == ("二(二)1", "二(二)2")
    assert all(c.clause == "二(二)2" for c in changes)  # the new version's clause


def test_an_added_and_a_removed_rule() -> None:
    old_text = policies.bundled("rulebook").text
    start = old_text.index(f"  - id: {BF_RULE}\n")
    end = old_text.index("  - id: steel.technology.bof_nominal\n")
    block = old_text[start:end]
    removed = policies.parse("rulebook", successor("rulebook", "2023.1", "2023-01-01", (block, "")))
    added_block = block.replace(BF_RULE, "steel.technology.blast_furnace_volume_2023")
    both = policies.parse(
        "rulebook", successor("rulebook", "2023.1", "2023-01-01", (block, added_block))
    )
    [gone] = [c for c in policies.diff("rulebook", policies.bundled("rulebook"), removed)
              if c.section == "rules"]  # fmt: skip
    assert (gone.kind, gone.entry, gone.clause) == ("removed", BF_RULE, "二(二)1")
    assert "400 立方米及以下炼铁高炉" in gone.old and gone.new == ""
    kinds = [(c.kind, c.entry) for c in policies.diff("rulebook", policies.bundled("rulebook"), both)
             if c.section == "rules"]  # fmt: skip
    assert kinds == [("added", "steel.technology.blast_furnace_volume_2023"), ("removed", BF_RULE)]


def test_a_target_value_and_deadline_and_a_rate_change() -> None:
    targets_text = policies.bundled("targets").text
    first_deadline = next(
        line for line in targets_text.splitlines() if line.startswith("    deadline: ")
    )
    new_targets = policies.parse("targets", successor(
        "targets", "2023.1", "2023-01-01", (first_deadline + "\n", "    deadline: 2023-12-31\n")))  # fmt: skip
    [change] = [c for c in policies.diff("targets", policies.bundled("targets"), new_targets)
                if c.section != "version"]  # fmt: skip
    assert change.section == "obligations" and change.field == "deadline"
    assert change.new == "2023-12-31" and change.old == first_deadline.split(": ")[1]
    assert change.clause

    new_pricing = policies.parse("pricing", successor(
        "pricing", "2023.1", "2023-01-01", ("rate: 0.5", "rate: 0.6")))  # fmt: skip
    [rate] = [c for c in policies.diff("pricing", policies.bundled("pricing"), new_pricing)
              if c.section != "version"]  # fmt: skip
    assert (rate.entry, rate.field) == ("steel_eliminated", "rates")
    assert "0.5" in rate.old and "0.6" in rate.new and "2803号" in rate.citation
