"""Entries and their parts added to or removed from a draft: what a successor standard needs
besides changed values.

A whole entry: a new rule (a copy of a chosen rule, under a new code, to be edited in its
form), target, task, rate schedule or replacement ratio; or an entry removed. A part of an
entry (:class:`Part`): a rule's conditions (joined by 且), its exemption, its precedence
between standards, its energy limit values, its retrofit measures; a rate schedule's dated
rates and tiers; a water schedule's tiers.

Every value entered is read as strictly as the loader reads the file, and refused with a
message in Chinese naming the part and the field: a comparison the field does not admit, a
threshold that is not a number, a limit value without its source, a code already taken. The
whole draft is then checked by the loader again (review.change).

Framework-free: plain data in, plain data changed, :class:`editing.BadValue` out.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resolute.core import policies, rulebook, schema
from resolute.core.schema import Kind
from resolute.web.policies import editing
from resolute.web.policies.editing import BadValue, Path

#: Sections whose entries can be added (a copy of one under a new code), by data set, with
#: the word for one entry.
ADDABLE: dict[str, dict[str, str]] = {
    "rulebook": {"rules": "规则", "capacity_classes": "容量等级"},
    "targets": {"targets": "目标", "obligations": "逐条任务", "undated": "无期限任务"},
    "pricing": {"electricity": "电价加价"},
    "replacement": {"ratios": "置换比例"},
    "classes": {},
    "evaluation": {},
}
#: Sections whose entries can be removed.
REMOVABLE: dict[str, frozenset[str]] = {
    "rulebook": frozenset({"rules", "capacity_classes"}),
    "targets": frozenset({"targets", "obligations", "undated"}),
    "pricing": frozenset({"electricity"}),
    "replacement": frozenset({"ratios", "minimum_scale"}),
    "classes": frozenset(),
    "evaluation": frozenset(),
}
#: A new entry's code: letters, digits, dot, underscore, dash (as the bundled files write them).
CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,99}")
YES = ("是", "true")
NO = ("否", "false")


# ─── whole entries ───────────────────────────────────────────────────────────


def _section_list(raw: Any, section: str) -> list[Any]:
    items = raw.get(section) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise BadValue("草稿中没有这一部分")
    return items


def _index_of(key: str, section: str) -> int:
    prefix = f"{section}-"
    if not key.startswith(prefix) or not key[len(prefix) :].isdigit():
        raise editing.EntryNotFound(key)
    return int(key[len(prefix) :])


def add_entry(dataset: str, raw: Any, section: str, template: str, code: str) -> str:
    """A copy of entry ``template`` of ``section`` under the new ``code``, right after it; the
    new entry's key. Refused: a section that takes no new entries, an unknown template, a code
    that is not one or is taken."""
    word = ADDABLE[dataset].get(section)
    if word is None:
        raise BadValue("这一部分不能新增条目")
    items = _section_list(raw, section)
    index = _index_of(template, section)
    if not 0 <= index < len(items) or not isinstance(items[index], dict):
        raise BadValue(f"请选择作为起点的{word}")
    code = code.strip()
    if not CODE.fullmatch(code):
        raise BadValue(f"{word}编号：应以字母开头，由字母、数字、点、下划线、短横线组成"
                       f"（如 steel.technology.new），不超过 100 个字符")  # fmt: skip
    if any(isinstance(item, dict) and item.get("id") == code for item in items):
        raise BadValue(f"{word}编号：已有编号为 {code} 的{word}，请换一个")
    entry = copy.deepcopy(items[index])
    entry["id"] = code
    items.insert(index + 1, entry)
    return f"{section}-{index + 1}"


def remove_entry(dataset: str, raw: Any, key: str) -> str:
    """Remove entry ``key``; its title, for the message."""
    section = key.rsplit("-", 1)[0]
    if section not in REMOVABLE[dataset]:
        raise BadValue("这一部分的条目不能删除")
    title = editing.entry(dataset, raw, key).title
    items = _section_list(raw, section)
    del items[_index_of(key, section)]
    return title


# ─── parts of an entry ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class Input:
    """One input of a part's "add" form."""

    key: str
    label: str
    kind: str  # field, op, choice, number, text, longtext, date
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Part:
    """A list within an entry that items are added to and removed from."""

    kind: str
    label: str
    #: Where the part is in the data (the rule for conditions and the exemption).
    path: Path
    #: The items there now: (reference, the item in words).
    items: tuple[tuple[str, str], ...]
    #: What adding an item asks for; empty: nothing can be added here (``note`` says why).
    inputs: tuple[Input, ...] = ()
    note: str = ""
    #: Whether the last item may be removed (a rule keeps one condition at least).
    keep_one: bool = False


def parts(dataset: str, raw: Any, key: str, book: rulebook.Rulebook) -> list[Part]:
    """The parts of entry ``key`` that take items, in the order the form shows them."""
    section = key.rsplit("-", 1)[0]
    try:
        node = editing.get(raw, (section, _index_of(key, section)))
    except (editing.EntryNotFound, IndexError, KeyError, TypeError):
        node = raw.get(key) if isinstance(raw, dict) else None
        section = key
    if not isinstance(node, dict):
        return []
    if dataset == "rulebook" and section == "rules":
        return _rule_parts(node, (section, _index_of(key, section)), book)
    if dataset == "pricing" and section == "electricity":
        return _schedule_parts(node, (section, _index_of(key, section)))
    if dataset == "pricing" and section == "water":
        return [_water_tiers(s, ("water", "schedules", i))
                for i, s in enumerate(node.get("schedules") or []) if isinstance(s, dict)]  # fmt: skip
    return []


def add_item(dataset: str, raw: Any, key: str, index: int, values: dict[str, str],
             book: rulebook.Rulebook) -> None:  # fmt: skip
    part = _part(dataset, raw, key, index, book)
    if not part.inputs:
        raise BadValue(f"{part.label}：{part.note or '不能新增'}")
    _ADDERS[part.kind](raw, part, values, book)


def remove_item(dataset: str, raw: Any, key: str, index: int, ref: str,
                book: rulebook.Rulebook) -> str:  # fmt: skip
    """Remove item ``ref`` of part ``index``; the item in words, for the message."""
    part = _part(dataset, raw, key, index, book)
    found = dict(part.items)
    if ref not in found:
        raise BadValue(f"{part.label}：没有这一项，请重新打开该条目")
    if part.keep_one and len(part.items) == 1:
        raise BadValue(f"{part.label}：至少保留一项")
    if part.kind == "condition":
        _remove_leaf(editing.get(raw, part.path), ref)
    elif part.kind == "exemption":
        rule = editing.get(raw, part.path)
        rule.pop("exempt_if", None)
        rule.pop("exemption", None)
    else:
        items = editing.get(raw, part.path)
        del items[int(ref)]
        if not items and part.kind in ("precedence", "limit"):  # none left: no key
            del editing.get(raw, part.path[:-1])[part.path[-1]]
    return found[ref]


def _part(dataset: str, raw: Any, key: str, index: int, book: rulebook.Rulebook) -> Part:
    found = parts(dataset, raw, key, book)
    if not 0 <= index < len(found):
        raise BadValue("该条目没有这一部分，请重新打开该条目")
    return found[index]


# ─── the rulebook ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Subject:
    """A field a condition of a rule may compare: its code, name, kind and choices."""

    key: str
    label: str
    kind: Kind
    choices: tuple[tuple[str, str], ...] = ()
    aggregate: bool = False


def subjects(book: rulebook.Rulebook, rule: dict[str, Any]) -> dict[str, Subject]:
    """The fields a condition of ``rule`` may name: its equipment's line fields (for a rule
    on lines), the enterprise's fields, the rulebook's figures, sums and flags, the place."""
    equipment = set(rule.get("equipment") or [])
    found: dict[str, Subject] = {}
    comparable = (Kind.NUMBER, Kind.INTEGER, Kind.BOOL, Kind.ENUM)

    def spec_subject(spec: schema.FieldSpec) -> Subject:
        return Subject(spec.key, spec.label, spec.kind,
                       tuple((c.code, c.label) for c in spec.choices))  # fmt: skip

    if equipment:
        for spec in schema.LINE_FIELDS:
            if spec.kind in comparable and (not spec.equipment or equipment & set(spec.equipment)):
                found[spec.key] = spec_subject(spec)
    for spec in schema.ENTERPRISE_FIELDS:
        if spec.kind in comparable:
            found.setdefault(spec.key, spec_subject(spec))
    for name, fig in book.figures.items():
        found[name] = Subject(name, fig.label, Kind.NUMBER)
    for name, agg in book.aggregates.items():
        found[name] = Subject(name, agg.label, Kind.NUMBER, aggregate=True)
    for name, flag in book.flags.items():
        found[name] = Subject(name, flag.label, Kind.BOOL)
    for name, label in rulebook.PLACE_FIELDS.items():
        found[name] = Subject(name, label, Kind.BOOL)
    return found


def _condition_inputs(book: rulebook.Rulebook, rule: dict[str, Any]) -> tuple[Input, ...]:
    fields = tuple((s.key, s.label) for s in subjects(book, rule).values())
    return (
        Input("field", "字段", "field", choices=fields),
        Input("op", "比较", "op", choices=tuple(editing.OP_LABELS.items())),
        Input("value", "阈值或取值", "text",
              help="数值字段填数字；是/否字段填“是”或“否”；可选项填名称，“属于”时以“、”分隔"),
    )  # fmt: skip


def leaf(book: rulebook.Rulebook, rule: dict[str, Any], values: dict[str, str],
         label: str) -> dict[str, Any]:  # fmt: skip
    """A comparison {field, op, value} from the entered field, comparison and value, checked
    as the loader checks it; BadValue naming ``label`` and the field otherwise."""
    known = subjects(book, rule)
    subject = known.get(values.get("field", ""))
    if subject is None:
        raise BadValue(f"{label}：请从列出的字段中选择")
    op = values.get("op", "")
    if op not in editing.OP_LABELS:
        raise BadValue(f"{label}：请选择比较方式")
    text = (values.get("value") or "").strip()
    name = f"{label}（{subject.label}）"
    op_word = editing.OP_LABELS[op].split("（")[0]
    if subject.kind in (Kind.NUMBER, Kind.INTEGER):
        allowed = ("lt", "le") if subject.aggregate else tuple(rulebook.NUMERIC_OPS)
        if op not in allowed:
            words = "“小于”或“不大于”" if subject.aggregate else "“小于”“不大于”“大于”或“不小于”"
            raise BadValue(f"{name}：数值只能用{words}比较，不能用“{op_word}”")
        return {"field": subject.key, "op": op, "value": number(text, f"{name}：阈值")}
    if subject.kind is Kind.BOOL:
        if op not in ("eq", "ne"):
            raise BadValue(f"{name}：是/否项只能用“等于”或“不等于”比较，不能用“{op_word}”")
        if text not in (*YES, *NO):
            raise BadValue(f"{name}：取值应为“是”或“否”")
        return {"field": subject.key, "op": op, "value": text in YES}
    if op not in ("eq", "ne", "in"):
        raise BadValue(f"{name}：只能用“等于”“不等于”或“属于”比较，不能用“{op_word}”")
    by_label = {lab: code for code, lab in subject.choices}
    codes = {code for code, _ in subject.choices}
    chosen = [
        p.strip() for p in text.replace("，", "、").replace(",", "、").split("、") if p.strip()
    ]
    picked = []
    for part in chosen:
        code = part if part in codes else by_label.get(part)
        if code is None:
            options = "、".join(lab for _, lab in subject.choices)
            raise BadValue(f"{name}：“{part}”不是可选的取值（可选：{options}）")
        picked.append(code)
    if op == "in":
        if not picked:
            raise BadValue(f"{name}：请填写至少一个取值")
        return {"field": subject.key, "op": op, "value": picked}
    if len(picked) != 1:
        raise BadValue(f"{name}：“{op_word}”须填写一个取值（多个取值请用“属于”）")
    return {"field": subject.key, "op": op, "value": picked[0]}


def number(text: str, label: str, optional: bool = False) -> int | float | None:
    try:
        return editing.parse_number(text, optional)
    except BadValue as exc:
        raise BadValue(f"{label}：{exc}") from None


def _text(values: dict[str, str], key: str, label: str, problem: str = "请填写") -> str:
    text = (values.get(key) or "").strip()
    if not text:
        raise BadValue(f"{label}：{problem}")
    return text


def condition_words(book: rulebook.Rulebook, cond: Any) -> str:
    try:
        model = rulebook.Leaf.model_validate(cond) if "field" in cond else \
            rulebook.AllOf.model_validate(cond) if "all" in cond else \
            rulebook.AnyOf.model_validate(cond)  # fmt: skip
    except (ValueError, TypeError):
        return "（无法读取的条件）"
    return policies.condition_text(model, book)


def _leaves(cond: Any, here: tuple[str | int, ...]) -> list[tuple[str, Any]]:
    """(reference, comparison) of every comparison of a condition, depth first."""
    if not isinstance(cond, dict):
        return []
    for key in ("all", "any"):
        if isinstance(cond.get(key), list):
            return [found for i, c in enumerate(cond[key])
                    for found in _leaves(c, (*here, key, i))]  # fmt: skip
    return [("/".join(str(s) for s in here), cond)] if "field" in cond else []


def _rule_parts(rule: dict[str, Any], path: Path, book: rulebook.Rulebook) -> list[Part]:
    found: list[Part] = []
    fails_if = rule.get("fails_if")
    conditions = tuple(
        (ref, condition_words(book, c)) for ref, c in _leaves(fails_if, ("fails_if",))
    )
    if fails_if is None:
        found.append(Part("condition", "判定条件", path, (), (),
                          "此规则由主管部门认定，不设判定条件"))  # fmt: skip
    else:
        found.append(Part("condition", "判定条件", path, conditions,
                          _condition_inputs(book, rule),
                          "新增的条件与已有条件同时满足（“且”）时不达标", keep_one=True))  # fmt: skip
    exempt = rule.get("exempt_if")
    if exempt is None:
        inputs = (*_condition_inputs(book, rule),
                  Input("exemption", "豁免原文", "longtext", help="方案中豁免的原话"))  # fmt: skip
        found.append(Part("exemption", "豁免", path, (), inputs, "每条规则只设一个豁免"))
    else:
        words = f"{condition_words(book, exempt)}：{rule.get('exemption') or ''}"
        found.append(Part("exemption", "豁免", path, (("exempt_if", words),), (),
                          "已设豁免；如需另设，先删除现有豁免"))  # fmt: skip
    documents = [d for d in rule.get("documents") or [] if isinstance(d, str)]
    precedence = [p for p in rule.get("precedence") or [] if isinstance(p, dict)]
    doc_choices = tuple((d, d) for d in documents)
    found.append(Part(
        "precedence", "适用优先", (*path, "precedence"),
        tuple((str(i), f"{p.get('covers')}：以 {p.get('governs')} 为准（不适用 {p.get('over')}）")
              for i, p in enumerate(precedence)),
        (Input("governs", "适用的标准", "choice", choices=doc_choices),
         Input("over", "不再适用的标准", "choice", choices=doc_choices),
         Input("covers", "规定的事项", "text", help="如 大气污染物排放")) if len(documents) > 1 else (),
        "规则引用两个以上文件时才能设适用优先",
    ))  # fmt: skip
    limits = [lv for lv in rule.get("limit_values") or [] if isinstance(lv, dict)]
    limit_items = tuple(
        (str(i), f"{editing.equipment_label(str(lv.get('equipment')))} "
                 f"{editing.number_text(lv.get('value'))} {lv.get('unit') or ''}（{lv.get('source') or '无出处'}）")
        for i, lv in enumerate(limits))  # fmt: skip
    if rule.get("determination") == "energy_status":
        equipment = tuple((e, editing.equipment_label(e)) for e in rule.get("equipment") or [])
        found.append(Part("limit", "能耗限定值", (*path, "limit_values"), limit_items, (
            Input("equipment", "装置", "choice", choices=equipment),
            Input("value", "限定值", "number"),
            Input("unit", "单位", "text", help="如 千克标准煤/吨"),
            Input("source", "出处", "longtext", help="标准号及条款，如 GB 21256-2013 表1"),
        )))  # fmt: skip
    elif limits:
        found.append(Part("limit", "能耗限定值", (*path, "limit_values"), limit_items, (),
                          "限定值只用于由能耗认定的规则"))  # fmt: skip
    retrofit = rule.get("retrofit")
    if isinstance(retrofit, dict):
        measures = [m for m in retrofit.get("measures") or [] if isinstance(m, dict)]
        inputs = (Input("action", "措施", "text"),
                  *(Input(i.key, f"适用条件：{i.label}", i.kind, False, i.choices, i.help)
                    for i in _condition_inputs(book, rule)))  # fmt: skip
        found.append(Part("measure", "改造措施", (*path, "retrofit", "measures"),
                          tuple((str(i), str(m.get("action") or "")) for i, m in enumerate(measures)),
                          inputs))  # fmt: skip
    return found


def _add_condition(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rule = editing.get(raw, part.path)
    new = leaf(book, rule, values, part.label)
    current = rule.get("fails_if")
    if isinstance(current, dict) and isinstance(current.get("all"), list):
        current["all"].append(new)
    else:
        rule["fails_if"] = {"all": [current, new]}


def _remove_leaf(rule: dict[str, Any], ref: str) -> None:
    steps: list[str | int] = [int(s) if s.isdigit() else s for s in ref.split("/")]
    parent = editing.get(rule, tuple(steps[:-2]))  # the {all: […]} or {any: […]} holding it
    items = parent[steps[-2]]
    del items[int(steps[-1])]
    if len(items) == 1:  # {all: [x]} is x
        if len(steps) == 3:
            rule[str(steps[0])] = items[0]
        else:
            editing.put(rule, tuple(steps[:-2]), items[0])


def _add_exemption(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rule = editing.get(raw, part.path)
    cond = leaf(book, rule, values, "豁免条件")
    wording = _text(values, "exemption", "豁免原文", "请填写方案中豁免的原话")
    # Written after the rule's condition, as the bundled file writes it.
    _insert_after(rule, "exempt_if", cond, ("fails_if",))
    _insert_after(rule, "exemption", wording, ("exempt_if",))


def _insert_after(rule: dict[str, Any], key: str, value: Any, after: tuple[str, ...]) -> None:
    """Set ``rule[key]``: where it is, or after the last of ``after`` that the rule has."""
    if key in rule:
        rule[key] = value
        return
    keys = list(rule)
    at = max((keys.index(k) + 1 for k in after if k in keys), default=len(keys))
    items = list(rule.items())
    rule.clear()
    rule.update([*items[:at], (key, value), *items[at:]])


def _add_precedence(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rule = editing.get(raw, part.path[:-1])
    documents = [d for d in rule.get("documents") or [] if isinstance(d, str)]
    governs, over = values.get("governs", ""), values.get("over", "")
    if governs not in documents or over not in documents:
        raise BadValue("适用优先：请从本规则引用的文件中选择")
    if governs == over:
        raise BadValue("适用优先：适用的标准与不再适用的标准不能是同一个")
    covers = _text(values, "covers", "适用优先（规定的事项）")
    stated = list(rule.get("precedence") or [])
    if any(p.get("governs") == governs and p.get("over") == over and p.get("covers") == covers
           for p in stated if isinstance(p, dict)):  # fmt: skip
        raise BadValue(f"适用优先：{covers} 已写明以 {governs} 为准")
    _insert_after(rule, "precedence", [*stated, {"governs": governs, "over": over,
                                                 "covers": covers}], ("documents",))  # fmt: skip


def _add_limit(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rule = editing.get(raw, part.path[:-1])
    equipment = values.get("equipment", "")
    if equipment not in (rule.get("equipment") or []):
        raise BadValue("能耗限定值（装置）：请从本规则的装置中选择")
    value = number(values.get("value", ""), "能耗限定值（限定值）")
    if value is not None and value <= 0:
        raise BadValue("能耗限定值（限定值）：应大于 0")
    unit = _text(values, "unit", "能耗限定值（单位）")
    source = _text(values, "source", "能耗限定值（出处）", "请填写出处：没有出处的限定值不能保存")
    limits = list(rule.get("limit_values") or [])
    if any(isinstance(lv, dict) and lv.get("equipment") == equipment for lv in limits):
        name = editing.equipment_label(equipment)
        raise BadValue(f"能耗限定值（装置）：{name}已有限定值，请修改或先删除它")
    new = {"equipment": equipment, "value": value, "unit": unit, "source": source}
    _insert_after(rule, "limit_values", [*limits, new], ("determination", "documents"))


def _add_measure(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rule = editing.get(raw, part.path[:-2])
    action = _text(values, "action", "改造措施（措施）")
    measure: dict[str, Any] = {"action": action}
    if any((values.get(k) or "").strip() for k in ("field", "value")):
        measure["when"] = leaf(book, rule, values, "改造措施的适用条件")
    rule["retrofit"]["measures"] = [*(rule["retrofit"].get("measures") or []), measure]


# ─── pricing ─────────────────────────────────────────────────────────────────


def _schedule_parts(schedule: dict[str, Any], path: Path) -> list[Part]:
    found: list[Part] = []
    rates = [r for r in schedule.get("rates") or [] if isinstance(r, dict)]
    unit = schedule.get("unit") or ""
    if schedule.get("kind") == "flat" or rates:
        found.append(Part(
            "rate", "费率（按起始日期）", (*path, "rates"),
            tuple((str(i), f"{_date_text(r.get('effective_from'))} 起 "
                           f"{editing.number_text(r.get('rate'))} {unit}")
                  for i, r in enumerate(rates)),
            (Input("effective_from", "起始日期", "date"), Input("rate", f"费率（{unit}）", "number")),
            keep_one=schedule.get("kind") == "flat",
        ))  # fmt: skip
    if schedule.get("kind") == "tiered":
        tiers = [t for t in schedule.get("tiers") or [] if isinstance(t, dict)]
        found.append(Part(
            "tier", "分档", (*path, "tiers"),
            tuple((str(i), f"{_up_to(t.get('up_to'))}：{editing.number_text(t.get('rate'))} {unit}")
                  for i, t in enumerate(tiers)),
            (Input("up_to", "档次上限（空为不设上限）", "number", required=False),
             Input("rate", f"费率（{unit}）", "number")),
        ))  # fmt: skip
    return found


def _water_tiers(schedule: dict[str, Any], path: Path) -> Part:
    tiers = [t for t in schedule.get("tiers") or [] if isinstance(t, dict)]
    return Part(
        "water_tier", f"{schedule.get('label') or '水价'}：分档", (*path, "tiers"),
        tuple((str(i), f"超定额{_up_to(t.get('up_to_pct'), '%')}：加价 "
                       f"{editing.number_text(t.get('surcharge_pct'))}%")
              for i, t in enumerate(tiers)),
        (Input("up_to_pct", "超定额比例上限（%，空为不设上限）", "number", required=False),
         Input("surcharge_pct", "加价比例（%）", "number")),
        keep_one=True,
    )  # fmt: skip


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _up_to(value: Any, unit: str = "") -> str:
    return "以上各档之外" if value is None else f"不超过 {editing.number_text(value)}{unit}"


def _add_rate(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
    rates = editing.get(raw, part.path)
    text = (values.get("effective_from") or "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"费率（起始日期）：“{text}”不是日期，格式应为 2023-01-01") from None
    rate = number(values.get("rate", ""), "费率（费率）")
    if rate is not None and rate < 0:
        raise BadValue("费率（费率）：不能小于 0")
    if any(r.get("effective_from") == day for r in rates if isinstance(r, dict)):
        raise BadValue(f"费率（起始日期）：已有 {day.isoformat()} 起的费率，请修改它")
    rates.append({"effective_from": day, "rate": rate})
    rates.sort(key=lambda r: r.get("effective_from") or dt.date.min)


def _add_tier(bound: str, amount: str, label: str) -> Callable[..., None]:
    def add(raw: Any, part: Part, values: dict[str, str], book: rulebook.Rulebook) -> None:
        tiers = editing.get(raw, part.path)
        edge = number(values.get(bound, ""), f"{label}（上限）", optional=True)
        value = number(values.get(amount, ""), f"{label}（加价）")
        if value is not None and value < 0:
            raise BadValue(f"{label}（加价）：不能小于 0")
        if any(t.get(bound) == edge for t in tiers if isinstance(t, dict)):
            limit = "不设上限" if edge is None else f"上限 {editing.number_text(edge)}"
            raise BadValue(f"{label}（上限）：已有{limit}的一档，请修改它")
        tiers.append({bound: edge, amount: value})
        tiers.sort(key=lambda t: (t.get(bound) is None, t.get(bound) or 0))

    return add


_ADDERS: dict[str, Callable[[Any, Part, dict[str, str], rulebook.Rulebook], None]] = {
    "condition": _add_condition,
    "exemption": _add_exemption,
    "precedence": _add_precedence,
    "limit": _add_limit,
    "measure": _add_measure,
    "rate": _add_rate,
    "tier": _add_tier("up_to", "rate", "分档"),
    "water_tier": _add_tier("up_to_pct", "surcharge_pct", "分档"),
}
