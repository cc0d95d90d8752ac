"""What of a policy data set a draft edits in forms, and how an entered value goes back in.

A draft is its YAML text. Its editor reads the text into plain data (mappings, lists,
scalars) and offers, entry by entry (a rule, a target, a rate schedule …), the values an
administrator changes when a standard moves: thresholds and their comparison, wording,
clause and cited documents, exemptions for the rulebook; figures and deadlines for the
targets; rates, ratios, weights and their sources for the other four. Each field knows its
place in the data (``path``), so a saved form changes exactly those values and nothing
else; the whole text is then validated again by the core parser.

Framework-free: the Django form (forms.py) is built from these fields.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from resolute.core import rulebook, schema

Path = tuple[str | int, ...]

#: Datasets, in the order pages list them, with their official names.
DATASETS: dict[str, str] = {
    "rulebook": "规则库",
    "targets": "目标",
    "pricing": "差别电价费率",
    "replacement": "产能置换比例",
    "classes": "效益分类",
    "evaluation": "督导评估",
}

OP_LABELS: dict[str, str] = {
    "eq": "等于（=）",
    "ne": "不等于（≠）",
    "lt": "小于（<）",
    "le": "不大于（≤）",
    "gt": "大于（>）",
    "ge": "不小于（≥）",
    "in": "属于（∈）",
}

#: The Chinese name of every key a form offers (and of the sections holding them).
KEY_LABELS: dict[str, str] = {
    # shared
    "wording": "原文表述",
    "clause": "条款",
    "documents": "引用文件（文号，以“、”分隔）",
    "document": "依据文件",
    "source": "依据",
    "note": "说明",
    "label": "名称",
    "title": "文件名称",
    "reason": "理由",
    "reasoning": "理由",
    # rulebook
    "exemption": "豁免原文",
    "min_mw": "容量下限（兆瓦）",
    "max_mw": "容量上限（兆瓦）",
    "retrofit": "改造",
    "otherwise": "无适用措施时",
    "action": "措施",
    "governs": "适用的地方标准",
    "over": "替代的标准",
    "covers": "规定的事项",
    "unit": "单位",
    "measures": "改造措施",
    "precedence": "适用优先",
    "limit_values": "能耗限定值",
    # targets
    "target": "目标值",
    "value_min": "目标下限",
    "value_max": "目标上限",
    "period": "目标期",
    "start": "开始日期",
    "end": "截止日期",
    "deadline": "完成期限",
    "timing": "时限",
    "ratio": "比例",
    # pricing
    "rate": "费率",
    "rates": "费率",
    "effective_from": "生效日期",
    "threshold": "加价起点",
    "step": "每档步长",
    "rate_per_step": "每档加价",
    "tiers": "分档",
    "up_to": "档次上限",
    "up_to_pct": "超定额比例上限（%）",
    "surcharge_pct": "加价比例（%）",
    "base_price": "基本水价",
    "value": "数值",
    "water": "水价",
    "electricity": "电价",
    "schedules": "水价档次",
    # replacement
    "ratios": "置换比例",
    "minimum_scale": "新建装备最低规模",
    "at_least": "最低规模",
    # classes
    "weight": "权重",
    "benchmark": "基准值（空为参评企业平均）",
    "cap": "单项得分封顶倍数",
    "appeal_days": "公示和申诉天数",
    # evaluation
    "when_nothing_due": "无到期任务时的完成率",
    "per_line": "每条扣分",
    "on_time": "按期报送得分",
    "late": "逾期报送得分",
    "not_submitted": "未报送得分",
    "gap_points": "问题核对分值",
    "per_gap": "每处问题扣分",
    "score_below": "得分低于",
    "overdue_above": "逾期生产线多于",
    "top": "排名前几位",
    "score_at_least": "得分不低于",
}

#: Section names (top-level keys) shown as headings.
SECTION_LABELS: dict[str, str] = {
    "rules": "规则",
    "capacity_classes": "容量等级",
    "documents": "文件目录",
    "targets": "目标",
    "obligations": "逐条任务",
    "undated": "无期限任务",
    "status_rules": "进度判定规则",
    "electricity": "电价",
    "water": "水价",
    "ratios": "置换比例",
    "minimum_scale": "新建装备最低规模",
    "indicators": "评价指标",
    "classes": "分类比例",
    "completion": "任务完成率",
    "timeliness": "按期完成率",
    "overdue": "逾期扣分",
    "plan": "“三个一批”计划",
    "interview": "约谈",
    "praise": "表扬",
    "general": "总则",
}

#: The conditions of a rule, by their key.
CONDITION_LABELS: dict[str, str] = {"fails_if": "判定条件", "exempt_if": "豁免条件",
                                    "when": "适用条件"}  # fmt: skip
#: Text that a value cannot go without: a limit value's unit and its source (every figure
#: names where it comes from).
REQUIRED_TEXT = frozenset({"unit", "source", "governs", "over", "covers", "action"})

LONG_TEXT = frozenset({"wording", "source", "reason", "reasoning", "note", "exemption",
                       "otherwise"})  # fmt: skip
NUMBER_KEYS = frozenset(k for k in KEY_LABELS if k not in LONG_TEXT) - {
    "clause", "documents", "document", "label", "title", "action", "period", "start", "end",
    "deadline", "timing", "effective_from", "tiers", "rates", "water", "electricity",
    "schedules", "ratios", "minimum_scale", "retrofit", "base_price", "governs", "over",
    "covers", "unit", "measures", "precedence", "limit_values",
}  # fmt: skip
DATE_KEYS = frozenset({"start", "end", "deadline", "effective_from"})


@dataclass(frozen=True)
class Spec:
    """Which sections of a data set hold entries, and which keys of them a form offers."""

    sections: tuple[str, ...]
    keys: frozenset[str]
    #: Keys holding a condition ({field, op, value} or all/any): its comparisons are offered.
    conditions: frozenset[str] = frozenset()
    #: Sections whose subsections are not offered (conditions of targets' measures …).
    #: A list of keys (a document's ``covers``) is never offered as a field: only
    #: ``documents`` of a rule is.
    skip: frozenset[str] = frozenset()


SPECS: dict[str, Spec] = {
    "rulebook": Spec(
        ("rules", "capacity_classes", "documents"),
        frozenset(
            {
                "wording",
                "clause",
                "documents",
                "exemption",
                "min_mw",
                "max_mw",
                "title",
                "reason",
                "otherwise",
                "action",
                "governs",
                "over",
                "covers",
                "value",
                "unit",
                "source",
            }
        ),
        frozenset({"fails_if", "exempt_if", "when"}),
    ),
    "targets": Spec(
        ("targets", "obligations", "undated", "status_rules"),
        frozenset(
            {
                "target",
                "value_min",
                "value_max",
                "start",
                "end",
                "deadline",
                "timing",
                "wording",
                "clause",
                "ratio",
                "action",
            }
        ),
        skip=frozenset({"measure", "scope", "where", "enterprise_total", "keep_one_per"}),
    ),
    "pricing": Spec(
        ("electricity", "water"),
        frozenset(
            {
                "rate",
                "effective_from",
                "threshold",
                "step",
                "rate_per_step",
                "up_to",
                "up_to_pct",
                "surcharge_pct",
                "value",
                "document",
                "source",
            }
        ),
    ),
    "replacement": Spec(
        ("ratios", "minimum_scale"),
        frozenset({"ratio", "at_least", "wording", "clause", "source"}),
    ),
    "classes": Spec(
        ("indicators", "classes", "general"),
        frozenset({"weight", "benchmark", "up_to_pct", "cap", "appeal_days", "source"}),
    ),
    "evaluation": Spec(
        ("completion", "timeliness", "overdue", "plan", "interview", "praise"),
        frozenset(
            {
                "weight",
                "when_nothing_due",
                "per_line",
                "cap",
                "on_time",
                "late",
                "not_submitted",
                "gap_points",
                "per_gap",
                "score_below",
                "overdue_above",
                "top",
                "score_at_least",
                "source",
            }
        ),
    ),
}


class EntryNotFound(KeyError):
    """No entry of that key in the draft (it was removed, or the key is wrong)."""


@dataclass(frozen=True)
class Field:
    """One editable value: where it is, what it is called, what kind of input it takes."""

    path: Path
    label: str
    kind: str  # number, text, longtext, date, bool, op, list
    value: Any
    #: Whether the value may be left blank (stored as null).
    optional: bool = False
    #: (code, Chinese label) of a field with a closed list of values (kind choice, choices).
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> str:
        """The value as the form shows it."""
        if self.value is None:
            return ""
        if self.kind == "list":
            return "、".join(str(v) for v in self.value)
        if self.kind == "choices":
            return self.value  # a list of codes: the checked boxes
        if self.kind == "bool":
            return "true" if self.value else "false"
        if self.kind == "date" and isinstance(self.value, dt.date):
            return self.value.isoformat()
        if self.kind == "number":
            return number_text(self.value)
        return str(self.value)


@dataclass(frozen=True)
class Entry:
    """One entry of a data set as a page shows it: ``title`` in words (a rule's wording, a
    target's indicator), ``ident`` its code in the file, for reference only."""

    key: str  # section-index, e.g. "rules-12"; "general" for a file's top-level values
    section: str
    title: str
    fields: list[Field] = field(default_factory=list)
    ident: str = ""

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)


def number_text(value: Any) -> str:
    """A number as written in a data file: 400, 0.014, 2.6 (never 400.0 or 1.4e-02)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text[:-2] if text.endswith(".0") else text


def unshared(node: Any) -> Any:
    """A copy of YAML data in which no two places share one object.

    A YAML alias (``*plan_term``) loads as the very object its anchor names, so changing one
    target's period would change every target written with that alias; the editor changes
    values in a copy where each place has its own.
    """
    if isinstance(node, dict):
        return {k: unshared(v) for k, v in node.items()}
    if isinstance(node, list):
        return [unshared(v) for v in node]
    return node


# ─── entries ─────────────────────────────────────────────────────────────────


def entries(dataset: str, raw: Any) -> list[Entry]:
    """The entries of a data set's content a draft edits, in the file's order."""
    spec = SPECS[dataset]
    found: list[Entry] = []
    if not isinstance(raw, dict):
        return found
    for section in spec.sections:
        if section == "general":
            fields = [f for k, v in raw.items() if k in spec.keys and not isinstance(v, dict | list)
                      for f in _scalar_fields((k,), k, v, "")]  # fmt: skip
            if fields:
                found.append(Entry("general", "general", SECTION_LABELS["general"], fields))
            continue
        content = raw.get(section)
        if isinstance(content, list):
            for i, item in enumerate(content):
                fields = list(_walk(spec, dataset, (section, i), item, ""))
                if fields:
                    title, ident = _title(section, i, item)
                    found.append(Entry(f"{section}-{i}", section, title, fields, ident))
        elif isinstance(content, dict):
            if section in ("documents",):
                for i, (code, item) in enumerate(content.items()):
                    fields = list(_walk(spec, dataset, (section, code), item, ""))
                    named = item.get("title") if isinstance(item, dict) else None
                    name = f"《{named}》（{code}）" if isinstance(named, str) else f"文件 {code}"
                    if fields:
                        found.append(Entry(f"{section}-{i}", section, name, fields, str(code)))
            else:
                fields = list(_walk(spec, dataset, (section,), content, ""))
                if fields:
                    found.append(Entry(section, section, _section_title(section, content), fields))
    return found


def entry(dataset: str, raw: Any, key: str) -> Entry:
    for e in entries(dataset, raw):
        if e.key == key:
            return e
    raise EntryNotFound(key)


def _section_title(section: str, content: dict[str, Any]) -> str:
    name = SECTION_LABELS.get(section, section)
    label = content.get("label") or content.get("document")
    return f"{name}（{label}）" if isinstance(label, str) and label != name else name


#: The keys naming an entry in a file (a rule's id, an indicator's key …), in that order.
IDENT_KEYS = ("id", "key", "code", "equipment")
#: How long an entry's title is on a list (its wording, cut).
TITLE_LENGTH = 60


def ident_of(item: Any) -> str:
    if isinstance(item, dict):
        for key in IDENT_KEYS:
            if isinstance(item.get(key), str | int) and not isinstance(item.get(key), bool):
                return str(item[key])
    return ""


def _title(section: str, index: int, item: Any) -> tuple[str, str]:
    """An entry's title in words and its code: a rule by its wording, a target by its
    wording, a rate by its name, equipment by its name."""
    name = SECTION_LABELS.get(section, section)
    ident = ident_of(item)
    if not isinstance(item, dict):
        return f"{name} 第 {index + 1} 项", ident
    label = item.get("wording") or item.get("label") or item.get("indicator") \
        or item.get("status")  # fmt: skip
    if not isinstance(label, str) and isinstance(item.get("equipment"), str):
        label = equipment_label(item["equipment"])
    if not isinstance(label, str):
        return f"{name} 第 {index + 1} 项", ident
    short = label if len(label) <= TITLE_LENGTH else label[:TITLE_LENGTH] + "……"
    return short, ident


def _walk(spec: Spec, dataset: str, path: Path, node: Any, prefix: str) -> Iterator[Field]:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = (*path, key)
        if key in spec.skip:
            continue
        if key in spec.conditions and isinstance(value, dict):
            yield from _condition(here, value, f"{prefix}{CONDITION_LABELS[key]}")
        elif (
            key in spec.keys
            and not isinstance(value, dict)
            and (not isinstance(value, list) or key == "documents")
        ):
            yield from _scalar_fields(here, key, value, prefix)
        elif isinstance(value, dict):
            yield from _walk(spec, dataset, here, value, f"{prefix}{KEY_LABELS.get(key, '')}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                label = KEY_LABELS.get(key, "")
                name = f"{prefix}{label}第 {i + 1} 档" if key == "tiers" \
                    else f"{prefix}{label}第 {i + 1} 项" if label else prefix  # fmt: skip
                if isinstance(item, dict) and isinstance(item.get("equipment"), str):
                    name += f"（{equipment_label(item['equipment'])}）"
                yield from _walk(spec, dataset, (*here, i), item, name)


def _scalar_fields(path: Path, key: str, value: Any, prefix: str) -> Iterator[Field]:
    label = f"{prefix}{'：' if prefix else ''}{KEY_LABELS.get(key, key)}"
    if key == "documents" and isinstance(value, list):
        yield Field(path, label, "list", value, optional=True)
    elif isinstance(value, bool):
        yield Field(path, label, "bool", value)
    elif isinstance(value, int | float) or (value is None and key in NUMBER_KEYS):
        yield Field(path, label, "number", value, optional=value is None)
    elif isinstance(value, dt.date) or key in DATE_KEYS:
        yield Field(path, label, "date", value, optional=value is None)
    elif isinstance(value, str) or value is None:
        kind = "longtext" if key in LONG_TEXT or len(value or "") > 40 else "text"
        required = key in REQUIRED_TEXT and (key != "source" or "limit_values" in path)
        yield Field(path, label, kind, value, optional=not required)


def equipment_label(code: str) -> str:
    found = schema.EQUIPMENT_BY_CODE.get(code)
    return found.label if found is not None else code


def _field_label(key: str) -> str:
    return rulebook.default().field_label(key)


def _condition(path: Path, cond: dict[str, Any], prefix: str) -> Iterator[Field]:
    """The comparisons of a condition, depth first, numbered as a person reads them."""
    leaves: list[tuple[Path, dict[str, Any]]] = []

    def visit(p: Path, c: Any) -> None:
        if not isinstance(c, dict):
            return
        if "all" in c or "any" in c:
            key = "all" if "all" in c else "any"
            for i, part in enumerate(c.get(key) or []):
                visit((*p, key, i), part)
        elif "field" in c:
            leaves.append((p, c))

    visit(path, cond)
    for n, (p, leaf) in enumerate(leaves, start=1):
        name = f"{prefix}{n if len(leaves) > 1 else ''}（{_field_label(str(leaf.get('field')))}）"
        yield Field((*p, "op"), f"{name}：比较", "op", leaf.get("op"))
        value = leaf.get("value")
        spec = schema.LINE_FIELD_BY_KEY.get(str(leaf.get("field"))) or \
            schema.ENTERPRISE_FIELD_BY_KEY.get(str(leaf.get("field")))  # fmt: skip
        options = tuple((c.code, c.label) for c in spec.choices) if spec is not None else ()
        if options and isinstance(value, list):
            yield Field((*p, "value"), f"{name}：取值", "choices", value, choices=options)
        elif options and isinstance(value, str):
            yield Field((*p, "value"), f"{name}：取值", "choice", value, choices=options)
        elif isinstance(value, list):
            yield Field((*p, "value"), f"{name}：取值（以“、”分隔）", "list", value)
        elif isinstance(value, bool):
            yield Field((*p, "value"), f"{name}：取值", "bool", value)
        elif isinstance(value, int | float):
            yield Field((*p, "value"), f"{name}：阈值", "number", value)
        else:
            yield Field((*p, "value"), f"{name}：取值", "text", value)


# ─── entering values ─────────────────────────────────────────────────────────


class BadValue(ValueError):
    """An entered value that is not of its field's kind (the message says so, in Chinese)."""


def parse_value(f: Field, entered: str | list[str]) -> Any:
    """The value typed into ``f``'s input (the checked codes of a ``choices`` field), as the
    data file holds it."""
    codes = {c for c, _ in f.choices}
    if f.kind == "choices":
        chosen = [entered] if isinstance(entered, str) else list(entered)
        if not chosen:
            raise BadValue("请至少选择一项")
        if not set(chosen) <= codes:
            raise BadValue("请从列出的选项中选择")
        kept = [c for c in (f.value or []) if c in chosen]  # the written order stays
        return kept + [c for c, _ in f.choices if c in chosen and c not in kept]
    text = entered.strip() if isinstance(entered, str) else "、".join(entered)
    if f.kind == "choice":
        if text not in codes:
            raise BadValue("请从列出的选项中选择")
        return text
    if f.kind == "number":
        return parse_number(text, f.optional)
    if f.kind == "date":
        if not text:
            if f.optional:
                return None
            raise BadValue("请填写日期")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise BadValue(f"“{text}”不是日期，格式应为 2023-01-01") from None
    if f.kind == "bool":
        if text not in ("true", "false"):
            raise BadValue("请选择“是”或“否”")
        return text == "true"
    if f.kind == "op":
        if text not in OP_LABELS:
            raise BadValue("请选择比较方式")
        return text
    if f.kind == "list":
        parts = [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")]
        return [p for p in parts if p]
    if not text and not f.optional:
        if f.path[-1] == "source":
            raise BadValue("请填写出处：没有出处的限定值不能保存")
        raise BadValue("请填写")
    return text


def parse_number(text: str, optional: bool = False) -> int | float | None:
    """A number as typed (1,234 or 0.014) as the data file holds it: 400 stays an integer,
    400.0 a decimal; blank is None where the value is optional."""
    text = text.strip()
    if not text:
        if optional:
            return None
        raise BadValue("请填写数字")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"“{text}”不是数字") from None
    if not number.is_finite():
        raise BadValue("应为有限的数字")
    if number == number.to_integral_value() and "." not in text and "e" not in text.lower():
        return int(number)
    value = float(number)
    if not math.isfinite(value):
        raise BadValue("数字过大")
    return value


def put(raw: Any, path: Path, value: Any) -> None:
    """Set the value at ``path`` in ``raw``."""
    node = raw
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def get(raw: Any, path: Path) -> Any:
    node = raw
    for step in path:
        node = node[step]
    return node
