"""Supervision pages (督导): city "三个一批" plans, quarterly reports, the annual evaluation and
the risk register.

Officials read (the province and the departments every city, a city officer their own city:
another city's page is a 404); only a city's own officers file its plan and reports (anyone
else who may read gets a 403 on the action); enterprise users and users without a role get
a 403 on every page here.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from resolute.core import city_plans, plan_period
from resolute.core import final_report as final_report_core
from resolute.core import targets as targets_data
from resolute.io import bulletin as bulletin_io
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.ledger.models import City
from resolute.web.lib.export import XLSX_CONTENT_TYPE, Sheet, content_disposition, xlsx_response
from resolute.web.lib.files import download
from resolute.web.supervision import risks, services
from resolute.web.supervision.forms import PlanItemForm, PlanUploadForm, QuarterlyReportForm
from resolute.web.supervision.models import CityPlanItem, IssuedBulletin, QuarterlyReport

PROVINCE = "province"  # the only role that issues bulletins
#: The frozen bulletin is one self-contained document (the same file is written to disk and
#: laid out as PDF), so its styles are inline; it has no script and loads nothing.
BULLETIN_CSP = {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"],
                "img-src": ["data:"], "font-src": ["data:"], "frame-ancestors": ["'self'"],
                "script-src": ["'none'"]}  # fmt: skip
BULLETIN_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


def _require_official(user: Any) -> None:
    if not scoping.is_official(user):
        raise PermissionDenied("只有省、市和行业主管部门可以查看督导信息")


def _day(request: HttpRequest, name: str = "as_of") -> dt.date:
    """A date from the query string (``?as_of=2021-05-01``), else today."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()


def _city_or_404(user: Any, code: str) -> City:
    return get_object_or_404(services.official_cities(user), code=code)


def _require_filer(user: Any, city: City) -> None:
    if not services.can_file(user, city):
        raise PermissionDenied("只有本市主管部门可以报送本市的计划和调度情况")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    profile = scoping.profile_of(request.user)
    own = profile.city if profile is not None and profile.role == Role.CITY else None
    return render(request, "supervision/home.html", {"own_city": own})


# ─── city plans ───────────────────────────────────────────────────────────────


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The province's view of all 16 cities; a city officer goes to their own plan."""
    _require_official(request.user)
    profile = scoping.profile_of(request.user)
    if profile is not None and profile.role == Role.CITY and profile.city is not None:
        return redirect("supervision-plan-detail", code=profile.city.code)
    as_of = _day(request)
    states = services.plan_overview(as_of)
    counts = {s: sum(1 for x in states if x.status == s) for s in city_plans.SUBMISSION_LABELS}
    return render(request, "supervision/plan_list.html", {
        "states": states, "as_of": as_of, "due": city_plans.DUE_DATE,
        "counts": [(city_plans.SUBMISSION_LABELS[s], n) for s, n in counts.items()],
        "gap_kinds": [(k, city_plans.GAP_LABELS[k]) for k in city_plans.GAP_KINDS],
    })  # fmt: skip


def _plan_page(request: HttpRequest, city: City, status: int = 200, **extra: Any) -> HttpResponse:
    as_of = _day(request)
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
        "columns": [h for _, h in services.PLAN_COLUMNS],
    }  # fmt: skip
    return render(request, "supervision/plan_detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require_official(request.user)
    return _plan_page(request, _city_or_404(request.user, code))


@login_required
@require_POST
def plan_item_add(request: HttpRequest, code: str) -> HttpResponse:
    _require_official(request.user)
    city = _city_or_404(request.user, code)
    _require_filer(request.user, city)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, city, status=400, item_form=form)
    services.add_item(services.ensure_plan(city), form.cleaned_data)
    messages.success(request, "已添加计划事项。")
    return redirect("supervision-plan-detail", code=city.code)


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require_official(request.user)
    city = _city_or_404(request.user, code)
    _require_filer(request.user, city)
    item = get_object_or_404(CityPlanItem, pk=pk, plan__city=city)
    item.delete()
    messages.success(request, "已删除计划事项。")
    return redirect("supervision-plan-detail", code=city.code)


@login_required
@require_POST
def plan_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Replace the plan's items with a workbook's, all or nothing."""
    _require_official(request.user)
    city = _city_or_404(request.user, code)
    _require_filer(request.user, city)
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


@login_required
@require_POST
def plan_submit(request: HttpRequest, code: str) -> HttpResponse:
    _require_official(request.user)
    city = _city_or_404(request.user, code)
    _require_filer(request.user, city)
    plan = services.ensure_plan(city)
    if not plan.items.exists():
        messages.error(request, "计划中还没有任何事项，不能报送。")
    elif services.submit_plan(plan, request.user):
        messages.success(request, "计划已报送省政府。")
    else:
        messages.info(request, "计划已于此前报送，修改会记入变更记录。")
    return redirect("supervision-plan-detail", code=city.code)


@login_required
def plan_template(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    headers = [h for _, h in services.PLAN_COLUMNS] + [h for _, h in services.OPTIONAL_COLUMNS]
    example = ["淘汰", "钢铁", 2021, "ZB-BF-1", "", dt.date(2021, 12, 31), "示例行，请删除",
               ""]  # fmt: skip
    return xlsx_response("三个一批计划模板.xlsx",
                         [Sheet(services.PLAN_SHEET, headers, [example],
                                [8, 12, 8, 20, 22, 14, 30, 30])])  # fmt: skip


# ─── quarterly dispatch ───────────────────────────────────────────────────────


def _quarter(request: HttpRequest) -> str:
    value = request.GET.get("quarter", "").strip().upper()
    return value if value in services.recent_quarters(timezone.localdate()) else (
        services.current_quarter(timezone.localdate()))  # fmt: skip


def _quarter_page(request: HttpRequest, quarter: str, form: QuarterlyReportForm | None = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    cities = services.official_cities(request.user)
    profile = scoping.profile_of(request.user)
    own = profile.city if profile is not None and profile.role == Role.CITY else None
    if own is not None and form is None:
        existing = QuarterlyReport.objects.filter(city=own, quarter=quarter).first()
        form = QuarterlyReportForm(initial={
            "quarter": quarter, "narrative": existing.narrative if existing else "",
            "figures": "\n".join(f"{k}：{v}" for k, v in (existing.figures or {}).items())
            if existing else "",
        })  # fmt: skip
    rows = services.quarter_overview(quarter, cities)
    return render(request, "supervision/quarter_list.html", {
        "quarter": quarter, "quarters": services.recent_quarters(timezone.localdate()),
        "rows": rows, "submitted": sum(1 for _, r in rows if r is not None),
        "own_city": own, "form": form,
    }, status=status)  # fmt: skip


@login_required
def quarter_list(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    return _quarter_page(request, _quarter(request))


@login_required
@require_POST
def quarter_submit(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    profile = scoping.profile_of(request.user)
    if profile is None or profile.role != Role.CITY or profile.city is None:
        raise PermissionDenied("只有市级主管部门报送本市的季度调度情况")
    form = QuarterlyReportForm(request.POST)
    if not form.is_valid():
        return _quarter_page(request, _quarter(request), form=form, status=400)
    data = form.cleaned_data
    services.submit_report(profile.city, data["quarter"], data["narrative"], data["figures"],
                           request.user)  # fmt: skip
    messages.success(request, f"{data['quarter']} 季度调度情况已报送。")
    return redirect(f"{reverse('supervision-quarter-list')}?quarter={data['quarter']}")


@login_required
def quarter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_official(request.user)
    report = get_object_or_404(
        QuarterlyReport.objects.select_related("city", "submitted_by"),
        pk=pk, city__in=services.official_cities(request.user),
    )  # fmt: skip
    return render(request, "supervision/quarter_detail.html", {"report": report})


# ─── annual evaluation ────────────────────────────────────────────────────────


@login_required
def evaluation(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    today = timezone.localdate()
    book = targets_data.default()
    years = plan_period.evaluation_years(book, today)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = plan_period.default_evaluation_year(book, today)
    if year not in years:
        raise Http404("没有该年度的评估")
    result, as_of = services.evaluate_year(year, today)
    return render(request, "supervision/evaluation.html", {
        "result": result, "year": year, "years": years, "as_of": as_of,
        "rules": result.rules, "max_score": result.rules.max_score,
    })  # fmt: skip


# ─── risk register ────────────────────────────────────────────────────────────


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    register = services.risk_register(request.user, timezone.localdate())
    codes = dict(City.objects.values_list("name", "code"))
    rows = [(codes.get(name, ""), r) for name, r in register.items()]
    return render(request, "supervision/risks.html", {
        "rows": rows, "totals": services.risk_totals(register), "bases": risks.BASIS_LABELS,
    })  # fmt: skip


@login_required
def risk_city(request: HttpRequest, code: str) -> HttpResponse:
    _require_official(request.user)
    city = get_object_or_404(City, code=code)
    register = services.risk_register(request.user, timezone.localdate())
    if city.name not in register:
        raise Http404("没有该市的风险信息")
    return render(request, "supervision/risks_city.html", {
        "city": city, "risks": register[city.name], "bases": risks.BASIS_LABELS,
    })  # fmt: skip


# ─── quarterly bulletins ──────────────────────────────────────────────────────


def _bulletin_or_404(quarter: str) -> IssuedBulletin:
    return get_object_or_404(IssuedBulletin.objects.select_related("issued_by"), quarter=quarter)


def _is_province(user: Any) -> bool:
    return scoping.role_of(user) == PROVINCE


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """Anyone signed in reads issued bulletins; the province issues them."""
    province = _is_province(request.user)
    return render(request, "supervision/bulletin_list.html", {
        "bulletins": IssuedBulletin.objects.select_related("issued_by"),
        "can_issue": province,
        "issuable": services.issuable_quarters(timezone.localdate()) if province else [],
        "first_quarter": plan_period.first_quarter(targets_data.default()),
        "last_quarter": plan_period.last_quarter(targets_data.default()),
    })  # fmt: skip


@login_required
@require_POST
def bulletin_issue(request: HttpRequest) -> HttpResponse:
    if not _is_province(request.user):
        raise PermissionDenied("季度通报由省级办公室签发")
    try:
        issued = services.issue_bulletin(request.POST.get("quarter", ""), request.user,
                                         timezone.localdate())  # fmt: skip
    except services.BulletinRefused as exc:
        messages.error(request, str(exc))
        return redirect("supervision-bulletin-list")
    messages.success(
        request, f"{issued.quarter} 季度通报已签发，内容校验码 {issued.content_hash}。"
    )
    return redirect("supervision-bulletin-detail", quarter=issued.quarter)


@login_required
def bulletin_detail(request: HttpRequest, quarter: str) -> HttpResponse:
    return render(request, "supervision/bulletin_detail.html",
                  {"bulletin": _bulletin_or_404(quarter)})  # fmt: skip


@login_required
@xframe_options_sameorigin
@csp_replace(BULLETIN_CSP)  # type: ignore[arg-type]  # its types allow views of one argument
def bulletin_html(request: HttpRequest, quarter: str) -> HttpResponse:
    """The issued page exactly as frozen (shown framed in the detail page)."""
    return HttpResponse(_bulletin_or_404(quarter).html, content_type="text/html; charset=utf-8")


@login_required
def bulletin_file(request: HttpRequest, quarter: str, kind: str) -> FileResponse:
    bulletin = _bulletin_or_404(quarter)
    stored = {"pdf": bulletin.pdf, "xlsx": bulletin.xlsx}.get(kind)
    if stored is None or not stored:
        raise Http404("没有该格式的通报文件")
    return download(stored, f"季度通报{quarter}.{kind}")


# ─── the final report (总结报告) ──────────────────────────────────────────────

FINAL_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE,
               "json": "application/json; charset=utf-8"}  # fmt: skip


@login_required
def final_report(request: HttpRequest) -> HttpResponse:
    """The plan summed up on a day (today unless ``?as_of=``): every target's final figure,
    every city's final completion, every line still not exited."""
    _require_official(request.user)
    as_of = _day(request)
    report = services.build_final(as_of)
    return render(request, "supervision/final_report.html", {
        "report": report, "as_of": as_of, "totals": report.totals(),
        "counts": report.state_counts(), "query": f"as_of={as_of.isoformat()}",
    })  # fmt: skip


@login_required
@xframe_options_sameorigin
@csp_replace(BULLETIN_CSP)
def final_report_html(request: HttpRequest) -> HttpResponse:
    _require_official(request.user)
    html = bulletin_io.render_final_html(services.build_final(_day(request)))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@login_required
def final_report_file(request: HttpRequest, kind: str) -> HttpResponse:
    _require_official(request.user)
    if kind not in FINAL_TYPES:
        raise Http404("没有该格式")
    report = services.build_final(_day(request))
    if kind == "pdf":
        try:
            data = bulletin_io.pdf_bytes_of_html(bulletin_io.render_final_html(report))
        except bulletin_io.FontMissing as exc:
            messages.error(request, str(exc))
            return redirect("supervision-final-report")
    elif kind == "xlsx":
        data = bulletin_io.final_xlsx_bytes(report)
    else:
        document = {"content_hash": final_report_core.content_hash(report),
                    **final_report_core.report_json(report)}  # fmt: skip
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    response = HttpResponse(data, content_type=FINAL_TYPES[kind])
    response["Content-Disposition"] = content_disposition(
        f"实施情况总结报告{report.as_of.isoformat()}.{kind}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
