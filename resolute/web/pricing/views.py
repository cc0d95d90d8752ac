"""Pages of price instruments: surcharges (差别电价、水价加价), efficiency classes (亩产效益
分类) and the rate schedules. Every figure comes from the core, computed once into tables
(services); the user's scope decides which enterprises show. The lists are 50 a page,
sortable on their main columns, with the totals of the whole filtered set, and export it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from resolute.core import pricing, schema, words
from resolute.core.assessment import OUTCOME_LABELS
from resolute.core.cities import official_names
from resolute.core.defaults import UNCONFIRMED_NOTE
from resolute.io import classes as classes_io
from resolute.io import pricing as pricing_io
from resolute.io.csvfile import csv_bytes
from resolute.web.accounts.permissions import permission_required
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import INDUSTRY_CHOICES
from resolute.web.lib import listing
from resolute.web.lib.export import Sheet, content_disposition
from resolute.web.lib.listing import Column
from resolute.web.policies import services as policy_services
from resolute.web.pricing import services
from resolute.web.pricing.forms import RateOverrideForm
from resolute.web.pricing.models import ClassRow, RateOverride, SurchargeRow

viewer_required = permission_required("read", "您的账号尚未分配角色，不能查看价格和分类。")
official_required = permission_required(
    "view_schedules", "只有省、市和行业主管部门可以查看费率表。"
)


def _year(query: QueryDict) -> int | None:
    """The year asked for, when it is one the policy versions cover (else the data year, as
    for any other year that cannot be used)."""
    raw = query.get("year", "").strip()
    ok = raw.isdigit() and 2000 <= int(raw) <= 2100 and _covered(dt.date(int(raw), 12, 31))
    return int(raw) if ok else None


def _covered(day: dt.date) -> bool:
    """Whether every policy data set has a version in force on ``day``."""
    try:
        policy_services.in_force(day)
    except policy_services.PolicyError:
        return False
    return True


def _date(query: QueryDict, key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(query.get(key, "").strip())
    except ValueError:
        return None


# ─── surcharges ─────────────────────────────────────────────────────────────────

SURCHARGE_COLUMNS = [
    Column("name", "企业", ("name",)),
    Column("code", "统一社会信用代码", ("credit_code",)),
    # By default in the core's order (the ledger's: cities in the official order, then name).
    Column("city", "市", ("city_rank", "position")),
    Column("industry", "行业", ("industry",)),
    Column("outcome", "评估结论", ("outcome",)),
    Column("e_status", "电价", ("e_status",)),
    Column("rate", "费率"),
    Column("e_amount", "电价加价（元）", ("e_amount",), "num"),
    Column("w_status", "水价", ("w_status",)),
    Column("w_amount", "水价加价（元）", ("w_amount",), "num"),
    Column("total", "合计（元）", ("total",), "num"),
    Column("basis", "依据与计算"),
]
STATUS_CHOICES = [(k, v) for k, v in pricing.STATUS_LABELS.items()]


def _surcharge_rows(
    user: Any, query: QueryDict
) -> tuple[Any, QuerySet[SurchargeRow], dict[str, Any]]:
    """The snapshot, the user's rows filtered as ``query`` asks, and the filters as chosen."""
    year = _year(query)
    snapshot = services.surcharges_snapshot(year, timezone.localdate())
    rows = services.surcharge_rows(snapshot, user)
    chosen = {
        k: query.get(k, "").strip() for k in ("city", "industry", "e_status", "w_status", "q")
    }
    if chosen["city"] in official_names():
        rows = rows.filter(city=chosen["city"])
    else:
        chosen["city"] = ""
    if chosen["industry"] in dict(INDUSTRY_CHOICES):
        rows = rows.filter(industry=chosen["industry"])
    else:
        chosen["industry"] = ""
    for key, column in (("e_status", "e_status"), ("w_status", "w_status")):
        if chosen[key] in pricing.STATUS_LABELS:
            rows = rows.filter(**{column: chosen[key]})
        else:
            chosen[key] = ""
    if chosen["q"]:
        rows = rows.filter(Q(name__icontains=chosen["q"]) | Q(credit_code__icontains=chosen["q"]))
    return snapshot, rows, {"year": year, **chosen}


@listing.workbook
def surcharges_workbook(user: Any, query: QueryDict) -> tuple[str, list[Sheet]]:
    """The grid company's and water utility's lists and the totals of the filtered set."""
    _, rows, chosen = _surcharge_rows(user, query)
    rows = listing.ordered(rows, SURCHARGE_COLUMNS,
                           listing.sort_key(query, SURCHARGE_COLUMNS, "city"))  # fmt: skip
    report = services.surcharge_report(rows, chosen["year"], timezone.localdate(),
                                       rows.iterator(chunk_size=2000))  # fmt: skip
    stamp = str(chosen["year"]) if chosen["year"] else "数据年度"
    return f"价格加价-{stamp}.xlsx", [Sheet(t, h, r) for t, h, r in pricing_io.tables(report)]


def _named(text: str, names: dict[str, str]) -> str:
    """``text`` (an override as stored in the history) with its schedule key replaced by the
    schedule's label."""
    key, sep, rest = text.partition(" ")
    return f"{names[key]}{sep}{rest}" if key in names else text


@viewer_required
def surcharges(request: HttpRequest) -> HttpResponse:
    snapshot, rows, chosen = _surcharge_rows(request.user, request.GET)
    year = chosen["year"]
    fmt = request.GET.get("format")
    stamp = str(year) if year else "数据年度"
    if fmt == "xlsx":
        return listing.export(request, surcharges_workbook, rows.count(), "价格加价")
    if fmt == "csv":
        utility: Literal["grid", "water"] = (
            "water" if request.GET.get("utility") == "water" else "grid"
        )
        ordered = listing.ordered(rows, SURCHARGE_COLUMNS,
                                  listing.sort_key(request.GET, SURCHARGE_COLUMNS, "city"))  # fmt: skip
        charged = ordered.exclude(**{"e_status" if utility == "grid" else "w_status": "none"})
        report = services.surcharge_report(rows.none(), year, timezone.localdate(),
                                           charged.iterator(chunk_size=2000))  # fmt: skip
        body = csv_bytes(pricing_io.EXPORT_HEADERS, pricing_io.export_rows(report, utility))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = "电价加价" if utility == "grid" else "水价加价"
        response["Content-Disposition"] = content_disposition(f"{name}-{stamp}.csv")
        response["Cache-Control"] = "private, no-store"
        return response
    found = listing.listing(request, rows, SURCHARGE_COLUMNS, "city")
    summary = services.shown_summary(snapshot, rows)
    report = services.surcharge_report(rows, year, timezone.localdate(), found.rows, summary)
    shown = [
        {"s": s, "industry": words.industry_label(s.industry), "outcome": OUTCOME_LABELS.get(s.outcome, s.outcome),
         "e_status": pricing.STATUS_LABELS[s.electricity.status],
         "w_status": pricing.STATUS_LABELS[s.water.status],
         "e_unconfirmed": pricing.electricity_unconfirmed(s.electricity, report.book),
         "w_unconfirmed": pricing.water_unconfirmed(s.water, report.book)}
        for s in report.enterprises
    ]  # fmt: skip
    return render(request, "pricing/surcharges.html", {
        "report": report, "rows": shown, "listing": found, "page": found.page,
        "snapshot": snapshot, "year": year or "", "chosen": chosen,
        "by_industry": [(t, words.industry_label(t.key)) for t in report.by_industry],
        "scope_note": services.scope_note(request.user),
        "categories": report.book.categories, "cities": official_names(),
        "industries": INDUSTRY_CHOICES, "statuses": STATUS_CHOICES,
        "e_unconfirmed": summary.e_unconfirmed,
        # Every water amount comes from the tiers and base price: marked while they are defaults.
        "w_unconfirmed": not report.book.water.confirmed,
    })  # fmt: skip


# ─── efficiency classes ─────────────────────────────────────────────────────────

CLASS_COLUMNS = [
    Column("name", "企业", ("name",)),
    Column("code", "统一社会信用代码", ("credit_code",)),
    Column("city", "市", ("city_rank", "city")),
    Column("industry", "行业", ("industry",)),
    Column("score", f"得分（{UNCONFIRMED_NOTE}）", ("score",), "num"),
    Column("rank", "全省名次", ("rank", "credit_code"), "num"),
    Column("class", "类别", ("code", "rank")),
    Column("parts", f"各项指标（指标值 ÷ 基准值 × 权重；{UNCONFIRMED_NOTE}）"),
]


def _class_rows(user: Any, query: QueryDict) -> tuple[Any, QuerySet[ClassRow], dict[str, Any]]:
    published = _date(query, "published")
    if published is not None and not _covered(published):
        published = None  # a day before any class scheme: as if none were given
    snapshot = services.classes_snapshot(published)
    rows = services.class_rows(snapshot, user)
    chosen = {k: query.get(k, "").strip() for k in ("city", "industry", "class", "q")}
    if chosen["city"] in official_names():
        rows = rows.filter(city=chosen["city"])
    else:
        chosen["city"] = ""
    if chosen["industry"] in dict(INDUSTRY_CHOICES):
        rows = rows.filter(industry=chosen["industry"])
    else:
        chosen["industry"] = ""
    book = services.class_book(published)
    if chosen["class"] in {c.code for c in book.classes} | {book.not_rated.code}:
        rows = rows.filter(code=chosen["class"])
    else:
        chosen["class"] = ""
    if chosen["q"]:
        rows = rows.filter(Q(name__icontains=chosen["q"]) | Q(credit_code__icontains=chosen["q"]))
    return snapshot, rows, {"published": published, **chosen}


@listing.workbook
def classes_workbook(user: Any, query: QueryDict) -> tuple[str, list[Sheet]]:
    """The publication list and the indicators of the filtered set, in the list's order."""
    snapshot, rows, chosen = _class_rows(user, query)
    sort = listing.sort_key(query, CLASS_COLUMNS, "rank")
    rows = listing.ordered(rows, CLASS_COLUMNS, sort)
    result = services.classification(snapshot, chosen["published"], rows.iterator(chunk_size=2000))
    return "亩产效益分类.xlsx", [Sheet(t, h, r) for t, h, r in classes_io.tables(result)]


@viewer_required
def classes_page(request: HttpRequest) -> HttpResponse:
    snapshot, rows, chosen = _class_rows(request.user, request.GET)
    published = chosen["published"]
    if request.GET.get("format") == "xlsx":
        return listing.export(request, classes_workbook, rows.count(), "亩产效益分类")
    found = listing.listing(request, rows, CLASS_COLUMNS, "rank")
    result = services.classification(snapshot, published, found.rows)
    book = result.book
    labels = {i.key: i for i in book.indicators}
    shown = [
        {"e": e, "industry": words.industry_label(e.industry), "label": book.label_of(e.code),
         "parts": [(labels[p.key], p) for p in e.indicators]}
        for e in result.enterprises
    ]  # fmt: skip
    weights = book.weights()
    indicators = [
        {"i": i, "weight": weights.get(i.key), "benchmark": result.benchmarks.get(i.key)}
        for i in book.indicators
    ]
    counts = services.class_counts(rows, book)
    return render(request, "pricing/classes.html", {
        "result": result, "rows": shown, "listing": found, "page": found.page,
        "snapshot": snapshot, "indicators": indicators, "chosen": chosen,
        "bands": book.classes, "not_rated": book.not_rated,
        "measures": [(code, book.label_of(code), ms) for code, ms in book.measures.items()],
        "counts": [(c.code, c.label, counts.get(c.code, 0)) for c in book.classes]
        + [(book.not_rated.code, book.not_rated.label, counts.get(book.not_rated.code, 0))],
        "class_choices": [(c.code, c.label) for c in book.classes]
        + [(book.not_rated.code, book.not_rated.label)],
        "published": published.isoformat() if published else "",
        "cities": official_names(), "industries": INDUSTRY_CHOICES,
        "scope_note": services.scope_note(request.user),
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
            label = {e.id: e.label for e in services.price_book().electricity}
            messages.success(request, "已保存费率调整：" + _named(str(override), label) + "。")
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
    # A schedule is named by its label, never by its key in the rate file.
    names = {s.id: s.label for s in book.electricity}
    overrides = [{"o": o, "schedule": names.get(o.schedule, o.schedule)}
                 for o in RateOverride.objects.select_related("created_by")]  # fmt: skip
    events = AuditEvent.objects.filter(model=RateOverride._meta.model_name).select_related("actor")
    labels = {f.attname: str(f.verbose_name) for f in RateOverride._meta.concrete_fields}
    history = [
        {"e": e, "object": _named(e.object_repr, names),
         "changes": [(labels.get(k, k), names.get(b, b) if k == "schedule" else b,
                      names.get(a, a) if k == "schedule" else a)
                     for k, b, a in e.changes() if k != "id"]}
        for e in events[:200]
    ]  # fmt: skip
    return render(request, "pricing/schedules.html", {
        "book": book, "rows": rows, "water": water, "categories": book.categories,
        "form": form, "editable": editable, "overrides": overrides,
        "history": history,
    }, status=400 if form.errors else 200)  # fmt: skip
