"""Targets, progress, obligations, reported indicators and key projects for the pages.

Views parse the request and call one function here. Figures computed from the ledger always
start from the user's scope (``scoping.enterprises_for``): a province officer sees the
province's progress, a city officer the progress within the city, and so on. Reported
indicators and key projects are province-wide statistics of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from resolute.core import indicators as ind
from resolute.core import obligations as obligations_mod
from resolute.core import progress as progress_mod
from resolute.core import registry as registry_core
from resolute.core import schema, words
from resolute.core.ledger import Ledger, LedgerError
from resolute.core.obligations import Obligation
from resolute.core.progress import Progress
from resolute.core.targets import AREA_LABELS, Target, Targets
from resolute.io.sheets import read_sheet
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.accounts.permissions import allows
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.computed.services import Snapshot
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import City, Enterprise, Line
from resolute.web.lib import sheet_import
from resolute.web.lib.listing import Column, Listing, listing, ordered
from resolute.web.policies import services as policy_services
from resolute.web.targets import computed as tcomputed
from resolute.web.targets.models import (
    STAGE_ORDER,
    UNDER_WAY,
    IndicatorReport,
    KeyProject,
    RegistryEntry,
)

#: Sections of the plan that hold targets, in the plan's order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("二(三)", "二、坚决淘汰落后动能 ·（三）重点任务"),
    ("二(四)", "二、坚决淘汰落后动能 ·（四）推进措施"),
    ("三", "三、坚决改造提升传统动能"),
    ("四", "四、坚决培育壮大新动能"),
    ("五", "五、保障措施"),
)
#: Targets counted from the key-project register rather than reported.
PROJECTS_TARGET = "projects.provincial_key.yearly"
EMERGING_SHARE_TARGET = "projects.emerging_share"
FROM_PROJECTS = (PROJECTS_TARGET, EMERGING_SHARE_TARGET)
VIA_FORM = "网页"
VIA_IMPORT = "导入"
HISTORY_LIMIT = 50
_NOT_SECTORS = ("五大", "集群", "产业链", "细分领域", "重点项目")
OTHER_SECTOR = "其他（含基础设施等补短板项目）"


def book(as_of: dt.date | None = None) -> Targets:
    """The targets in force on ``as_of`` (today when not given): the bundled version or a
    later one published (resolute.web.policies)."""
    return policy_services.in_force(as_of or timezone.localdate()).targets


def section_of(clause: str) -> str:
    """二(三)1 → 二(三); 三(二)1 → 三."""
    return clause[:4] if clause.startswith("二(") else clause[:1]


def scope_note(user: Any, what: str = "进度") -> str:
    """Whose lines the computed figures (``what``) cover, said on every page showing them."""
    profile = scoping.profile_of(user)
    if profile is None:
        return f"您的账号尚未分配角色，{what}按空台账计算。"
    if profile.role == Role.PROVINCE:
        return f"{what}按全省台账计算。"
    if profile.role == Role.CITY and profile.city is not None:
        return (f"{what}仅按{profile.city.name}市台账计算，是全省目标在本市范围内的情况；"
                "全省情况以省级办公室页面为准。")  # fmt: skip
    if profile.role == Role.DEPARTMENT:
        names = "、".join(schema.INDUSTRY_BY_CODE[c].label for c in profile.industries
                         if c in schema.INDUSTRY_BY_CODE)  # fmt: skip
        return f"{what}仅按您主管行业（{names}）的台账计算。"
    return f"{what}仅按本企业的台账计算。"


def can_report(user: Any) -> bool:
    """Province and department officers report indicators (三、四)."""
    return allows(user, "report_indicators")


def scoped_ledger(user: Any) -> Ledger:
    return ledger_for(scoping.enterprises_for(user))


# ─── targets and progress ──────────────────────────────────────────────────────


@dataclass(frozen=True)
class ProgressView:
    achieved: str
    target: str
    percent: str
    percent_value: float
    forecast: str
    remaining: str
    status: str
    status_label: str
    unit: str


@dataclass(frozen=True)
class LatestReport:
    period: str
    value: str
    reached: str | None
    reached_label: str
    rating_label: str


@dataclass
class TargetRow:
    target: Target
    figure: str
    period: str
    scope: str
    lead: str
    progress: ProgressView | None = None
    latest: LatestReport | None = None
    source: str = "report"  # ledger, projects, registry, report
    count: registry_core.CountProgress | None = None


@dataclass
class Section:
    code: str
    title: str
    rows: list[TargetRow] = field(default_factory=list)


def period_text(target: Target) -> str:
    p = target.period
    span = (str(p.start.year) if p.start.year == p.end.year
            else f"{p.start.year}—{p.end.year}")  # fmt: skip
    if p.end.month != 12 or p.end.day != 31:
        span = f"{p.start.isoformat()} 至 {p.end.isoformat()}"
    frequency = ind.FREQUENCY_LABELS.get(p.frequency, "")
    return f"{span}（{frequency}）" if frequency else span


def scope_text(target: Target) -> str:
    s = target.scope
    place = s.label or (s.city if s.area == "city" and s.city else AREA_LABELS[s.area])
    what = s.sector or words.industry_label(s.industry)
    return f"{place} · {what}" if what else place


def lead_text(target: Target) -> str:
    lead = "、".join(target.lead) or words.NOTHING
    return f"{lead}（推定）" if target.lead_inferred else lead


def progress_view(p: Progress, targets: Targets) -> ProgressView:
    t = p.target
    return ProgressView(
        achieved=words.number_text(p.achieved, 2),
        target=words.number_text(t.target, 2),
        percent=words.number_text(p.percent, 1),
        percent_value=min(max(p.percent, 0.0), 100.0),
        forecast=words.number_text(p.forecast, 2),
        remaining=words.number_text(p.remaining, 2),
        status=p.status,
        status_label=p.status_label(targets.status_rules),
        unit=t.unit,
    )


def progress_state(user: Any, as_of: dt.date, with_lines: bool = False
                   ) -> tuple[Snapshot | None, dict[str, Progress] | None]:  # fmt: skip
    """Every capacity target's progress on ``as_of`` over the user's scope, by target, from
    the progress set (resolute.web.targets.computed), with the snapshot it came from (None:
    computed on request); None while no set is ready."""
    snapshot, found = tcomputed.progress_for(user, as_of, with_lines)
    return snapshot, None if found is None else {p.target.id: p for p in found}


def progress_of(user: Any, as_of: dt.date) -> dict[str, Progress]:
    """Every capacity target's progress on ``as_of`` over the user's scope ({} while it is
    being computed)."""
    return progress_state(user, as_of)[1] or {}


def progress_over(enterprises: QuerySet[Enterprise], as_of: dt.date) -> list[Progress]:
    """Every capacity target's progress on ``as_of`` over these enterprises' lines, computed
    from the ledger now (a part of a scope the progress set does not hold)."""
    return progress_mod.progress(ledger_for(enterprises), as_of, book(as_of))


def target_row(target: Target) -> TargetRow:
    return TargetRow(target, ind.figure_text(target), period_text(target), scope_text(target),
                     lead_text(target))  # fmt: skip


def registry_targets() -> tuple[str, ...]:
    """The count targets of 三 and 四, computed from the registry rather than reported."""
    return tuple(t.id for t in registry_core.counted_targets(book()))


def registry_counts(as_of: dt.date) -> dict[str, registry_core.CountProgress]:
    """Each count target's province-wide progress: the distinct names registered for it."""
    rows = RegistryEntry.objects.values_list("target_id", "name", "city__name")
    entries = [registry_core.RegistryEntry(t, n, c) for t, n, c in rows]
    return {p.target.id: p for p in registry_core.progress(book(as_of), entries, as_of)}


def sections(user: Any, as_of: dt.date,
             progress: Mapping[str, Progress] | None = None) -> list[Section]:  # fmt: skip
    """Every target grouped by section, with progress (ledger), counts (key projects and the
    registry of counted things) or the latest report. A target computed from the ledger
    whose progress is not there yet (being computed) has source "ledger" and no progress."""
    targets = book(as_of)
    progress = progress_of(user, as_of) if progress is None else progress
    latest = latest_reports()
    projects = project_figures()
    counts = registry_counts(as_of)
    found = {code: Section(code, title) for code, title in SECTIONS}
    for target in targets.targets:
        row = target_row(target)
        if target.id in progress:
            row.progress = progress_view(progress[target.id], targets)
            row.source = "ledger"
        elif target.measure is not None:
            row.source = "ledger"
        elif target.id in counts:
            row.count = counts[target.id]
            row.source = "registry"
        elif target.id in FROM_PROJECTS:
            row.source = "projects"
            row.latest = projects.get(target.id)
        else:
            row.latest = latest.get(target.id)
        code = section_of(target.clause)
        found.setdefault(code, Section(code, code)).rows.append(row)
    return [s for s in found.values() if s.rows]


def find_target(target_id: str) -> Target | None:
    try:
        return book().target(target_id)
    except KeyError:
        return None


@dataclass
class Breakdown:
    name: str
    achieved: str
    planned: str
    population: str


@dataclass
class LineBehind:
    line_id: str
    enterprise: str
    credit_code: str
    city: str
    equipment: str
    capacity: str
    exited_on: dt.date | None
    deadline: dt.date | None
    role: str  # 已退出, 计划退出, 已退出但无日期, 产能未知


def _breakdowns(found: Mapping[str, progress_mod.Breakdown], label: Any) -> list[Breakdown]:
    return [Breakdown(label(k), words.number_text(v.achieved, 2), words.number_text(v.planned, 2),
                      words.number_text(v.population, 2)) for k, v in found.items()]  # fmt: skip


#: The columns of the lines behind a figure (target detail).
LINE_COLUMNS = (
    Column("line", "生产线", ("line_id",)),
    Column("enterprise", "企业", ("enterprise__name", "line_id")),
    Column("city", "市", ("enterprise__city__code", "enterprise__name", "line_id")),
    Column("equipment", "装置", ("equipment", "line_id")),
    Column("capacity", "产能", ("capacity", "line_id"), css="num"),
    Column("role", "计入"),
    Column("exited_on", "实际退出日期"),
    Column("deadline", "退出时限", ("exit_plan__exit_deadline", "line_id")),
)
LINE_SORT = "city"


def roles_behind(p: Progress) -> dict[str, str]:
    """Line number → how it counts in the figure (已退出, 计划退出 …)."""
    roles: dict[str, str] = {}
    for role, ids in (("产能未知", p.unknown_capacity), ("已退出但无日期", p.undated_exits),
                      ("计划退出", p.planned_lines), ("已退出", p.achieved_lines)):  # fmt: skip
        roles.update(dict.fromkeys(ids, role))
    return roles


def lines_behind_rows(user: Any, roles: Mapping[str, str]) -> QuerySet[Line]:
    """The lines behind a figure, looked up again through the user's scope."""
    return (
        scoping.lines_for(user)
        .filter(line_id__in=list(roles))
        .select_related("enterprise", "enterprise__city", "exit_plan")
        .prefetch_related("exits")
    )


def lines_behind(user: Any, p: Progress) -> list[LineBehind]:
    """Every line behind a figure, in the list's default order."""
    roles = roles_behind(p)
    rows = ordered(lines_behind_rows(user, roles), LINE_COLUMNS, LINE_SORT)
    return [line_behind(line, roles[line.line_id]) for line in rows]


def line_behind(line: Line, role: str) -> LineBehind:
    exits = sorted(line.exits.all(), key=lambda e: e.exited_on)
    plan = getattr(line, "exit_plan", None)
    capacity = (f"{words.number_text(line.capacity, 2)} {line.capacity_unit}"
                if line.capacity is not None else words.UNKNOWN)  # fmt: skip
    return LineBehind(
        line.line_id, line.enterprise.name, line.enterprise.credit_code,
        line.enterprise.city.name, line.get_equipment_display(), capacity,
        exits[-1].exited_on if exits else None,
        plan.exit_deadline if plan is not None else None, role,
    )  # fmt: skip


def target_detail(user: Any, target: Target, as_of: dt.date) -> dict[str, Any]:
    """A target with, when computed from the ledger, its breakdown and the lines behind it;
    when reported, its history of reports."""
    targets = book(as_of)
    out: dict[str, Any] = {"row": target_row(target), "target": target}
    if target.measure is not None:
        snapshot, progress = progress_state(user, as_of, with_lines=True)
        out["snapshot"] = snapshot
        p = (progress or {}).get(target.id)
        if p is None:  # being computed
            return out
        out["progress"] = p
        out["row"].progress = progress_view(p, targets)
        out["by_city"] = _breakdowns(p.by_city, str)
        out["by_industry"] = _breakdowns(p.by_industry, words.industry_label)
        out["count_label"] = {"capacity": target.unit, "lines": "条（处、台）",
                              "enterprises": "家"}[target.measure.count]  # fmt: skip
    elif target.id in FROM_PROJECTS:
        out["projects"] = project_years()
    elif target.registry is not None:
        out["row"].count = registry_counts(as_of)[target.id]
        out["registered"] = RegistryEntry.objects.filter(target_id=target.id).select_related("city")
    else:
        out["reports"] = report_history(target)
    return out


# ─── obligations ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ObligationFilters:
    status: str = ""
    city: str = ""
    task: str = ""


@dataclass(frozen=True)
class ObligationRow:
    o: Obligation
    enterprise: str
    #: Days past the deadline on the page's day, for a duty still open (counted on while the
    #: line stays); None otherwise.
    days_overdue: int | None = None


#: The obligations list's columns: ``?sort=`` name, header, the stored fields it sorts by.
OBLIGATION_COLUMNS = (
    Column("line", "生产线", ("line_code",)),
    Column("enterprise", "企业", ("enterprise_name", "line_code")),
    Column("city", "市", ("city_rank", "county", "line_code")),
    Column("county", "县（市、区）", ("city_rank", "county", "line_code")),
    Column("clause", "条款", ("clause", "deadline", "city_rank", "line_code")),
    Column("action", "要求"),
    Column("deadline", "时限", ("deadline", "city_rank", "line_code")),
    Column("status", "状态", ("status_rank", "deadline", "city_rank", "line_code")),
    Column("days", "逾期天数", ("status_rank", "deadline"), css="num"),
    Column("exited_on", "实际退出日期", ("exited_on", "line_code")),
)
OBLIGATION_SORT = "status"
#: The duties without a date, a second list on the page (``usort``, ``upage``).
UNDATED_COLUMNS = (
    Column("line", "生产线", ("line_code",)),
    Column("enterprise", "企业", ("enterprise_name", "line_code")),
    Column("city", "市", ("city_rank", "county", "line_code")),
    Column("county", "县（市、区）", ("city_rank", "county", "line_code")),
    Column("clause", "条款"),
    Column("action", "要求"),
    Column("timing", "时限"),
    Column("status", "状态", ("exited", "exited_on", "line_code")),
    Column("exited_on", "实际退出日期", ("exited_on", "line_code")),
)
UNDATED_SORT = "line"
UNDATED_PREFIX = "u"


@dataclass
class ObligationPage:
    as_of: dt.date
    #: One page of the filtered rows (see ``listing`` for the page, sort and links).
    rows: list[ObligationRow]
    #: The filtered rows by status (all of them, not this page's).
    counts: dict[str, int]
    cities: list[str]
    tasks: list[tuple[str, str]]
    snapshot: Snapshot
    listing: Listing | None = None
    #: Duties the plan sets without a date (二(三)2 分批整合转移): (duty, enterprise name),
    #: a page of them (see ``undated_listing``).
    undated: list[tuple[obligations_mod.UndatedDuty, str]] = field(default_factory=list)
    undated_listing: Listing | None = None

    @property
    def count(self) -> int:
        return sum(self.counts.values())


def obligation_rows(user: Any, as_of: dt.date,
                    filters: ObligationFilters) -> tuple[Snapshot, QuerySet[Any]]:  # fmt: skip
    """The dated duties of 二(三) on ``as_of`` for the lines the user may see, filtered, with
    their status on that day (stored rows: resolute.web.targets.computed)."""
    snapshot = tcomputed.obligations(as_of)
    rows = tcomputed.obligation_rows(user, snapshot, as_of).filter(deadline__isnull=False)
    if filters.status in obligations_mod.STATUSES:
        rows = rows.filter(tcomputed.status_filter(filters.status, as_of))
    if filters.city:
        rows = rows.filter(city=filters.city)
    if filters.task:
        rows = rows.filter(task_id=filters.task)
    return snapshot, rows


def obligation_of(row: Any, as_of: dt.date) -> ObligationRow:
    """A stored row as the core's obligation, with its status on ``as_of``."""
    o = Obligation(row.line_code, row.credit_code, row.task_id, row.clause, row.action,
                   row.deadline, row.status, row.city or None, row.county or None,
                   row.industry or None, row.equipment, row.exited_on)  # fmt: skip
    return ObligationRow(o, row.enterprise_name, tcomputed.days_overdue(row, as_of))


def status_counts(as_of: dt.date) -> dict[str, Any]:
    return {s: Count("pk", filter=tcomputed.status_filter(s, as_of))
            for s in obligations_mod.STATUSES}  # fmt: skip


def obligations_for(user: Any, as_of: dt.date, filters: ObligationFilters,
                    request: Any = None) -> ObligationPage:  # fmt: skip
    """The page of obligations the request asks for (all rows without a request)."""
    targets = book(as_of)
    snapshot, rows = obligation_rows(user, as_of, filters)
    if request is not None:
        found = listing(request, rows, OBLIGATION_COLUMNS, OBLIGATION_SORT,
                        totals=status_counts(as_of))  # fmt: skip
        counts, shown = found.totals, found.rows
    else:
        found = None
        counts = rows.order_by().aggregate(**status_counts(as_of))
        shown = list(ordered(rows, OBLIGATION_COLUMNS, OBLIGATION_SORT))
    scoped = tcomputed.obligation_rows(user, snapshot, as_of)
    present = set(scoped.order_by().values_list("city", flat=True).distinct())
    undated = scoped.filter(deadline__isnull=True)
    if filters.city:
        undated = undated.filter(city=filters.city)
    undated_listing = None
    if request is not None:
        undated_listing = listing(request, undated, UNDATED_COLUMNS, UNDATED_SORT,
                                  prefix=UNDATED_PREFIX)  # fmt: skip
        undated_shown = undated_listing.rows
    else:
        undated_shown = list(ordered(undated, UNDATED_COLUMNS, UNDATED_SORT))
    return ObligationPage(
        as_of=as_of, rows=[obligation_of(r, as_of) for r in shown],
        counts={s: counts[s] or 0 for s in obligations_mod.STATUSES},
        cities=[c for c in schema.CITIES if c in present],
        tasks=[(t.id, f"{t.clause} {t.action}") for t in targets.obligations],
        snapshot=snapshot, listing=found,
        undated=[(_undated(u, as_of), u.enterprise_name) for u in undated_shown],
        undated_listing=undated_listing,
    )  # fmt: skip


def _undated(row: Any, as_of: dt.date) -> obligations_mod.UndatedDuty:
    done = row.exited and (row.exited_on is None or row.exited_on <= as_of)
    return obligations_mod.UndatedDuty(
        row.line_code, row.credit_code, row.task_id, row.clause, row.action, row.timing, done,
        row.city or None, row.county or None, row.industry or None, row.equipment, row.exited_on,
    )  # fmt: skip


#: The export's columns: the page's, with the line's enterprise and equipment (a task is
#: named, as on the page, by its clause and what it asks, never by its code).
OBLIGATION_HEADERS = ("生产线编号", "企业名称", "统一社会信用代码", "市", "县（市、区）", "行业",
                      "装置", "条款", "要求", "时限", "状态", "逾期天数", "实际退出日期",
                      "逾期退出")  # fmt: skip
OBLIGATION_WIDTHS = (18, 30, 22, 8, 12, 10, 14, 10, 20, 12, 8, 10, 12, 8)


def obligation_cells(row: ObligationRow) -> tuple[Any, ...]:
    o = row.o
    equipment = schema.EQUIPMENT_BY_CODE.get(o.equipment)
    return (
        o.line_id, row.enterprise, o.credit_code, o.city or "", o.county or "",
        words.industry_label(o.industry or ""), equipment.label if equipment else o.equipment,
        o.clause, o.action, o.deadline, obligations_mod.STATUS_LABELS[o.status],
        row.days_overdue, o.exited_on, "是" if o.late else "",
    )  # fmt: skip


# ─── reported indicators ─────────────────────────────────────────────────────────


def reportable() -> dict[str, Target]:
    return ind.reportable(book(), FROM_PROJECTS + registry_targets())


def _latest(target: Target, report: IndicatorReport) -> LatestReport:
    state = ind.reached(target, report.value)
    return LatestReport(
        period=report.period,
        value=words.number_text(report.value) if report.value is not None else "",
        reached=state,
        reached_label=ind.REACHED_LABELS.get(state or "", ""),
        rating_label=ind.RATING_LABELS.get(report.rating, ""),
    )


def latest_reports() -> dict[str, LatestReport]:
    """Each reported target's latest period (a year after its quarters)."""
    targets = reportable()
    newest: dict[str, IndicatorReport] = {}
    for report in IndicatorReport.objects.filter(target_id__in=list(targets)):
        held = newest.get(report.target_id)
        key = ind.period_sort_key(report.period)
        if held is None or key > ind.period_sort_key(held.period):
            newest[report.target_id] = report
    return {tid: _latest(targets[tid], r) for tid, r in newest.items()}


@dataclass
class ReportLine:
    report: IndicatorReport
    value: str
    growth: str
    reached_label: str
    rating_label: str


def report_history(target: Target) -> list[ReportLine]:
    """Reports of a target by period, with the growth on the same period a year before.

    Shares and rates (in %) are shown as reported: a growth rate of a percentage would read
    as a change in percentage points and is not what the plan measures.
    """
    reports = sorted(IndicatorReport.objects.filter(target_id=target.id),
                     key=lambda r: ind.period_sort_key(r.period))  # fmt: skip
    values = {r.period: r.value for r in reports}
    lines = []
    for r in reports:
        growth = (None if target.unit == "%"
                  else ind.growth_rate(r.value, values.get(ind.previous_year(r.period))))  # fmt: skip
        state = ind.reached(target, r.value)
        lines.append(ReportLine(
            r, words.number_text(r.value),
            f"{words.number_text(growth, 1)}%" if growth is not None else words.NOTHING,
            ind.REACHED_LABELS.get(state or "", ""), ind.RATING_LABELS.get(r.rating, ""),
        ))  # fmt: skip
    return lines


def department_of(user: Any) -> str:
    profile = scoping.profile_of(user)
    if profile is None:
        return ""
    return profile.display_name or profile.get_role_display()


def save_report(user: Any, target: Target, data: Mapping[str, Any]) -> IndicatorReport:
    """Store (or correct) the report of ``target`` for ``data['period']``; the history keeps
    the earlier figure."""
    report = (IndicatorReport.objects.filter(target_id=target.id, period=data["period"]).first()
              or IndicatorReport(target_id=target.id, period=data["period"]))  # fmt: skip
    report.value = data.get("value")
    report.assessment = data.get("assessment") or ""
    report.rating = data.get("rating") or ""
    if data.get("evidence"):
        report.evidence = data["evidence"]
    report.department = data.get("department") or department_of(user)
    report.reported_by = user
    with acting_as(user, via=VIA_FORM):
        report.save()
    return report


@dataclass
class ImportResult:
    errors: list[LedgerError]
    created: int = 0
    updated: int = 0


def import_reports(user: Any, data: bytes) -> ImportResult:
    """Check every row of an indicator workbook; store all rows or none."""
    try:
        sheet = read_sheet(data, sheet_import.limits())
    except ValueError as exc:
        return ImportResult([LedgerError("", None, "", str(exc))])
    rows, errors = ind.validate_rows(sheet, book(), FROM_PROJECTS + registry_targets())
    if errors:
        return ImportResult(errors)
    result = ImportResult([])
    department = department_of(user)
    with transaction.atomic(), acting_as(user, via=VIA_IMPORT):
        existing = {(r.target_id, r.period): r for r in IndicatorReport.objects.filter(
            target_id__in={row.target_id for row in rows}).select_for_update()}  # fmt: skip
        for row in rows:
            report = existing.get((row.target_id, row.period))
            if report is None:
                report = IndicatorReport(target_id=row.target_id, period=row.period)
                result.created += 1
            else:
                result.updated += 1
            report.value = row.value
            report.department = department
            report.reported_by = user
            report.save()
    return result


# ─── key projects ────────────────────────────────────────────────────────────────


def project_sectors() -> list[str]:
    """The industries named by the targets of 三 and 四, in the plan's order, then 其他.

    Groupings (五大…, clusters, chains, "every sub-field") and the key projects themselves
    are no industry a project belongs to, so they are left out.
    """
    seen: dict[str, None] = {}
    for t in book().targets:
        sector = t.scope.sector
        if t.clause[:1] in ("三", "四") and sector and not any(w in sector for w in _NOT_SECTORS):
            seen.setdefault(sector, None)
    return [*seen, OTHER_SECTOR]


def projects_for(user: Any) -> QuerySet[KeyProject]:
    """Province and department officers see every project; a city officer the city's."""
    projects = KeyProject.objects.select_related("city")
    profile = scoping.profile_of(user)
    if profile is not None and profile.role == Role.CITY:
        return projects.filter(city_id=profile.city_id)
    if profile is None or profile.role not in scoping.OFFICIAL_ROLES:
        return projects.none()
    return projects


def cities_for(user: Any) -> QuerySet[City]:
    profile = scoping.profile_of(user)
    if profile is not None and profile.role == Role.CITY:
        return City.objects.filter(pk=profile.city_id)
    return City.objects.all()


def filter_projects(projects: QuerySet[KeyProject],
                    filters: Mapping[str, Any]) -> QuerySet[KeyProject]:  # fmt: skip
    if filters.get("city"):
        projects = projects.filter(city__name=filters["city"])
    if filters.get("sector"):
        projects = projects.filter(sector=filters["sector"])
    if filters.get("stage"):
        projects = projects.filter(stage=filters["stage"])
    if filters.get("year"):
        projects = projects.filter(year=filters["year"])
    return projects


#: The key projects list's columns; ``stage`` sorts in the lifecycle's order, ``city`` in
#: the official order of cities.
PROJECT_COLUMNS = (
    Column("name", "项目名称", ("name",)),
    Column("city", "市", ("city__code", "name")),
    Column("sector", "产业领域", ("sector", "city__code", "name")),
    Column("year", "年度", ("year", "city__code", "name")),
    Column("stage", "阶段", ("stage_rank", "city__code", "name")),
    Column("investment", "总投资（亿元）", ("investment",), css="num"),
    Column("emerging", "新兴/补短板", ("emerging_or_shortfall", "city__code", "name")),
)
PROJECT_SORT = "year"
#: Over the whole filtered set: the investment, and how many projects have none filled in
#: (left out of the sum, and said so).
PROJECT_TOTALS = {
    "invested": Sum("investment"),
    "unfilled": Count("pk", filter=Q(investment__isnull=True)),
}


def project_rows(user: Any, filters: Mapping[str, Any]) -> QuerySet[KeyProject]:
    """The user's projects the filters keep, ready for :data:`PROJECT_COLUMNS`."""
    stage_rank = Case(*(When(stage=s, then=Value(i)) for i, s in enumerate(STAGE_ORDER)),
                      default=Value(len(STAGE_ORDER)), output_field=IntegerField())  # fmt: skip
    return filter_projects(projects_for(user), filters).annotate(stage_rank=stage_rank)


@dataclass
class ProjectYear:
    year: int
    total: int
    under_way: int
    goal: str
    reached_label: str
    emerging: int
    emerging_share: str
    share_goal: str
    share_reached_label: str


def project_years(projects: Iterable[KeyProject] | None = None) -> list[ProjectYear]:
    """Per year: projects started or in operation against "每年推进实施 1000 个以上", and the
    share of 新兴产业和补短板 projects among all of that year's against "不低于 60%"."""
    targets = book()
    count_target = targets.target(PROJECTS_TARGET)
    share_target = targets.target(EMERGING_SHARE_TARGET)
    if projects is None:  # every project: counted in the database, not read one by one
        rows = KeyProject.objects.order_by().values_list("year", "stage", "emerging_or_shortfall")
        items = list(rows.annotate(n=Count("pk")))
    else:
        items = [(p.year, p.stage, p.emerging_or_shortfall, 1) for p in projects]
    years = sorted({year for year, *_ in items}
                   | set(range(count_target.period.start.year,
                               count_target.period.end.year + 1)))  # fmt: skip
    out = []
    for year in years:
        of_year = [(stage, emerging, n) for y, stage, emerging, n in items if y == year]
        total = sum(n for _, _, n in of_year)
        under_way = sum(n for stage, _, n in of_year if stage in UNDER_WAY)
        emerging = sum(n for _, e, n in of_year if e)
        share = 100.0 * emerging / total if total else None
        met = ind.reached(count_target, float(under_way))
        share_met = ind.reached(share_target, share)
        out.append(ProjectYear(
            year, total, under_way, ind.figure_text(count_target),
            ind.REACHED_LABELS.get(met or "", ""), emerging,
            f"{words.number_text(share, 1)}%" if share is not None else words.NOTHING,
            ind.figure_text(share_target), ind.REACHED_LABELS.get(share_met or "", ""),
        ))  # fmt: skip
    return out


def project_figures() -> dict[str, LatestReport]:
    """The key-project targets' latest figures for the targets page (the latest year with
    projects, else the target's last year)."""
    every = project_years()
    years = [y for y in every if y.total] or every[-1:]
    if not years:
        return {}
    last = years[-1]
    count_state = "met" if last.reached_label == "达到" else "not_met"
    share_state = "met" if last.share_reached_label == "达到" else "not_met"
    return {
        PROJECTS_TARGET: LatestReport(str(last.year), str(last.under_way), count_state,
                                      last.reached_label, ""),
        EMERGING_SHARE_TARGET: LatestReport(str(last.year), last.emerging_share.rstrip("%"),
                                            share_state if last.total else None,
                                            last.share_reached_label, ""),
    }  # fmt: skip


def project_history(project: KeyProject) -> list[dict[str, Any]]:
    """The project's recorded changes, newest first, in words."""
    fields = {f.attname: f for f in KeyProject._meta.concrete_fields}
    cities = dict(City.objects.values_list("id", "name"))
    out = []
    events = AuditEvent.objects.filter(model="keyproject", object_pk=str(project.pk))
    for event in events.order_by("-at", "-id")[:HISTORY_LIMIT]:
        changes = []
        for key, before, after in event.changes():
            if key == "id" or key not in fields:
                continue
            field_ = fields[key]
            changes.append((str(field_.verbose_name), _word(field_, before, cities),
                            _word(field_, after, cities)))  # fmt: skip
        out.append({"event": event, "changes": changes})
    return out


def _word(field_: Any, value: Any, cities: Mapping[int, str]) -> str:
    if value is None or value == "":
        return words.UNKNOWN
    if field_.attname == "city_id":
        return cities.get(value, str(value))
    if field_.flatchoices:
        return str(dict(field_.flatchoices).get(value, value))
    return words.value_text(value, places=None)


def save_project(user: Any, project: KeyProject) -> KeyProject:
    with acting_as(user, via=VIA_FORM):
        project.save()
    return project
