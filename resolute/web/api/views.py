"""The JSON API (接口) under ``/api/``: thin, typed handlers over scoped querysets.

Every ledger and result query starts from :mod:`resolute.web.accounts.scoping`, so a caller
sees through the API exactly what they see on the pages: an out-of-scope object is 404, a
role that may not act at all is 403, and a call without a valid token or session is 401.
The rulebook and the published elimination list are public.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError

from resolute.core import schema
from resolute.core.explain import rule_summary
from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import (
    enterprises_for,
    is_official,
    lines_for,
    profile_of,
)
from resolute.web.api import errors
from resolute.web.api.auth import AUTH
from resolute.web.api.errors import StrictJSON
from resolute.web.api.limits import WRITES
from resolute.web.api.pricing import router as pricing_router
from resolute.web.api.replacement import router as replacement_router
from resolute.web.api.schemas import (
    CreditCode,
    EnterpriseDetail,
    EnterpriseOut,
    EnterpriseResultOut,
    LedgerFilters,
    LineId,
    LineOut,
    LineResultOut,
    Page,
    PageIn,
    PublicEliminations,
    ResultFilters,
    RuleFilters,
    RuleId,
    RuleOut,
    RunId,
    RunIn,
    RunOut,
)
from resolute.web.api.targets import router as computed_router
from resolute.web.assessments import queries
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import start_or_join
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Enterprise, ExitEvent, Line
from resolute.web.policies import services as policy_services

DESCRIPTION = """\
落实“三个坚决”台账与评估系统的数据接口。

- 认证：请求头 `Authorization: Bearer <令牌>`（令牌由管理员用 `manage.py issue_token <用户名>`
  签发），或在浏览器中登录后直接调用。
- 范围：与网页一致——省级办公室看全省，行业主管部门看主管行业，市级用户看本市，企业用户看本企业。
  超出范围的对象返回 404。
- 列表分页：`limit`（每页条数）与 `offset`（跳过条数），返回 `count` 与 `items`。
- 规则库（/api/rules）与已公开的淘汰名单（/api/public/eliminations）无需认证。
- 错误：所有 4xx 回答都是 `{"detail": "中文说明", "errors": [...]}`；`errors` 只在输入有误
  （400 请求体无法读取、422 参数或请求体不符合要求）时给出，逐项列出位置 `loc` 与原因 `msg`。
- 写入（POST）每位用户每分钟最多 30 次（`RESOLUTE_API_WRITE_RATE`），超出时返回 429 和
  `Retry-After`。同一范围内已有排队或进行中的评估时，再次发起评估返回那次评估（200），不另起一次。
"""


def _version() -> str:
    try:
        return importlib.metadata.version("resolute")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


api = NinjaAPI(title="resolute 接口", version=_version(), description=DESCRIPTION, auth=AUTH,
               urls_namespace="api", parser=StrictJSON())  # fmt: skip
errors.install(api)
# The policy instruments keep their endpoints in their own apps.
api.add_router("/pricing/", pricing_router, tags=["价格与分类"])
api.add_router("/replacement/", replacement_router, tags=["产能置换、准入与信用"])
api.add_router("/", computed_router)


def _page(items: Any, page: PageIn) -> dict[str, Any]:
    """One page of a queryset or list, with the total count."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {"count": count, "items": list(items[page.offset : page.offset + page.limit])}


def _city_name(text: str) -> str:
    return schema.normalise_city(text) or text.strip()


# ─── ledger ─────────────────────────────────────────────────────────────────────


def _line_filter(f: LedgerFilters, prefix: str = "") -> Q:
    """The ledger list's filters on lines (``prefix`` reaches lines from another model)."""
    q = Q()
    if f.equipment:
        q &= Q(**{f"{prefix}equipment": f.equipment})
    if f.status:
        q &= Q(**{f"{prefix}status": f.status})
    return q


def _enterprise_filter(f: LedgerFilters, prefix: str = "") -> Q:
    q = Q()
    if f.city:
        q &= Q(**{f"{prefix}city__name": _city_name(f.city)})
    if f.county:
        q &= Q(**{f"{prefix}county": f.county.strip()})
    if f.industry:
        q &= Q(**{f"{prefix}industry": f.industry})
    return q


def _search(text: str | None, *fields: str) -> Q:
    """Part of a name, credit code or line number, in any of ``fields``."""
    q = Q()
    if text and text.strip():
        for name in fields:
            q |= Q(**{f"{name}__icontains": text.strip()})
    return q


def _enterprises(user: Any) -> QuerySet[Enterprise]:
    return (
        enterprises_for(user)
        .select_related("city")
        # Correlated subqueries rather than GROUP BY: the database can then stop after one
        # page of rows instead of grouping the whole province first.
        .annotate(
            line_count=Coalesce(
                Subquery(
                    Line.objects.filter(enterprise=OuterRef("pk"))
                    .order_by()
                    .values("enterprise")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("city__code", "name")
    )


def _lines(user: Any) -> QuerySet[Line]:
    return (
        lines_for(user)
        .select_related("enterprise__city", "exit_plan")
        .annotate(
            latest_exit=Subquery(
                ExitEvent.objects.filter(line=OuterRef("pk"))
                .order_by("-exited_on")
                .values("exited_on")[:1]
            )
        )
        .order_by("enterprise__city__code", "enterprise__name", "line_id")
    )


@api.get("/enterprises", response={200: Page[EnterpriseOut], **errors.errors(401, 422, 414)},
         tags=["台账"], summary="企业列表")  # fmt: skip
def list_enterprises(
    request: HttpRequest, filters: Query[LedgerFilters], page: Query[PageIn]
) -> dict[str, Any]:
    qs = _enterprises(request.auth).filter(
        _enterprise_filter(filters), _search(filters.q, "name", "credit_code")
    )
    by_line = _line_filter(filters)
    if by_line:
        qs = qs.filter(pk__in=Line.objects.filter(by_line).values("enterprise_id"))
    return _page(qs, page)


@api.get("/enterprises/{credit_code}", response={200: EnterpriseDetail, **errors.errors(401, 404, 422, 414)},
         tags=["台账"], summary="企业详情：基本信息、最近年度经营数据、生产线")  # fmt: skip
def get_enterprise(request: HttpRequest, credit_code: CreditCode) -> Enterprise:
    enterprise = get_object_or_404(_enterprises(request.auth), credit_code=credit_code)
    latest = queries.latest_enterprise_result(enterprise)
    enterprise.state = queries.enterprise_state(latest) if latest else None
    return enterprise


@api.get("/lines", response={200: Page[LineOut], **errors.errors(401, 422, 414)}, tags=["台账"],
         summary="生产线列表")  # fmt: skip
def list_lines(
    request: HttpRequest, filters: Query[LedgerFilters], page: Query[PageIn]
) -> dict[str, Any]:
    qs = _lines(request.auth).filter(
        _enterprise_filter(filters, "enterprise__"),
        _line_filter(filters),
        _search(filters.q, "line_id", "enterprise__name", "enterprise__credit_code"),
    )
    return _page(qs, page)


@api.get("/lines/{line_id}", response={200: LineOut, **errors.errors(401, 404, 422, 414)},
         tags=["台账"], summary="生产线详情：台账字段与退出计划")  # fmt: skip
def get_line(request: HttpRequest, line_id: LineId) -> Line:
    return get_object_or_404(_lines(request.auth), line_id=line_id)


# ─── assessments ────────────────────────────────────────────────────────────────

RUN_EXAMPLES = {
    "requestBody": {
        "content": {
            "application/json": {
                "examples": {
                    "本人全部范围": {"value": {}},
                    "一个市的一个行业": {"value": {"city": "淄博", "industry": "steel"}},
                }
            }
        }
    }
}


def _runs(user: Any) -> QuerySet[AssessmentRun]:
    """Runs whose scope overlaps what ``user`` may see (the pages use the same query)."""
    return queries.runs_for(user)


def _scoped_counts(user: Any, runs: list[AssessmentRun]) -> dict[int, dict[str, dict[str, int]]]:
    """Outcome counts per run within the user's scope, as the run pages count them."""
    lines = queries.line_counts_by_run(runs, user)
    enterprises = queries.enterprise_counts_by_run(runs, user)
    return {r.pk: {"enterprises": enterprises[r.pk], "lines": lines[r.pk]} for r in runs}


def _run_out(run: AssessmentRun, counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "progress": run.progress,
        "message": run.message,
        "scope_city": run.scope_city.name if run.scope_city else None,
        "scope_industry": run.scope_industry,
        "scope_label": run.scope_label,
        "created_at": run.created_at,
        "created_by": run.created_by.get_username() if run.created_by else None,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "rulebook_version": run.rulebook_version,
        "as_of": run.as_of,
        "policy_versions": run.policy_versions,
        "data_time": run.data_time,
        "published": run.published,
        "counts": counts,
    }


@api.get("/runs", response={200: Page[RunOut], **errors.errors(401, 422, 414)}, tags=["评估"],
         summary="评估列表")  # fmt: skip
def list_runs(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    result = _page(_runs(request.auth), page)
    counts = _scoped_counts(request.auth, result["items"])
    result["items"] = [_run_out(r, counts[r.pk]) for r in result["items"]]
    return result


@api.get("/runs/{run_id}", response={200: RunOut, **errors.errors(401, 404, 422, 414)},
         tags=["评估"], summary="评估状态、进度与结论统计")  # fmt: skip
def get_run(request: HttpRequest, run_id: RunId) -> dict[str, Any]:
    run = get_object_or_404(_runs(request.auth), pk=run_id)
    return _run_out(run, _scoped_counts(request.auth, [run])[run.pk])


@api.post("/runs", response={(200, 201): RunOut, **errors.errors(400, 401, 403, 422, 429)},
          tags=["评估"], throttle=WRITES, openapi_extra=RUN_EXAMPLES,
          summary="发起评估（仅省、行业主管部门和市级用户）")  # fmt: skip
def create_run(request: HttpRequest, body: RunIn) -> Status[dict[str, Any]]:
    """Start an assessment of the caller's scope (201). While a run of the same scope is
    queued or running, the call starts nothing and answers that run (200)."""
    user = request.auth
    profile = profile_of(user)
    if profile is None or not is_official(user):
        raise HttpError(403, "只有省级办公室、行业主管部门和市级用户可以发起评估")
    city_id: int | None = None
    if profile.role == Role.CITY:
        city_id = profile.city_id  # a city officer assesses their own city, whatever was asked
    elif body.city:
        city = City.objects.filter(name=_city_name(body.city)).first()
        if city is None:
            raise HttpError(422, f"未知的市：{body.city}")
        city_id = city.pk
    industry = body.industry or ""
    if profile.role == Role.DEPARTMENT:
        allowed = list(profile.industries)
        if industry and industry not in allowed:
            raise HttpError(403, "只能评估本部门主管的行业")
        if not industry:
            if len(allowed) != 1:
                raise HttpError(422, "请指定本部门主管的行业之一：" + "、".join(allowed))
            industry = allowed[0]
    try:
        with acting_as(user, via="接口"):
            run, started = start_or_join(user, city_id=city_id, industry=industry,
                                         as_of=body.as_of,
                                         rulebook_version=body.rulebook_version or "")  # fmt: skip
    except policy_services.PolicyError as exc:
        raise HttpError(422, "；".join(exc.problems)) from exc
    run = _runs(user).get(pk=run.pk)  # as it stands now (finished already when run inline)
    return Status(201 if started else 200, _run_out(run, _scoped_counts(user, [run])[run.pk]))


@api.get("/runs/{run_id}/lines", response={200: Page[LineResultOut], **errors.errors(401, 404, 422, 414)},
         tags=["评估"], summary="生产线评估结果（含各项标准的判定）")  # fmt: skip
def run_lines(
    request: HttpRequest, run_id: RunId, filters: Query[ResultFilters], page: Query[PageIn]
) -> dict[str, Any]:
    run = get_object_or_404(_runs(request.auth), pk=run_id)
    qs = (
        queries.scoped_line_results(run, request.auth)
        .select_related("enterprise")
        .order_by(*queries.result_order())
    )
    qs = qs.filter(
        _result_filter(filters),
        _search(filters.q, "line_code", "credit_code", "enterprise__name"),
    )
    return _page(qs, page)


@api.get("/runs/{run_id}/enterprises",
         response={200: Page[EnterpriseResultOut], **errors.errors(401, 404, 422, 414)},
         tags=["评估"], summary="企业评估结果（含效益等企业层面的判定）")  # fmt: skip
def run_enterprises(
    request: HttpRequest, run_id: RunId, filters: Query[ResultFilters], page: Query[PageIn]
) -> dict[str, Any]:
    run = get_object_or_404(_runs(request.auth), pk=run_id)
    qs = queries.scoped_enterprise_results(run, request.auth).order_by(
        *queries.enterprise_result_order()
    )
    qs = qs.filter(_result_filter(filters), _search(filters.q, "name", "credit_code"))
    return _page(qs, page)


def _result_filter(f: ResultFilters) -> Q:
    q = Q()
    if f.outcome:
        q &= Q(outcome=f.outcome)
    if f.basis:
        q &= Q(basis=f.basis)
    if f.city:
        q &= Q(city=_city_name(f.city))
    if f.industry:
        q &= Q(industry=f.industry)
    return q


# ─── public ─────────────────────────────────────────────────────────────────────


@api.get("/rules", auth=None, response={200: Page[RuleOut], **errors.errors(422, 414)},
         tags=["规则库（公开）"], summary="规则库：每条标准的条件、解读与出处")  # fmt: skip
def list_rules(
    request: HttpRequest, filters: Query[RuleFilters], page: Query[PageIn]
) -> dict[str, Any]:
    book = policy_services.current().rulebook
    rules = [
        r
        for r in book.rules
        if (filters.industry is None or r.industry == filters.industry)
        and (filters.standard is None or r.standard == filters.standard)
        and (filters.basis is None or r.basis == filters.basis)
    ]
    result = _page(rules, page)
    result["items"] = [rule_summary(book, r) for r in result["items"]]
    return result


@api.get("/rules/{rule_id}", auth=None, response={200: RuleOut, **errors.errors(404, 422, 414)},
         tags=["规则库（公开）"], summary="一条规则")  # fmt: skip
def get_rule(request: HttpRequest, rule_id: RuleId) -> dict[str, Any]:
    book = policy_services.current().rulebook
    try:
        return rule_summary(book, book.rule(rule_id))
    except KeyError:
        raise Http404(rule_id) from None


@api.get("/public/eliminations", auth=None,
         response={200: PublicEliminations, **errors.errors(422, 414)},
         tags=["公示（公开）"], summary="最近一次已公开评估的淘汰名单")  # fmt: skip
def public_eliminations(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    run = queries.latest_published_run()
    if run is None:
        return {"run": None, "count": 0, "items": []}
    result = _page(queries.public_eliminations(run), page)
    names = queries.enterprise_names(run, result["items"])
    result["items"] = [_elimination(r, names.get(r.credit_code)) for r in result["items"]]
    result["run"] = {"id": run.pk, "finished_at": run.finished_at,
                     "rulebook_version": run.rulebook_version, "scope_label": run.scope_label}  # fmt: skip
    return result


def _elimination(result: LineResult, enterprise_name: str | None) -> dict[str, Any]:
    """A row of the public list: the verdict as published, the exit plan as it stands."""
    plan = queries.plan_of(result.line)
    return {
        "line_id": result.line_code,
        "equipment": result.equipment,
        "equipment_label": schema.EQUIPMENT_BY_CODE[result.equipment].label,
        "credit_code": result.credit_code,
        "enterprise_name": enterprise_name,
        "city": result.city,
        "industry": result.industry,
        "industry_label": schema.INDUSTRY_BY_CODE[result.industry].label,
        "basis": result.basis or None,
        "basis_label": result.get_basis_display() if result.basis else None,
        "exit_method": plan.exit_method if plan else None,
        "exit_deadline": plan.exit_deadline if plan else None,
        "responsible_unit": plan.responsible_unit if plan else None,
    }
