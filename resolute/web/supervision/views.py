"""Supervision pages (督导): city "三个一批" plans, quarterly reports, the annual evaluation and
the risk register.

Officials read (the province and the departments every city, a city officer their own city:
another city's page is a 404); only a city's own officers file its plan and reports (anyone
else who may read gets a 403 on the action); enterprise users and users without a role get
a 403 on every page here.
"""

from __future__ import annotations

import json

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from resolute.core import final_report as final_report_core
from resolute.io import bulletin as bulletin_io
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.bulletins.views import BULLETIN_CSP
from resolute.web.lib.export import XLSX_CONTENT_TYPE, content_disposition
from resolute.web.plans.views import day_of, official_required
from resolute.web.supervision import services


@official_required
def home(request: HttpRequest) -> HttpResponse:
    profile = scoping.profile_of(request.user)
    own = profile.city if profile is not None and profile.role == Role.CITY else None
    return render(request, "supervision/home.html", {"own_city": own})


# ─── the final report (总结报告) ──────────────────────────────────────────────

FINAL_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE,
               "json": "application/json; charset=utf-8"}  # fmt: skip


@official_required
def final_report(request: HttpRequest) -> HttpResponse:
    """The plan summed up on a day (today unless ``?as_of=``): every target's final figure,
    every city's final completion, every line still not exited."""
    as_of = day_of(request)
    report = services.build_final(as_of)
    return render(request, "supervision/final_report.html", {
        "report": report, "as_of": as_of, "totals": report.totals(),
        "counts": report.state_counts(), "query": f"as_of={as_of.isoformat()}",
    })  # fmt: skip


@official_required
@xframe_options_sameorigin
@csp_replace(BULLETIN_CSP)
def final_report_html(request: HttpRequest) -> HttpResponse:
    html = bulletin_io.render_final_html(services.build_final(day_of(request)))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@official_required
def final_report_file(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in FINAL_TYPES:
        raise Http404("没有该格式")
    report = services.build_final(day_of(request))
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
