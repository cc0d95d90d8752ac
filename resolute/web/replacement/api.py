"""This app's endpoints, mounted on the project's API (resolute/web/api/views.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from resolute.core import admission, replacement
from resolute.web.accounts.scoping import is_official
from resolute.web.api.schemas import Detail
from resolute.web.audit.context import acting_as
from resolute.web.replacement import services
from resolute.web.replacement.models import ReplacementPlan

router = Router()


class CreditRecordOut(Schema):
    credit_code: str
    enterprise: str
    city: str | None
    clause: str
    task: str
    action: str
    deadline: dt.date
    days_overdue: int
    opened_on: dt.date


class CreditList(Schema):
    as_of: dt.date
    count: int
    records: list[CreditRecordOut]


@router.get("/credit", auth=None, response=CreditList, summary="信用约束公示（公开）")
def credit_list(request: HttpRequest) -> CreditList:
    """Open credit records as of today: enterprises that have not exited on time (二(四)9)."""
    today = timezone.localdate()
    records = services.public_credit_records(today)
    rows = [CreditRecordOut(**{k: v for k, v in r.as_json().items() if k in
                               CreditRecordOut.model_fields}) for r in records]  # fmt: skip
    return CreditList(as_of=today, count=len(rows), records=rows)


class PlanOut(Schema):
    id: int
    plan_id: str
    name: str
    industry: str
    equipment: str
    capacity: float
    city: str
    starts_on: dt.date
    status: str
    passed: bool | None
    plan: dict[str, Any]


class PlanDetailOut(PlanOut):
    verdict: dict[str, Any]


class PlanIn(Schema):
    """A plan in the JSON form of docs/instruments.md (``project`` and ``sources``)."""

    project: dict[str, Any]
    sources: list[dict[str, Any]]


class PlanList(Schema):
    count: int
    items: list[PlanOut]


def _out(plan: ReplacementPlan) -> dict[str, Any]:
    return {
        "id": plan.pk, "plan_id": plan.plan_id, "name": plan.name, "industry": plan.industry,
        "equipment": plan.equipment, "capacity": plan.capacity, "city": plan.city.name,
        "starts_on": plan.starts_on, "status": plan.status,
        "passed": plan.verdict.get("passed") if plan.verdict else None,
        "plan": replacement.plan_json(services.to_core(plan)),
    }  # fmt: skip


@router.get("/plans", response=PlanList, summary="产能置换方案列表（按查看范围）")
def plan_list(request: HttpRequest) -> dict[str, Any]:
    plans = list(services.plans_for(request.auth))
    return {"count": len(plans), "items": [_out(p) for p in plans]}


@router.get("/plans/{plan_id}", response=PlanDetailOut,
            summary="产能置换方案详情，按当前台账和其他方案核对")  # fmt: skip
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_object_or_404(services.plans_for(request.auth), pk=plan_id)
    with acting_as(request.auth, via="接口"):
        verdict = services.check_stored(plan)
    return {**_out(plan), "verdict": verdict.as_json()}


@router.post("/plans", response={201: PlanDetailOut, 403: Detail, 422: Detail},
             summary="登记产能置换方案（仅省、行业主管部门和市级用户）")  # fmt: skip
def plan_create(request: HttpRequest, body: PlanIn) -> Status[dict[str, Any]]:
    user = request.auth
    if not is_official(user):
        raise HttpError(403, "只有省级办公室、行业主管部门和市级用户可以登记置换方案")
    try:
        core = replacement.plan_from_json({"project": body.project, "sources": body.sources})
        services.check_scope(core, user)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    with acting_as(user, via="接口"):
        plan = services.from_core(core, user)
        verdict = services.check_stored(plan)
    return Status(201, {**_out(plan), "verdict": verdict.as_json()})


@router.post("/admission", response={200: dict[str, Any], 403: Detail, 422: Detail},
             summary="“两高”项目准入审查：五个减量替代与先压后上（不保存）")  # fmt: skip
def admission_check(request: HttpRequest) -> Any:
    """Check a project file as ``resolute admission`` reads it (docs/examples/admission-project.json)."""
    if not is_official(request.auth):
        raise HttpError(403, "仅主管部门可进行准入审查")
    try:
        project, sources = admission.project_from_json(json.loads(request.body or b"null"))
    except json.JSONDecodeError as exc:
        raise HttpError(422, f"请求体不是 JSON：{exc}") from exc
    except replacement.PlanError as exc:
        raise HttpError(422, f"项目文件有误：{exc}") from exc
    return admission.check_admission(project, sources).as_json()
