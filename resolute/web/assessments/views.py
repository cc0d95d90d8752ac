"""Assessment runs: start one, watch it, read and export its lists; the 淘汰名单; the public list.

A run assesses a scope (a city, an industry, or the province); whoever opens it sees only the
results of the enterprises in their own scope (``scoping.enterprises_for``). The public page
shows nothing but the elimination list of the latest run the province has published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from resolute.core import schema
from resolute.core import words as show
from resolute.core.cities import city_sort_key
from resolute.core.rulebook import BASIS_LABELS
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import allows, require
from resolute.web.assessments import queries
from resolute.web.assessments.forms import StartRunForm
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import publish_run, start_run
from resolute.web.jobs import services as jobs
from resolute.web.lib import background, listing
from resolute.web.lib.export import Sheet, xlsx_response
from resolute.web.lib.listing import Column
from resolute.web.lib.ordering import city_order

RUNS_PER_PAGE = 20
SECTION_CAP = 20  # rows of each list on a run's page; the rest behind “查看全部”
SECTION_PAGE = 100
LIST_PAGE = 50
OUTCOME_ORDER = ("eliminate", "rectify", "insufficient_data", "compliant")

RESULT_HEADERS = ("市", "县（市、区）", "企业名称", "统一社会信用代码", "行业", "生产线编号",
                  "装置类型", "评估时运行状态", "结论", "依据", "不符合的标准（方案原文及出处）",
                  "未知的标准")  # fmt: skip
RESULT_WIDTHS = (8, 12, 30, 22, 10, 18, 14, 12, 10, 10, 60, 40)
ELIMINATION_HEADERS = ("市", "县（市、区）", "企业名称", "统一社会信用代码", "生产线编号",
                       "装置类型", "产能", "产能单位", "依据", "不符合的标准（方案原文及出处）",
                       "退出方式", "退出时限", "责任单位", "责任人", "当前运行状态",
                       "逾期未退出")  # fmt: skip
ELIMINATION_WIDTHS = (8, 12, 30, 22, 18, 14, 10, 12, 10, 60, 10, 12, 22, 10, 12, 10)


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _with_context(results: QuerySet[LineResult]) -> QuerySet[LineResult]:
    """With what a row shows, in the province's order of cities, then by enterprise."""
    return results.select_related("enterprise", "line", "line__exit_plan").order_by(
        *queries.result_order()
    )


def _row(result: LineResult, today: dt.date) -> dict[str, Any]:
    """A result with the words and the current plan a list row shows."""
    findings = result.findings or []
    plan = queries.plan_of(result.line)
    line = result.line
    return {
        "r": result,
        "county": result.enterprise.county if result.enterprise else "",
        "name": result.enterprise.name if result.enterprise else result.credit_code,
        "equipment": show.value_text(result.equipment, "equipment"),
        "failed": [show.finding_view(f) for f in findings if f.get("result") == "fail"],
        "unknown": [show.finding_view(f) for f in findings if f.get("result") == "unknown"],
        "capacity": show.capacity_text(line.capacity, line.equipment) if line else show.UNKNOWN,
        "plan": plan,
        "method": show.value_text(plan.exit_method, "exit_method") if plan and
        plan.exit_method else "",
        "status_now": line.get_status_display() if line else "已删除",
        "overdue": show.is_overdue(plan.exit_deadline if plan else None,
                                   line.status if line else "exited", today),
    }  # fmt: skip


# ─── runs ────────────────────────────────────────────────────────────────────────


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    profile = scoping.profile_of(request.user)
    can_start = allows(request.user, "assess")
    form = StartRunForm(profile=profile) if can_start and profile else None
    if request.method == "POST":
        require(request.user, "assess", "只有省、市和行业主管部门可以发起评估")
        assert profile is not None  # an official has a profile
        form = StartRunForm(request.POST, profile=profile)
        if form.is_valid():
            city = form.cleaned_data["city"]
            run = start_run(request.user, city.pk if city else None,
                            form.cleaned_data["industry"] or "",
                            as_of=form.cleaned_data["as_of"],
                            rulebook_version=form.cleaned_data["rulebook_version"] or "")  # fmt: skip
            messages.success(request, f"已发起评估 #{run.pk}，正在后台计算。")
            return redirect("assessments-run-detail", pk=run.pk)
    # Without a role, not even what was assessed and when; otherwise only runs whose scope
    # overlaps the user's (as the API lists them).
    runs = queries.runs_for(request.user).select_related("created_by__profile")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    counts = queries.line_counts_by_run(list(page.object_list), request.user)
    rows = [{"run": run, "counts": [(o, show.outcome_label(o), counts[run.pk].get(o, 0))
                                    for o in OUTCOME_ORDER],
             "total": sum(counts[run.pk].values())} for run in page.object_list]  # fmt: skip
    return render(request, "assessments/run_list.html", {
        "page": page, "rows": rows, "form": form, "query": "",
    })  # fmt: skip


@login_required
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(queries.runs_for(request.user), pk=pk)
    # A worker of this host that died mid-run: the page shows the run failed, with why.
    if run.status == AssessmentRun.Status.RUNNING and background.sweep_dead_workers():
        run.refresh_from_db()
    return JsonResponse({"status": run.status, "progress": run.progress, "message": run.message})


def _sections(run: AssessmentRun, user: Any) -> list[tuple[str, str, QuerySet[LineResult]]]:
    results = queries.scoped_line_results(run, user)
    return [(key, title, _with_context(queries.section(results, key)))
            for key, title, _ in queries.SECTIONS]  # fmt: skip


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(queries.runs_for(request.user), pk=pk)
    today = timezone.localdate()
    only = request.GET.get("section", "")
    if only and only not in queries.SECTION_KEYS:
        raise Http404("没有这个名单")
    sections, page = [], None
    done = run.status == AssessmentRun.Status.DONE
    for key, title, results in _sections(run, request.user) if done else []:
        if only and key != only:
            continue
        if only:
            page = Paginator(results, SECTION_PAGE).get_page(request.GET.get("page"))
            rows, total = list(page.object_list), page.paginator.count
        else:
            total = results.count()
            rows = list(results[:SECTION_CAP]) if total else []
        sections.append({"key": key, "title": title, "total": total,
                         "rows": [_row(r, today) for r in rows],
                         "more": not only and total > SECTION_CAP})  # fmt: skip
    lines = queries.scoped_line_results(run, request.user)
    enterprises = queries.scoped_enterprise_results(run, request.user)
    return render(request, "assessments/run_detail.html", {
        "run": run, "sections": sections, "only": only, "page": page,
        "query": f"section={only}" if only else "",
        "line_counts": _ordered(queries.outcome_counts(lines)) if done else [],
        "enterprise_counts": _ordered(queries.outcome_counts(enterprises)) if done else [],
    })  # fmt: skip


def _ordered(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(o, show.outcome_label(o), counts.get(o, 0)) for o in OUTCOME_ORDER]


def _result_row(r: LineResult) -> tuple[Any, ...]:
    findings = r.findings or []
    unknown = "；".join(f.get("wording", "") for f in findings if f.get("result") == "unknown")
    return (
        r.city, r.enterprise.county if r.enterprise else "",
        r.enterprise.name if r.enterprise else "", r.credit_code,
        show.value_text(r.industry, "industry"), r.line_code,
        show.value_text(r.equipment, "equipment"), show.value_text(r.status, "status"),
        show.outcome_label(r.outcome), BASIS_LABELS.get(r.basis, ""),
        show.failed_rules_text(findings), unknown,
    )  # fmt: skip


@login_required
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's results as a workbook; for more than RESOLUTE_EXPORT_INLINE_ROWS lines a
    background job writes it, and its page keeps the file (resolute.web.jobs)."""
    run = get_object_or_404(queries.runs_for(request.user), pk=pk)
    if run.status != AssessmentRun.Status.DONE:
        raise Http404("评估尚未完成")
    count = queries.scoped_line_results(run, request.user).count()
    if count > settings.RESOLUTE_EXPORT_INLINE_ROWS:
        job = jobs.submit(request.user, "run-export",
                          f"评估 #{run.pk}（{run.scope_label}）结果导出（{count:,} 条）",
                          {"run": run.pk})  # fmt: skip
        return redirect("jobs-detail", pk=job.pk)
    return xlsx_response(*run_workbook(run, request.user))


def run_workbook(run: AssessmentRun, user: Any) -> tuple[str, list[Sheet]]:
    """The file name and sheets of a run's export, as ``user`` may see it."""
    lines = queries.scoped_line_results(run, user)
    counts = queries.outcome_counts(lines)
    ent_counts = queries.outcome_counts(queries.scoped_enterprise_results(run, user))
    summary = [
        ("评估编号", run.pk), ("评估范围", run.scope_label),
        ("发起人", scoping.display_name(run.created_by) if run.created_by else ""),
        ("完成时间", _local(run.finished_at)), ("台账数据时间", _local(run.data_time)),
        ("评估基准日", run.as_of.isoformat() if run.as_of else ""),
        ("规则库版本", run.rulebook_info.summary), ("导出范围", _scope_text(user)),
        *((f"生产线：{show.outcome_label(o)}", counts.get(o, 0)) for o in OUTCOME_ORDER),
        *((f"企业：{show.outcome_label(o)}", ent_counts.get(o, 0)) for o in OUTCOME_ORDER),
    ]  # fmt: skip
    sheets = [Sheet("概况", ("项目", "内容"), summary, (20, 50))]
    for _, title, results in _sections(run, user):
        rows = (_result_row(r) for r in results)
        sheets.append(Sheet(title, RESULT_HEADERS, rows, RESULT_WIDTHS))
    every = _with_context(lines)
    sheets.append(Sheet("全部生产线", RESULT_HEADERS, (_result_row(r) for r in every),
                        RESULT_WIDTHS))  # fmt: skip
    return f"评估{run.pk}-{run.scope_label}.xlsx", sheets


def _scope_text(user: Any) -> str:
    profile = scoping.profile_of(user)
    if profile is None:
        return "无"
    if profile.role == "city" and profile.city:
        return f"{profile.city.name}市"
    if profile.role == "department":
        return "、".join(show.value_text(i, "industry") for i in profile.industries)
    if profile.role == "enterprise" and profile.enterprise:
        return profile.enterprise.name
    return "全省"


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the provincial office publishes a list to the public (信用中国（山东）)."""
    require(request.user, "province", "只有省级办公室可以公示评估结果")
    run = get_object_or_404(AssessmentRun, pk=pk)
    publish = request.POST.get("published") == "1"
    try:
        publish_run(run, publish)
    except ValueError as exc:
        messages.error(request, f"{exc}。")
    else:
        messages.success(request, "已公示淘汰名单。" if publish else "已撤销公示。")
    return redirect("assessments-run-detail", pk=run.pk)


# ─── the elimination list ──────────────────────────────────────────────────────────


def _chosen_run(request: HttpRequest) -> AssessmentRun | None:
    wanted = request.GET.get("run", "")
    if wanted.isdigit():
        return get_object_or_404(queries.runs_for(request.user), pk=int(wanted),
                                 status=AssessmentRun.Status.DONE)  # fmt: skip
    return queries.latest_run_for(request.user)


def _elimination_filters(request: HttpRequest, results: QuerySet[LineResult]) -> tuple[
        QuerySet[LineResult], dict[str, Any]]:  # fmt: skip
    present = set(results.values_list("city", "industry").distinct().order_by())
    cities = sorted({c for c, _ in present}, key=city_sort_key)
    order = [i.code for i in schema.INDUSTRIES]
    industries = sorted({i for _, i in present}, key=order.index)
    chosen = {k: request.GET.get(k, "") for k in ("city", "industry", "basis")}
    if chosen["city"] in cities:
        results = results.filter(city=chosen["city"])
    if chosen["industry"] in industries:
        results = results.filter(industry=chosen["industry"])
    if chosen["basis"] in BASIS_LABELS:
        results = results.filter(basis=chosen["basis"])
    return results, {
        "chosen": chosen, "cities": cities,
        "industries": [(i, show.value_text(i, "industry")) for i in industries],
        "bases": list(BASIS_LABELS.items()),
    }  # fmt: skip


#: The elimination list's columns; by default in the order of result_order (city, enterprise,
#: line), as the API lists them.
ELIMINATION_COLUMNS = [
    Column("city", "市", ("city_rank", "city", "credit_code", "line_code")),
    Column("county", "县（市、区）", ("enterprise__county", "credit_code", "line_code")),
    Column("name", "企业（统一社会信用代码）", ("enterprise__name", "credit_code", "line_code")),
    Column("line", "生产线（当前状态）", ("line_code",)),
    Column("equipment", "装置", ("equipment", "line_code")),
    Column("capacity", "产能", css="num"),
    Column("basis", "依据", ("basis", "city_rank", "line_code")),
    Column("failed", "不符合的标准"),
    Column("method", "退出方式"),
    Column("deadline", "退出时限", ("line__exit_plan__exit_deadline", "city_rank", "line_code")),
    Column("unit", "责任单位"),
    Column("person", "责任人"),
]


def _elimination_row(row: dict[str, Any]) -> tuple[Any, ...]:
    r, plan = row["r"], row["plan"]
    return (
        r.city, row["county"], row["name"], r.credit_code, r.line_code, row["equipment"],
        r.line.capacity if r.line else None, r.line.capacity_unit if r.line else "",
        BASIS_LABELS.get(r.basis, ""), show.failed_rules_text(r.findings or []), row["method"],
        plan.exit_deadline if plan else None, plan.responsible_unit if plan else "",
        plan.responsible_person if plan else "", row["status_now"],
        "是" if row["overdue"] else "",
    )  # fmt: skip


@login_required
def eliminations(request: HttpRequest) -> HttpResponse:
    run = _chosen_run(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"run": run}
    if run is None:
        return render(request, "assessments/eliminations.html", context)
    results = queries.eliminations(queries.scoped_line_results(run, request.user))
    results, filters = _elimination_filters(request, results)
    results = _with_context(results).annotate(city_rank=city_order())
    if request.GET.get("format") == "xlsx":
        sort = listing.sort_key(request.GET, ELIMINATION_COLUMNS, "city")
        ordered = listing.ordered(results, ELIMINATION_COLUMNS, sort)
        rows = (_elimination_row(_row(r, today)) for r in ordered.iterator(chunk_size=2000))
        sheet = Sheet("淘汰名单", ELIMINATION_HEADERS, rows, ELIMINATION_WIDTHS)
        return xlsx_response(f"淘汰名单-评估{run.pk}.xlsx", [sheet])
    found = listing.listing(request, results, ELIMINATION_COLUMNS, "city",
                            totals={"enterprises": Count("credit_code", distinct=True)},
                            per_page=LIST_PAGE)  # fmt: skip
    export = request.GET.copy()
    export.pop("page", None)
    export["format"] = "xlsx"
    export["run"] = str(run.pk)
    context.update(filters)
    context.update({
        "page": found.page, "listing": found, "rows": [_row(r, today) for r in found.rows],
        "query": found.query, "export_query": export.urlencode(),
    })  # fmt: skip
    return render(request, "assessments/eliminations.html", context)


# ─── the public list ───────────────────────────────────────────────────────────────


def public(request: HttpRequest) -> HttpResponse:
    """The published elimination list, for everyone: who, which line, on what basis, by
    when. Nothing of unpublished runs, no measured values, no history."""
    run = queries.latest_published_run()
    context: dict[str, Any] = {"run": run}
    if run is not None:
        cities = queries.public_cities(run)
        city = request.GET.get("city", "")
        if city not in cities:
            city = ""
        results = queries.public_eliminations(run, city)
        page = Paginator(results, LIST_PAGE).get_page(request.GET.get("page"))
        names = queries.enterprise_names(run, page.object_list)
        context.update({
            "page": page, "cities": cities, "city": city,
            "query": urlencode({"city": city}) if city else "",
            "rows": [{
                "name": names.get(r.credit_code, ""), "city": r.city, "line_code": r.line_code,
                "equipment": show.value_text(r.equipment, "equipment"),
                "basis": BASIS_LABELS.get(r.basis, ""),
                "deadline": plan.exit_deadline if (plan := queries.plan_of(r.line)) else None,
            } for r in page.object_list],
        })  # fmt: skip
    return render(request, "assessments/public.html", context)
