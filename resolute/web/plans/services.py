"""City plans (“三个一批”计划, 五(一)): who files and reads them, the ledger's side of the
plans (duties, eliminations), the plan items and the plan workbook."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from resolute.core import city_plans
from resolute.core.city_plans import Gap
from resolute.core.ledger import Ledger, LedgerError
from resolute.core.obligations import Obligation, obligations
from resolute.io import city_plans as plan_io
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.assessments import queries
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import City, Enterprise, Line
from resolute.web.plans.models import CityPlan, CityPlanItem
from resolute.web.policies import services as policy_services

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
    rows = (
        lines.annotate(
            latest_outcome=queries.latest_result("outcome"),
            assessed_status=queries.latest_result("status"),
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
    """The duties of these enterprises' lines on ``as_of``, under the targets in force then."""
    ledger = ledger_for(enterprises)
    return Duties(
        ledger,
        obligations(ledger, as_of, policy_services.in_force(as_of).targets),
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


# ─── plan items (their rules: core.city_plans.item_problems; the workbook: io.city_plans) ──


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


_ITEM_FIELDS = frozenset(k for k, _ in plan_io.PLAN_COLUMNS + plan_io.OPTIONAL_COLUMNS)


def read_upload(file: UploadedFile) -> plan_io.ParsedPlan:
    """Parse an uploaded plan workbook through a temporary file (the reader takes paths)."""
    name = file.name or "upload.xlsx"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix != ".xlsx":
        return plan_io.ParsedPlan(
            [], [LedgerError(name, None, None, "请上传 .xlsx 格式的 Excel 工作簿")], name
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        return plan_io.read_plan_workbook(tmp.name, name)


def replace_items(plan: CityPlan, items: Sequence[Mapping[str, Any]]) -> int:
    """The workbook is the plan: its items replace the plan's, all or nothing."""
    with transaction.atomic():
        plan.items.all().delete()
        for values in items:
            add_item(plan, values)
    return len(items)
