"""The replacement endpoints (plans, admission, credit), mounted on the project's API
(views.py). The API app owns every endpoint, so the replacement app never imports the API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Strict

from resolute.core import admission, replacement
from resolute.web.accounts.scoping import is_official
from resolute.web.api.errors import errors
from resolute.web.api.limits import WRITES
from resolute.web.api.schemas import (
    ID_MAX,
    CityName,
    Day,
    EquipmentCode,
    IndustryCode,
    Input,
    PageIn,
    Text,
)
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
    as_of: dt.date | None = Field(description="判定日期（尚未公布时为空）")
    published_at: dt.datetime | None = Field(description="公布时间（尚未公布时为空）")
    count: int = Field(description="公布的记录总数（records 只列出 offset 起的 limit 条）")
    records: list[CreditRecordOut]


def _answer_example(value: Any) -> dict[str, Any]:
    return {"responses": {200: {"content": {"application/json": {"example": value}}}}}


CREDIT_EXAMPLE = {
    "as_of": "2023-01-31", "published_at": "2023-02-01T09:00:00+08:00", "count": 1,
    "records": [{"credit_code": "91370303MA3C4D5E6Q", "enterprise": "淄博某钢铁有限公司",
                 "city": "淄博", "clause": "二(三)1", "task": "装备淘汰", "action": "关停退出",
                 "deadline": "2022-12-31", "days_overdue": 31, "opened_on": "2023-01-01"}],
}  # fmt: skip


@router.get("/credit", auth=None, response={200: CreditList, **errors(422, 414)},
            summary="信用约束公示（公开）",
            openapi_extra=_answer_example(CREDIT_EXAMPLE))  # fmt: skip
def credit_list(request: HttpRequest, page: Query[PageIn]) -> CreditList:
    """The latest reviewed publication of the credit records (二(四)9): enterprises that had
    not exited on time on its date, in the published order, ``limit`` at a time from
    ``offset`` (``count`` says how many there are). Nothing that has not been published."""
    publication = services.latest_credit_publication()
    if publication is None:
        return CreditList(as_of=None, published_at=None, count=0, records=[])
    listed = publication.records.all()[page.offset : page.offset + page.limit]
    rows = [CreditRecordOut(credit_code=r.credit_code, enterprise=r.enterprise,
                            city=r.city or None, clause=r.clause, task=r.task, action=r.action,
                            deadline=r.deadline, days_overdue=r.days_overdue,
                            opened_on=r.opened_on) for r in listed]  # fmt: skip
    return CreditList(as_of=publication.as_of, published_at=publication.published_at,
                      count=publication.records.count(), records=rows)  # fmt: skip


class CheckOut(Schema):
    id: str
    label: str
    passed: bool
    reasons: list[str]


class VerdictOut(Schema):
    plan_id: str
    passed: bool
    ratio_rule: str | None = Field(description="适用的置换比例规则编号")
    required_ratio: float | None
    achieved_ratio: float | None
    source_capacity: float
    checks: list[CheckOut] = Field(description="七项核对，每项带理由")


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
    verdict: VerdictOut


#: A non-negative amount in the unit of its field; finite, at most replacement.MAX_AMOUNT.
#: Strict: a JSON number only (``false`` or ``"12"`` is not read as one).
Amount = Annotated[float, Strict(), Field(ge=0, le=replacement.MAX_AMOUNT)]
Flag = Annotated[bool, Strict()]
if TYPE_CHECKING:
    Attribute = Any
else:
    Attribute = Annotated[
        Annotated[float, Strict()] | Flag | Text | None,
        Field(description="新建装备的其他属性（如 diameter_m）"),
    ]


class ProjectIn(Input):
    """The new project: equipment, capacity, city and start date; other keys are the new
    equipment's attributes (e.g. ``diameter_m`` for a cement mill)."""

    model_config = ConfigDict(allow_inf_nan=False, extra="allow")
    __pydantic_extra__: dict[str, Attribute]

    name: Text = Field("", description="项目名称")
    industry: IndustryCode | None = Field(None, description="行业代码（须与装置相符）")
    equipment: EquipmentCode = Field(description="新建装置类型代码")
    capacity: Amount = Field(description="新建产能（装置的产能单位）")
    city: CityName = Field(description="所在市", examples=["淄博"])
    county: Text | None = Field(None, description="县（市、区）")
    starts_on: Day = Field(description="开工日期")
    route: Text | None = Field(None, description="工艺路线（钢铁）")


class SourceIn(Input):
    """Capacity counted by the plan: a ledger line, or capacity from outside the province."""

    line_id: Text | None = Field(None, description="台账生产线编号")
    capacity: Amount | None = Field(None, description="计入的产能；缺省为整条生产线")
    outside_province: Flag = Field(False, description="省外产能")
    description: Text | None = Field(None, description="省外产能的说明")
    equipment: EquipmentCode | None = None
    exited_on: Day | None = Field(None, description="退出日期（省外产能）")
    restricted: Flag = False
    on_reduction_list: Flag = Field(False, description="已列入压减名单或享受奖补退出")


class PlanIn(Input):
    """A plan in the JSON form of docs/instruments.md (``project`` and ``sources``)."""

    project: ProjectIn
    sources: list[SourceIn] = Field(min_length=1, max_length=200)


PLAN_EXAMPLE = {
    "project": {"name": "淄博某水泥公司新建粉磨生产线", "industry": "cement",
                "equipment": "cement_mill", "capacity": 40, "city": "淄博",
                "starts_on": "2023-03-01", "diameter_m": 4.2},
    "sources": [{"line_id": "370481-CM-0002"}, {"line_id": "370323-CM-0001", "capacity": 10}],
}  # fmt: skip


def _examples(examples: dict[str, Any]) -> dict[str, Any]:
    named = {name: {"value": value} for name, value in examples.items()}
    return {"requestBody": {"content": {"application/json": {"examples": named}}}}


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


@router.get("/plans", response={200: PlanList, **errors(401)},
            openapi_extra=_answer_example({"count": 0, "items": []}),
            summary="产能置换方案列表（按查看范围）")  # fmt: skip
def plan_list(request: HttpRequest) -> dict[str, Any]:
    plans = list(services.plans_for(request.auth))
    return {"count": len(plans), "items": [_out(p) for p in plans]}


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **errors(401, 404, 422, 414)},
            summary="产能置换方案详情，按当前台账和其他方案核对")  # fmt: skip
def plan_detail(
    request: HttpRequest,
    plan_id: Annotated[int, Field(ge=1, le=ID_MAX, json_schema_extra={"example": 1})],
) -> dict[str, Any]:
    plan = get_object_or_404(services.plans_for(request.auth), pk=plan_id)
    with acting_as(request.auth, via="接口"):
        verdict = services.check_stored(plan)
    return {**_out(plan), "verdict": verdict.as_json()}


@router.post("/plans", response={201: PlanDetailOut, **errors(400, 401, 403, 422, 429)},
             throttle=WRITES, openapi_extra=_examples({"水泥粉磨": PLAN_EXAMPLE}),
             summary="登记产能置换方案（仅省、行业主管部门和市级用户）")  # fmt: skip
def plan_create(request: HttpRequest, body: PlanIn) -> Status[dict[str, Any]]:
    user = request.auth
    if not is_official(user):
        raise HttpError(403, "只有省级办公室、行业主管部门和市级用户可以登记置换方案")
    try:
        core = replacement.plan_from_json(body.model_dump(mode="json", exclude_none=True))
        services.check_scope(core, user)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    with acting_as(user, via="接口"):
        plan = services.from_core(core, user)
        verdict = services.check_stored(plan)
    return Status(201, {**_out(plan), "verdict": verdict.as_json()})


class DemandIn(Input):
    """The new project's demand in each dimension (null or absent: not stated)."""

    capacity: Amount | None = Field(None, description="产能（缺省为项目的新建产能）")
    coal: Amount | None = Field(None, description="煤耗")
    energy: Amount | None = Field(None, description="能耗")
    carbon: Amount | None = Field(None, description="碳排放")
    pollutant: Amount | None = Field(None, description="污染物排放")


class AdmissionProjectIn(ProjectIn):
    demand: DemandIn = Field(
        default_factory=lambda: DemandIn.model_validate({}), description="五个维度的需求"
    )


class ReductionSourceIn(Input):
    name: Annotated[Text, Field(min_length=1)] = Field(description="减量来源名称")
    exited_on: Day | None = Field(None, description="退出日期（无则视为尚未退出）")
    reductions: DemandIn = Field(
        default_factory=lambda: DemandIn.model_validate({}), description="各维度的减量"
    )
    equipment: EquipmentCode | None = None


class AdmissionIn(Input):
    """A project file as ``resolute admission`` reads it (docs/examples/admission-project.json)."""

    project: AdmissionProjectIn
    sources: list[ReductionSourceIn] = Field(min_length=1, max_length=200)


ADMISSION_EXAMPLE = {
    "project": {"name": "日照某焦化公司新建6.25米焦炉", "equipment": "coke_oven", "capacity": 90,
                "city": "日照", "starts_on": "2023-06-01",
                "demand": {"coal": 1200000, "energy": 150000, "carbon": 380000, "pollutant": 850}},
    "sources": [{"name": "370403-CO-0003 焦炉（已退出）", "equipment": "coke_oven",
                 "exited_on": "2021-09-20",
                 "reductions": {"capacity": 93.4, "coal": 1250000, "energy": 156000,
                                "carbon": 390000, "pollutant": 900}}],
}  # fmt: skip


class DimensionOut(Schema):
    dimension: str
    label: str
    passed: bool
    required_ratio: float | None
    demand: float | None
    reduction: float
    unconfirmed: bool = Field(description="比例为缺省的 1:1，方案未规定（待确认）")
    reasons: list[str]


class AdmissionOut(Schema):
    project: str
    passed: bool
    dimensions: list[DimensionOut] = Field(description="五个减量替代，逐维度")
    exit_first: DimensionOut = Field(description="先压后上")


@router.post("/admission", response={200: AdmissionOut, **errors(400, 401, 403, 422, 429)},
             throttle=WRITES, openapi_extra=_examples({"新建焦炉": ADMISSION_EXAMPLE}),
             summary="“两高”项目准入审查：五个减量替代与先压后上（不保存）")  # fmt: skip
def admission_check(request: HttpRequest, body: AdmissionIn) -> Any:
    """Check a project file as ``resolute admission`` reads it (docs/examples/admission-project.json)."""
    if not is_official(request.auth):
        raise HttpError(403, "仅主管部门可进行准入审查")
    try:
        project, sources = admission.project_from_json(
            body.model_dump(mode="json", exclude_none=True)
        )
    except replacement.PlanError as exc:
        raise HttpError(422, f"项目文件有误：{exc}") from exc
    return admission.check_admission(project, sources, services.rules_today()).as_json()
