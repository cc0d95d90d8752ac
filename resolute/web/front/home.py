"""What waits for each user, for the home page (首页): counts first, each item a link to
the page where it is dealt with.

- City and department officers, within their scope: objections waiting for them, their
  imports awaiting confirmation, lines whose exit deadline falls within 30/60/90 days and
  overdue lines, unread notices; a city officer also the quarter's report and the city's
  "三个一批" plan when not yet filed.
- The province office: the same province-wide, finished assessments awaiting publication,
  and the cities that have not filed the quarter's report or their plan, in official order.
- Enterprise users: their findings in the latest published assessment, their lines' exit
  deadlines, their objections with each one's state, the self-check.
- The public: the published lists and the self-check.

Everything is counted in SQL on the ledger's fields (no computation of the province per
request), so the page stays quick at 100,000 lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from resolute.core import city_plans
from resolute.core import words as show
from resolute.core.bulletin import Quarter
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Profile, Role
from resolute.web.assessments import queries
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.ledger.models import City, Line
from resolute.web.notices.services import unread_count
from resolute.web.objections.models import Objection
from resolute.web.plans.models import CityPlan
from resolute.web.quarters.models import QuarterlyReport
from resolute.web.quarters.services import current_quarter
from resolute.web.targets import deadlines as due
from resolute.web.targets.deadlines import DUE_WINDOWS


@dataclass(frozen=True)
class Item:
    """One thing to do: how many, what, and where it is dealt with."""

    label: str
    count: int
    url: str
    note: str = ""
    #: Whether a non-zero count calls for action (shown stronger).
    urgent: bool = True


@dataclass
class Home:
    role: str
    items: list[Item] = field(default_factory=list)
    #: Cities that have not filed (province): (title, url of the page, [(city, url)]).
    missing: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    #: The enterprise's own lists.
    enterprise: Any = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    finding_run: AssessmentRun | None = None
    enterprise_result: EnterpriseResult | None = None
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    #: The public: the latest published list.
    published: AssessmentRun | None = None
    published_count: int = 0


def home_for(user: Any, today: dt.date) -> Home:
    profile = scoping.profile_of(user)
    if profile is None:
        return public_home(today)
    if profile.role == Role.ENTERPRISE:
        return enterprise_home(user, profile, today)
    return official_home(user, profile, today)


# ─── officials ──────────────────────────────────────────────────────────────────


def _objections_waiting(user: Any, profile: Profile) -> Item:
    visible = Objection.objects.filter(scoping.enterprise_filter(user, "enterprise__"),
                                       status=Objection.Status.OPEN)  # fmt: skip
    url = reverse("objections-list")
    if profile.role == Role.CITY:
        return Item("待您处理的异议", visible.filter(assigned_to=user).count(),
                    f"{url}?status=open&mine=1")  # fmt: skip
    if profile.role == Role.PROVINCE:
        return Item("待处理的异议（全省）", visible.count(), f"{url}?status=open")
    return Item("本范围待处理的异议", visible.count(), f"{url}?status=open",
                note="由企业所在市的主管部门办理", urgent=False)  # fmt: skip


def _imports_waiting(user: Any) -> Item:
    waiting = list(ImportBatch.objects.filter(user=user, status=Status.PREVIEWED)
                   .values_list("pk", flat=True)[:2])  # fmt: skip
    count = (ImportBatch.objects.filter(user=user, status=Status.PREVIEWED).count()
             if len(waiting) > 1 else len(waiting))  # fmt: skip
    url = (reverse("imports-detail", args=[waiting[0]]) if count == 1
           else reverse("imports-upload"))  # fmt: skip
    return Item("待确认的导入", count, url, note="已核对、预览，确认后才写入台账")


def deadline_items(lines: Any, today: dt.date) -> list[Item]:
    """Overdue lines and lines due within 30, 60 and 90 days (each window includes the
    nearer ones), by the nearest deadline of the exit plan and the open duties
    (targets.deadlines), linked to the ledger list filtered alike."""
    url = reverse("ledger-line-list")
    counts = due.deadline_counts(lines, today)
    # Before any obligations set is ready, only exit plans are counted: say so.
    note = "" if due.duties_known(today) else "逐条任务正在计算，暂只计入退出计划的期限"
    items = [Item("逾期未退出的生产线", counts["overdue"], f"{url}?overdue=on", note=note)]
    for days in DUE_WINDOWS:
        items.append(Item(f"{days} 天内到完成期限的生产线", counts[str(days)], f"{url}?due={days}",
                          note=note, urgent=days == DUE_WINDOWS[0]))  # fmt: skip
    return items


def _notices(user: Any) -> Item:
    return Item("未读提醒", unread_count(user), reverse("notices-list"),
                note="期限前 90、60、30 天和逾期的提醒，收到的异议和异议的处理结果")  # fmt: skip


def _quarter_label(quarter: str) -> str:
    return Quarter.parse(quarter).label


def _city_reports(city: City, today: dt.date) -> list[Item]:
    quarter = current_quarter(today)
    items = []
    if not QuarterlyReport.objects.filter(city=city, quarter=quarter).exists():
        items.append(Item(f"{_quarter_label(quarter)}调度情况未报送", 1,
                          f"{reverse('supervision-quarter-list')}?quarter={quarter}"))  # fmt: skip
    if not CityPlan.objects.filter(city=city, status=CityPlan.Status.SUBMITTED).exists():
        items.append(Item("“三个一批”计划未报送", 1,
                          reverse("supervision-plan-detail", args=[city.code]),
                          note=f"应于{show.date_text(city_plans.DUE_DATE)}前报送"))  # fmt: skip
    return items


def _unpublished(today: dt.date) -> Item:
    """Finished province-wide runs newer than the published one: awaiting publication."""
    latest = queries.latest_published_run()
    runs = AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE, published=False,
                                        scope_city__isnull=True, scope_industry="",
                                        pk__gt=latest.pk if latest else 0)  # fmt: skip
    return Item("已完成、待公示的全省评估", runs.count(), reverse("assessments-run-list"))


def _missing_cities(today: dt.date) -> list[tuple[str, str, list[tuple[str, str]]]]:
    quarter = current_quarter(today)
    quarter_url = f"{reverse('supervision-quarter-list')}?quarter={quarter}"
    no_report = City.objects.exclude(quarterly_reports__quarter=quarter).order_by("code")
    no_plan = City.objects.exclude(plan__status=CityPlan.Status.SUBMITTED).order_by("code")
    return [
        (f"{_quarter_label(quarter)}未报送调度情况的市", quarter_url,
         [(f"{c.name}市", quarter_url) for c in no_report]),
        ("未报送“三个一批”计划的市", reverse("supervision-plan-list"),
         [(f"{c.name}市", reverse("supervision-plan-detail", args=[c.code])) for c in no_plan]),
    ]  # fmt: skip


def official_home(user: Any, profile: Profile, today: dt.date) -> Home:
    home = Home(profile.role)
    lines = scoping.lines_for(user)
    home.items = [_objections_waiting(user, profile), _imports_waiting(user),
                  *deadline_items(lines, today), _notices(user)]  # fmt: skip
    if profile.role == Role.CITY and profile.city is not None:
        home.items += _city_reports(profile.city, today)
    if profile.role == Role.PROVINCE:
        home.items.append(_unpublished(today))
        home.missing = _missing_cities(today)
    return home


# ─── enterprises ────────────────────────────────────────────────────────────────


def _published_result(enterprise: Any) -> EnterpriseResult | None:
    return (EnterpriseResult.objects.filter(enterprise=enterprise, run__published=True,
                                            run__status=AssessmentRun.Status.DONE)
            .select_related("run").order_by("-run_id").first())  # fmt: skip


def enterprise_home(user: Any, profile: Profile, today: dt.date) -> Home:
    home = Home(profile.role)
    enterprise = profile.enterprise
    home.enterprise = enterprise
    if enterprise is None:
        return home
    result = _published_result(enterprise)
    home.enterprise_result = result
    if result is not None:
        home.finding_run = result.run
        # By the enterprise's own index (a few rows per run), the run picked here: SQLite
        # would otherwise walk the whole run's results.
        rows = (LineResult.objects.filter(enterprise=enterprise)
                .values_list("run_id", "line_code", "outcome", "status"))  # fmt: skip
        home.findings = [{
            "line_id": code, "outcome": outcome, "label": show.outcome_label(outcome),
            "exited": status == "exited",
            "url": reverse("ledger-line-detail", args=[code]),
        } for run_id, code, outcome, status in sorted(rows, key=lambda r: r[1])
            if run_id == result.run_id]  # fmt: skip
    lines = (due.with_nearest(Line.objects.filter(enterprise=enterprise).exclude(status="exited"),
                              today)
             .filter(**{f"{due.NEAREST}__isnull": False}).order_by(due.NEAREST, "line_id")
             .values_list("line_id", "equipment", due.NEAREST))  # fmt: skip
    for line_id, equipment, deadline in lines:
        left = (deadline - today).days
        state = ("逾期未退出" if left < 0 else "今日到期" if left == 0
                 else f"还有 {left} 天")  # fmt: skip
        home.deadlines.append({
            "line_id": line_id, "equipment": show.equipment_label(equipment),
            "deadline": deadline, "state": state, "overdue": left < 0,
            "soon": 0 <= left <= DUE_WINDOWS[-1],
            "url": reverse("ledger-line-detail", args=[line_id]),
        })  # fmt: skip
    home.objections = list(Objection.objects.filter(enterprise=enterprise)
                           .order_by("-created_at", "-pk")[:20])  # fmt: skip
    counts = due.deadline_counts(Line.objects.filter(enterprise=enterprise), today)
    page = reverse("ledger-enterprise-detail", args=[enterprise.credit_code])
    home.items = [
        Item("逾期未退出的生产线", counts["overdue"], page),
        Item(f"{DUE_WINDOWS[-1]} 天内到完成期限的生产线", counts[str(DUE_WINDOWS[-1])], page),
        Item("待处理的异议",
             Objection.objects.filter(enterprise=enterprise, status=Objection.Status.OPEN).count(),
             f"{reverse('objections-list')}?status=open", note="已提出、等待主管部门办理",
             urgent=False),
        _notices(user),
    ]  # fmt: skip
    return home


# ─── the public ─────────────────────────────────────────────────────────────────


def public_home(today: dt.date) -> Home:
    home = Home("public")
    run = queries.latest_published_run()
    home.published = run
    if run is not None:
        home.published_count = queries.public_eliminations(run).count()
    return home
