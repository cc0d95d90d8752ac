"""Quarterly dispatch (季调度): each city reports its quarter; officials read the reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from resolute.io.quarter_reports import figures_text
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.lib import sheet_import
from resolute.web.lib.export import xlsx_response
from resolute.web.plans.services import official_cities
from resolute.web.plans.views import official_required
from resolute.web.quarters import services, sheet
from resolute.web.quarters.forms import QuarterlyReportForm
from resolute.web.quarters.models import QuarterlyReport

# ─── quarterly dispatch ───────────────────────────────────────────────────────


def _quarter(request: HttpRequest) -> str:
    value = request.GET.get("quarter", "").strip().upper()
    return value if value in services.recent_quarters(timezone.localdate()) else (
        services.current_quarter(timezone.localdate()))  # fmt: skip


def _quarter_page(request: HttpRequest, quarter: str, form: QuarterlyReportForm | None = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    cities = official_cities(request.user)
    profile = scoping.profile_of(request.user)
    own = profile.city if profile is not None and profile.role == Role.CITY else None
    if own is not None and form is None:
        existing = QuarterlyReport.objects.filter(city=own, quarter=quarter).first()
        form = QuarterlyReportForm(initial={
            "quarter": quarter, "narrative": existing.narrative if existing else "",
            "figures": figures_text(existing.figures or {}) if existing else "",
        })  # fmt: skip
    rows = services.quarter_overview(quarter, cities)
    return render(request, "quarters/quarter_list.html", {
        "quarter": quarter, "quarters": services.recent_quarters(timezone.localdate()),
        "rows": rows, "submitted": sum(1 for _, r in rows if r is not None),
        "own_city": own, "form": form, "can_import": sheet.can_import(request.user),
    }, status=status)  # fmt: skip


@official_required
def quarter_list(request: HttpRequest) -> HttpResponse:
    return _quarter_page(request, _quarter(request))


@official_required
@require_POST
def quarter_submit(request: HttpRequest) -> HttpResponse:
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


@official_required
def quarter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        QuarterlyReport.objects.select_related("city", "submitted_by"),
        pk=pk, city__in=official_cities(request.user),
    )  # fmt: skip
    return render(request, "quarters/quarter_detail.html", {"report": report})


# ─── the workbook ─────────────────────────────────────────────────────────────


@official_required
def quarter_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response("季度调度填报模板.xlsx", sheet.workbook([]))


@official_required
def quarter_export(request: HttpRequest) -> HttpResponse:
    """The reports the user may read, in the template's columns: edit and import back."""
    return xlsx_response("季度调度（本范围）.xlsx", sheet.workbook(sheet.reports_for(request.user)))


@official_required
@require_http_methods(["GET", "POST"])
def quarter_import(request: HttpRequest) -> HttpResponse:
    if not sheet.can_import(request.user):
        raise PermissionDenied("只有市级主管部门导入本市的季度调度情况")
    return sheet_import.page(request, sheet.SPEC)
