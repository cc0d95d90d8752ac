"""City plans (“三个一批”计划, 五(一)): who files and reads them, the ledger's side of the
plans (duties, eliminations), the plan items and the plan workbook."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from resolute.core import city_plans, credit_code, schema
from resolute.core.city_plans import Gap
from resolute.core.ledger import Ledger, LedgerError, LedgerInvalid
from resolute.core.obligations import Obligation, obligations
from resolute.io import readers
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import City, Enterprise, Line
from resolute.web.plans.models import PLAN_YEARS, CityPlan, CityPlanItem

DONE = AssessmentRun.Status.DONE
#: The plan workbook's columns, in order: field, header.
PLAN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "类别"),
    ("industry", "行业"),
    ("year", "年度"),
    ("line_id", "生产线编号"),
    ("credit_code", "统一社会信用代码"),
    ("planned_on", "计划完成日期"),
    ("note", "备注"),
)
#: Read when present, not required.
OPTIONAL_COLUMNS: tuple[tuple[str, str], ...] = (("enterprise_name", "企业名称"),)
PLAN_SHEET = "三个一批计划"
KIND_WORDS: dict[str, str] = {
    **{label: kind for kind, label in city_plans.KIND_LABELS.items()},
    **{label + "一批": kind for kind, label in city_plans.KIND_LABELS.items()},
}
INDUSTRY_LABELS = {i.code: i.label for i in schema.INDUSTRIES}
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YEAR_TEXT = re.compile(r"^(\d{4})\s*年?$")
LIMITS = {"industry": 50, "line_id": 64, "enterprise_name": 200}


# ─── who may do what ──────────────────────────────────────────────────────────


def official_cities(user: Any) -> QuerySet[City]:
    """The cities whose plans and reports ``user`` may read: all for the province and the
    departments, their own for a city officer, none for anyone else."""
    profile = scoping.profile_of(user)
    if profile is None or profile.role not in (Role.PROVINCE, Role.DEPARTMENT, Role.CITY):
        return City.objects.none()
    if profile.role == Role.CITY:
        return City.objects.filter(pk=profile.city_id)
    return City.objects.all()


def can_file(user: Any, city: City) -> bool:
    """Only the city's own officers file its plan and its reports."""
    profile = scoping.profile_of(user)
    return profile is not None and profile.role == Role.CITY and profile.city_id == city.pk


# ─── the ledger's side: duties, lines, eliminations ───────────────────────────


def eliminated_lines(lines: QuerySet[Line]) -> dict[str, tuple[str, str]]:
    """Line number → (credit code, city) of the lines whose latest verdict (latest finished
    run that assessed them) is elimination, unless already exited when assessed — as the
    elimination list reads them."""
    latest = LineResult.objects.filter(line=OuterRef("pk"), run__status=DONE).order_by("-run_id")
    rows = (
        lines.annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            assessed_status=Subquery(latest.values("status")[:1]),
        )
        .filter(latest_outcome="eliminate")
        .exclude(assessed_status="exited")
        .values_list("line_id", "enterprise__credit_code", "enterprise__city__name")
    )
    return {line_id: (code, city) for line_id, code, city in rows}


def line_cities() -> dict[str, str | None]:
    return dict(Line.objects.values_list("line_id", "enterprise__city__name"))


@dataclass
class Duties:
    """The ledger's side of the plans, for some cities."""

    ledger: Ledger
    obligations: list[Obligation]
    eliminated: dict[str, tuple[str, str]]

    def of(self, city: str) -> list[city_plans.Duty]:
        owed = [o for o in self.obligations if o.city == city]
        gone = {k: code for k, (code, c) in self.eliminated.items() if c == city}
        return city_plans.duties(owed, gone)


def duties_for(enterprises: QuerySet[Enterprise], as_of: dt.date) -> Duties:
    ledger = ledger_for(enterprises)
    return Duties(
        ledger,
        obligations(ledger, as_of),
        eliminated_lines(Line.objects.filter(enterprise__in=enterprises)),
    )


# ─── city plans ───────────────────────────────────────────────────────────────


@dataclass
class PlanState:
    """A city's plan as a page shows it: status against the due date, items and gaps."""

    city: City
    plan: CityPlan | None
    status: city_plans.SubmissionStatus
    gaps: list[Gap] = field(default_factory=list)
    items: int = 0

    @property
    def status_label(self) -> str:
        return city_plans.SUBMISSION_LABELS[self.status]

    @property
    def gap_counts(self) -> dict[str, int]:
        return city_plans.gap_counts(self.gaps)


def plan_of(city: City) -> CityPlan | None:
    return CityPlan.objects.filter(city=city).select_related("submitted_by").first()


def ensure_plan(city: City) -> CityPlan:
    plan = plan_of(city)
    if plan is None:
        plan = CityPlan(city=city)
        plan.save()
    return plan


def plan_items(plan: CityPlan | None) -> list[CityPlanItem]:
    return list(plan.items.all()) if plan is not None else []


def plan_state(city: City, as_of: dt.date, duties: Duties | None = None,
               places: Mapping[str, str | None] | None = None) -> PlanState:  # fmt: skip
    """One city's plan with its gaps; ``duties`` and ``places`` may be shared by callers that
    look at many cities."""
    plan = plan_of(city)
    if duties is None:
        duties = duties_for(Enterprise.objects.filter(city=city), timezone.localdate())
    items = [i.as_core() for i in plan_items(plan)]
    gaps = city_plans.check(city.name, items, places if places is not None else line_cities(),
                            duties.of(city.name))  # fmt: skip
    submitted_on = plan.submitted_on if plan else None
    status = city_plans.submission_status(submitted_on, as_of)
    return PlanState(city, plan, status, gaps, len(items))


def plan_overview(as_of: dt.date) -> list[PlanState]:
    """Every city's plan status and gaps (for the province)."""
    duties = duties_for(Enterprise.objects.all(), timezone.localdate())
    places = line_cities()
    return [plan_state(city, as_of, duties, places) for city in City.objects.order_by("code")]


def submit_plan(plan: CityPlan, user: Any) -> bool:
    """Mark the plan submitted; the first submission's time is the one the due date is
    measured against. False when it was submitted already."""
    if plan.status == CityPlan.Status.SUBMITTED:
        return False
    plan.status = CityPlan.Status.SUBMITTED
    if plan.submitted_at is None:
        plan.submitted_at = timezone.now()
        plan.submitted_by = user
    plan.save()
    return True


# ─── plan items: validation shared by the form and the workbook ──────────────


def item_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Problems of one item beyond each field's own format, by field."""
    problems: dict[str, str] = {}
    if values.get("kind") == "eliminate":
        if not values.get("line_id"):
            problems["line_id"] = "“淘汰”事项须填写生产线编号（台账中的编号）"
        if not values.get("planned_on"):
            problems["planned_on"] = "“淘汰”事项须填写计划完成日期"
    code = values.get("credit_code")
    if code:
        problem = credit_code.problem(code)
        if problem:
            problems["credit_code"] = problem
    year = values.get("year")
    if year is not None and year not in PLAN_YEARS:
        problems["year"] = f"年度应在 {PLAN_YEARS.start}—{PLAN_YEARS.stop - 1} 年之间"
    return problems


def industry_text(value: str) -> str:
    """An industry as written, or its Chinese name when given by code (``steel`` → 钢铁)."""
    text = value.strip()
    return INDUSTRY_LABELS.get(text, text)


def complete_enterprise(plan: CityPlan, values: dict[str, Any]) -> None:
    """Fill the enterprise's name and code from the ledger when the item names a line of the
    city and leaves them blank (a line of another city is left as written: it is a gap)."""
    line_id = values.get("line_id")
    if not line_id:
        return
    line = (
        Line.objects.filter(line_id=line_id, enterprise__city=plan.city)
        .select_related("enterprise")
        .first()
    )
    if line is None:
        return
    values["credit_code"] = values.get("credit_code") or line.enterprise.credit_code
    values["enterprise_name"] = values.get("enterprise_name") or line.enterprise.name


def add_item(plan: CityPlan, values: Mapping[str, Any]) -> CityPlanItem:
    data = {k: v for k, v in values.items() if k in _ITEM_FIELDS}
    complete_enterprise(plan, data)
    item = CityPlanItem(plan=plan, **data)
    item.save()
    return item


_ITEM_FIELDS = frozenset(k for k, _ in PLAN_COLUMNS + OPTIONAL_COLUMNS)


@dataclass
class ParsedPlan:
    items: list[dict[str, Any]]
    errors: list[LedgerError]
    name: str


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_TEXT.match(_cell_text(value))
    if not match:
        raise ValueError("不是有效的日期，请写作 2021-12-31")
    return dt.date(*(int(g) for g in match.groups()))


def _parse_year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _YEAR_TEXT.match(_cell_text(value))
    if not match:
        raise ValueError("不是有效的年度，请写作 2021")
    return int(match.group(1))


def _parse_cell(key: str, value: Any) -> Any:
    """A cell's value for ``key``, or ValueError with the reason in Chinese."""
    if key == "kind":
        text = _cell_text(value)
        if text not in KIND_WORDS:
            raise ValueError("类别应为“淘汰”“提升”或“培育”")
        return KIND_WORDS[text]
    if key == "year":
        return _parse_year(value)
    if key == "planned_on":
        return _parse_date(value)
    text = _cell_text(value)
    if key == "industry":
        text = industry_text(text)
    if key == "credit_code":
        text = text.upper()
    if key in LIMITS and len(text) > LIMITS[key]:
        raise ValueError(f"不能超过 {LIMITS[key]} 个字")
    return text


def _pick_sheet(raw: readers.RawWorkbook) -> readers.RawSheet | None:
    if PLAN_SHEET in raw.sheets:
        return raw.sheets[PLAN_SHEET]
    return next(iter(raw.sheets.values()), None)


def parse_plan_workbook(path: str, name: str) -> ParsedPlan:
    """Every item of a plan workbook, or every problem in it (by row and column)."""
    try:
        raw = readers.read_raw(path)
    except LedgerInvalid as exc:
        return ParsedPlan([], [LedgerError(name, None, None, e.message) for e in exc.errors], name)
    sheet = _pick_sheet(raw)
    if sheet is None:
        return ParsedPlan([], [LedgerError(name, None, None, "工作簿中没有工作表")], name)
    index = {h: i for i, h in enumerate(sheet.headers) if h}
    missing = [h for _, h in PLAN_COLUMNS if h not in index]
    if missing:
        message = "缺少列：" + "、".join(missing) + "（请使用计划模板）"
        return ParsedPlan([], [LedgerError(sheet.title, 1, None, message)], name)
    errors: list[LedgerError] = list(_ledger_errors(sheet.problems, sheet.title))
    items: list[dict[str, Any]] = []
    for number, row in sheet.rows:
        values: dict[str, Any] = {}
        for key, header in PLAN_COLUMNS + OPTIONAL_COLUMNS:
            if header not in index:
                continue
            cell = row[index[header]] if index[header] < len(row) else None
            if _cell_text(cell) == "":
                values[key] = None if key in ("year", "planned_on") else ""
                continue
            try:
                values[key] = _parse_cell(key, cell)
            except ValueError as exc:
                errors.append(LedgerError(sheet.title, number, header, str(exc)))
                values[key] = None
        for key, header in (("kind", "类别"), ("industry", "行业"), ("year", "年度")):
            if values.get(key) in (None, "") and not _has_error(errors, number, header):
                errors.append(LedgerError(sheet.title, number, header, "必填"))
        headers = dict(PLAN_COLUMNS + OPTIONAL_COLUMNS)
        for key, message in item_problems(values).items():
            if not _has_error(errors, number, headers[key]):
                errors.append(LedgerError(sheet.title, number, headers[key], message))
        items.append(values)
    if not items and not errors:
        errors.append(LedgerError(sheet.title, None, None, "工作表中没有计划事项"))
    return ParsedPlan(items if not errors else [], errors, name)


def _has_error(errors: Sequence[LedgerError], row: int, column: str) -> bool:
    return any(e.row == row and e.column == column for e in errors)


def _ledger_errors(problems: Iterable[Any], title: str) -> Iterable[LedgerError]:
    for p in problems:
        yield LedgerError(title, p.row, p.column, p.message)


def read_upload(file: UploadedFile) -> ParsedPlan:
    """Parse an uploaded plan workbook through a temporary file (the reader takes paths)."""
    name = file.name or "upload.xlsx"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix != ".xlsx":
        return ParsedPlan(
            [], [LedgerError(name, None, None, "请上传 .xlsx 格式的 Excel 工作簿")], name
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        return parse_plan_workbook(tmp.name, name)


def replace_items(plan: CityPlan, items: Sequence[Mapping[str, Any]]) -> int:
    """The workbook is the plan: its items replace the plan's, all or nothing."""
    with transaction.atomic():
        plan.items.all().delete()
        for values in items:
            add_item(plan, values)
    return len(items)
