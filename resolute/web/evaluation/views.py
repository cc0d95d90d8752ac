"""The annual supervision evaluation page (年度督导评估)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from resolute.core import plan_period
from resolute.web.evaluation import services
from resolute.web.plans.views import official_required
from resolute.web.policies import services as policy_services

# ─── annual evaluation ────────────────────────────────────────────────────────


@official_required
def evaluation(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    book = policy_services.in_force(today).targets
    years = plan_period.evaluation_years(book, today)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = plan_period.default_evaluation_year(book, today)
    if year not in years:
        raise Http404("没有该年度的评估")
    result, as_of = services.evaluate_year(year, today)
    return render(request, "evaluation/evaluation.html", {
        "result": result, "year": year, "years": years, "as_of": as_of,
        "rules": result.rules, "max_score": result.rules.max_score,
    })  # fmt: skip
