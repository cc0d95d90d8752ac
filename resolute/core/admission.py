"""Admission of new 两高 projects (严把准入关口, 二(四)8): the 五个减量替代 and 先压后上.

A new high-energy, high-emission project is admitted only when the reductions of named
sources cover its demand, dimension by dimension — capacity, coal use, energy use, carbon
emissions and pollutant emissions — by the ratio in ``replacement.yaml`` (the seed gives
none for coal, energy, carbon and pollutants: 1:1 by default, marked unconfirmed; capacity
takes the replacement ratio of the project's equipment and region), and every source has
exited before the project starts. :func:`check_admission` gives one verdict per dimension.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from resolute.core import replacement, schema
from resolute.core.defaults import UNCONFIRMED_NOTE
from resolute.core.replacement import PlanError, Rules, dec
from resolute.core.words import number_text

DIMENSIONS: tuple[str, ...] = ("capacity", "coal", "energy", "carbon", "pollutant")


@dataclass(frozen=True, slots=True)
class AdmissionProject:
    """A new project and its demand in each dimension (None: not stated)."""

    project: replacement.Project
    demand: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class ReductionSource:
    """A named source of reductions (a line, an enterprise, a closed boiler …)."""

    name: str
    exited_on: dt.date | None
    reductions: dict[str, float] = field(default_factory=dict)
    equipment: str | None = None


@dataclass(frozen=True, slots=True)
class DimensionVerdict:
    dimension: str
    label: str
    passed: bool
    required_ratio: float | None
    demand: float | None
    reduction: float
    reasons: tuple[str, ...]
    unconfirmed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "label": self.label,
            "passed": self.passed,
            "required_ratio": self.required_ratio,
            "demand": self.demand,
            "reduction": self.reduction,
            "unconfirmed": self.unconfirmed,
            "note": UNCONFIRMED_NOTE if self.unconfirmed else "",
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class AdmissionVerdict:
    project: str
    passed: bool
    dimensions: tuple[DimensionVerdict, ...]
    exit_first: DimensionVerdict

    def as_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "passed": self.passed,
            "dimensions": [d.as_json() for d in self.dimensions],
            "exit_first": self.exit_first.as_json(),
        }


def project_from_json(raw: Any) -> tuple[AdmissionProject, list[ReductionSource]]:
    """A project file: ``{"project": {..., "demand": {...}}, "sources": [...]}``."""
    if not isinstance(raw, dict):
        raise PlanError("文件应为对象")
    body = raw.get("project")
    if not isinstance(body, dict):
        raise PlanError("project：应为对象")
    demand_raw = body.get("demand", {})
    if not isinstance(demand_raw, dict):
        raise PlanError("project.demand：应为对象")
    unknown = sorted(set(demand_raw) - set(DIMENSIONS))
    if unknown:
        raise PlanError(f"project.demand：未知维度 {unknown[0]}（可用：{'、'.join(DIMENSIONS)}）")
    fields = {k: v for k, v in body.items() if k != "demand"}
    project = replacement.project_from_json(fields)
    demand: dict[str, float | None] = {
        d: None if demand_raw.get(d) is None else _num(demand_raw[d], f"project.demand.{d}")
        for d in DIMENSIONS
    }
    if demand["capacity"] is None:
        demand["capacity"] = project.capacity
    items = raw.get("sources")
    if not isinstance(items, list) or not items:
        raise PlanError("sources：须列出至少一项减量来源")
    sources = []
    for i, item in enumerate(items):
        where = f"sources[{i}]"
        if not isinstance(item, dict):
            raise PlanError(f"{where}：应为对象")
        name = replacement.parse_text(item.get("name"), f"{where}.name")
        if not name:
            raise PlanError(f"{where}：须有名称 name")
        red = item.get("reductions", {})
        if not isinstance(red, dict) or set(red) - set(DIMENSIONS):
            raise PlanError(f"{where}.reductions：维度只能是 {'、'.join(DIMENSIONS)}")
        exited = item.get("exited_on")
        equipment = item.get("equipment")
        if equipment is not None:
            equipment = replacement.parse_code(equipment, f"{where}.equipment",
                                               schema.EQUIPMENT_BY_CODE, "装置类型")  # fmt: skip
        sources.append(
            ReductionSource(
                name=name,
                exited_on=None if exited is None
                else replacement.parse_date(exited, f"{where}.exited_on"),
                reductions={k: _num(v, f"{where}.reductions.{k}") for k, v in red.items()
                            if v is not None},
                equipment=equipment,
            )
        )  # fmt: skip
    return AdmissionProject(project, demand), sources


def _num(value: Any, where: str) -> float:
    return replacement.parse_number(value, where)


def capacity_ratio(
    project: replacement.Project, sources: list[ReductionSource], rules: Rules
) -> tuple[float, str]:
    """The replacement ratio for the project's capacity, and where it comes from."""
    equipment = [s.equipment for s in sources]
    rule = replacement.ratio_rule(project, equipment, False, rules)
    if rule is None:
        return 1.0, "规则未规定该装置的置换比例，按等量（1:1）"
    return rule.ratio, rule.wording


def check_admission(
    project: AdmissionProject, sources: list[ReductionSource], rules: Rules | None = None
) -> AdmissionVerdict:
    """A verdict per dimension of the 五个减量替代, and one for 先压后上."""
    rules = rules or replacement.default()
    verdicts = []
    for item in rules.admission:
        if item.ratio == "replacement":
            ratio, basis = capacity_ratio(project.project, sources, rules)
            unit = schema.EQUIPMENT_BY_CODE[project.project.equipment].capacity_unit
        else:
            ratio, basis = float(item.ratio), "方案未规定比例，缺省按等量（1:1）替代（待确认）"
            unit = item.unit
        verdicts.append(_dimension(item.dimension, item.label, unit, ratio, basis,
                                   project.demand.get(item.dimension), sources,
                                   item.unconfirmed))  # fmt: skip
    first = _exit_first(project.project.starts_on, sources)
    name = project.project.name or project.project.equipment
    passed = all(v.passed for v in verdicts) and first.passed
    return AdmissionVerdict(name, passed, tuple(verdicts), first)


def _dimension(
    dimension: str,
    label: str,
    unit: str,
    ratio: float,
    basis: str,
    demand: float | None,
    sources: list[ReductionSource],
    unconfirmed: bool,
) -> DimensionVerdict:
    total = sum((dec(s.reductions[dimension]) for s in sources if dimension in s.reductions),
                Decimal(0))  # fmt: skip
    named = [f"{s.name} {number_text(dec(s.reductions[dimension]), places=None)}"
             for s in sources if dimension in s.reductions]  # fmt: skip
    listing = "；来源：" + "、".join(named) if named else "；没有来源列出该项减量"
    if demand is None:
        missing = (f"未填写新项目的{label}需求，无法核对{listing}",)
        return DimensionVerdict(dimension, label, False, ratio, None, float(total), missing,
                                unconfirmed)  # fmt: skip
    need = dec(ratio) * dec(demand)
    text = (f"新项目{label} {number_text(dec(demand), places=None)} {unit}，须减量替代不低于 "
            f"{number_text(need, places=None)}（{number_text(dec(ratio), places=None)}:1），来源合计 {number_text(total, places=None)}")  # fmt: skip
    ok = total >= need
    verdict = "，已满足" if ok else f"，尚差 {number_text(need - total, places=None)}"
    reasons = (text + verdict + listing, f"依据：{basis}")
    return DimensionVerdict(dimension, label, ok, ratio, demand, float(total), reasons,
                            unconfirmed)  # fmt: skip


def _exit_first(start: dt.date, sources: list[ReductionSource]) -> DimensionVerdict:
    """先压后上: every source exits on or before the day the project starts."""
    reasons = []
    ok = True
    for s in sources:
        if s.exited_on is None:
            ok = False
            reasons.append(f"{s.name}：尚未退出（无退出日期）")
        elif s.exited_on > start:
            ok = False
            reasons.append(f"{s.name}：{s.exited_on} 退出，晚于新项目开工日期 {start}")
        else:
            reasons.append(f"{s.name}：{s.exited_on} 退出，不晚于新项目开工日期 {start}")
    return DimensionVerdict("exit_first", "先压后上", ok, None, None, 0.0, tuple(reasons))


def verdict_lines(verdict: AdmissionVerdict) -> list[str]:
    out = [f"项目 {verdict.project} 准入核对：{'符合' if verdict.passed else '不符合'}"]
    for d in (*verdict.dimensions, verdict.exit_first):
        out.append(f"  [{'通过' if d.passed else '未通过'}] {d.label}")
        out.extend(f"      {r}" for r in d.reasons)
    return out
