"""Capacity replacement (产能置换): plans that link a new project to exited capacity (二(三)5,6;
二(四)5).

The rules — ratios by industry and region, minimum scale of new equipment, industries that may
take nothing from outside the province, which obligation tasks' exits may be used — live in
``resolute/data/replacement.yaml`` with their sources. :func:`check_plan` runs every check on
one plan and returns a :class:`Verdict` with reasons in Chinese; :func:`capacity_ledger`
says, for every source line, how much of its capacity went to which plan.

Amounts are compared as decimals of their written values, so a ratio met exactly passes and
one missed by the last digit fails, without floating-point noise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, ValidationError

from resolute.core import cities, engine, obligations, schema, targets
from resolute.core.datafile import DataFileError, Issued, read_yaml, validation_error
from resolute.core.defaults import UNCONFIRMED_NOTE
from resolute.core.ledger import Ledger
from resolute.core.words import number_text

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "replacement.yaml"

Region = Literal["key", "other", "any"]
#: Any day after every deadline: a line owes an obligation whatever its status.
_FAR_FUTURE = dt.date(2100, 1, 1)

CHECK_LABELS: dict[str, str] = {
    "ratio": "置换比例",
    "minimum_scale": "新建装备规模",
    "sources_exited": "来源产能已核实退出",
    "exit_before_start": "先压后上",
    "no_double_use": "产能未重复使用",
    "eligible": "来源产能可用于置换",
    "in_province": "无省外产能",
}


class ReplacementRulesError(DataFileError):
    """A replacement rules file that cannot be used, naming the file and the entry."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RatioRule(_Frozen):
    id: str
    equipment: tuple[str, ...]
    ratio: float
    region: Region = "any"
    route: tuple[str, ...] = ()
    sources_flagged: bool = False
    all_sources_in: tuple[str, ...] = ()
    clause: str = ""
    source: str
    wording: str
    note: str = ""
    unconfirmed: bool = False
    #: 减量置换 without a figure: exited capacity must exceed ``ratio`` × new (equal fails).
    strict: bool = False


class MinimumScale(_Frozen):
    equipment: str
    field: str
    at_least: float
    unit: str
    clause: str = ""
    source: str
    wording: str


class NoOutside(_Frozen):
    industry: str
    clause: str
    wording: str


class AdmissionRatio(_Frozen):
    dimension: str
    label: str
    unit: str
    ratio: float | Literal["replacement"]
    unconfirmed: bool = False


class Rules(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    documents: dict[str, str]
    groups: dict[str, tuple[str, ...]]
    ratios: tuple[RatioRule, ...]
    minimum_scale: tuple[MinimumScale, ...]
    no_outside_province: tuple[NoOutside, ...]
    replaceable_tasks: dict[str, str]
    admission: tuple[AdmissionRatio, ...]
    #: A route's code → its words (同等规格厂内改造 …), for forms and pages.
    routes: dict[str, str] = {}
    digest: str = ""

    def group_of(self, equipment: str) -> str | None:
        for name, members in self.groups.items():
            if equipment in members:
                return name
        return None

    def document(self, key: str) -> str:
        return self.documents.get(key, key)


def load(path: Path | str | None = None) -> Rules:
    """Read and validate a rules file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, ReplacementRulesError)
    return parse(raw, target, digest)


def parse(raw: Any, path: Path | str = "<replacement>", digest: str = "") -> Rules:
    """Validate the parsed content of a rules file."""
    if not isinstance(raw, dict):
        raise ReplacementRulesError(path, "(file)", "顶层应为“键: 值”的映射")
    try:
        rules = Rules.model_validate({**raw, "digest": digest})
    except ValidationError as exc:
        raise validation_error(ReplacementRulesError, path, exc) from exc
    _check(rules, path)
    return rules


def _check(rules: Rules, path: Path | str) -> None:
    known = schema.EQUIPMENT_BY_CODE
    for rule in rules.ratios:
        for eq in (*rule.equipment, *rule.all_sources_in):
            if eq not in known:
                raise ReplacementRulesError(path, f"ratios {rule.id}", f"未知装置 {eq}")
        if rule.source not in rules.documents:
            raise ReplacementRulesError(path, f"ratios {rule.id}", f"未知的来源类别 {rule.source}")
        if rule.ratio <= 0:
            raise ReplacementRulesError(path, f"ratios {rule.id}", "置换比例须大于 0")
        for route in rule.route:
            if route not in rules.routes:
                raise ReplacementRulesError(path, f"ratios {rule.id}",
                                            f"路径 {route} 未在路径名称表中写明名称")  # fmt: skip
    for scale in rules.minimum_scale:
        if scale.equipment not in known:
            raise ReplacementRulesError(path, "minimum_scale", f"未知装置 {scale.equipment}")
    for members in rules.groups.values():
        for eq in members:
            if eq not in known:
                raise ReplacementRulesError(path, "groups", f"未知装置 {eq}")
    for item in rules.no_outside_province:
        if item.industry not in schema.INDUSTRY_BY_CODE:
            raise ReplacementRulesError(path, "no_outside_province", f"未知行业 {item.industry}")


@cache
def default() -> Rules:
    """The bundled rules, loaded once per process."""
    return load()


# ─── plans ────────────────────────────────────────────────────────────────────


class PlanError(ValueError):
    """A plan (or admission project) file that cannot be read, with the entry at fault."""


@dataclass(frozen=True, slots=True)
class Project:
    """The new project a plan builds: capacity in the unit of its equipment."""

    equipment: str
    capacity: float
    city: str
    starts_on: dt.date
    name: str = ""
    route: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def industry(self) -> str:
        return schema.EQUIPMENT_BY_CODE[self.equipment].industry


@dataclass(frozen=True, slots=True)
class Source:
    """Capacity a plan counts: a ledger line (all of it, or ``capacity``), or capacity from
    outside the province described in words."""

    capacity: float | None = None
    line_id: str | None = None
    outside_province: bool = False
    description: str = ""
    equipment: str | None = None
    exited_on: dt.date | None = None
    restricted: bool = False
    on_reduction_list: bool = False

    @property
    def label(self) -> str:
        return self.line_id or self.description or "省外产能"


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    project: Project
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    passed: bool
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return CHECK_LABELS[self.id]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "passed": self.passed,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    plan_id: str
    passed: bool
    ratio_rule: RatioRule | None
    required_ratio: float | None
    achieved_ratio: float | None
    source_capacity: float
    checks: tuple[Check, ...]

    def check(self, check_id: str) -> Check:
        return next(c for c in self.checks if c.id == check_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "passed": self.passed,
            "ratio_rule": self.ratio_rule.id if self.ratio_rule else None,
            "required_ratio": self.required_ratio,
            "required_strictly_more": bool(self.ratio_rule and self.ratio_rule.strict),
            "achieved_ratio": self.achieved_ratio,
            "unconfirmed": bool(self.ratio_rule and self.ratio_rule.unconfirmed),
            "note": UNCONFIRMED_NOTE if self.ratio_rule and self.ratio_rule.unconfirmed else "",
            "source_capacity": self.source_capacity,
            "checks": [c.as_json() for c in self.checks],
        }


def parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PlanError(f"{where}：日期“{value}”应写作 YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise PlanError(f"{where}：日期“{value}”应写作 YYYY-MM-DD") from exc


#: The largest amount a plan or project may state: far above any line's capacity or any
#: project's demand, and small enough that ratios and sums stay exact decimals.
MAX_AMOUNT = 1e12
#: The longest text a plan may carry in one field (names, descriptions, ids).
MAX_TEXT = 200


def parse_number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PlanError(f"{where}：应为数字")
    try:
        number = float(value)
    except (ValueError, OverflowError) as exc:
        raise PlanError(f"{where}：“{value}”不是数字") from exc
    if not math.isfinite(number):
        raise PlanError(f"{where}：应为有限的数字（不能是 NaN 或无穷大）")
    if number < 0:
        raise PlanError(f"{where}：不能为负数")
    if number > MAX_AMOUNT:
        raise PlanError(f"{where}：数值过大（不能超过 {MAX_AMOUNT:g}）")
    return number


def parse_text(value: Any, where: str, default: str = "") -> str:
    """A name or description: a string of printable characters, at most MAX_TEXT long."""
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise PlanError(f"{where}：应为文字")
    text = str(value)
    if len(text) > MAX_TEXT:
        raise PlanError(f"{where}：不能超过 {MAX_TEXT} 个字符")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise PlanError(f"{where}：不能含有控制字符")
    return text


def parse_code(value: Any, where: str, known: Mapping[str, Any], what: str) -> str:
    """A code that must be one of ``known`` (equipment, industry)."""
    if not isinstance(value, str) or value not in known:
        raise PlanError(f"{where}：未知{what}“{value}”")
    return value


def _attribute(value: Any, key: str, where: str) -> Any:
    """A new project's other attribute: a number for the ledger's numeric fields (the
    minimum-scale check compares them), else a plain value."""
    spec = schema.LINE_FIELD_BY_KEY.get(key)
    if value is None:
        return None
    if spec is not None and spec.kind in (schema.Kind.NUMBER, schema.Kind.INTEGER):
        return parse_number(value, where)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_AMOUNT:
            raise PlanError(f"{where}：应为有限的数字（绝对值不超过 {MAX_AMOUNT:g}）")
        return value
    return parse_text(value, where)


_PROJECT_KEYS = {"name", "industry", "equipment", "capacity", "city", "county", "starts_on",
                 "route"}  # fmt: skip


def project_from_json(raw: Any, where: str = "project") -> Project:
    """A project from its JSON form (see docs/instruments.md)."""
    if not isinstance(raw, dict):
        raise PlanError(f"{where}：应为对象")
    equipment = parse_code(raw.get("equipment"), f"{where}.equipment", schema.EQUIPMENT_BY_CODE,
                           "装置类型")  # fmt: skip
    industry = raw.get("industry")
    if industry is not None and schema.EQUIPMENT_BY_CODE[equipment].industry != industry:
        raise PlanError(f"{where}.industry：装置“{equipment}”不属于行业“{industry}”")
    city_text = raw.get("city", "")
    city = schema.normalise_city(city_text) if isinstance(city_text, str) else None
    if city is None:
        raise PlanError(f"{where}.city：“{city_text}”不是山东省 16 市之一")
    if "starts_on" not in raw:
        raise PlanError(f"{where}.starts_on：缺少新项目开工日期")
    route = raw.get("route")
    attributes = {str(k): _attribute(v, str(k), f"{where}.{k}")
                  for k, v in raw.items() if k not in _PROJECT_KEYS}  # fmt: skip
    return Project(
        equipment=equipment,
        capacity=parse_number(raw.get("capacity"), f"{where}.capacity"),
        city=city,
        starts_on=parse_date(raw["starts_on"], f"{where}.starts_on"),
        name=parse_text(raw.get("name"), f"{where}.name"),
        route=None if route is None else parse_text(route, f"{where}.route"),
        attributes=attributes,
    )


def stored_project(
    *,
    name: str,
    industry: str,
    equipment: str,
    capacity: float,
    city: str,
    starts_on: dt.date,
    attributes: Any,
) -> Project:
    """The project of a plan kept on file: its fields and the new equipment's other
    attributes as stored (a JSON object). Raises PlanError when they do not make a project
    (attributes not an object, unknown equipment, equipment of another industry …)."""
    attributes = attributes or {}
    if not isinstance(attributes, dict):
        raise PlanError("装备参数须为 JSON 对象")
    return project_from_json({
        "name": name, "industry": industry, "equipment": equipment, "capacity": capacity,
        "city": city, "starts_on": starts_on.isoformat(), **attributes,
    })  # fmt: skip


def check_source_kind(from_ledger: bool, outside_province: bool) -> None:
    """A source counts a line of the ledger or capacity marked as from outside the province;
    raises PlanError when it is neither."""
    if not from_ledger and not outside_province:
        raise PlanError("来源须为台账中的生产线，或标明省外产能")


def source_from_json(raw: Any, where: str) -> Source:
    if not isinstance(raw, dict):
        raise PlanError(f"{where}：应为对象")
    outside = _flag(raw.get("outside_province"), f"{where}.outside_province")
    line_id = parse_text(raw.get("line_id"), f"{where}.line_id")
    if not outside and not line_id:
        raise PlanError(f"{where}：须给出 line_id，或标明 outside_province")
    capacity = raw.get("capacity")
    exited = raw.get("exited_on")
    equipment = raw.get("equipment")
    if equipment is not None:
        equipment = parse_code(equipment, f"{where}.equipment", schema.EQUIPMENT_BY_CODE,
                               "装置类型")  # fmt: skip
    return Source(
        capacity=None if capacity is None else parse_number(capacity, f"{where}.capacity"),
        line_id=line_id or None,
        outside_province=outside,
        description=parse_text(raw.get("description"), f"{where}.description"),
        equipment=equipment,
        exited_on=None if exited is None else parse_date(exited, f"{where}.exited_on"),
        restricted=_flag(raw.get("restricted"), f"{where}.restricted"),
        on_reduction_list=_flag(raw.get("on_reduction_list"), f"{where}.on_reduction_list"),
    )


def _flag(value: Any, where: str) -> bool:
    """A yes/no field: true, false or absent — nothing else is read as one or the other."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise PlanError(f"{where}：应为 true 或 false")
    return value


def plan_from_json(raw: Any, where: str = "plan") -> Plan:
    if not isinstance(raw, dict):
        raise PlanError(f"{where}：应为对象")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise PlanError(f"{where}.sources：须列出至少一项来源产能")
    return Plan(
        id=parse_text(raw.get("id"), f"{where}.id") or "plan",
        project=project_from_json(raw.get("project"), f"{where}.project"),
        sources=tuple(source_from_json(s, f"{where}.sources[{i}]") for i, s in enumerate(sources)),
    )


def plans_from_json(raw: Any) -> list[Plan]:
    """One plan, or ``{"plans": [...]}`` checked against each other."""
    if isinstance(raw, dict) and "plans" in raw:
        items = raw["plans"]
        if not isinstance(items, list):
            raise PlanError("plans：应为列表")
        plans = [plan_from_json(p, f"plans[{i}]") for i, p in enumerate(items)]
    else:
        plans = [plan_from_json(raw)]
    ids = [p.id for p in plans]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise PlanError(f"方案编号重复：{repeated[0]}")
    return plans


def plan_json(plan: Plan) -> dict[str, Any]:
    """The JSON form of a plan (the inverse of :func:`plan_from_json`)."""
    project = plan.project
    return {
        "id": plan.id,
        "project": {
            "name": project.name,
            "industry": project.industry,
            "equipment": project.equipment,
            "capacity": project.capacity,
            "city": project.city,
            "starts_on": project.starts_on.isoformat(),
            **({"route": project.route} if project.route else {}),
            **dict(project.attributes),
        },
        "sources": [
            {
                k: v
                for k, v in {
                    "line_id": s.line_id,
                    "capacity": s.capacity,
                    "outside_province": s.outside_province or None,
                    "description": s.description or None,
                    "equipment": s.equipment,
                    "exited_on": s.exited_on.isoformat() if s.exited_on else None,
                    "restricted": s.restricted or None,
                    "on_reduction_list": s.on_reduction_list or None,
                }.items()
                if v is not None
            }
            for s in plan.sources
        ],
    }


# ─── checks ───────────────────────────────────────────────────────────────────


def dec(value: float | int) -> Decimal:
    """The decimal of a number as written (``0.1`` is exactly one tenth)."""
    return Decimal(repr(float(value)))


def in_key_region(city: str) -> bool:
    """Whether the city is in a key air-pollution region: Shandong's seven corridor cities,
    whole cities (the 莱芜区/钢城区 exception belongs to the transfer task of 二(三)1 only)."""
    return cities.city(city).corridor


def _source_equipment(src: Source, lines: Mapping[str, Mapping[str, Any]]) -> str | None:
    if src.line_id and src.line_id in lines:
        return str(lines[src.line_id]["equipment"])
    return src.equipment


def ratio_rule(
    project: Project,
    source_equipment: Sequence[str | None],
    flagged: bool,
    rules: Rules,
) -> RatioRule | None:
    """The first ratio rule that matches the project and its sources (None: no rule)."""
    key = in_key_region(project.city)
    for rule in rules.ratios:
        if project.equipment not in rule.equipment:
            continue
        if rule.region != "any" and (rule.region == "key") != key:
            continue
        if rule.route and project.route not in rule.route:
            continue
        if rule.sources_flagged and not flagged:
            continue
        if rule.all_sources_in and not (
            source_equipment and all(eq in rule.all_sources_in for eq in source_equipment)
        ):
            continue
        return rule
    return None


def _line_index(ledger: Ledger) -> dict[str, dict[str, Any]]:
    ents = ledger.enterprises.select("credit_code", "name", "city")
    frame = ledger.lines.join(ents, on="credit_code", how="left")
    return {row["line_id"]: row for row in frame.iter_rows(named=True)}


def _amount(src: Source, lines: Mapping[str, Mapping[str, Any]]) -> float | None:
    if src.capacity is not None:
        return src.capacity
    if src.line_id and src.line_id in lines:
        cap = lines[src.line_id].get("capacity")
        return float(cap) if cap is not None else None
    return None


@dataclass(frozen=True, slots=True)
class Allocation:
    plan_id: str
    capacity: float


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One source line: its capacity and every plan that counts part of it."""

    line_id: str
    credit_code: str | None
    enterprise: str | None
    equipment: str | None
    capacity: float | None
    allocations: tuple[Allocation, ...]

    @property
    def allocated(self) -> float:
        return float(sum((dec(a.capacity) for a in self.allocations), Decimal(0)))

    @property
    def remaining(self) -> float | None:
        if self.capacity is None:
            return None
        return float(dec(self.capacity) - dec(self.allocated))

    @property
    def over_allocated(self) -> bool:
        return self.capacity is None or dec(self.allocated) > dec(self.capacity)

    def as_json(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "credit_code": self.credit_code,
            "enterprise": self.enterprise,
            "equipment": self.equipment,
            "capacity": self.capacity,
            "allocated": self.allocated,
            "remaining": self.remaining,
            "over_allocated": self.over_allocated,
            "allocations": [
                {"plan_id": a.plan_id, "capacity": a.capacity} for a in self.allocations
            ],
        }


def capacity_ledger(plans: Iterable[Plan], ledger: Ledger) -> list[LedgerEntry]:
    """Every ledger line any plan counts, with how much went to which plan (by line number).

    A line whose counted capacity exceeds its own — or whose capacity is unknown — is
    over-allocated: the same unit of capacity is being used twice.
    """
    lines = _line_index(ledger)
    used: dict[str, list[Allocation]] = defaultdict(list)
    for plan in plans:
        for src in plan.sources:
            if src.line_id is None or src.outside_province:
                continue
            amount = _amount(src, lines)
            used[src.line_id].append(Allocation(plan.id, amount or 0.0))
    entries = []
    for line_id in sorted(used):
        row = lines.get(line_id, {})
        cap = row.get("capacity")
        entries.append(
            LedgerEntry(
                line_id,
                row.get("credit_code"),
                row.get("name"),
                row.get("equipment"),
                float(cap) if cap is not None else None,
                tuple(used[line_id]),
            )
        )
    return entries


def _assessed_lines(
    ledger: Ledger, line_ids: set[str], goals: targets.Targets
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """For the enterprises of ``line_ids``: lines failing a national technology rule of the
    rulebook the targets are read with (淘汰类, with the rule's wording) and lines owing an
    exit under a task of ``goals`` (the task's id, and its clause and action in words)."""
    codes = ledger.lines.filter(pl.col("line_id").is_in(list(line_ids)))["credit_code"]
    part = Ledger(
        ledger.enterprises.filter(pl.col("credit_code").is_in(codes.implode())),
        ledger.lines.filter(pl.col("credit_code").is_in(codes.implode())),
    )
    book = goals.paired_rulebook
    by_id = {r.id: r for r in book.rules}
    obsolete: dict[str, str] = {}
    for verdict in engine.assess(part, book).lines:
        if verdict.line_id not in line_ids:
            continue
        for f in verdict.findings:
            rule = by_id[f.rule_id]
            if f.result == "fail" and rule.standard == "technology" and rule.basis == "national":
                obsolete[verdict.line_id] = f"“{rule.wording}”（{rule.citation}）"
                break
    wording = {t.id: t.wording for t in goals.obligations}
    owed: dict[str, tuple[str, str]] = {}
    for ob in obligations.obligations(part, _FAR_FUTURE, goals):
        if ob.line_id in line_ids:
            owed.setdefault(ob.line_id, (ob.task_id, f"{ob.clause}“{wording[ob.task_id]}”"))
    return obsolete, owed


def check_plan(
    plan: Plan,
    ledger: Ledger,
    other_plans: Iterable[Plan] = (),
    rules: Rules | None = None,
    goals: targets.Targets | None = None,
) -> Verdict:
    """Every check of one plan against the ledger and the other plans already on file, under
    the replacement ``rules`` and the targets ``goals`` (with the rulebook they are read with)
    in force; the bundled ones when not given."""
    rules = rules or default()
    others = [p for p in other_plans if p.id != plan.id]
    lines = _line_index(ledger)
    project = plan.project
    equipment = [_source_equipment(s, lines) for s in plan.sources]
    flagged = any(s.restricted or s.outside_province for s in plan.sources)
    rule = ratio_rule(project, equipment, flagged, rules)
    total = sum((dec(a) for s in plan.sources if (a := _amount(s, lines)) is not None), Decimal(0))
    achieved = float(total / dec(project.capacity)) if project.capacity > 0 else None
    checks = (
        _ratio(project, rule, total, achieved, rules),
        _scale(project, rules),
        _exited(plan, lines),
        _before_start(plan, lines),
        _double_use(plan, others, ledger),
        _eligible(plan, lines, ledger, rules, goals or targets.default()),
        _in_province(plan, rules),
    )
    return Verdict(
        plan.id,
        all(c.passed for c in checks),
        rule,
        rule.ratio if rule else None,
        achieved,
        float(total),
        checks,
    )


def _ratio(
    project: Project, rule: RatioRule | None, total: Decimal, achieved: float | None, rules: Rules
) -> Check:
    eq = schema.EQUIPMENT_BY_CODE[project.equipment]
    if rule is None:
        return Check("ratio", False, (f"规则中没有适用于{eq.label}的置换比例",))
    if project.capacity <= 0:
        return Check("ratio", False, ("新建产能须大于零",))
    need = dec(rule.ratio) * dec(project.capacity)
    where = "重点区域" if in_key_region(project.city) else "非重点区域"
    cited = "，".join(p for p in (rule.clause, rule_document(rule, rules)) if p)
    basis = f"依据：{rule.wording}（{cited}）"
    if rule.unconfirmed:
        basis += f"；{UNCONFIRMED_NOTE}"
    bound = "须大于" if rule.strict else "须不低于"
    text = (
        f"退出产能合计 {number_text(total, places=None)} {eq.capacity_unit}，新建 "
        f"{number_text(project.capacity, places=None)} {eq.capacity_unit}（{project.city}，{where}），"
        f"{bound} {number_text(need, places=None)}（{number_text(dec(rule.ratio), places=None)}:1）"
    )
    if total > need or (total == need and not rule.strict):
        return Check("ratio", True, (f"{text}，已满足", basis))
    short = need - total
    return Check("ratio", False, (f"{text}，尚差 {number_text(short, places=None)}", basis))


def rule_document(rule: RatioRule, rules: Rules) -> str:
    """The document a ratio rule cites, as the rules it belongs to name it."""
    return rules.document(rule.source) if rule.source else ""


def _scale(project: Project, rules: Rules) -> Check:
    reasons: list[str] = []
    passed = True
    for scale in rules.minimum_scale:
        if scale.equipment != project.equipment:
            continue
        value = (
            project.capacity if scale.field == "capacity" else project.attributes.get(scale.field)
        )
        label = "规模" if scale.field == "capacity" else schema.LINE_FIELD_BY_KEY[scale.field].label
        if value is None:
            passed = False
            reasons.append(f"未填写新建装备的{label}（须不低于 {scale.at_least:g} {scale.unit}）")
            continue
        amount = dec(float(value))
        if amount >= dec(scale.at_least):
            reasons.append(f"{label} {number_text(amount, places=None)} {scale.unit}，不低于 "
                           f"{scale.at_least:g} {scale.unit}")  # fmt: skip
        else:
            passed = False
            reasons.append(f"{label} {number_text(amount, places=None)} {scale.unit}，低于 "
                           f"{scale.at_least:g} {scale.unit}（{scale.wording}，{scale.clause}）")  # fmt: skip
    if not reasons:
        reasons.append("该装置无最低规模要求")
    return Check("minimum_scale", passed, tuple(reasons))


def _exit_date(src: Source, lines: Mapping[str, Mapping[str, Any]]) -> dt.date | None:
    if src.line_id and src.line_id in lines:
        row = lines[src.line_id]
        return row["exited_on"] if row.get("status") == "exited" else None
    return src.exited_on


def _exited(plan: Plan, lines: Mapping[str, Mapping[str, Any]]) -> Check:
    reasons: list[str] = []
    passed = True
    for src in plan.sources:
        if src.line_id and src.line_id in lines and not src.outside_province:
            row = lines[src.line_id]
            if row.get("status") != "exited":
                passed = False
                reasons.append(f"{src.label}：运行状态不是“已退出”，退出未核实")
            elif row.get("exited_on") is None:
                passed = False
                reasons.append(f"{src.label}：已退出但台账没有实际退出日期，无法核实")
            else:
                reasons.append(f"{src.label}：{row['exited_on']} 已退出")
        elif src.line_id and not src.outside_province:
            passed = False
            reasons.append(f"{src.label}：台账中没有这条生产线")
        elif src.exited_on is None:
            passed = False
            reasons.append(f"{src.label}：未给出退出日期，无法核实")
        else:
            reasons.append(f"{src.label}：申报 {src.exited_on} 已退出")
    return Check("sources_exited", passed, tuple(reasons))


def _before_start(plan: Plan, lines: Mapping[str, Mapping[str, Any]]) -> Check:
    """先压后上: a source exited on the day the project starts passes; one day later fails."""
    start = plan.project.starts_on
    reasons: list[str] = []
    passed = True
    for src in plan.sources:
        day = _exit_date(src, lines)
        if day is None:
            passed = False
            reasons.append(f"{src.label}：尚无退出日期，不能先上新项目")
        elif day > start:
            passed = False
            reasons.append(f"{src.label}：{day} 退出，晚于新项目开工日期 {start}（须先压后上）")
        else:
            reasons.append(f"{src.label}：{day} 退出，不晚于新项目开工日期 {start}")
    return Check("exit_before_start", passed, tuple(reasons))


def _double_use(plan: Plan, others: Sequence[Plan], ledger: Ledger) -> Check:
    mine = {s.line_id for s in plan.sources if s.line_id and not s.outside_province}
    reasons: list[str] = []
    passed = True
    for entry in capacity_ledger([*others, plan], ledger):
        if entry.line_id not in mine:
            continue
        shares = "、".join(f"{a.plan_id} {a.capacity:g}" for a in entry.allocations)
        if entry.capacity is None:
            passed = False
            reasons.append(f"{entry.line_id}：台账产能未知，无法核对是否重复使用（{shares}）")
        elif entry.over_allocated:
            passed = False
            reasons.append(f"{entry.line_id}：产能 {entry.capacity:g}，已被计入 "
                           f"{entry.allocated:g}（{shares}），超出 "
                           f"{-(entry.remaining or 0):g}，同一产能重复使用")  # fmt: skip
        elif len(entry.allocations) > 1:
            reasons.append(f"{entry.line_id}：产能 {entry.capacity:g} 分别计入 {shares}，未超出")
    if not reasons:
        reasons.append("来源产能未被其他方案使用")
    return Check("no_double_use", passed, tuple(reasons))


def _eligible(
    plan: Plan,
    lines: Mapping[str, Mapping[str, Any]],
    ledger: Ledger,
    rules: Rules,
    goals: targets.Targets,
) -> Check:
    project = plan.project
    group = rules.group_of(project.equipment)
    ids = {s.line_id for s in plan.sources if s.line_id and s.line_id in lines}
    obsolete, owed = _assessed_lines(ledger, ids, goals) if ids else ({}, {})
    reasons: list[str] = []
    passed = True
    for src in plan.sources:
        eq = _source_equipment(src, lines)
        problems: list[str] = []
        if eq is None:
            problems.append("装置类型未知")
        elif rules.group_of(eq) != group or group is None:
            problems.append(f"装置类型“{schema.EQUIPMENT_BY_CODE[eq].label}”不能置换"
                            f"“{schema.EQUIPMENT_BY_CODE[project.equipment].label}”")  # fmt: skip
        if src.line_id in obsolete:
            problems.append(f"属淘汰类装备（不符合国家技术标准 {obsolete[src.line_id]}）")
        task, task_words = owed.get(src.line_id or "", (None, ""))
        if task is not None and task not in rules.replaceable_tasks:
            problems.append(f"已列入压减/淘汰任务（{task_words}），退出产能不得用于置换")
        if src.on_reduction_list:
            problems.append("已列入压减名单或享受奖补退出，不得用于置换")
        if _amount(src, lines) is None:
            problems.append("产能未知")
        if problems:
            passed = False
            reasons.append(f"{src.label}：" + "；".join(problems))
        else:
            note = f"（{rules.replaceable_tasks[task]}）" if task else ""
            reasons.append(f"{src.label}：可用于置换{note}")
    return Check("eligible", passed, tuple(reasons))


def _in_province(plan: Plan, rules: Rules) -> Check:
    industry = plan.project.industry
    ban = next((b for b in rules.no_outside_province if b.industry == industry), None)
    outside = [s for s in plan.sources if s.outside_province]
    if not outside:
        return Check("in_province", True, ("来源产能均在省内",))
    if ban is None:
        return Check("in_province", True, tuple(
            f"{s.label}：省外产能，本行业允许跨省置换（比例从严）" for s in outside
        ))  # fmt: skip
    return Check("in_province", False, tuple(
        f"{s.label}：省外产能，{ban.wording}（{ban.clause}）" for s in outside
    ))  # fmt: skip


def verdict_lines(verdict: Verdict) -> list[str]:
    """The verdict as lines of Chinese text (CLI and pages)."""
    head = "符合" if verdict.passed else "不符合"
    out = [f"置换方案 {verdict.plan_id}：{head}"]
    for c in verdict.checks:
        out.append(f"  [{'通过' if c.passed else '未通过'}] {c.label}")
        out.extend(f"      {r}" for r in c.reasons)
    return out
