"""Quarterly bulletins (季通报): anyone signed in reads the issued ones; the province issues."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from resolute.core import plan_period
from resolute.web.accounts.permissions import allows, require
from resolute.web.bulletins import services
from resolute.web.bulletins.models import IssuedBulletin
from resolute.web.jobs import services as jobs
from resolute.web.lib.export import XLSX_CONTENT_TYPE
from resolute.web.lib.files import download
from resolute.web.policies import services as policy_services

#: The frozen bulletin is one self-contained document (the same file is written to disk and
#: laid out as PDF), so its styles are inline; it has no script and loads nothing.
BULLETIN_CSP = {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"],
                "img-src": ["data:"], "font-src": ["data:"], "frame-ancestors": ["'self'"],
                "script-src": ["'none'"]}  # fmt: skip
BULLETIN_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


# ─── quarterly bulletins ──────────────────────────────────────────────────────


def _bulletin_or_404(quarter: str) -> IssuedBulletin:
    return get_object_or_404(IssuedBulletin.objects.select_related("issued_by"), quarter=quarter)


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """Anyone signed in reads issued bulletins; the province issues them."""
    province = allows(request.user, "province")
    today = timezone.localdate()
    book = policy_services.in_force(today).targets
    return render(request, "bulletins/bulletin_list.html", {
        "bulletins": IssuedBulletin.objects.select_related("issued_by"),
        "issuable": services.issuable_quarters(today) if province else [],
        "first_quarter": plan_period.first_quarter(book),
        "last_quarter": plan_period.last_quarter(book),
    })  # fmt: skip


@login_required
@require_POST
def bulletin_issue(request: HttpRequest) -> HttpResponse:
    """Issuing builds the bulletin and its PDF and workbook, which takes a minute for the
    province: a background job does it (resolute.web.bulletins.jobs), and its page shows the
    progress and then links to the bulletin."""
    require(request.user, "province", "季度通报由省级办公室签发")
    today = timezone.localdate()
    try:
        quarter = services.check_issuable(request.POST.get("quarter", ""), today)
    except services.BulletinRefused as exc:
        messages.error(request, str(exc))
        return redirect("supervision-bulletin-list")
    job = jobs.submit(request.user, "bulletin-issue", f"签发 {quarter.label}季度通报",
                      {"quarter": str(quarter), "today": today.isoformat()})  # fmt: skip
    if job.status == job.Status.DONE:  # done at once (a worker in the same process)
        issued = IssuedBulletin.objects.get(quarter=str(quarter))
        messages.success(
            request, f"{issued.quarter} 季度通报已签发，内容校验码 {issued.content_hash}。"
        )
        return redirect("supervision-bulletin-detail", quarter=issued.quarter)
    if job.status == job.Status.FAILED:
        messages.error(request, job.message)
        return redirect("supervision-bulletin-list")
    return redirect("jobs-detail", pk=job.pk)


@login_required
def bulletin_detail(request: HttpRequest, quarter: str) -> HttpResponse:
    return render(request, "bulletins/bulletin_detail.html",
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
