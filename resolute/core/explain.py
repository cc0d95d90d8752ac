"""Rules described in words an official can check against the plan."""

from __future__ import annotations

from typing import Any

from resolute.core import schema, words
from resolute.core.rulebook import (
    BASIS_LABELS,
    OP_SYMBOLS,
    STANDARD_LABELS,
    AllOf,
    Condition,
    Leaf,
    Rule,
    Rulebook,
    leaves,
)

SUBJECT_LABELS = {"enterprise": "企业", "line": "生产线", "product": "产品"}
DETERMINATION_LABELS = {
    "env_status": "环保标准达标情况",
    "safety_status": "安全标准达标情况",
    "energy_status": "能耗标准达标情况",
}


def _value_text(book: Rulebook, key: str, value: Any) -> str:
    spec = schema.LINE_FIELD_BY_KEY.get(key) or schema.ENTERPRISE_FIELD_BY_KEY.get(key)
    if isinstance(value, bool):
        return words.yes_no(value)
    if spec is not None and spec.choices and isinstance(value, str):
        return f"“{spec.label_of(value)}”"
    if isinstance(value, tuple):
        return "、".join(_value_text(book, key, v) for v in value)
    if key == "equipment" and isinstance(value, str):
        return f"“{schema.EQUIPMENT_BY_CODE[value].label}”"
    return words.number_text(value) if isinstance(value, float) else str(value)


def leaf_text(book: Rulebook, leaf: Leaf, equipment: str | None = None) -> str:
    label = book.field_label(leaf.field)
    value = _value_text(book, leaf.field, leaf.value)
    if leaf.op == "in":
        return f"{label}为{value}之一"
    if (leaf.op in ("eq", "ne") and not isinstance(leaf.value, int | float)) or isinstance(
        leaf.value, bool
    ):
        return f"{label}{'为' if leaf.op == 'eq' else '不为'}{value}"
    unit = book.field_unit(leaf.field, equipment)
    return f"{label} {OP_SYMBOLS[leaf.op]} {value}{(' ' + unit) if unit else ''}"


def condition_text(book: Rulebook, cond: Condition, equipment: str | None = None) -> str:
    if isinstance(cond, Leaf):
        return leaf_text(book, cond, equipment)
    parts = cond.all if isinstance(cond, AllOf) else cond.any
    joiner = "，且" if isinstance(cond, AllOf) else "，或"
    texts = [condition_text(book, c, equipment) for c in parts]
    inner = joiner.join(texts)
    return inner if isinstance(cond, AllOf) else f"（{inner}）"


def rule_condition_text(book: Rulebook, rule: Rule) -> str:
    """When the rule is not met, in words."""
    equipment = rule.equipment[0] if len(rule.equipment) == 1 else None
    if rule.determination is not None:
        text = f"{DETERMINATION_LABELS[rule.determination]}为“不达标”"
        for lv in rule.limit_values:
            text += (
                f"；未认定时，{schema.EQUIPMENT_BY_CODE[lv.equipment].label}单位产品综合能耗"
                f" > {lv.value:g} {lv.unit}（{lv.source}）"
            )
        return text
    assert rule.fails_if is not None
    return condition_text(book, rule.fails_if, equipment)


def rule_summary(book: Rulebook, rule: Rule) -> dict[str, Any]:
    """A rule as plain data with its Chinese reading (for JSON, docs and pages)."""
    return {
        "id": rule.id,
        "industry": rule.industry,
        "industry_label": schema.INDUSTRY_BY_CODE[rule.industry].label,
        "standard": rule.standard,
        "standard_label": STANDARD_LABELS[rule.standard],
        "basis": rule.basis,
        "basis_label": BASIS_LABELS[rule.basis],
        "subject": rule.subject,
        "equipment": list(rule.equipment),
        "determination": rule.determination,
        "fails_if": rule.fails_if.model_dump(by_alias=True, exclude_none=True)
        if rule.fails_if
        else None,
        "exempt_if": rule.exempt_if.model_dump(by_alias=True, exclude_none=True)
        if rule.exempt_if
        else None,
        "reading": rule_condition_text(book, rule),
        "exemption": rule.exemption or None,
        "wording": rule.wording,
        "clause": rule.clause,
        "documents": [{"code": c, "title": book.documents[c].title} for c in rule.documents],
        "precedence": [p.model_dump() for p in rule.precedence],
        "citation": rule.citation,
        "retrofit": retrofit_summary(book, rule),
    }


def retrofit_text(book: Rulebook, rule: Rule) -> str | None:
    """When a failure of ``rule`` is met by retrofit instead of exit, in words."""
    r = rule.retrofit
    if r is None:
        return None
    return f"{condition_text(book, r.when)}时不淘汰，限期整改：{r.clause}“{r.wording}”"


def retrofit_summary(book: Rulebook, rule: Rule) -> dict[str, Any] | None:
    r = rule.retrofit
    if r is None:
        return None
    return {
        "when": condition_text(book, r.when),
        "clause": r.clause,
        "wording": r.wording,
        "measures": [
            {"action": m.action, "when": condition_text(book, m.when) if m.when else None}
            for m in r.measures
        ],
        "otherwise": r.otherwise,
    }


def explain_lines(book: Rulebook, rule: Rule) -> list[tuple[str, str]]:
    """Label–text pairs for ``resolute rules explain``."""
    rows = [
        ("规则编号", rule.id),
        ("行业", schema.INDUSTRY_BY_CODE[rule.industry].label),
        ("标准类别", f"{STANDARD_LABELS[rule.standard]}标准"),
        ("标准依据", BASIS_LABELS[rule.basis]),
        (
            "评估对象",
            SUBJECT_LABELS[rule.subject]
            + (
                "（企业条件同时适用于其各条生产线）"
                if rule.subject == "enterprise" and rule.equipment
                else ""
            ),
        ),
        (
            "适用装置",
            "、".join(schema.EQUIPMENT_BY_CODE[e].label for e in rule.equipment) or "（企业整体）",
        ),
        ("方案原文", rule.wording),
        ("不符合的条件", rule_condition_text(book, rule)),
    ]
    if rule.exempt_if is not None:
        rows.append(("豁免", f"{rule.exemption}：{condition_text(book, rule.exempt_if)}"))
    if rule.retrofit is not None:
        rows.append(("以改造代替淘汰", retrofit_text(book, rule) or ""))
        for m in rule.retrofit.measures:
            when = condition_text(book, m.when) if m.when else "其他情形"
            rows.append(("改造要求", f"{when}：{m.action}"))
    for leaf in _class_leaves(rule):
        cls = next(c for c in book.capacity_classes if c.id == leaf.capacity_class)
        rows.append(
            ("等级解读", f"{cls.wording}：{cls.min_mw:g}–{cls.max_mw:g} 兆瓦。{cls.reason}")
        )
    rows.append(("出处", f"《{book.plan}》{rule.clause}"))
    for code in rule.documents:
        rows.append(("依据文件", f"《{book.documents[code].title}》（{code}）"))
    for p in rule.precedence:
        rows.append(
            ("适用顺序", f"{p.covers}：{p.governs} 优先于 {p.over}（地方标准优先，二(二)）")
        )
    rows.append(("未知数据", "输入缺失时判定为“未知”，生产线结论为“数据不足”，不会判为达标"))
    return rows


def _class_leaves(rule: Rule) -> list[Leaf]:
    found = list(leaves(rule.fails_if))
    if rule.retrofit is not None:
        for m in rule.retrofit.measures:
            found += list(leaves(m.when))
    seen: set[str] = set()
    out = []
    for leaf in found:
        if leaf.capacity_class and leaf.capacity_class not in seen:
            seen.add(leaf.capacity_class)
            out.append(leaf)
    return out
