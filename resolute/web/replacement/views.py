"""Replacement, admission and credit pages. The credit list is public (二(四)9); the rest is
for officials (province, department, city), each seeing only what its scope allows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from resolute.core import credit
from resolute.core.cities import official_names
from resolute.io.credit import credit_bytes
from resolute.web.accounts.permissions import permission_required
from resolute.web.lib import listing
from resolute.web.lib.export import XLSX_CONTENT_TYPE, Sheet, content_disposition, xlsx_response
from resolute.web.lib.listing import Column
from resolute.web.lib.ordering import city_order
from resolute.web.replacement import services
from resolute.web.replacement.forms import AdmissionForm, CreditPublishForm, PlanForm
from resolute.web.replacement.models import CreditPublication

CREDIT_PAGE = 50


official_required = permission_required(
    "official", "只有省、行业主管部门和市级用户可以使用产能置换与准入核对"
)


PUBLIC_COLUMNS = [
    Column("name", "企业名称", ("enterprise",)),
    Column("code", "统一社会信用代码", ("credit_code",)),
    Column("city", "市", ("city_rank", "city")),
    Column("clause", "方案条款", ("clause",)),
    Column("action", "应完成事项"),
    Column("deadline", "退出时限", ("deadline",)),
    Column("days", "逾期天数（截至判定日期）", ("days_overdue",), "num"),
]
REVIEW_COLUMNS = [
    Column("name", "企业名称", ("enterprise",)),
    Column("code", "统一社会信用代码", ("credit_code",)),
    Column("city", "市", ("city_rank", "city")),
    Column("line", "生产线编号", ("line_id",)),
    Column("clause", "方案条款", ("clause",)),
    Column("action", "应完成事项"),
    Column("deadline", "退出时限", ("deadline",)),
    Column("days", "逾期天数", ("days_overdue",), "num"),
    Column("change", "与上次公布相比"),
]
TOTALS = {"enterprises": Count("credit_code", distinct=True)}


def _filtered(rows: QuerySet[Any], query: QueryDict) -> tuple[QuerySet[Any], dict[str, str]]:
    """``rows`` of the city and the name or code asked for (an unknown city: all)."""
    chosen = {k: query.get(k, "").strip() for k in ("city", "q")}
    if chosen["city"] in official_names():
        rows = rows.filter(city=chosen["city"])
    else:
        chosen["city"] = ""
    if chosen["q"]:
        rows = rows.filter(
            Q(enterprise__icontains=chosen["q"]) | Q(credit_code__icontains=chosen["q"])
        )
    return rows, chosen


def _published_rows(
    publication: CreditPublication, query: QueryDict
) -> tuple[QuerySet[Any], dict[str, str]]:
    rows = publication.records.annotate(city_rank=city_order("city"))
    return _filtered(rows, query)


def credit_public(request: HttpRequest) -> HttpResponse:
    """The latest reviewed publication of the credit records, for everyone to read: 50 a page,
    by city or name, sortable, and as a workbook (the whole filtered list)."""
    publication = services.latest_credit_publication()
    context: dict[str, Any] = {"publication": publication, "cities": official_names()}
    if publication is not None:
        rows, chosen = _published_rows(publication, request.GET)
        if request.GET.get("format") == "xlsx":
            ordered = listing.ordered(rows, PUBLIC_COLUMNS,
                                      listing.sort_key(request.GET, PUBLIC_COLUMNS, ""))  # fmt: skip
            records = [
                [r.enterprise, r.credit_code, r.city, r.clause, r.action, r.deadline,
                 r.days_overdue, r.opened_on]
                for r in ordered.iterator(chunk_size=2000)
            ]  # fmt: skip
            sheet = Sheet("信用记录", PUBLIC_HEADERS, records)
            return xlsx_response(f"信用记录公示-{publication.as_of.isoformat()}.xlsx", [sheet])
        found = listing.listing(request, rows, PUBLIC_COLUMNS, "", totals=TOTALS,
                                per_page=CREDIT_PAGE)  # fmt: skip
        context.update({"listing": found, "page": found.page, "chosen": chosen})
    return render(request, "replacement/credit_public.html", context)


PUBLIC_HEADERS = ("企业名称", "统一社会信用代码", "所在市", "方案条款", "应完成事项",
                  "退出时限", "逾期天数（截至判定日期）", "列入日期")  # fmt: skip


class _Reviewed:
    """A draft record and whether the published list lacks it."""

    def __init__(self, record: Any, is_new: bool) -> None:
        self.record, self.is_new = record, is_new

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)


@listing.workbook
def credit_workbook(user: Any, query: QueryDict) -> tuple[str, list[Sheet]]:
    """The draft records of the filtered list, in its order, shaped for 信用中国（山东）."""
    as_of = timezone.localdate()
    rows, _ = _filtered(services.credit_rows(services.credit_snapshot(as_of), user), query)
    rows = listing.ordered(rows, REVIEW_COLUMNS, listing.sort_key(query, REVIEW_COLUMNS, ""))
    records = [r.record() for r in rows.iterator(chunk_size=2000)]
    headers = tuple(label for _, label in credit.SHEET_COLUMNS)
    return f"信用记录-{as_of.isoformat()}.xlsx", [
        Sheet("信用记录", headers, [r.row() for r in records])
    ]


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
    snapshot = services.credit_snapshot(today)
    every = services.credit_rows(snapshot)
    rows, chosen = _filtered(every, request.GET)
    if request.GET.get("format") == "xlsx":
        return listing.export(request, credit_workbook, rows.count(), "信用记录")
    latest = services.latest_credit_publication()
    key = ("credit_code", "line_id", "task")
    published = set(latest.records.values_list(*key)) if latest else set()
    drafted = set(every.values_list(*key))
    found = listing.listing(request, rows, REVIEW_COLUMNS, "", totals=TOTALS,
                            per_page=CREDIT_PAGE)  # fmt: skip
    found.page.object_list = [_Reviewed(r, services.record_key(r) not in published)
                              for r in found.page.object_list]  # fmt: skip
    return render(request, "replacement/credit_review.html", {
        "form": form, "as_of": today, "listing": found, "page": found.page,
        "snapshot": snapshot, "chosen": chosen, "cities": official_names(),
        "count": len(drafted), "latest": latest,
        "added": len(drafted - published), "removed": len(published - drafted),
    }, status=400 if form.errors else 200)  # fmt: skip


@official_required
def credit_export(request: HttpRequest) -> HttpResponse:
    """The credit records of the official's enterprises, shaped for 信用中国（山东）."""
    today = timezone.localdate()
    records = services.official_credit_records(request.user, today)
    body = credit_bytes(records, today, "xlsx")
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"信用记录-{today.isoformat()}.xlsx")
    response["Cache-Control"] = "private, no-store"  # scoped data: never in a shared cache
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
