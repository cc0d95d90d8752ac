"""Pages of the ledger (台账): the list of lines, an enterprise, a line, a rule.

Every queryset starts from ``scoping``: a user sees the enterprises and lines of their
scope, and an object outside it does not exist for them (404). These pages live in ``front``
because they combine the ledger with assessment results, objections and history: the
``ledger`` app below them holds the data and its writes and imports none of those apps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import timezone

from resolute.core import schema
from resolute.core import words as show
from resolute.core.explain import explain_lines
from resolute.web.accounts import scoping
from resolute.web.assessments import queries
from resolute.web.assessments.models import LineResult
from resolute.web.audit.models import AuditEvent
from resolute.web.front import ledger_exports as exports
from resolute.web.front.ledger_forms import NOT_ASSESSED, Facets, LineFilterForm
from resolute.web.jobs import services as jobs
from resolute.web.ledger.models import (
    YEAR_KEYS,
    City,
    Enterprise,
    ExitEvent,
    ExitEvidence,
    Line,
)
from resolute.web.lib.export import Sheet, xlsx_response
from resolute.web.lib.files import download
from resolute.web.policies import services as policy_services
from resolute.web.targets import deadlines

PAGE_SIZE = 50
HISTORY_LIMIT = 200
OBJECTIONS_THREAD = "objections/_thread.html"

EXPORT_HEADERS = ("市", "县（市、区）", "企业名称", "统一社会信用代码", "行业", "生产线编号",
                  "装置类型", "产能", "产能单位", "运行状态", "最新评估结论", "退出方式",
                  "退出时限", "责任单位", "责任人", "逾期未退出")  # fmt: skip
EXPORT_WIDTHS = (8, 12, 30, 22, 10, 18, 14, 10, 12, 10, 12, 10, 12, 22, 10, 10)


# ─── the list ──────────────────────────────────────────────────────────────────────


def _facets(user: Any) -> Facets:
    rows = (
        scoping.enterprises_for(user)
        .values_list("city__code", "city__name", "county", "industry")
        .distinct()
        .order_by()
    )
    return Facets.of(rows)


def _lines(user: Any) -> QuerySet[Line]:
    """The user's lines with everything a row shows, in one query."""
    return (
        scoping.lines_for(user)
        .select_related("enterprise", "enterprise__city")
        .annotate(
            latest_outcome=queries.latest_outcome(),
            plan_method=F("exit_plan__exit_method"),
            plan_deadline=F("exit_plan__exit_deadline"),
            plan_unit=F("exit_plan__responsible_unit"),
            plan_person=F("exit_plan__responsible_person"),
        )
        .order_by("enterprise__city__code", "enterprise__name", "line_id")
    )


def filter_lines(lines: QuerySet[Line], filters: dict[str, Any],
                 today: dt.date) -> QuerySet[Line]:  # fmt: skip
    if q := filters.get("q", "").strip():
        lines = lines.filter(Q(enterprise__name__icontains=q)
                             | Q(enterprise__credit_code__startswith=q.upper()))  # fmt: skip
    if "city" in filters:
        lines = lines.filter(enterprise__city__name=filters["city"])
    if "county" in filters:
        lines = lines.filter(enterprise__county=filters["county"])
    if "industry" in filters:
        lines = lines.filter(enterprise__industry=filters["industry"])
    if "equipment" in filters:
        lines = lines.filter(equipment=filters["equipment"])
    if "status" in filters:
        lines = lines.filter(status=filters["status"])
    if outcome := filters.get("outcome"):
        lines = (lines.filter(latest_outcome__isnull=True) if outcome == NOT_ASSESSED
                 else lines.filter(latest_outcome=outcome))  # fmt: skip
    if filters.get("overdue"):
        lines = deadlines.overdue(lines, today)
    if due := filters.get("due"):
        lines = deadlines.due_within(lines, today, int(due))
    return lines


def decorate(line: Line, today: dt.date) -> Line:
    """Words for one row, worked out once here rather than in the template."""
    line.outcome_label = show.outcome_label(line.latest_outcome)
    line.capacity_text = show.capacity_text(line.capacity, line.equipment)
    # The nearest of the exit plan's and the open duties' deadlines (targets.deadlines).
    deadline = getattr(line, deadlines.NEAREST, line.plan_deadline)
    line.overdue = show.is_overdue(deadline, line.status, today)
    return line


def _filtered(request: HttpRequest) -> tuple[LineFilterForm, QuerySet[Line], dt.date]:
    today = timezone.localdate()
    form = LineFilterForm(request.GET, _facets(request.user))
    return form, filter_lines(_lines(request.user), form.filters(), today), today


def filtered_lines(user: Any, query: QueryDict, today: dt.date) -> QuerySet[Line]:
    """The user's lines as the list filters them by ``query`` (the export job reads this)."""
    lines = filter_lines(_lines(user), LineFilterForm(query, _facets(user)).filters(), today)
    return deadlines.nearest(lines, today)


@login_required
def line_list(request: HttpRequest) -> HttpResponse:
    form, lines, today = _filtered(request)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    deadlines.mark_nearest(list(page.object_list), today)
    for line in page.object_list:
        decorate(line, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/line_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })  # fmt: skip


@login_required
def line_export(request: HttpRequest) -> HttpResponse:
    """The filtered lines as a workbook; a large set is written by a background job, whose
    page shows its progress and keeps the file (resolute.web.front.ledger_exports)."""
    _, lines, today = _filtered(request)
    count = lines.count()
    if count > settings.RESOLUTE_EXPORT_INLINE_ROWS:
        job = jobs.submit(request.user, exports.KIND, f"生产线台账导出（{count:,} 条）",
                          {"query": request.GET.urlencode(), "today": today.isoformat()})  # fmt: skip
        return redirect("jobs-detail", pk=job.pk)
    rows = (export_row(decorate(line, today))
            for line in deadlines.nearest(lines, today).iterator(chunk_size=2000))  # fmt: skip
    sheet = Sheet("生产线台账", EXPORT_HEADERS, rows, EXPORT_WIDTHS)
    return xlsx_response(f"生产线台账-{today.isoformat()}.xlsx", [sheet])


def export_row(line: Any) -> tuple[Any, ...]:
    ent = line.enterprise
    method = schema.LINE_FIELD_BY_KEY["exit_method"].label_of(line.plan_method or "")
    return (
        ent.city.name, ent.county, ent.name, ent.credit_code, ent.get_industry_display(),
        line.line_id, line.get_equipment_display(), line.capacity, line.capacity_unit,
        line.get_status_display(), line.outcome_label, method or "", line.plan_deadline,
        line.plan_unit or "", line.plan_person or "", "是" if line.overdue else "",
    )  # fmt: skip


# ─── an enterprise ─────────────────────────────────────────────────────────────────


def _objections_enabled() -> bool:
    """The objection thread comes from the objections app when it is installed."""
    try:
        select_template([OBJECTIONS_THREAD])
    except TemplateDoesNotExist:
        return False
    return True


def _plan_rows(plan: Any) -> list[show.FieldRow]:
    keys = ("exit_method", "exit_deadline", "responsible_unit", "responsible_person")
    specs = [schema.LINE_FIELD_BY_KEY[k] for k in keys]
    values = {k: getattr(plan, k) for k in keys} if plan is not None else {}
    return show.field_rows(specs, values)


def _line_card(line: Line, result: LineResult | None, today: dt.date) -> dict[str, Any]:
    values = {f.key: getattr(line, f.key, None) for f in show.line_specs(line.equipment)}
    plan = queries.plan_of(line)
    return {
        "line": line,
        "attributes": show.field_rows(
            show.line_specs(line.equipment), values, {"capacity": line.capacity_unit}
        ),
        "plan": plan,
        "plan_rows": _plan_rows(plan),
        "overdue": show.is_overdue(plan.exit_deadline if plan else None, line.status, today),
        "exits": list(line.exits.all()),
        "result": result,
        "findings": show.finding_views(result.findings) if result else [],
    }


@login_required
def enterprise_detail(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = get_object_or_404(
        scoping.enterprises_for(request.user).select_related("city"), credit_code=credit_code
    )
    today = timezone.localdate()
    exits = ExitEvent.objects.select_related("verified_by").prefetch_related("evidence")
    lines = list(
        enterprise.lines.select_related("exit_plan").prefetch_related(
            Prefetch("exits", queryset=exits)
        )
    )
    latest = queries.latest_enterprise_result(enterprise)
    results = ({r.line_id: r for r in LineResult.objects.filter(run_id=latest.run_id,
                                                                enterprise=enterprise)}
               if latest else {})  # fmt: skip
    flags = [schema.ENTERPRISE_FIELD_BY_KEY[k] for k in show.ENTERPRISE_FLAG_KEYS]
    return render(request, "ledger/enterprise_detail.html", {
        "enterprise": enterprise,
        "flags": show.field_rows(flags, {k: getattr(enterprise, k) for k in
                                         show.ENTERPRISE_FLAG_KEYS}),
        "years": _year_table(enterprise),
        "latest": latest,
        "state": queries.enterprise_state(latest) if latest else None,
        "latest_findings": show.finding_views(latest.findings) if latest else [],
        "cards": [_line_card(ln, results.get(ln.pk), today) for ln in lines],
        "history": _history(AuditEvent.objects.filter(enterprise_code=enterprise.credit_code),
                            enterprise, lines),
        "history_limit": HISTORY_LIMIT,
        "objections_enabled": _objections_enabled(),
    })  # fmt: skip


def _year_table(enterprise: Enterprise) -> dict[str, Any]:
    """Yearly figures as rows of fields and columns of years (newest first)."""
    years = list(enterprise.years.order_by(F("year").desc(nulls_last=True)))
    specs = [schema.ENTERPRISE_FIELD_BY_KEY[k] for k in YEAR_KEYS]
    return {
        "years": [y.year for y in years],
        "rows": [
            {"label": s.label, "unit": show.reading_unit(s.unit),
             "cells": [show.field_rows([s], {s.key: getattr(y, s.key)})[0] for y in years]}
            for s in specs
        ],
    }  # fmt: skip


# ─── history ─────────────────────────────────────────────────────────────────────


def _models_by_name() -> dict[str, Any]:
    return {m._meta.model_name: m for m in apps.get_models()}


def _field(model: Any, key: str) -> Any:
    try:
        return model._meta.get_field(key) if model is not None else None
    except FieldDoesNotExist:  # a field since removed: its values are shown as stored
        return None


def _change_value(field: Any, key: str, value: Any, refs: dict[Any, dict[int, str]]) -> str:
    """A recorded value in words; foreign keys by the name of what they point to."""
    if value is None or value == "":
        return show.UNKNOWN
    if field is not None and field.is_relation:
        return refs.get(field.related_model, {}).get(value, f"#{value}")
    if field is not None and field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    return show.value_text(value, key, places=None)


def _history(events: QuerySet[AuditEvent], enterprise: Enterprise,
             lines: list[Line]) -> list[dict[str, Any]]:  # fmt: skip
    """Recorded changes, newest first, each with its changed fields before → after."""
    models = _models_by_name()
    refs: dict[Any, dict[int, str]] = {
        City: dict(City.objects.values_list("id", "name")),
        Enterprise: {enterprise.pk: enterprise.name},
        Line: {line.pk: line.line_id for line in lines},
    }
    out = []
    for event in events.order_by("-at", "-id")[:HISTORY_LIMIT]:
        model = models.get(event.model)
        changes = []
        for key, before, after in event.changes():
            if key == "id":
                continue
            field = _field(model, key)
            label = str(field.verbose_name) if field is not None else key
            changes.append((label, _change_value(field, key, before, refs),
                            _change_value(field, key, after, refs)))  # fmt: skip
        out.append({
            "event": event,
            "model_label": str(model._meta.verbose_name) if model else event.model,
            "changes": changes,
        })  # fmt: skip
    return out


# ─── a line ──────────────────────────────────────────────────────────────────────


@login_required
def line_detail(request: HttpRequest, line_id: str) -> HttpResponse:
    line = get_object_or_404(
        scoping.lines_for(request.user).select_related("enterprise", "enterprise__city",
                                                       "exit_plan"),
        line_id=line_id,
    )  # fmt: skip
    today = timezone.localdate()
    card = _line_card(line, None, today)
    results = [
        {"result": r, "findings": show.finding_views(r.findings)}
        for r in queries.line_results_history(line)
    ]
    plan = card["plan"]
    mine = Q(model="line", object_pk=str(line.pk))
    if plan is not None:
        mine |= Q(model="exitplan", object_pk=str(plan.pk))
    exit_pks = [str(e.pk) for e in card["exits"]]
    if exit_pks:
        mine |= Q(model="exitevent", object_pk__in=exit_pks)
    events = AuditEvent.objects.filter(enterprise_code=line.enterprise.credit_code).filter(mine)
    return render(request, "ledger/line_detail.html", {
        "line": line, "card": card, "results": results,
        "history": _history(events, line.enterprise, [line]),
        "history_limit": HISTORY_LIMIT,
    })  # fmt: skip


# ─── a rule ──────────────────────────────────────────────────────────────────────


def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    """A rule in words; the rulebook is public policy, so no sign-in is needed."""
    version = policy_services.current()["rulebook"]
    book = version.content
    try:
        rule = book.rule(rule_id)
    except KeyError:
        raise Http404("没有这条规则") from None
    return render(request, "ledger/rule_detail.html", {
        "rule": rule, "rows": explain_lines(book, rule), "book": book, "version": version.info,
    })  # fmt: skip


@login_required
def exit_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence of a verified exit, as a download, to those whose scope holds the line."""
    evidence = get_object_or_404(
        ExitEvidence.objects.select_related("event__line"),
        pk=pk, event__line__in=scoping.lines_for(request.user),
    )  # fmt: skip
    name = evidence.file.name.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    title = evidence.title or f"退出证明材料-{evidence.event.line.line_id}"
    return download(evidence.file, title if title.endswith(f".{ext}") else f"{title}.{ext}")
