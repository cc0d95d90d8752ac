"""Pages of price instruments: surcharges (差别电价、水价加价), efficiency classes (亩产效益
分类) and the rate schedules. Every figure comes from the core; the user's scope decides
which enterprises show."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from resolute.core import pricing, schema, words
from resolute.core.assessment import OUTCOME_LABELS
from resolute.io import classes as classes_io
from resolute.io import pricing as pricing_io
from resolute.io.csvfile import csv_bytes
from resolute.web.accounts.permissions import permission_required
from resolute.web.audit.models import AuditEvent
from resolute.web.lib.export import Sheet, content_disposition, xlsx_response
from resolute.web.pricing import services
from resolute.web.pricing.forms import RateOverrideForm
from resolute.web.pricing.models import RateOverride

PAGE_SIZE = 100


viewer_required = permission_required("read", "您的账号尚未分配角色，不能查看价格和分类。")
official_required = permission_required(
    "view_schedules", "只有省、市和行业主管部门可以查看费率表。"
)


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _date(request: HttpRequest, key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get(key, "").strip())
    except ValueError:
        return None


@viewer_required
def surcharges(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    report = services.surcharges_for(request.user, year, timezone.localdate())
    fmt = request.GET.get("format")
    stamp = str(year) if year else "数据年度"
    if fmt == "xlsx":
        sheets = [Sheet(t, h, r) for t, h, r in pricing_io.tables(report)]
        return xlsx_response(f"价格加价-{stamp}.xlsx", sheets)
    if fmt == "csv":
        utility: Literal["grid", "water"] = (
            "water" if request.GET.get("utility") == "water" else "grid"
        )
        body = csv_bytes(pricing_io.EXPORT_HEADERS, pricing_io.export_rows(report, utility))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = "电价加价" if utility == "grid" else "水价加价"
        response["Content-Disposition"] = content_disposition(f"{name}-{stamp}.csv")
        response["Cache-Control"] = "private, no-store"
        return response
    page = Paginator(report.enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"s": s, "industry": words.industry_label(s.industry), "outcome": OUTCOME_LABELS.get(s.outcome, s.outcome),
         "category": pricing.CATEGORY_LABELS.get(s.electricity.category or "", "—"),
         "e_status": pricing.STATUS_LABELS[s.electricity.status],
         "w_status": pricing.STATUS_LABELS[s.water.status],
         "e_unconfirmed": pricing.electricity_unconfirmed(s.electricity),
         "w_unconfirmed": pricing.water_unconfirmed(s.water)}
        for s in page.object_list
    ]  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pricing/surcharges.html", {
        "report": report, "rows": rows, "page": page, "year": year or "",
        "by_industry": [(t, words.industry_label(t.key)) for t in report.by_industry],
        "query": query.urlencode(), "scope_note": services.scope_note(request.user),
        "categories": report.book.categories,
        "e_unconfirmed": any(pricing.electricity_unconfirmed(s.electricity)
                             for s in report.enterprises),
        # Every water amount comes from the tiers and base price: marked while they are defaults.
        "w_unconfirmed": not report.book.water.confirmed,
    })  # fmt: skip


@viewer_required
def classes_page(request: HttpRequest) -> HttpResponse:
    published = _date(request, "published")
    result = services.classes_for(request.user, published)
    if request.GET.get("format") == "xlsx":
        sheets = [Sheet(t, h, r) for t, h, r in classes_io.tables(result)]
        return xlsx_response("亩产效益分类.xlsx", sheets)
    book = result.book
    labels = {i.key: i for i in book.indicators}
    order = sorted(result.enterprises, key=lambda e: (e.rank is None, e.rank or 0, e.credit_code))
    page = Paginator(order, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"e": e, "industry": words.industry_label(e.industry), "label": book.label_of(e.code),
         "parts": [(labels[p.key], p) for p in e.indicators]}
        for e in page.object_list
    ]  # fmt: skip
    weights = book.weights()
    indicators = [
        {"i": i, "weight": weights.get(i.key), "benchmark": result.benchmarks.get(i.key)}
        for i in book.indicators
    ]
    counts = {e.code: 0 for e in result.enterprises}
    for e in result.enterprises:
        counts[e.code] += 1
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pricing/classes.html", {
        "result": result, "rows": rows, "page": page, "indicators": indicators,
        "bands": book.classes, "not_rated": book.not_rated,
        "measures": [(code, book.label_of(code), ms) for code, ms in book.measures.items()],
        "counts": [(c.code, c.label, counts.get(c.code, 0)) for c in book.classes]
        + [(book.not_rated.code, book.not_rated.label, counts.get(book.not_rated.code, 0))],
        "published": published.isoformat() if published else "",
        "query": query.urlencode(), "scope_note": services.scope_note(request.user),
        "scored_labels": [i.label for i in book.scored],
    })  # fmt: skip


@official_required
def schedules(request: HttpRequest) -> HttpResponse:
    """The schedules in force (file plus overrides). Officials read them; the province
    office alone adds an override, which applies to every surcharge from its date on."""
    editable = services.may_edit_rates(request.user)
    form = RateOverrideForm()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只有省级办公室可以修改费率。")
        form = RateOverrideForm(request.POST)
        if form.is_valid():
            override = form.save_by(request.user)
            messages.success(request, f"已保存费率调整：{override}。")
            return redirect("pricing-schedules")
    book = services.price_book()
    industries = {i.code: i.label for i in schema.INDUSTRIES}
    rows = [
        {"s": s, "industries": "、".join(industries.get(c, c) for c in s.industries) or "—",
         "category": pricing.CATEGORY_LABELS.get(s.category, s.category)}
        for s in book.electricity
    ]  # fmt: skip
    water = [
        {"s": s, "categories": "、".join(pricing.CATEGORY_LABELS.get(c, c) for c in s.categories)}
        for s in book.water.schedules
    ]
    overrides = list(RateOverride.objects.select_related("created_by"))
    events = AuditEvent.objects.filter(model=RateOverride._meta.model_name).select_related("actor")
    labels = {f.attname: str(f.verbose_name) for f in RateOverride._meta.concrete_fields}
    history = [
        {"e": e, "changes": [(labels.get(k, k), b, a) for k, b, a in e.changes() if k != "id"]}
        for e in events[:200]
    ]
    return render(request, "pricing/schedules.html", {
        "book": book, "rows": rows, "water": water, "categories": book.categories,
        "form": form, "editable": editable, "overrides": overrides,
        "history": history,
    }, status=400 if form.errors else 200)  # fmt: skip
