"""The pricing endpoints (surcharges, classes), mounted on the project's API (views.py). The
API app owns every endpoint, so the pricing app never imports the API.

The same stored computations as the pages (resolute.web.pricing.services), with the same
scope; the JSON is the core's contract (what ``resolute surcharges`` and ``resolute classes``
write), the enterprises listed a page at a time (``limit``, ``offset``; ``count`` says how
many there are) and the totals and counts over all of them. The caller is the API's
authenticated user (``request.auth``: a bearer token's user or the signed-in session).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from resolute.core import classes, pricing
from resolute.web.api.errors import errors
from resolute.web.api.schemas import Day, PageIn
from resolute.web.pricing import services

router = Router()

ChargeStatus = Literal["charged", "none", "unknown"]


def _check(request: HttpRequest) -> Any:
    user = request.auth
    if not services.may_view(user):
        raise HttpError(403, "您的账号尚未分配角色，不能查看价格和分类")
    return user


# ─── surcharges ─────────────────────────────────────────────────────────────────


class SurchargeTotal(Schema):
    key: str = Field(description="汇总口径：合计、市名或行业代码")
    enterprises: int
    electricity_yuan: float = Field(description="已知的电价加价合计（元）")
    water_yuan: float = Field(description="已知的水价加价合计（元）")
    electricity_charged: int = Field(description="加收电价的企业数")
    water_charged: int = Field(description="加收水价的企业数")
    unknown: int = Field(description="金额未知的企业数（未计入合计）")


class Marked(Schema):
    """The additive keys of an amount computed from a software default (core/defaults.py)."""

    unconfirmed: bool = Field(False, description="是否按软件缺省值计算（待核实）")
    note: str = Field("", description="按软件缺省值，待核实：…（已核实时为空）")


class CategoryOut(Schema):
    label: str
    reasoning: str


class ElectricityOut(Marked):
    status: ChargeStatus = Field(description="charged 加收，none 不加收，unknown 无法计算")
    amount_yuan: float | None
    rate: float | None = Field(description="加价标准（元/千瓦时）")
    schedule: str | None
    category: str | None
    reason: str
    also_applicable: list[str]
    not_computed: list[str]


class WaterTierOut(Schema):
    from_pct: float
    up_to_pct: float | None
    surcharge_pct: float
    volume_m3: float
    amount_yuan: float


class WaterOut(Marked):
    status: ChargeStatus
    amount_yuan: float | None
    schedule: str | None
    base_price: float | None
    excess_m3: float | None
    tiers: list[WaterTierOut]
    reason: str


class EnterpriseSurchargeOut(Marked):
    credit_code: str
    name: str
    city: str | None
    county: str | None
    industry: str | None
    period: int | None = Field(description="数据年度")
    outcome: str = Field(description="评估结论")
    findings: list[str]
    overdue: list[str]
    electricity_kwh: float | None
    water_m3: float | None
    water_quota_m3: float | None
    electricity: ElectricityOut
    water: WaterOut
    total_yuan: float | None = Field(description="电价与水价加价合计；任一未知时为 null")


class SurchargesOut(Marked):
    count: int = Field(description="范围内的企业数（enterprises 只列出 offset 起的 limit 家）")
    pricing_version: str
    period: int | None
    water_base_price: float | None
    water_base_price_unconfirmed: bool = False
    categories: dict[str, CategoryOut]
    summary: SurchargeTotal
    by_city: list[SurchargeTotal]
    by_industry: list[SurchargeTotal]
    enterprises: list[EnterpriseSurchargeOut]


class SurchargesIn(PageIn):
    year: int | None = Field(None, ge=2000, le=2100, description="数据年度（缺省为最近年度）",
                             json_schema_extra={"example": 2021})  # fmt: skip


@router.get("/surcharges", response={200: SurchargesOut, **errors(401, 403, 422, 414)},
            summary="差别电价与超定额水价加价（按范围）")  # fmt: skip
def surcharges(request: HttpRequest, query: Query[SurchargesIn]) -> dict[str, Any]:
    """Each enterprise's electricity and water surcharge in the caller's scope, with the
    rule and findings behind it, and totals by city and industry. Unknown amounts are null."""
    user = _check(request)
    snapshot = services.surcharges_snapshot(query.year, timezone.localdate())
    rows = services.surcharge_rows(snapshot, user)
    listed = rows[query.offset : query.offset + query.limit]
    summary = services.shown_summary(snapshot, rows)
    report = services.surcharge_report(rows, query.year, timezone.localdate(), listed, summary)
    unconfirmed = summary.e_unconfirmed or summary.w_unconfirmed
    return {"count": report.total.enterprises, **pricing.to_json(report, unconfirmed=unconfirmed)}


# ─── efficiency classes ─────────────────────────────────────────────────────────


class IndicatorOut(Marked):
    key: str
    label: str
    unit: str
    available: bool
    weight_in_file: float
    weight: float | None
    benchmark: float | None
    benchmark_source: Literal["entered", "average"]


class BandOut(Marked):
    code: str
    label: str
    up_to_pct: float = Field(description="至全省名次的百分比")


class MeasureOut(Marked):
    area: str
    text: str
    source: str


class IndicatorScoreOut(Schema):
    key: str
    value: float | None
    benchmark: float | None
    ratio: float | None
    capped: bool
    weight: float
    points: float | None


class EnterpriseClassOut(Marked):
    credit_code: str
    name: str
    city: str | None
    county: str | None
    industry: str | None
    class_: str = Field(alias="class", description="类别代码")
    class_label: str
    score: float | None
    rank: int | None
    reason: str
    indicators: list[IndicatorScoreOut]


class ClassesOut(Marked):
    count: int = Field(description="范围内的企业数（enterprises 只列出 offset 起的 limit 家）")
    classes_version: str
    document: str
    rated: int = Field(description="参与排名的企业数")
    counts: dict[str, int] = Field(description="范围内各类别的企业数")
    published: dt.date | None
    appeal_deadline: dt.date | None
    indicators: list[IndicatorOut]
    cap: float | None
    cap_note: str = ""
    bands: list[BandOut] = []
    measures: dict[str, list[MeasureOut]]
    enterprises: list[EnterpriseClassOut]


class ClassesIn(PageIn):
    published: Day | None = Field(None, description="公示日期（给出时计算申诉截止日期）",
                                      json_schema_extra={"example": "2021-06-30"})  # fmt: skip


@router.get("/classes", response={200: ClassesOut, **errors(401, 403, 422, 414)},
            by_alias=True, summary="亩产效益分类（按范围）")  # fmt: skip
def classes_list(request: HttpRequest, query: Query[ClassesIn]) -> dict[str, Any]:
    """The province's efficiency classification, limited to the caller's enterprises; with
    ``published``, the appeal deadline."""
    user = _check(request)
    published = query.published
    if published is not None and not 2000 <= published.year <= 2100:
        raise HttpError(422, "published 应为 2000—2100 年之间的日期")
    snapshot = services.classes_snapshot(published)
    rows = services.class_rows(snapshot, user)
    listed = rows[query.offset : query.offset + query.limit]
    counts = services.class_counts(rows, services.class_book(published))
    body = classes.to_json(services.classification(snapshot, published, listed))
    return {**body, "count": sum(counts.values()), "counts": counts}
