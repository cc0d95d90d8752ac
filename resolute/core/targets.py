"""Targets (目标), obligation tasks (任务) and progress status rules, as validated data.

One loader reads ``resolute/data/targets.yaml`` (or any file given) and returns an immutable
:class:`Targets`: every target of the plan with its clause, wording, indicator, unit,
comparison, figure, period, scope and the departments that answer for it; the per-line
obligation tasks of 二(三); and the rules that turn progress into a status. A broken file
raises :class:`TargetsError` naming the file and the entry, as the rulebook loader does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from resolute.core import rulebook, schema, words
from resolute.core.datafile import (
    DataFileError,
    Issued,
    check_entry,
    entry_name,
    read_yaml,
    validation_error,
)
from resolute.core.rulebook import Aggregate, Condition, RulebookError
from resolute.core.schema import Kind

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "targets.yaml"

TargetKind = Literal["task", "goal", "requirement", "duty"]
Comparison = Literal["at_least", "at_most", "about", "range", "all", "qualitative"]
Frequency = Literal["once", "yearly", "annual_average", "quarterly"]
Area = Literal["province", "corridor", "outside_corridor", "city"]
Count = Literal["capacity", "lines", "enterprises"]
Status = Literal["met", "on_track", "at_risk", "behind"]
#: What a counted target of 三 and 四 counts: the kinds of the registry officials fill.
RegistryKind = Literal[
    "cluster", "leading_enterprise", "park", "tech_project", "brand", "platform", "programme"
]
REGISTRY_LABELS: dict[str, str] = {
    "cluster": "产业集群",
    "leading_enterprise": "领军企业",
    "park": "园区",
    "tech_project": "关键核心技术攻关项目",
    "brand": "品牌",
    "platform": "创新平台",
    "programme": "工程",
}

STATUSES: tuple[Status, ...] = ("met", "on_track", "at_risk", "behind")
COMPARISON_LABELS: dict[str, str] = {
    "at_least": "不低于",
    "at_most": "不高于",
    "about": "左右",
    "range": "区间",
    "all": "全部",
    "qualitative": "定性",
}
AREA_LABELS: dict[str, str] = {
    "province": "全省",
    "corridor": "通道城市",
    "outside_corridor": "通道城市外",
    "city": "市",
}
#: Units a count of lines (production lines, mines, units …) may be written in.
LINE_COUNT_UNITS = frozenset({"处", "条", "台", "座", "套", "个"})


class TargetsError(DataFileError):
    """A targets file that cannot be used, with the file and the entry at fault."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(_Frozen):
    """The dates a target covers, both inclusive; ``frequency`` says how the figure applies."""

    start: dt.date
    end: dt.date
    frequency: Frequency = "once"

    def as_json(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "frequency": self.frequency,
        }


class Scope(_Frozen):
    """Where a target applies: an area of the province, optionally one ledger industry."""

    area: Area = "province"
    city: str | None = None
    industry: str | None = None
    sector: str = ""
    label: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "city": self.city,
            "industry": self.industry,
            "sector": self.sector or words.industry_label(self.industry),
            "label": self.label or AREA_LABELS[self.area],
        }


class Measure(_Frozen):
    """How progress toward a target is computed from the ledger.

    The qualifying lines are those of ``equipment`` that an obligation ``task`` obligates
    and/or that satisfy ``where``; ``count`` says whether their capacity, their number, or
    the number of enterprises whose every qualifying line has exited is summed; with
    ``share`` the figure is the percentage of the qualifying lines or enterprises exited.
    """

    equipment: tuple[str, ...]
    count: Count = "capacity"
    share: bool = False
    task: str | None = None
    where: Condition | None = None

    def capacity_unit(self) -> str:
        return schema.EQUIPMENT_BY_CODE[self.equipment[0]].capacity_unit


class Target(_Frozen):
    id: str
    kind: TargetKind
    clause: str
    wording: str
    indicator: str
    unit: str = ""
    comparison: Comparison
    target: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    period: Period
    scope: Scope = Field(default_factory=Scope)
    lead: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    responsibility: str = ""
    lead_inferred: bool = False
    measure: Measure | None = None
    #: A count of named things (clusters, parks, brands …) whose progress is the number of
    #: entries in the registry for this target.
    registry: RegistryKind | None = None
    note: str = ""


class EnterpriseTotal(_Frozen):
    """An enterprise-wide sum (a rulebook aggregate) compared with a threshold."""

    aggregate: str
    op: Literal["lt", "le"]
    value: float


class KeepOnePer(_Frozen):
    """Among the qualifying lines sharing ``group``, the largest by ``keep_largest`` is kept."""

    group: str
    keep_largest: str


class ObligationTask(_Frozen):
    """A dated duty that 二(三) puts on every line meeting its condition."""

    id: str
    clause: str
    wording: str
    industry: str
    equipment: tuple[str, ...]
    area: Area = "province"
    city: str | None = None
    where: Condition | None = None
    enterprise_total: EnterpriseTotal | None = None
    keep_one_per: KeepOnePer | None = None
    action: str
    deadline: dt.date
    #: ``exit``: the line must close or exit (关停、淘汰、退出、整合退出); ``retrofit``: it must be
    #: rebuilt (改造). Only overdue exits become credit records (二(四)9).
    duty: Literal["exit", "retrofit"] = "exit"
    note: str = ""

    @property
    def scope(self) -> Scope:
        return Scope(area=self.area, city=self.city, industry=self.industry)


class UndatedTask(_Frozen):
    """A duty 二(三) puts on every line meeting its condition without a date to meet it by.

    The plan ties it to events rather than a day (``timing`` quotes how), so such a duty is
    never overdue: it is listed as open until the line exits, and never reaches a bulletin's
    due counts or a credit record.
    """

    id: str
    clause: str
    wording: str
    industry: str
    equipment: tuple[str, ...]
    area: Area = "province"
    city: str | None = None
    where: Condition | None = None
    action: str
    timing: str
    note: str = ""

    @property
    def scope(self) -> Scope:
        return Scope(area=self.area, city=self.city, industry=self.industry)


class StatusRule(_Frozen):
    status: Status
    basis: Literal["achieved", "forecast"]
    ratio: float = Field(gt=0)


class StatusRules(_Frozen):
    note: str
    rules: tuple[StatusRule, ...]
    otherwise: Status
    after_period_end: Status
    labels: dict[Status, str]
    #: Labels once the target's period has ended (only 已完成 or 未完成 are then possible).
    final_labels: dict[Status, str] = Field(default_factory=dict)

    def label(self, status: Status, period_ended: bool) -> str:
        if period_ended and status in self.final_labels:
            return self.final_labels[status]
        return self.labels[status]


class Targets(_Frozen):
    version: str
    #: The version block: effective date and issuing document (policy versions).
    issued: Issued | None = None
    plan: str
    plan_start: dt.date
    status_rules: StatusRules
    obligations: tuple[ObligationTask, ...]
    #: Duties without a date (二(三)2's 分批整合转移), kept apart so nothing counts them due.
    undated: tuple[UndatedTask, ...] = ()
    targets: tuple[Target, ...]
    #: The rulebook aggregates that obligation tasks name, resolved when the file is loaded
    #: (from the bundled rulebook) or paired with another rulebook (:func:`paired`).
    aggregates: dict[str, Aggregate] = Field(default_factory=dict)
    digest: str = ""
    _rulebook: rulebook.Rulebook | None = PrivateAttr(default=None)

    @property
    def paired_rulebook(self) -> rulebook.Rulebook:
        """The rulebook these targets are read with: its aggregates are theirs and its flags
        (``makes_radial_tyres`` …) are what their conditions read. The one of the same policy
        set (:func:`paired`), else the bundled one."""
        return self._rulebook if self._rulebook is not None else rulebook.default()

    @property
    def full_version(self) -> str:
        """The version with a digest of the content, so that any edit shows."""
        return f"{self.version}+{self.digest[:12]}"

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)

    def task(self, task_id: str) -> ObligationTask:
        for t in self.obligations:
            if t.id == task_id:
                return t
        raise KeyError(task_id)

    def measured(self) -> tuple[Target, ...]:
        """The targets computed from the ledger: the capacity targets of 二(三)."""
        return tuple(t for t in self.targets if t.measure is not None)


def number(value: float | None) -> float | int | None:
    """A figure for JSON: whole numbers without a trailing ``.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def target_json(target: Target) -> dict[str, Any]:
    """One target in the JSON contract of ``resolute targets``."""
    return {
        "target_id": target.id,
        "kind": target.kind,
        "clause": target.clause,
        "wording": target.wording,
        "indicator": target.indicator,
        "unit": target.unit,
        "comparison": target.comparison,
        "target": number(target.target),
        "value_min": number(target.value_min),
        "value_max": number(target.value_max),
        "period": target.period.as_json(),
        "scope": target.scope.as_json(),
        "lead": list(target.lead),
        "supporting": list(target.supporting),
        "responsibility": target.responsibility,
        "lead_inferred": target.lead_inferred,
        "measured": target.measure is not None,
        "note": target.note,
    }


def to_json(book: Targets, selected: tuple[Target, ...] | None = None) -> dict[str, Any]:
    """The JSON contract of ``resolute targets --format json``."""
    chosen = book.targets if selected is None else selected
    return {
        "targets_version": book.full_version,
        "targets": [target_json(t) for t in chosen],
    }


# ─── loading ────────────────────────────────────────────────────────────────────


def load(path: Path | str | None = None) -> Targets:
    """Read and validate a targets file (the bundled one when no path is given)."""
    target = Path(path) if path is not None else DEFAULT_PATH
    raw, digest = read_yaml(target, TargetsError)
    return parse(raw, target, digest)


@cache
def default() -> Targets:
    """The bundled targets, loaded once per process."""
    return load()


def parse(raw: Any, path: Path | str = "<targets>", digest: str = "",
          rules: rulebook.Rulebook | None = None) -> Targets:  # fmt: skip
    """Validate targets read from ``path``, checked against ``rules`` (the bundled rulebook
    when not given) and paired with it."""
    if not isinstance(raw, dict):
        raise TargetsError(path, "(file)", "顶层应为“键: 值”的映射")
    # Keys starting with "x-" hold YAML anchors shared by the entries.
    content = {k: v for k, v in raw.items() if not str(k).startswith("x-")}
    sections: tuple[tuple[str, type[_Frozen]], ...] = (
        ("targets", Target),
        ("obligations", ObligationTask),
        ("undated", UndatedTask),
    )
    for section, model in sections:
        entries = content.get(section, [] if section == "undated" else None)
        if not isinstance(entries, list):
            raise TargetsError(path, section, "应为列表")
        for i, entry in enumerate(entries):
            check_entry(TargetsError, path, entry_name(section, i, entry), model, entry)
    try:
        book = Targets.model_validate({**content, "digest": digest})
    except ValidationError as exc:
        raise validation_error(TargetsError, path, exc) from exc
    return _pair(book, path, rules or rulebook.default())


#: Targets already paired, by their version and digest and the rulebook's.
_PAIRED: dict[tuple[str, str, str, str], Targets] = {}


def paired(book: Targets, rules: rulebook.Rulebook) -> Targets:
    """``book`` read with ``rules`` (a rulebook version in force with it): checked against it
    as the loader checks the bundled pair, its aggregates taken from it. Raises
    :class:`TargetsError` naming the entry when the rulebook lacks what the targets name."""
    if book._rulebook is rules:
        return book
    key = (book.version, book.digest, rules.version, rules.digest)
    found = _PAIRED.get(key) if book.digest and rules.digest else None
    if found is None:
        found = _pair(book, f"目标任务 {book.version}（与规则库 {rules.version}）", rules)
        if len(_PAIRED) > 64:
            _PAIRED.clear()
        _PAIRED[key] = found
    return found


def _pair(book: Targets, path: Path | str, rules: rulebook.Rulebook) -> Targets:
    aggregates = _check(book, path, rules)
    result = book.model_copy(update={"aggregates": aggregates})
    result._rulebook = rules
    return result


def _check(book: Targets, path: Path | str, rules: rulebook.Rulebook) -> dict[str, Aggregate]:
    missing = set(STATUSES) - set(book.status_rules.labels)
    if missing:
        raise TargetsError(path, "status_rules", f"缺少状态 {sorted(missing)} 的名称")
    aggregates: dict[str, Aggregate] = {}
    tasks: dict[str, ObligationTask] = {}
    # The rulebook counts an enterprise's lines from the plan's start, as the tasks do.
    counted = {k: a.counted_from for k, a in rules.aggregates.items()}
    counted.update({k: f.counted_from for k, f in rules.flags.items()})
    for name, since in counted.items():
        if since is not None and since != book.plan_start:
            raise TargetsError(path, "plan_start", f"与 {name!r} 的 counted_from 不一致")
    for task in book.obligations:
        where = f"obligation {task.id}"
        if task.id in tasks:
            raise TargetsError(path, where, "任务编号重复")
        tasks[task.id] = task
        _check_scope(task.scope, path, where)
        _check_equipment(task.equipment, task.industry, path, where)
        _check_condition(task.where, rules, path, where)
        if task.enterprise_total is not None:
            name = task.enterprise_total.aggregate
            if name not in rules.aggregates:
                raise TargetsError(path, where, f"{name!r} 不是规则库中的合计值（aggregates）")
            agg = rules.aggregates[name]
            if set(task.equipment) != set(agg.equipment):
                raise TargetsError(path, where, f"装置与合计值 {name!r} 的装置不一致")
            aggregates[name] = agg
        if task.keep_one_per is not None:
            group = schema.LINE_FIELD_BY_KEY.get(task.keep_one_per.group)
            size = schema.LINE_FIELD_BY_KEY.get(task.keep_one_per.keep_largest)
            if group is None or group.kind is not Kind.TEXT:
                raise TargetsError(path, where, "keep_one_per.group 应为生产线的文字字段")
            if size is None or size.kind not in (Kind.NUMBER, Kind.INTEGER):
                raise TargetsError(path, where, "keep_one_per.keep_largest 应为数值字段")
    for duty in book.undated:
        where = f"undated {duty.id}"
        if duty.id in tasks or any(u.id == duty.id for u in book.undated if u is not duty):
            raise TargetsError(path, where, "任务编号重复")
        _check_scope(duty.scope, path, where)
        _check_equipment(duty.equipment, duty.industry, path, where)
        _check_condition(duty.where, rules, path, where)
    seen: set[str] = set()
    for t in book.targets:
        where = f"target {t.id}"
        if t.id in seen:
            raise TargetsError(path, where, "目标编号重复")
        seen.add(t.id)
        _check_target(t, tasks, rules, path, where)
        if t.registry is not None and (t.target is None or t.measure is not None):
            raise TargetsError(path, where, "登记计数的目标须有目标值，不能有 measure")
    return aggregates


def _check_target(
    t: Target,
    tasks: dict[str, ObligationTask],
    rules: rulebook.Rulebook,
    path: Path | str,
    where: str,
) -> None:
    def fail(message: str) -> NoReturn:
        raise TargetsError(path, where, message)

    if t.period.start > t.period.end:
        fail("期限的开始晚于结束")
    ranged = t.value_min is not None or t.value_max is not None
    if t.comparison == "qualitative" and (t.target is not None or ranged or t.measure):
        fail("定性目标不能有目标值和 measure")
    if t.comparison == "range":
        if t.value_min is None or t.value_max is None or t.target is not None:
            fail("区间目标须有 value_min 和 value_max，不能有 target")
        elif t.value_min > t.value_max:
            fail("value_min 大于 value_max")
    elif ranged:
        fail("value_min、value_max 只用于区间目标（range）")
    if t.comparison in ("at_least", "at_most", "about") and t.target is None:
        fail(f"{t.comparison} 目标须有目标值（target）")
    if (t.target is not None or ranged) and not t.unit:
        fail("有目标值的目标须写明单位")
    if t.lead_inferred and not t.lead:
        fail("有 lead_inferred 而没有牵头单位（lead）")
    for name in (*t.lead, *t.supporting):
        if t.responsibility and name not in t.responsibility:
            fail(f"{name!r} 不在方案原文的责任分工中")
    _check_scope(t.scope, path, where)
    if t.measure is not None:
        _check_measure(t, t.measure, tasks, rules, fail, path, where)


def _check_measure(
    t: Target,
    m: Measure,
    tasks: dict[str, ObligationTask],
    rules: rulebook.Rulebook,
    fail: Callable[[str], NoReturn],
    path: Path | str,
    where: str,
) -> None:
    if t.comparison not in ("at_least", "all") or t.target is None:
        fail("只有带目标值的 at_least 或 all 目标能由台账计算（measure）")
    if not m.equipment:
        fail("measure.equipment 不能为空")
    for eq in m.equipment:
        if eq not in schema.EQUIPMENT_BY_CODE:
            fail(f"未知装置 {eq!r}")
    if m.task is not None:
        task = tasks.get(m.task)
        if task is None:
            fail(f"measure.task {m.task!r} 不是逐条任务（obligations）之一")
        elif not set(m.equipment) <= set(task.equipment):
            fail(f"measure.equipment 超出了任务 {m.task!r} 的装置")
    _check_condition(m.where, rules, path, where)
    if m.share:
        if t.unit != "%":
            fail("比例的单位应为 %")
    elif m.count == "capacity":
        units = {schema.EQUIPMENT_BY_CODE[eq].capacity_unit for eq in m.equipment}
        if len(units) != 1:
            fail(f"装置的产能单位不同：{sorted(units)}")
        if not units.pop().startswith(t.unit):
            fail(f"单位 {t.unit!r} 不是装置 {m.equipment[0]!r} 的产能单位")
    elif m.count == "enterprises" and t.unit != "家":
        fail("企业计数的单位应为 家")
    elif m.count == "lines" and t.unit not in LINE_COUNT_UNITS:
        fail(f"生产线计数的单位应为 {sorted(LINE_COUNT_UNITS)} 之一")


def _check_scope(scope: Scope, path: Path | str, where: str) -> None:
    if (scope.area == "city") != (scope.city is not None):
        raise TargetsError(path, where, "area: city 与 city（市名）须同时给出")
    if scope.city is not None and schema.normalise_city(scope.city) != scope.city:
        raise TargetsError(path, where, f"{scope.city!r} 不是山东省 16 市之一")
    if scope.industry is not None and scope.industry not in schema.INDUSTRY_BY_CODE:
        raise TargetsError(path, where, f"未知行业 {scope.industry!r}")


def _check_equipment(
    equipment: tuple[str, ...], industry: str, path: Path | str, where: str
) -> None:
    found = schema.INDUSTRY_BY_CODE.get(industry)
    if found is None:
        raise TargetsError(path, where, f"未知行业 {industry!r}")
    if not equipment:
        raise TargetsError(path, where, "equipment 不能为空")
    for eq in equipment:
        if eq not in found.equipment:
            raise TargetsError(path, where, f"装置 {eq!r} 不属于行业 {industry}")


def _check_condition(
    cond: Condition | None, rules: rulebook.Rulebook, path: Path | str, where: str
) -> None:
    """Field names, operators and values as the rulebook checks its own conditions."""
    if cond is None:
        return
    try:
        rulebook.check_condition(cond, rules, path, where, line_scope=True, allow_derived=False)
    except RulebookError as exc:
        raise TargetsError(path, where, exc.message) from exc
    for leaf in rulebook.leaves(cond):
        problem = rulebook.check_class(leaf, rules)
        if problem is not None:
            raise TargetsError(path, where, problem)
