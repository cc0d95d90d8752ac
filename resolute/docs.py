"""Documentation generated from the rulebook, so the docs cannot drift from the rules."""

from __future__ import annotations

from collections.abc import Sequence

from resolute.core import explain, schema
from resolute.core.rulebook import BASIS_LABELS, STANDARD_LABELS, Rule, Rulebook

HEADER = """# 规则库（Rulebook）

本页由 `resolute rules --format markdown > docs/rules.md` 生成，请勿手工编辑；
测试 `tests/test_docs.py` 保证它与 `resolute/data/rulebook.yaml` 一致。

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown(book: Rulebook, rules: Sequence[Rule] | None = None) -> str:
    """The rules page: one table per industry, every rule with its reading and citation."""
    selected = list(book.rules if rules is None else rules)
    out = [HEADER, f"规则库版本：`{book.full_version}`，共 {len(selected)} 条规则。\n"]
    for industry in schema.INDUSTRIES:
        group = [r for r in selected if r.industry == industry.code]
        if not group:
            continue
        out.append(f"\n## {industry.label}（`{industry.code}`）\n\n")
        out.append("| 规则编号 | 标准 | 依据 | 对象 | 方案原文 | 不符合的条件 | 豁免 | 出处 |\n")
        out.append("|---|---|---|---|---|---|---|---|\n")
        for r in group:
            subject = explain.SUBJECT_LABELS[r.subject]
            cells = [
                f"`{r.id}`",
                STANDARD_LABELS[r.standard],
                BASIS_LABELS[r.basis],
                subject,
                r.wording,
                explain.rule_condition_text(book, r),
                r.exemption or "—",
                r.citation,
            ]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
        retrofits = [r for r in group if r.retrofit is not None]
        if retrofits:
            out.append("\n以改造代替淘汰：\n\n")
            for r in retrofits:
                assert r.retrofit is not None
                actions = "；".join(
                    f"{explain.condition_text(book, m.when) if m.when else '其他'}→{m.action}"
                    for m in r.retrofit.measures
                )
                out.append(f"- `{r.id}`：{explain.retrofit_text(book, r)}。{actions}\n")
        precedence = [(r.id, p) for r in group for p in r.precedence]
        if precedence:
            out.append("\n地方标准优先（二(二)）：\n\n")
            for rule_id, p in precedence:
                out.append(f"- `{rule_id}`：{p.covers}，{p.governs} 优先于 {p.over}\n")
    if book.flags or book.line_fallbacks:
        out.append("\n## 企业层面的判定项\n\n")
        for key, flag in book.flags.items():
            out.append(f"- {flag.label}（`{key}`）：{''.join(flag.note.split())}\n")
        for key, fb in book.line_fallbacks.items():
            line = book.field_label(key)
            ent = book.field_label(fb.enterprise_field)
            out.append(f"- {line}（`{key}`）空白、企业只有一处该类装置时，取企业表的“{ent}”。\n")
    if book.capacity_classes:
        out.append("\n## 容量等级的解读\n\n")
        for c in book.capacity_classes:
            out.append(f"- {c.wording}（{c.clause}）：{c.min_mw:g}–{c.max_mw:g} 兆瓦。{c.reason}\n")
    return "".join(out)


LEDGER_HEADER = """# 台账字段与英文键

Excel 台账的表头用中文名或英文键都可以（交换格式，见规格 ledger.md）；JSON 台账只用英文键。
官员下载的模板和填表说明只写中文名，英文键和英文代码列在本页，供与其他系统对接时使用。
本页由 `make docs` 从 `resolute/core/schema.py` 生成，请勿手工编辑；测试 `tests/test_docs.py`
保证两者一致。

"""


def ledger_markdown() -> str:
    """Every field of the ledger's two sheets with its English key, and every choice and kind
    of equipment with its English code: the mapping the template leaves out."""
    out = [LEDGER_HEADER]
    for title, fields in (("企业（enterprises）", schema.ENTERPRISE_FIELDS),
                          ("生产线（lines）", schema.LINE_FIELDS)):  # fmt: skip
        out.append(f"## {title}\n\n| 中文名 | 英文键 | 可选值（英文代码） |\n|---|---|---|\n")
        for spec in fields:
            choices = "、".join(f"{c.label}（`{c.code}`）" for c in spec.choices) or "—"
            out.append(f"| {_cell(spec.label)} | `{spec.key}` | {_cell(choices)} |\n")
        out.append("\n")
    out.append("## 装置类型\n\n| 装置类型 | 英文代码 |\n|---|---|\n")
    for equipment in schema.EQUIPMENT:
        out.append(f"| {_cell(equipment.label)} | `{equipment.code}` |\n")
    return "".join(out)
