"""City plans (“三个一批”计划): the province's overview, a city's plan, its items and workbook.

Officials read (the province and the departments every city, a city officer their own city:
another city's page is a 404); only a city's own officers file its plan and reports (anyone
else who may read gets a 403 on the action); enterprise users and users without a role get
a 403 on every supervision page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from resolute.core import city_plans
from resolute.io import city_plans as plan_io
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.accounts.permissions import permission_required
from resolute.web.ledger.models import City
from resolute.web.lib.export import Sheet, instructions_sheet, xlsx_response
from resolute.web.plans import services
from resolute.web.plans.forms import PlanItemForm, PlanUploadForm
from resolute.web.plans.models import CityPlanItem

#: Every page of the supervision area (plans, quarters, evaluation, risks, the final report).
official_required = permission_required("official", "只有省、市和行业主管部门可以查看督导信息")


def day_of(request: HttpRequest, name: str = "as_of") -> dt.date:
    """A date from the query string (``?as_of=2021-05-01``), else today."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()


def city_or_404(user: Any, code: str) -> City:
    return get_object_or_404(services.official_cities(user), code=code)


def require_filer(user: Any, city: City) -> None:
    if not services.can_file(user, city):
        raise PermissionDenied("只有本市主管部门可以报送本市的计划和调度情况")


# ─── city plans ───────────────────────────────────────────────────────────────


@official_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The province's view of all 16 cities; a city officer goes to their own plan."""
    profile = scoping.profile_of(request.user)
    if profile is not None and profile.role == Role.CITY and profile.city is not None:
        return redirect("supervision-plan-detail", code=profile.city.code)
    as_of = day_of(request)
    states = services.plan_overview(as_of)
    counts = {s: sum(1 for x in states if x.status == s) for s in city_plans.SUBMISSION_LABELS}
    return render(request, "plans/plan_list.html", {
        "states": states, "as_of": as_of, "due": city_plans.DUE_DATE,
        "counts": [(city_plans.SUBMISSION_LABELS[s], n) for s, n in counts.items()],
        "gap_kinds": [(k, city_plans.GAP_LABELS[k]) for k in city_plans.GAP_KINDS],
    })  # fmt: skip


def _plan_page(request: HttpRequest, city: City, status: int = 200, **extra: Any) -> HttpResponse:
    as_of = day_of(request)
    state = services.plan_state(city, as_of)
    can_file = services.can_file(request.user, city)
    context = {
        "city": city, "state": state, "as_of": as_of, "due": city_plans.DUE_DATE,
        "items": services.plan_items(state.plan), "can_file": can_file,
        "item_form": extra.get("item_form") or (PlanItemForm() if can_file else None),
        "upload_form": extra.get("upload_form") or (PlanUploadForm() if can_file else None),
        "upload_errors": extra.get("upload_errors") or [],
        "upload_name": extra.get("upload_name", ""),
        "gap_counts": [(city_plans.GAP_LABELS[k], n) for k, n in state.gap_counts.items()],
        "columns": [h for _, h in plan_io.PLAN_COLUMNS],
    }  # fmt: skip
    return render(request, "plans/plan_detail.html", context, status=status)


@official_required
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _plan_page(request, city_or_404(request.user, code))


@official_required
@require_POST
def plan_item_add(request: HttpRequest, code: str) -> HttpResponse:
    city = city_or_404(request.user, code)
    require_filer(request.user, city)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, city, status=400, item_form=form)
    services.add_item(services.ensure_plan(city), form.cleaned_data)
    messages.success(request, "已添加计划事项。")
    return redirect("supervision-plan-detail", code=city.code)


@official_required
@require_POST
def plan_item_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    city = city_or_404(request.user, code)
    require_filer(request.user, city)
    item = get_object_or_404(CityPlanItem, pk=pk, plan__city=city)
    item.delete()
    messages.success(request, "已删除计划事项。")
    return redirect("supervision-plan-detail", code=city.code)


@official_required
@require_POST
def plan_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Replace the plan's items with a workbook's, all or nothing."""
    city = city_or_404(request.user, code)
    require_filer(request.user, city)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _plan_page(request, city, status=400, upload_form=form)
    parsed = services.read_upload(form.cleaned_data["file"])
    if parsed.errors:
        return _plan_page(request, city, status=400, upload_errors=parsed.errors,
                          upload_name=parsed.name)  # fmt: skip
    count = services.replace_items(services.ensure_plan(city), parsed.items)
    messages.success(request, f"已按工作簿“{parsed.name}”更新计划，共 {count} 项。")
    return redirect("supervision-plan-detail", code=city.code)


@official_required
@require_POST
def plan_submit(request: HttpRequest, code: str) -> HttpResponse:
    city = city_or_404(request.user, code)
    require_filer(request.user, city)
    plan = services.ensure_plan(city)
    if not plan.items.exists():
        messages.error(request, "计划中还没有任何事项，不能报送。")
    elif services.submit_plan(plan, request.user):
        messages.success(request, "计划已报送省政府。")
    else:
        messages.info(request, "计划已于此前报送，修改会记入变更记录。")
    return redirect("supervision-plan-detail", code=city.code)


PLAN_INSTRUCTIONS = (
    "第一个工作表“三个一批计划”每行一项计划事项；上传的工作簿整体替换本市现有的计划事项。",
    "“类别”：淘汰、提升或培育（也可写“淘汰一批”等）。",
    "“行业”：行业名称，如 钢铁、水泥、新材料。",
    "“年度”：计划完成的年度，如 2021。",
    "“生产线编号”：“淘汰”事项必填，填台账中的生产线编号；“统一社会信用代码”“企业名称”可不填，按生产线从台账带出。",
    "“计划完成日期”：写作 2022-12-31；“淘汰”事项必填，不得晚于任务时限。",
    "“备注”：可不填。",
    "示例：淘汰 | 钢铁 | 2021 | ZB-BF-1 | （空） | 2021-12-31 | 1 号高炉关停",
    "上传时逐行检查，有任何错误则不作任何修改，网页列出每处错误所在的行和列。",
)


@official_required
def plan_template(request: HttpRequest) -> HttpResponse:
    """An empty sheet to fill (no example row: one left in by mistake would be filed) and
    how to fill it."""
    headers = [h for _, h in plan_io.PLAN_COLUMNS] + [h for _, h in plan_io.OPTIONAL_COLUMNS]
    return xlsx_response("三个一批计划模板.xlsx", [
        Sheet(plan_io.PLAN_SHEET, headers, [], [8, 12, 8, 20, 22, 14, 30, 30]),
        instructions_sheet(PLAN_INSTRUCTIONS),
    ])  # fmt: skip
