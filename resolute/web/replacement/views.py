"""Replacement, admission and credit pages. The credit list is public (二(四)9); the rest is
for officials (province, department, city), each seeing only what its scope allows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from resolute.io.credit import credit_bytes
from resolute.web.accounts.scoping import is_official
from resolute.web.replacement import services
from resolute.web.replacement.forms import AdmissionForm, PlanForm

View = Callable[..., HttpResponse]


def official_required(view: View) -> View:
    """Anonymous visitors go to the login page; signed-in non-officials get 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_official(request.user):
            raise PermissionDenied("只有省、行业主管部门和市级用户可以使用产能置换与准入核对")
        return view(request, *args, **kwargs)

    return wrapped


def credit_public(request: HttpRequest) -> HttpResponse:
    """Enterprises that have not exited on time, as of today, for everyone to read."""
    today = timezone.localdate()
    records = services.public_credit_records(today)
    return render(request, "replacement/credit_public.html", {"records": records, "as_of": today})


@official_required
def credit_export(request: HttpRequest) -> HttpResponse:
    """The credit records of the official's enterprises, shaped for 信用中国（山东）."""
    today = timezone.localdate()
    records = services.official_credit_records(request.user, today)
    body = credit_bytes(records, today, "xlsx")
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument"
                                                ".spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="credit-{today.isoformat()}.xlsx"'
    return response


@official_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans in scope, with the verdict of their latest check."""
    plans = services.plans_for(request.user)
    return render(request, "replacement/plan_list.html", {"plans": plans})


@official_required
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(request.user, form.instance, form.line_sources,
                                    form.outside_sources)  # fmt: skip
        return redirect("replacement-plan-detail", pk=plan.pk)
    return render(request, "replacement/plan_new.html", {"form": form})


@official_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the plan afresh: the ledger and the other plans may have changed since."""
    plan = get_object_or_404(services.plans_for(request.user), pk=pk)
    verdict = services.check_stored(plan)
    sources = plan.sources.select_related("line__enterprise")
    return render(request, "replacement/plan_detail.html",
                  {"plan": plan, "verdict": verdict, "sources": sources})  # fmt: skip


@official_required
def capacity_ledger(request: HttpRequest) -> HttpResponse:
    """Every source line in scope: its capacity, where it went, and what is left."""
    entries = services.capacity_entries(request.user)
    return render(request, "replacement/capacity_ledger.html", {"entries": entries})


@official_required
def admission_check(request: HttpRequest) -> HttpResponse:
    """五个减量替代 and 先压后上 for a project described in the form; nothing is stored."""
    form = AdmissionForm(request.POST or None)
    verdict = form.verdict() if request.method == "POST" and form.is_valid() else None
    return render(request, "replacement/admission.html", {"form": form, "verdict": verdict})
