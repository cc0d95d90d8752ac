"""A successor standard drafted in forms alone (issue #15): a new rule added from an existing
one, shown in the diff as new, reviewed, published and applied by an assessment after its
effective date; a rule removed; conditions, an exemption, precedence, limit values, retrofit
measures, rates and tiers added and removed — each refused, in Chinese and naming the part
and the field, when the loader would refuse it (a limit value without its source, a
comparison the field does not admit, a code already taken)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from policy_drafts import FURNACE_RULE, entry_of, fill_info, post_entry, second_admin

from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.policies import editing, lists, review
from resolute.web.policies.models import PolicyVersion

NEW_RULE = "steel.technology.blast_furnace_2023"


@pytest.fixture
def draft(client_for: Any) -> PolicyVersion:
    client_for("province").post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    return PolicyVersion.objects.get(label="2023.1")


def add_rule(client: Any, draft: PolicyVersion, code: str, template: str = FURNACE_RULE) -> Any:
    draft.refresh_from_db()
    return client.post(reverse("policies-entry-add", args=[draft.pk, "rules"]), {
        "add-rules-template": entry_of(draft, template).key, "add-rules-code": code,
        "add-rules-digest": draft.digest,
    }, follow=True)  # fmt: skip


def part_of(draft: PolicyVersion, ident: str, kind: str) -> tuple[editing.Entry, int, Any]:
    draft.refresh_from_db()
    entry = entry_of(draft, ident)
    found = lists.parts(draft.dataset, review.raw_of(draft), entry.key, _book(draft))
    index = next(i for i, p in enumerate(found) if p.kind == kind)
    return entry, index, found[index]


def _book(draft: PolicyVersion) -> Any:
    from resolute.web.policies.views import _book as book

    return book(draft)


def add_item(client: Any, draft: PolicyVersion, ident: str, kind: str,
             values: dict[str, str]) -> str:  # fmt: skip
    entry, index, _part = part_of(draft, ident, kind)
    data = {f"part{index}-{k}": v for k, v in values.items()}
    data[f"part{index}-digest"] = draft.digest
    url = reverse("policies-part-add", args=[draft.pk, entry.key, index])
    return client.post(url, data, follow=True).content.decode()


def remove_item(client: Any, draft: PolicyVersion, ident: str, kind: str, ref: str) -> str:
    entry, index, _part = part_of(draft, ident, kind)
    url = reverse("policies-part-remove", args=[draft.pk, entry.key, index])
    return client.post(url, {"item": ref, "digest": draft.digest}, follow=True).content.decode()


def content(draft: PolicyVersion) -> Any:
    draft.refresh_from_db()
    return draft.version().content


# ─── a new rule, from draft to assessment ────────────────────────────────────


def test_a_rule_added_in_forms_is_published_and_applied_after_its_date(
    client_for: Any, users: Any, draft: PolicyVersion
) -> None:
    client = client_for("province")
    page = add_rule(client, draft, NEW_RULE).content.decode()
    assert f"已新增规则 {NEW_RULE}" in page
    post_entry(client, draft, NEW_RULE, {"阈值": "2000", "原文表述": "2000 立方米及以下炼铁高炉"})
    rule = content(draft).rule(NEW_RULE)
    assert rule.fails_if.value == 2000 and rule.wording == "2000 立方米及以下炼铁高炉"
    assert content(draft).rule(FURNACE_RULE).fails_if.value == 400  # the template is unchanged

    _base, changes = review.changes(draft)
    added = [c for c in changes if c.entry == NEW_RULE]
    assert [(c.kind, c.kind_label) for c in added] == [("added", "新增")]
    assert "有效容积 ≤ 2000 立方米" in added[0].new
    html = client.get(reverse("policies-diff", args=[draft.pk])).content.decode()
    assert "2000 立方米及以下炼铁高炉" in html and "新增" in html

    fill_info(client, draft)
    client.post(reverse("policies-submit", args=[draft.pk]))
    reviewer = Client()
    reviewer.force_login(second_admin())
    start = dt.date(2023, 1, 1)
    reviewer.post(reverse("policies-approve", args=[draft.pk]), {"effective_from": start})
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.PUBLISHED

    def outcome(as_of: dt.date) -> tuple[str, list[str]]:
        run = start_run(users["province"], as_of=as_of)
        run.refresh_from_db()
        assert run.status == AssessmentRun.Status.DONE, run.message
        row = LineResult.objects.get(run=run, line_code="LY-BF-1")
        return row.outcome, [f.get("rule_id") or f.get("rule") for f in row.findings]

    before, rules_before = outcome(dt.date(2022, 12, 31))
    after, rules_after = outcome(start)
    assert NEW_RULE not in rules_before and NEW_RULE in rules_after
    assert before != "eliminate" and after == "eliminate"


def test_a_rule_code_already_taken_is_refused(client_for: Any, draft: PolicyVersion) -> None:
    before = draft.text
    page = add_rule(client_for("province"), draft, "steel.technology.bof_nominal")
    text = page.content.decode()
    assert "规则编号：已有编号为 steel.technology.bof_nominal 的规则，请换一个" in text
    draft.refresh_from_db()
    assert draft.text == before
    assert (
        "规则编号：应以字母开头"
        in add_rule(client_for("province"), draft, "新规则").content.decode()
    )


def test_a_rule_is_removed(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    entry = entry_of(draft, "steel.technology.iron_melting")
    page = client.post(reverse("policies-entry-remove", args=[draft.pk, entry.key]),
                       {"digest": draft.digest}, follow=True).content.decode()  # fmt: skip
    assert "已删除“化铁炼钢”" in page
    book = content(draft)
    assert "steel.technology.iron_melting" not in {r.id for r in book.rules}
    _base, changes = review.changes(draft)
    removed = [c for c in changes if c.kind == "removed"]
    assert [(c.entry, c.entry_label) for c in removed] == [
        ("steel.technology.iron_melting", "化铁炼钢")
    ]


# ─── conditions and exemptions ───────────────────────────────────────────────


def test_a_condition_is_added_and_removed(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    page = add_item(client, draft, FURNACE_RULE, "condition",
                    {"field": "volume_m3", "op": "gt", "value": "100"})  # fmt: skip
    assert "已新增判定条件" in page
    cond = content(draft).rule(FURNACE_RULE).fails_if
    assert [(c.field, c.op, c.value) for c in cond.all] == [("volume_m3", "le", 400),
                                                            ("volume_m3", "gt", 100)]  # fmt: skip
    _entry, _index, part = part_of(draft, FURNACE_RULE, "condition")
    assert [words for _ref, words in part.items] == [
        "有效容积 ≤ 400 立方米",
        "有效容积 > 100 立方米",
    ]
    remove_item(client, draft, FURNACE_RULE, "condition", "fails_if/all/0")
    cond = content(draft).rule(FURNACE_RULE).fails_if
    assert (cond.field, cond.op, cond.value) == ("volume_m3", "gt", 100)  # back to one comparison
    page = remove_item(client, draft, FURNACE_RULE, "condition", "fails_if")
    assert "判定条件：至少保留一项" in page


def test_a_comparison_the_field_does_not_admit_is_refused(client_for: Any,
                                                          draft: PolicyVersion) -> None:  # fmt: skip
    client = client_for("province")
    before = draft.text
    page = add_item(client, draft, FURNACE_RULE, "condition",
                    {"field": "in_steel_layout", "op": "lt", "value": "是"})  # fmt: skip
    assert (
        "判定条件（符合全省钢铁产业发展规划布局）：是/否项只能用“等于”或“不等于”比较，不能用“小于”"
        in page
    )
    page = add_item(client, draft, FURNACE_RULE, "condition",
                    {"field": "volume_m3", "op": "le", "value": "四百"})  # fmt: skip
    assert "判定条件（有效容积）：阈值：“四百”不是数字" in page
    page = add_item(client, draft, FURNACE_RULE, "condition",
                    {"field": "volume_m3", "op": "eq", "value": "400"})  # fmt: skip
    assert "数值只能用“小于”“不大于”“大于”或“不小于”比较，不能用“等于”" in page
    draft.refresh_from_db()
    assert draft.text == before


def test_an_exemption_is_added_to_a_rule_without_one_and_removed(client_for: Any,
                                                                 draft: PolicyVersion) -> None:  # fmt: skip
    client = client_for("province")
    page = add_item(client, draft, FURNACE_RULE, "exemption", {"field": "in_steel_layout", "op": "eq",
                    "value": "否", "exemption": "符合布局的高炉"})  # fmt: skip
    assert "已新增豁免" in page
    rule = content(draft).rule(FURNACE_RULE)
    assert (rule.exempt_if.field, rule.exempt_if.value, rule.exemption) == (
        "in_steel_layout",
        False,
        "符合布局的高炉",
    )
    page = add_item(client, draft, FURNACE_RULE, "exemption", {"field": "in_steel_layout", "op": "eq",
                    "value": "是", "exemption": "另一个"})  # fmt: skip
    assert "已设豁免" in page
    remove_item(client, draft, FURNACE_RULE, "exemption", "exempt_if")
    rule = content(draft).rule(FURNACE_RULE)
    assert rule.exempt_if is None and rule.exemption == ""


def test_an_exemption_without_its_wording_is_refused(client_for: Any, draft: PolicyVersion) -> None:
    page = add_item(client_for("province"), draft, FURNACE_RULE, "exemption",
                    {"field": "in_steel_layout", "op": "eq", "value": "否", "exemption": ""})  # fmt: skip
    assert "豁免原文：请填写方案中豁免的原话" in page
    assert content(draft).rule(FURNACE_RULE).exempt_if is None


# ─── limit values, precedence, retrofit measures ─────────────────────────────


def test_a_limit_value_is_added_with_its_source(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    page = add_item(client, draft, "steel.energy", "limit",
                    {"equipment": "blast_furnace", "value": "361", "unit": "千克标准煤/吨",
                     "source": "GB 21256-2025 表1 一级"})  # fmt: skip
    assert "已新增能耗限定值" in page
    (lv,) = content(draft).rule("steel.energy").limit_values
    assert (lv.equipment, lv.value, lv.unit, lv.source) == (
        "blast_furnace",
        361,
        "千克标准煤/吨",
        "GB 21256-2025 表1 一级",
    )
    # Its value and source are then edited in the rule's form; a blank source is refused.
    page = post_entry(client, draft, "steel.energy", {"能耗限定值第 1 项（炼铁高炉）：依据": ""})
    assert "请填写出处：没有出处的限定值不能保存" in page.content.decode()
    post_entry(client, draft, "steel.energy", {"能耗限定值第 1 项（炼铁高炉）：数值": "370"})
    assert content(draft).rule("steel.energy").limit_values[0].value == 370
    remove_item(client, draft, "steel.energy", "limit", "0")
    assert content(draft).rule("steel.energy").limit_values == ()


def test_a_limit_value_without_its_source_is_refused(client_for: Any, draft: PolicyVersion) -> None:
    before = draft.text
    page = add_item(client_for("province"), draft, "steel.energy", "limit",
                    {"equipment": "blast_furnace", "value": "361", "unit": "千克标准煤/吨",
                     "source": " "})  # fmt: skip
    assert "能耗限定值（出处）：请填写出处：没有出处的限定值不能保存" in page
    draft.refresh_from_db()
    assert draft.text == before


def test_precedence_is_added_and_removed(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    page = add_item(client, draft, "steel.environment", "precedence",
                    {"governs": "DB37/990-2019", "over": "GB13456-2012", "covers": "大气污染物排放"})  # fmt: skip
    assert "已新增适用优先" in page
    stated = content(draft).rule("steel.environment").precedence
    assert [(p.governs, p.over, p.covers) for p in stated][-1] == (
        "DB37/990-2019",
        "GB13456-2012",
        "大气污染物排放",
    )
    page = add_item(client, draft, "steel.environment", "precedence",
                    {"governs": "DB37/990-2019", "over": "DB37/990-2019", "covers": "x"})  # fmt: skip
    assert "适用的标准与不再适用的标准不能是同一个" in page
    # The precedence a DB and a GB standard on the same matter need cannot go.
    page = remove_item(client, draft, "steel.environment", "precedence", "0")
    assert "未保存，修改后的草稿未通过检查" in page and "须写明以哪个为准" in page
    remove_item(client, draft, "steel.environment", "precedence", "1")
    assert len(content(draft).rule("steel.environment").precedence) == 1


def test_a_retrofit_measure_is_added_to_one_rule_only(
    client_for: Any, draft: PolicyVersion
) -> None:
    client = client_for("province")
    page = add_item(client, draft, "coal_power.technology.coal_304", "measure",
                    {"action": "改造为热电联产机组", "field": "", "op": "eq", "value": ""})  # fmt: skip
    assert "已新增改造措施" in page
    book = content(draft)
    actions = [m.action for m in book.rule("coal_power.technology.coal_304").retrofit.measures]
    assert actions[-1] == "改造为热电联产机组" and len(actions) == 4
    # The two rules that shared the measures in the file (an alias) keep theirs.
    assert len(book.rule("coal_power.technology.mid_pressure").retrofit.measures) == 3
    draft.refresh_from_db()
    assert "retrofit: &heat_retrofit" in draft.text and "retrofit: *heat_retrofit" in draft.text


# ─── other data sets ─────────────────────────────────────────────────────────


def test_rates_and_water_tiers_are_added_and_removed(client_for: Any) -> None:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": "pricing", "label": "2023.1"})
    draft = PolicyVersion.objects.get(dataset="pricing")
    page = add_item(client, draft, "steel_eliminated", "rate",
                    {"effective_from": "2023-07-01", "rate": "0.6"})  # fmt: skip
    assert "已新增费率" in page
    rates = content(draft).schedule("steel_eliminated").rates
    assert [(r.effective_from.isoformat(), r.rate) for r in rates] == [("2017-01-01", 0.5),
                                                                        ("2023-07-01", 0.6)]  # fmt: skip
    page = add_item(client, draft, "steel_eliminated", "rate",
                    {"effective_from": "2023-07-01", "rate": "0.7"})  # fmt: skip
    assert "已有 2023-07-01 起的费率" in page
    page = add_item(
        client, draft, "water", "water_tier", {"up_to_pct": "40", "surcharge_pct": "30"}
    )
    assert "已新增" in page
    tiers = content(draft).water.schedules[0].tiers
    assert [(t.up_to_pct, t.surcharge_pct) for t in tiers] == [(30, 20), (40, 30), (50, 50),
                                                               (None, 100)]  # fmt: skip
    remove_item(client, draft, "water", "water_tier", "1")
    assert len(content(draft).water.schedules[0].tiers) == 3


def test_a_replacement_ratio_and_a_target_are_added_and_removed(client_for: Any) -> None:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": "replacement", "label": "2023.1"})
    draft = PolicyVersion.objects.get(dataset="replacement")
    entry = entry_of(draft, "cement.mill")
    page = client.post(reverse("policies-entry-add", args=[draft.pk, "ratios"]), {
        "add-ratios-template": entry.key, "add-ratios-code": "cement.mill.2023",
        "add-ratios-digest": draft.digest}, follow=True).content.decode()  # fmt: skip
    assert "已新增置换比例 cement.mill.2023" in page
    assert "cement.mill.2023" in [r.id for r in content(draft).ratios]
    draft.refresh_from_db()
    entry = entry_of(draft, "cement.mill")
    client.post(
        reverse("policies-entry-remove", args=[draft.pk, entry.key]), {"digest": draft.digest}
    )
    assert "cement.mill" not in [r.id for r in content(draft).ratios]
