"""Replacement, admission and credit pages. The credit list is public (二(四)9); the rest is
for officials (province, department, city), each seeing only what its scope allows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from resolute.io.credit import credit_bytes
from resolute.web.accounts.permissions import permission_required
from resolute.web.replacement import services
from resolute.web.replacement.forms import AdmissionForm, CreditPublishForm, PlanForm

CREDIT_PAGE = 50


official_required = permission_required(
    "official", "只有省、行业主管部门和市级用户可以使用产能置换与准入核对"
)


def credit_public(request: HttpRequest) -> HttpResponse:
    """The latest reviewed publication of the credit records, for everyone to read."""
    publication = services.latest_credit_publication()
    page = None
    if publication is not None:
        page = Paginator(publication.records.all(), CREDIT_PAGE).get_page(request.GET.get("page"))
    return render(request, "replacement/credit_public.html", {
        "publication": publication, "page": page, "query": "",
    })  # fmt: skip


class _Reviewed:
    """A draft record and whether the published list lacks it."""

    def __init__(self, record: Any, is_new: bool) -> None:
        self.record, self.is_new = record, is_new

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)


@login_required
def credit_review(request: HttpRequest) -> HttpResponse:
    """The provincial office reviews the records as computed today against the published
    list, and publishes them (recorded: who, when, with what remark)."""
    if not services.may_publish_credit(request.user):
        raise PermissionDenied("只有省级办公室可以审核和公布信用记录")
    today = timezone.localdate()
    form = CreditPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = services.publish_credit_records(request.user, today,
                                                      form.cleaned_data["note"])  # fmt: skip
        messages.success(request, f"已公布 {publication.count} 条信用记录。")
        return redirect("replacement-credit-public")
    draft = services.draft_credit_records(today)
    latest = services.latest_credit_publication()
    published = {services.record_key(r) for r in latest.records.all()} if latest else set()
    drafted = {services.record_key(r) for r in draft}
    page = Paginator(draft, CREDIT_PAGE).get_page(request.GET.get("page"))
    page.object_list = [_Reviewed(r, services.record_key(r) not in published)
                        for r in page.object_list]  # fmt: skip
    return render(request, "replacement/credit_review.html", {
        "form": form, "as_of": today, "page": page, "query": "", "count": len(draft),
        "latest": latest, "added": len(drafted - published), "removed": len(published - drafted),
    }, status=400 if form.errors else 200)  # fmt: skip


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
