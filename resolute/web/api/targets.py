"""The endpoints of what is computed once per ledger version: obligations and progress
(targets app) and the risk register (risks app), mounted on the project's API (views.py).

They read the same stored rows as the pages and their exports, after the same scope rules,
in the same order. ``state`` says whether the figures are current (``ready``), an older
computation shown while the current one is being made (``stale``, with ``computed_at``), or
not there yet (``computing``: no items; ask again shortly).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from resolute.core import obligations as obligations_mod
from resolute.core import progress as progress_mod
from resolute.web.accounts.scoping import is_official
from resolute.web.api.errors import errors
from resolute.web.api.schemas import Day
from resolute.web.computed.services import Snapshot
from resolute.web.lib.listing import ordered, sort_key
from resolute.web.risks import services as risk_services
from resolute.web.targets import services

router = Router()

State = Literal["ready", "stale", "computing"]
Status = Literal["overdue", "pending", "done"]


def _state(snapshot: Snapshot | None) -> dict[str, Any]:
    if snapshot is None:
        return {"state": "ready", "computed_at": None}
    state = "ready" if snapshot.ready else "stale" if snapshot.stale else "computing"
    return {"state": state, "computed_at": snapshot.as_of}


class Computed(Schema):
    state: State = Field(
        description="ready 为最新结果；stale 为更新期间的上一次结果；computing 为正在计算"
    )
    computed_at: dt.datetime | None = Field(description="所示结果的计算时间")


# ─── obligations ──────────────────────────────────────────────────────────────────


class ObligationsIn(Schema):
    as_of: Day | None = Field(None, description="统计日期（缺省为今天）",
                              json_schema_extra={"example": "2022-01-01"})  # fmt: skip
    status: Status | None = Field(None, description="overdue 逾期，pending 未到期，done 已完成")
    city: str | None = Field(None, max_length=10, description="市（如 淄博）")
    task: str | None = Field(None, max_length=80, description="任务编号")
    sort: str | None = Field(None, max_length=20,
                             description="排序列：status、deadline、city、line、enterprise、"
                                         "exited_on 等，前加 - 为降序（与网页相同）")  # fmt: skip
    limit: int = Field(100, ge=1, le=1000, description="每页条数（1—1000）")
    offset: int = Field(0, ge=0, le=10_000_000, description="跳过的条数")


class ObligationOut(Schema):
    line_id: str
    enterprise_name: str
    credit_code: str
    city: str | None
    county: str | None
    industry: str | None
    equipment: str
    task_id: str
    clause: str
    action: str
    deadline: dt.date
    status: Status
    status_label: str
    days_overdue: int | None
    exited_on: dt.date | None
    late: bool = Field(description="已退出，但晚于时限")


class ObligationsOut(Computed):
    as_of: dt.date
    count: int
    counts: dict[str, int] = Field(description="按状态的条数（筛选后的全部，不只本页）")
    items: list[ObligationOut]


@router.get("/targets/obligations", response={200: ObligationsOut, **errors(401, 422, 414)},
            summary="逐线退出任务（二(三)1—7，按范围）", tags=["目标与任务"])  # fmt: skip
def obligations(request: HttpRequest, query: Query[ObligationsIn]) -> dict[str, Any]:
    """The dated duties of 二(三) on ``as_of`` in the caller's scope, filtered and sorted as
    the page does, with the counts by status of the whole filtered set."""
    as_of = query.as_of or timezone.localdate()
    filters = services.ObligationFilters(query.status or "", query.city or "", query.task or "")
    snapshot, rows = services.obligation_rows(request.auth, as_of, filters)
    sort = sort_key({"sort": query.sort or ""}, services.OBLIGATION_COLUMNS,
                    services.OBLIGATION_SORT)  # fmt: skip
    counts = rows.order_by().aggregate(**services.status_counts(as_of))
    shown = ordered(rows, services.OBLIGATION_COLUMNS, sort)[query.offset:query.offset + query.limit]  # fmt: skip
    items = []
    for row in shown:
        found = services.obligation_of(row, as_of)
        o = found.o
        items.append({**o.as_json(), "enterprise_name": found.enterprise,
                      "status_label": o.status_label(as_of), "days_overdue": found.days_overdue})  # fmt: skip
    return {**_state(snapshot), "as_of": as_of,
            "count": sum(counts[s] or 0 for s in obligations_mod.STATUSES),
            "counts": {s: counts[s] or 0 for s in obligations_mod.STATUSES}, "items": items}  # fmt: skip


# ─── progress ─────────────────────────────────────────────────────────────────────


class ProgressIn(Schema):
    as_of: Day | None = Field(None, description="统计日期（缺省为今天）",
                              json_schema_extra={"example": "2021-12-31"})  # fmt: skip


class ProgressOut(Computed):
    as_of: dt.date
    targets: list[dict[str, Any]] = Field(
        description="各产能目标的进度（与 resolute progress --format json 的 targets 相同，不含逐线清单）"
    )


@router.get("/targets/progress", response={200: ProgressOut, **errors(401, 422, 414)},
            summary="产能目标进度（二(三)，按范围）", tags=["目标与任务"])  # fmt: skip
def progress(request: HttpRequest, query: Query[ProgressIn]) -> dict[str, Any]:
    """Each capacity target's progress on ``as_of`` in the caller's scope, as the targets
    page shows it (the same stored computation)."""
    as_of = query.as_of or timezone.localdate()
    snapshot, found = services.progress_state(request.auth, as_of)
    book = services.book()
    targets = []
    for p in (found or {}).values():
        entry = progress_mod.progress_json(p, book)
        entry.pop("lines", None)
        targets.append(entry)
    return {**_state(snapshot), "as_of": as_of, "targets": targets}


# ─── risks ────────────────────────────────────────────────────────────────────────


class RiskCityOut(Schema):
    city: str
    enterprises: int = Field(description="涉及企业数")
    employees: int = Field(description="涉及职工（人；职工数未知的企业不计）")
    employees_unknown: int = Field(description="职工数未知的企业数")
    heat_units: int = Field(description="须替代供热的机组数")
    heat_mw: float = Field(description="这些机组的单机容量合计（兆瓦）")


class RisksOut(Computed):
    by_city: list[RiskCityOut]
    total: RiskCityOut


class RiskEnterpriseOut(Schema):
    credit_code: str
    name: str
    city: str
    county: str
    industry: str
    employees: int | None
    exiting: list[str]
    lines: int
    share: float
    basis: str
    affected: int | None


class RiskEnterprisesIn(Schema):
    city: str | None = Field(None, max_length=10, description="市（如 淄博）",
                             json_schema_extra={"example": "淄博"})  # fmt: skip
    limit: int = Field(100, ge=1, le=1000, description="每页条数（1—1000）")
    offset: int = Field(0, ge=0, le=10_000_000, description="跳过的条数")


class RiskEnterprisesOut(Computed):
    count: int
    items: list[RiskEnterpriseOut]


_CITY_EXAMPLE = {"city": "淄博", "enterprises": 12, "employees": 3480, "employees_unknown": 1,
                 "heat_units": 2, "heat_mw": 50.0}  # fmt: skip
RISKS_EXAMPLE = {"responses": {200: {"content": {"application/json": {"example": {
    "state": "ready", "computed_at": "2022-01-01T08:00:00+08:00", "by_city": [_CITY_EXAMPLE],
    "total": {**_CITY_EXAMPLE, "city": "合计"}}}}}}}  # fmt: skip


def _official(request: HttpRequest) -> Any:
    if not is_official(request.auth):
        raise HttpError(403, "风险台账仅供各级主管部门使用")
    return request.auth


def _city(row: Any) -> dict[str, Any]:
    return {"city": row.city, "enterprises": row.enterprise_count, "employees": row.employees,
            "employees_unknown": row.employees_unknown, "heat_units": row.heat_unit_count,
            "heat_mw": row.heat_mw}  # fmt: skip


@router.get("/risks", response={200: RisksOut, **errors(401, 403, 422, 414)},
            summary="关停退出风险台账（按市）", tags=["督导"],
            openapi_extra=RISKS_EXAMPLE)  # fmt: skip
def risks(request: HttpRequest) -> dict[str, Any]:
    """Employees affected and heat units to replace, by city in the caller's scope, as the
    risk register page shows them."""
    user = _official(request)
    snapshot, rows, totals = risk_services.risk_register(user, timezone.localdate())
    total = {"city": "合计", "enterprises": totals.enterprises, "employees": totals.employees,
             "employees_unknown": totals.employees_unknown, "heat_units": totals.heat_units,
             "heat_mw": totals.heat_mw}  # fmt: skip
    return {**_state(snapshot), "by_city": [_city(r) for r in rows], "total": total}


@router.get("/risks/enterprises", response={200: RiskEnterprisesOut, **errors(401, 403, 422, 414)},
            summary="关停退出风险台账：涉及的企业", tags=["督导"])  # fmt: skip
def risk_enterprises(request: HttpRequest, query: Query[RiskEnterprisesIn]) -> dict[str, Any]:
    """The enterprises with exiting lines in the caller's scope (one city, or all in the
    official city order), most employees affected first, as the city pages list them."""
    user = _official(request)
    snapshot = risk_services.register_snapshot(timezone.localdate())
    rows = risk_services.enterprise_rows_all(user, snapshot, query.city or "")
    page = rows[query.offset : query.offset + query.limit]
    return {**_state(snapshot), "count": rows.count(),
            "items": [risk_services.affected(e) for e in page]}  # fmt: skip
