"""The rulebook (规则库): the plan's standards as validated data.

One loader reads ``resolute/data/rulebook.yaml`` (or any file given), checks every entry
against the ledger schema, and returns an immutable :class:`Rulebook`. A broken file raises
:class:`RulebookError` naming the file and the entry, so a bad edit stops the program at
start-up rather than producing wrong verdicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resolute.core import schema
from resolute.core.datafile import (
    DataFileError,
    Issued,
    check_entry,
    entry_name,
    read_yaml,
    validation_error,
)
from resolute.core.schema import Kind

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "rulebook.yaml"

Standard = Literal["environment", "safety", "technology", "energy", "efficiency", "procedures"]
Basis = Literal["national", "provincial"]
Subject = Literal["enterprise", "line", "product"]
Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in"]
Determination = Literal["env_status", "safety_status", "energy_status"]

#: The five standards of 二(二); ``procedures`` (手续) is the further ground of 二(三)8.
STANDARDS: tuple[Standard, ...] = ("environment", "safety", "technology", "energy", "efficiency")
STANDARD_LABELS: dict[str, str] = {
    "environment": "环保",
    "safety": "安全",
    "technology": "技术",
    "energy": "能耗",
    "efficiency": "效益",
    "procedures": "手续",
}
BASIS_LABELS: dict[str, str] = {"national": "国家标准", "provincial": "省定标准"}
OP_SYMBOLS: dict[str, str] = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "∈",
}
NUMERIC_OPS = frozenset({"lt", "le", "gt", "ge"})


class RulebookError(DataFileError):
    """A rulebook file that cannot be used, with the file and the entry at fault."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Scalar = bool | int | float | str


class Leaf(_Frozen):
    field: str
    op: Op
    value: Scalar | tuple[str, ...]
    capacity_class: str | None = Field(default=None, alias="class")
    #: How a blank cell reads, for a determination that exists only once an authority has
    #: made it (``permits_unfixable``: blank is "not so determined"). None: blank is unknown.
    blank: bool | None = None


class AllOf(_Frozen):
    all: tuple[Condition, ...]


class AnyOf(_Frozen):
    any: tuple[Condition, ...]


Condition = Annotated[Leaf | AllOf | AnyOf, Field(union_mode="smart")]
AllOf.model_rebuild()
AnyOf.model_rebuild()


def leaves(condition: Condition | None) -> Iterator[Leaf]:
    """Every comparison in a condition, depth first, in written order."""
    if condition is None:
        return
    if isinstance(condition, Leaf):
        yield condition
    elif isinstance(condition, AllOf):
        for c in condition.all:
            yield from leaves(c)
    else:
        for c in condition.any:
            yield from leaves(c)


class Precedence(_Frozen):
    governs: str
    over: str
    covers: str


class LimitValue(_Frozen):
    """A limit on ``unit_energy`` for one equipment, entered by an administrator."""

    equipment: str
    value: float
    unit: str
    source: str


class Measure(_Frozen):
    """One retrofit the plan names, for the units meeting ``when``."""

    action: str
    when: Condition | None = None


class Retrofit(_Frozen):
    """Where the plan lets a unit failing this technology rule stay by retrofitting it: while
    ``when`` certainly holds, the failure leads to 限期整改 with the retrofit named, not to
    淘汰退出 (e.g. 二(三)4 热力无法接续). ``measures`` name what to do; ``otherwise`` when none
    applies."""

    when: Condition
    clause: str
    wording: str
    measures: tuple[Measure, ...] = ()
    otherwise: str


class Rule(_Frozen):
    id: str
    industry: str
    standard: Standard
    basis: Basis
    subject: Subject
    equipment: tuple[str, ...] = ()
    determination: Determination | None = None
    fails_if: Condition | None = None
    exempt_if: Condition | None = None
    exemption: str = ""
    retrofit: Retrofit | None = None
    limit_values: tuple[LimitValue, ...] = ()
    clause: str
    documents: tuple[str, ...] = ()
    precedence: tuple[Precedence, ...] = ()
    wording: str

    @property
    def enterprise_only(self) -> bool:
        """Evaluated on the enterprise row alone (the efficiency figures)."""
        return not self.equipment

    @property
    def measure(self) -> Leaf | None:
        """The comparison whose value and threshold a finding reports."""
        return next(iter(leaves(self.fails_if)), None)

    @property
    def citation(self) -> str:
        docs = "、".join(self.documents)
        return f"{self.clause} {docs}" if docs else self.clause


class CapacityClass(_Frozen):
    id: str
    wording: str
    min_mw: float
    max_mw: float
    clause: str
    reason: str


class Figure(_Frozen):
    label: str
    unit: str
    numerator: str
    denominator: str


class Aggregate(_Frozen):
    """A sum over an enterprise's lines. Lines that exited before ``counted_from`` are left
    out; without it, every line not exited counts."""

    label: str
    unit: str
    sum: str
    equipment: tuple[str, ...]
    where: Condition
    counted_from: dt.date | None = None
    note: str = ""


class Flag(_Frozen):
    """Whether an enterprise has a line of ``equipment`` meeting ``where``: true if any has,
    false if it has such equipment and none meets it, unknown otherwise (no such line at all,
    or a line whose kind is unknown). Lines count as in :class:`Aggregate`."""

    label: str
    equipment: tuple[str, ...]
    where: Condition
    counted_from: dt.date | None = None
    note: str = ""


class Fallback(_Frozen):
    """A line field that, left blank, takes ``enterprise_field`` of its enterprise when the
    enterprise has exactly one line of ``equipment``."""

    enterprise_field: str
    equipment: str


class Document(_Frozen):
    title: str
    covers: tuple[str, ...]


class Rulebook(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    plan: str
    capacity_classes: tuple[CapacityClass, ...] = ()
    figures: dict[str, Figure]
    aggregates: dict[str, Aggregate]
    flags: dict[str, Flag] = Field(default_factory=dict)
    line_fallbacks: dict[str, Fallback] = Field(default_factory=dict)
    documents: dict[str, Document]
    rules: tuple[Rule, ...]
    digest: str = ""

    @property
    def full_version(self) -> str:
        """The version with a digest of the content, so that any edit shows."""
        return f"{self.version}+{self.digest[:12]}"

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def for_industry(self, industry: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.industry == industry)

    def field_label(self, key: str) -> str:
        if key in self.figures:
            return self.figures[key].label
        if key in self.aggregates:
            return self.aggregates[key].label
        if key in self.flags:
            return self.flags[key].label
        if key in PLACE_FIELDS:
            return PLACE_FIELDS[key]
        spec = schema.LINE_FIELD_BY_KEY.get(key) or schema.ENTERPRISE_FIELD_BY_KEY.get(key)
        return spec.label if spec else key

    def field_unit(self, key: str, equipment: str | None = None) -> str:
        if key in self.figures:
            return self.figures[key].unit
        if key in self.aggregates:
            return self.aggregates[key].unit
        if key == "capacity" and equipment:
            return schema.EQUIPMENT_BY_CODE[equipment].capacity_unit
        spec = schema.LINE_FIELD_BY_KEY.get(key) or schema.ENTERPRISE_FIELD_BY_KEY.get(key)
        return spec.unit if spec else ""


# ─── loading ────────────────────────────────────────────────────────────────────


def load(path: Path | str | None = None) -> Rulebook:
    """Read and validate a rulebook file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, RulebookError)
    return parse(raw, target, digest)


@cache
def default() -> Rulebook:
    """The bundled rulebook, loaded once per process."""
    return load()


def parse(raw: Any, path: Path | str = "<rulebook>", digest: str = "") -> Rulebook:
    if not isinstance(raw, dict):
        raise RulebookError(path, "(file)", "顶层应为“键: 值”的映射")
    for i, entry in enumerate(raw.get("rules") or []):
        check_entry(RulebookError, path, entry_name("rules", i, entry), Rule, entry)
    try:
        book = Rulebook.model_validate({**raw, "digest": digest})
    except ValidationError as exc:
        raise validation_error(RulebookError, path, exc) from exc
    _check(book, path)
    return book


#: The comparisons as a loader's message names them.
_OP_WORDS = {"eq": "等于", "ne": "不等于", "lt": "小于", "le": "不大于", "gt": "大于",
             "ge": "不小于", "in": "属于"}  # fmt: skip


def _field(key: str) -> str:
    """A ledger field in a loader's message: its Chinese name (the key as written when it
    is not a ledger field, e.g. a figure the rulebook defines)."""
    spec = schema.LINE_FIELD_BY_KEY.get(key) or schema.ENTERPRISE_FIELD_BY_KEY.get(key)
    return f"“{spec.label}”" if spec is not None else f"“{key}”"


def _equipment(code: str) -> str:
    spec = schema.EQUIPMENT_BY_CODE.get(code)
    return spec.label if spec is not None else code


def _op(op: str) -> str:
    return _OP_WORDS.get(op, op)


def _check(book: Rulebook, path: Path | str) -> None:
    seen: set[str] = set()
    for name, agg in book.aggregates.items():
        where = f"aggregates.{name}"
        if _kind_of(agg.sum, book, line_scope=True) not in (Kind.NUMBER, Kind.INTEGER):
            raise RulebookError(path, where, f"求和字段 {_field(agg.sum)} 不是生产线的数量字段")
        check_condition(agg.where, book, path, where, line_scope=True, allow_derived=False)
    for name, fb in book.line_fallbacks.items():
        line_spec = schema.LINE_FIELD_BY_KEY.get(name)
        ent_spec = schema.ENTERPRISE_FIELD_BY_KEY.get(fb.enterprise_field)
        if line_spec is None or ent_spec is None or line_spec.kind is not ent_spec.kind:
            raise RulebookError(
                path, f"line_fallbacks.{name}", "须为同一类型的一个生产线字段和一个企业字段"
            )
        if fb.equipment not in line_spec.equipment:
            raise RulebookError(
                path,
                f"line_fallbacks.{name}",
                f"{_field(name)} 不是装置“{_equipment(fb.equipment)}”的字段",
            )
    for name, flag in book.flags.items():
        where = f"flags.{name}"
        check_condition(flag.where, book, path, where, line_scope=True, allow_derived=False)
        if any(leaf.field in book.flags for leaf in leaves(flag.where)):
            raise RulebookError(path, where, "标志不能引用另一个标志")
    for name, fig in book.figures.items():
        for key in (fig.numerator, fig.denominator):
            spec = schema.ENTERPRISE_FIELD_BY_KEY.get(key)
            if spec is None or spec.kind not in (Kind.NUMBER, Kind.INTEGER):
                raise RulebookError(path, f"figures.{name}", f"{key!r} 不是企业的数值字段")
    for rule in book.rules:
        where = f"rule {rule.id}"
        if rule.id in seen:
            raise RulebookError(path, where, "规则编号重复")
        seen.add(rule.id)
        industry = schema.INDUSTRY_BY_CODE.get(rule.industry)
        if industry is None:
            raise RulebookError(path, where, f"未知行业“{rule.industry}”")
        for eq in rule.equipment:
            if eq not in industry.equipment:
                raise RulebookError(
                    path, where, f"装置“{_equipment(eq)}”不属于行业“{industry.label}”"
                )
        if (rule.determination is None) == (rule.fails_if is None):
            raise RulebookError(path, where, "判定条件与判定方式须有且只有一个")
        if rule.enterprise_only and (rule.subject != "enterprise" or rule.determination):
            raise RulebookError(path, where, "没有装置的规则须为企业规则（判定对象为企业）")
        if rule.limit_values and rule.determination != "energy_status":
            raise RulebookError(path, where, "限额只用于能耗判定")
        for lv in rule.limit_values:
            if lv.equipment not in rule.equipment:
                raise RulebookError(
                    path, where, f"限额的装置“{_equipment(lv.equipment)}”不在本规则的装置中"
                )
        line_scope = not rule.enterprise_only
        for cond in (rule.fails_if, rule.exempt_if):
            if cond is not None:
                check_condition(cond, book, path, where, line_scope, allow_derived=True)
        for leaf in _class_leaves(rule):
            problem = check_class(leaf, book)
            if problem is not None:
                raise RulebookError(path, where, problem)
        if rule.retrofit is not None:
            if rule.standard != "technology":
                raise RulebookError(path, where, "改造措施只用于技术标准的规则")
            conds = [rule.retrofit.when, *(m.when for m in rule.retrofit.measures if m.when)]
            for cond in conds:
                check_condition(cond, book, path, where, line_scope, allow_derived=True)
        if rule.exempt_if is not None and not rule.exemption:
            raise RulebookError(path, where, "有豁免条件时须写明豁免原文")
        _check_documents(rule, book, path, where)


def _class_leaves(rule: Rule) -> Iterator[Leaf]:
    yield from leaves(rule.fails_if)
    if rule.retrofit is not None:
        yield from leaves(rule.retrofit.when)
        for m in rule.retrofit.measures:
            yield from leaves(m.when)


def check_class(leaf: Leaf, book: Rulebook) -> str | None:
    """Why a leaf's capacity class does not fit it (None when it does or names none)."""
    if leaf.capacity_class is None:
        return None
    cls = next((c for c in book.capacity_classes if c.id == leaf.capacity_class), None)
    if cls is None:
        return f"未知的容量等级“{leaf.capacity_class}”"
    if leaf.value != cls.max_mw:
        return f"阈值与容量等级 {cls.id} 不一致"
    return None


def _check_documents(rule: Rule, book: Rulebook, path: Path | str, where: str) -> None:
    for code in rule.documents:
        if code not in book.documents:
            raise RulebookError(path, where, f"文件“{code}”不在文件目录中")
    stated = {(p.governs, p.over, p.covers) for p in rule.precedence}
    for p in rule.precedence:
        if p.governs not in rule.documents or p.over not in rule.documents:
            raise RulebookError(
                path, where, f"适用优先中的文件未被本规则引用：{p.governs}、{p.over}"
            )
    # 二(二): where the province has a DB standard it governs over the GB one.
    local = [c for c in rule.documents if c.startswith("DB37")]
    national = [c for c in rule.documents if c.startswith("GB")]
    for db in local:
        for gb in national:
            shared = set(book.documents[db].covers) & set(book.documents[gb].covers)
            for covers in sorted(shared):
                if (db, gb, covers) not in stated:
                    raise RulebookError(
                        path,
                        where,
                        f"{db} 与 {gb} 都规定了 {covers}：须写明以哪个为准",
                    )


#: Facts of an enterprise's place, computed from its city and county (core/cities.py):
#: ``corridor`` — in the corridor-city area of 二(三)1 (the seven 京津冀大气污染传输通道 cities
#: without 济南's 莱芜区 and 钢城区); unknown when the city is unknown.
PLACE_FIELDS: dict[str, str] = {"corridor": "位于传输通道城市（二(三)1 范围）"}


def _kind_of(key: str, book: Rulebook, line_scope: bool) -> Kind | None:
    if key in PLACE_FIELDS:
        return Kind.BOOL
    if key in book.figures or key in book.aggregates:
        return Kind.NUMBER
    if key in book.flags:
        return Kind.BOOL
    if key in schema.ENTERPRISE_FIELD_BY_KEY:
        return schema.ENTERPRISE_FIELD_BY_KEY[key].kind
    if line_scope and key in schema.LINE_FIELD_BY_KEY:
        return schema.LINE_FIELD_BY_KEY[key].kind
    return None


def check_condition(
    cond: Condition,
    book: Rulebook,
    path: Path | str,
    where: str,
    line_scope: bool,
    allow_derived: bool,
) -> None:
    """Check that a condition names known fields and compares each as its kind allows.

    ``line_scope`` admits line fields besides enterprise ones; ``allow_derived`` admits the
    rulebook's figures and aggregates. Other data files with conditions (targets) use it too.
    """
    for leaf in leaves(cond):
        kind = _kind_of(leaf.field, book, line_scope)
        if kind is None:
            raise RulebookError(path, where, f"未知字段“{leaf.field}”")
        derived = leaf.field in book.figures or leaf.field in book.aggregates
        if derived and not allow_derived:
            raise RulebookError(path, where, f"{_field(leaf.field)} 不能用在这里")
        if leaf.field in book.aggregates and leaf.op not in ("lt", "le"):
            raise RulebookError(
                path, where, f"合计值 {_field(leaf.field)} 只能用“小于”或“不大于”比较"
            )
        if leaf.blank is not None and kind is not Kind.BOOL:
            raise RulebookError(
                path, where, f"“未填写时”只用于是/否字段，{_field(leaf.field)} 不是"
            )
        if leaf.op in NUMERIC_OPS:
            if kind not in (Kind.NUMBER, Kind.INTEGER) or isinstance(leaf.value, bool):
                raise RulebookError(
                    path, where, f"“{_op(leaf.op)}”须用于数值字段，{_field(leaf.field)} 不是"
                )
            if not isinstance(leaf.value, int | float):
                raise RulebookError(path, where, f"{_field(leaf.field)} 的阈值不是数字")
        elif kind is Kind.BOOL:
            if leaf.op not in ("eq", "ne") or not isinstance(leaf.value, bool):
                raise RulebookError(
                    path, where, f"{_field(leaf.field)} 只能用“等于”或“不等于”与“是”“否”比较"
                )
        elif kind is Kind.ENUM:
            spec = (
                schema.LINE_FIELD_BY_KEY.get(leaf.field)
                or schema.ENTERPRISE_FIELD_BY_KEY[leaf.field]
            )
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            if (leaf.op == "in") != isinstance(leaf.value, tuple):
                raise RulebookError(path, where, "“属于”须给出列表，其他比较给出一个值")
            for v in values:
                if v not in spec.choice_codes():
                    raise RulebookError(path, where, f"“{v}”不是 {_field(leaf.field)} 的可选值")
        else:
            raise RulebookError(path, where, f"{_field(leaf.field)} 不能用“{_op(leaf.op)}”比较")
