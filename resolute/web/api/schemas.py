"""What the JSON API takes and returns. Keys follow the interchange format (ledger.md) and
the assessment JSON (assessment.md), so a client reads the same names everywhere."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, create_model

from resolute.core import schema
from resolute.core.assessment import OUTCOME_LABELS, OUTCOMES
from resolute.core.schema import FieldSpec, Kind
from resolute.web.ledger.models import LINE_KEYS, PLAN_KEYS, YEAR_KEYS

T = TypeVar("T")

#: A line's attributes in the API: its interchange keys apart from identity and exit plan.
ATTRIBUTE_KEYS = tuple(k for k in LINE_KEYS if k not in ("line_id", "equipment"))
_EQUIPMENT_ONLY = {f.key: f.equipment for f in schema.LINE_FIELDS if f.equipment}

if TYPE_CHECKING:
    CityName = str
    IndustryCode = str
    EquipmentCode = str
    LineStatus = str
    Outcome = str
    YearFigures = Any
    ExitPlanOut = Any
else:
    #: One of Shandong's 16 cities, as 淄博 or 淄博市.
    CityName = Literal[tuple(c for name in schema.CITIES for c in (name, f"{name}市"))]
    IndustryCode = Literal[tuple(i.code for i in schema.INDUSTRIES)]
    EquipmentCode = Literal[tuple(e.code for e in schema.EQUIPMENT)]
    LineStatus = Literal[schema.LINE_FIELD_BY_KEY["status"].choice_codes()]
    Outcome = Literal[OUTCOMES]

Basis = Literal["national", "provincial"]

_PY_TYPES: dict[Kind, Any] = {
    Kind.NUMBER: float,
    Kind.INTEGER: int,
    Kind.BOOL: bool,
    Kind.DATE: dt.date,
}


def _model_of(name: str, specs: list[FieldSpec], doc: str) -> type[Schema]:
    """A schema whose fields are ``specs``, each optional (null means unknown, ledger.md)."""
    fields: dict[str, Any] = {}
    for spec in specs:
        py = _PY_TYPES.get(spec.kind, str)
        if spec.kind is Kind.ENUM:
            py = Literal[spec.choice_codes()]
        title = spec.label + (f"（{spec.unit}）" if spec.unit else "")
        fields[spec.key] = (py | None, Field(None, title=title, description=spec.note or None))
    model = create_model(name, __base__=Schema, __doc__=doc, **fields)
    return model


if not TYPE_CHECKING:
    YearFigures = _model_of(
        "YearFigures",
        [schema.ENTERPRISE_FIELD_BY_KEY[k] for k in ("year", *YEAR_KEYS)],
        "企业最近一个数据年度的经营数据。",
    )
    ExitPlanOut = _model_of(
        "ExitPlanOut",
        [schema.LINE_FIELD_BY_KEY[k] for k in PLAN_KEYS],
        "退出计划：退出方式、退出时限、责任单位、责任人。",
    )


def line_attributes(line: Any) -> dict[str, Any]:
    """The interchange keys that apply to ``line``: the common ones and its equipment's own."""
    return {key: getattr(line, key) for key in ATTRIBUTE_KEYS
            if key not in _EQUIPMENT_ONLY or line.equipment in _EQUIPMENT_ONLY[key]}  # fmt: skip


#: Free text a caller sends (names, search words): no control characters (a NUL cannot be
#: stored or searched on PostgreSQL), at most 200 characters — the same on every database.
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
Text = Annotated[str, StringConstraints(max_length=200, pattern=NO_CONTROL)]
#: An identifier in a path (credit code, line id, rule id): printable, at most 100 characters.
Ident = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_CONTROL)]
#: Database ids in paths: positive and within a 64-bit integer column on every database.
ID_MAX = 2**53
RunId = Annotated[
    int, Field(ge=1, le=ID_MAX, description="评估编号", json_schema_extra={"example": 1})
]
CreditCode = Annotated[
    Ident,
    Field(description="统一社会信用代码", json_schema_extra={"example": "91370303MA3C4D5E6Q"}),
]
LineId = Annotated[
    Ident, Field(description="生产线编号", json_schema_extra={"example": "370303-BF-0001"})
]
RuleId = Annotated[
    Ident,
    Field(description="规则编号", json_schema_extra={"example": "coking.technology.chamber_5_5"}),
]


def _iso_day(value: Any) -> Any:
    """A day written YYYY-MM-DD, nothing else (not a number of seconds, not 20210101)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValueError("应为日期，写作 YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value}”不是有效的日期（YYYY-MM-DD）") from None


#: A date in a request: only the text YYYY-MM-DD.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class Input(BaseModel):
    """A request body: finite numbers only (no NaN or infinity), no unknown keys. A plain
    pydantic model: ninja's Schema reads objects by attribute and would drop extra keys."""

    model_config = ConfigDict(allow_inf_nan=False, extra="forbid")


class PageIn(Schema):
    limit: int = Field(
        100, ge=1, le=1000, description="每页条数（1—1000）", json_schema_extra={"example": 20}
    )
    offset: int = Field(0, ge=0, le=10_000_000, description="跳过的条数（0—10000000）",
                        json_schema_extra={"example": 0})  # fmt: skip


class Page(Schema, Generic[T]):
    count: int = Field(description="符合条件的总条数")
    items: list[T]


class ErrorItem(Schema):
    loc: list[str | int] = Field(description='出错的位置，如 ["body", "project", "capacity"]')
    msg: str = Field(description="原因（中文）")
    type: str = Field(description="错误类别（机器可读）")


class Detail(Schema):
    """Every 4xx answer: ``detail`` says what went wrong in Chinese; for invalid input,
    ``errors`` lists each field at fault."""

    detail: str = Field(description="原因（中文）", examples=["未找到，或不在您的查看范围内"])
    errors: list[ErrorItem] | None = Field(None, description="逐项列出的输入错误（仅 400、422）")


# ─── ledger ─────────────────────────────────────────────────────────────────────


class LedgerFilters(Schema):
    """The filters of the ledger list (台账): every one optional, all combined."""

    city: Text | None = Field(
        None, description="所在市，如 淄博 或 淄博市", json_schema_extra={"example": "淄博"}
    )
    county: Text | None = Field(None, description="县（市、区）")
    industry: IndustryCode | None = Field(None, description="行业代码")
    equipment: EquipmentCode | None = Field(None, description="装置类型代码")
    status: LineStatus | None = Field(None, description="运行状态代码")
    q: Text | None = Field(None, description="企业名称或统一社会信用代码（部分匹配）")


class EnterpriseOut(Schema):
    credit_code: str
    name: str
    city: str = Field(alias="city.name")
    county: str
    industry: str
    industry_label: str = Field(alias="get_industry_display")
    line_count: int = 0


class LineBrief(Schema):
    line_id: str
    equipment: str
    equipment_label: str = Field(alias="get_equipment_display")
    status: str
    status_label: str = Field(alias="get_status_display")
    capacity: float | None
    capacity_unit: str


class EnterpriseDetail(EnterpriseOut):
    in_chemical_park: bool | None
    permits_unfixable: bool | None
    independent_coking: bool | None
    plant_coking_capacity_10kt: float | None
    in_steel_layout: bool | None
    figures: YearFigures | None = Field(None, description="最近一个数据年度的经营数据")
    lines: list[LineBrief]
    outcome: Outcome | None = Field(None, description="企业结论（最近一次评估）：其在产生产线"
                                    "（均已退出时为全部生产线）最差的结论，企业效益指标不达标时至少为限期整改")  # fmt: skip
    outcome_label: str | None = Field(None, description="企业结论的中文")
    outcome_reason: str | None = Field(None, description="企业结论的理由，一句话")

    @staticmethod
    def resolve_figures(obj: Any) -> Any:
        return obj.latest_year()

    @staticmethod
    def resolve_outcome(obj: Any) -> str | None:
        state = getattr(obj, "state", None)
        return state.outcome if state else None

    @staticmethod
    def resolve_outcome_label(obj: Any) -> str | None:
        state = getattr(obj, "state", None)
        return state.label if state else None

    @staticmethod
    def resolve_outcome_reason(obj: Any) -> str | None:
        state = getattr(obj, "state", None)
        return state.reason if state else None


class LineOut(Schema):
    line_id: str
    credit_code: str = Field(alias="enterprise.credit_code")
    enterprise_name: str = Field(alias="enterprise.name")
    city: str = Field(alias="enterprise.city.name")
    county: str = Field(alias="enterprise.county")
    industry: str = Field(alias="enterprise.industry")
    equipment: str
    equipment_label: str = Field(alias="get_equipment_display")
    status: str
    status_label: str = Field(alias="get_status_display")
    capacity: float | None
    capacity_unit: str
    attributes: dict[str, Any] = Field(
        description="该生产线适用的台账字段（键名见台账交换格式 ledger.md），null 表示未知"
    )
    exit_plan: ExitPlanOut | None = None
    exited_on: dt.date | None = Field(None, description="最近一次核实的实际退出日期")

    @staticmethod
    def resolve_attributes(obj: Any) -> dict[str, Any]:
        return line_attributes(obj)

    @staticmethod
    def resolve_exit_plan(obj: Any) -> dict[str, Any] | None:
        try:
            plan = obj.exit_plan
        except ObjectDoesNotExist:
            return None
        return {k: getattr(plan, k) for k in PLAN_KEYS}

    @staticmethod
    def resolve_exited_on(obj: Any) -> dt.date | None:
        # Annotated by the query (the latest verified exit), so no query per line.
        return getattr(obj, "latest_exit", None)


# ─── assessments ────────────────────────────────────────────────────────────────


class RunCounts(Schema):
    enterprises: dict[str, int] = Field(description="可见范围内各结论的企业数")
    lines: dict[str, int] = Field(description="可见范围内各结论的生产线数")


class RunOut(Schema):
    id: int
    status: str
    status_label: str
    progress: int
    message: str
    scope_city: str | None
    scope_industry: str
    scope_label: str
    created_at: dt.datetime
    created_by: str | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    rulebook_version: str
    as_of: dt.date | None = Field(description="评估基准日：按该日生效的政策版本评估")
    policy_versions: dict[str, str] = Field(
        description="所用各政策数据集的版本号（rulebook 规则库、targets 目标任务……）"
    )
    data_time: dt.datetime | None
    published: bool
    counts: RunCounts


class RunIn(Input):
    """The scope of a new assessment: an object (``{}`` for everything the caller may assess)."""

    city: CityName | None = Field(None, description="评估范围：市（市级用户固定为本市）",
                              examples=["淄博"])  # fmt: skip
    industry: IndustryCode | None = Field(None, description="评估范围：行业代码",
                                          examples=["steel"])  # fmt: skip
    as_of: dt.date | None = Field(None, description="评估基准日（默认今天）：按该日生效的政策版本评估",
                                  examples=["2022-12-31"])  # fmt: skip
    rulebook_version: str | None = Field(None, max_length=40,
                                         description="指定规则库版本号（已发布的版本或内置的 2021.1）",
                                         examples=["2021.1"])  # fmt: skip


class ResultFilters(Schema):
    outcome: Outcome | None = Field(None, description="结论：" + "、".join(
        f"{k} {v}" for k, v in OUTCOME_LABELS.items()))  # fmt: skip
    basis: Basis | None = Field(None, description="依据：national 国家标准，provincial 省定标准")
    city: Text | None = None
    industry: IndustryCode | None = None
    q: Text | None = Field(None, description="生产线编号、企业名称或统一社会信用代码")


class LineResultOut(Schema):
    line_id: str = Field(alias="line_code")
    credit_code: str
    enterprise_name: str | None
    city: str
    industry: str
    equipment: str
    status: str
    outcome: str
    outcome_label: str = Field(alias="get_outcome_display")
    basis: str | None
    findings: list[dict[str, Any]] = Field(description="各项标准的判定，与 assessment.md 一致")

    @staticmethod
    def resolve_enterprise_name(obj: Any) -> str | None:
        return obj.enterprise.name if obj.enterprise is not None else None

    @staticmethod
    def resolve_basis(obj: Any) -> str | None:
        return obj.basis or None


class EnterpriseResultOut(Schema):
    credit_code: str
    name: str
    city: str
    industry: str
    outcome: str
    outcome_label: str = Field(alias="get_outcome_display")
    basis: str | None
    findings: list[dict[str, Any]]

    @staticmethod
    def resolve_basis(obj: Any) -> str | None:
        return obj.basis or None


# ─── rules and public lists ─────────────────────────────────────────────────────


class DocumentRef(Schema):
    code: str
    title: str


class RuleOut(Schema):
    id: str
    industry: str
    industry_label: str
    standard: str
    standard_label: str
    basis: str
    basis_label: str
    subject: str
    equipment: list[str]
    determination: str | None
    fails_if: dict[str, Any] | None
    exempt_if: dict[str, Any] | None
    reading: str = Field(description="不符合的条件（中文）")
    exemption: str | None
    wording: str = Field(description="方案原文")
    clause: str
    documents: list[DocumentRef]
    precedence: list[dict[str, Any]]
    citation: str
    retrofit: dict[str, Any] | None = Field(
        default=None, description="以改造代替淘汰的条件与改造要求（二(三)4）"
    )


class RuleFilters(Schema):
    industry: IndustryCode | None = None
    standard: Literal["environment", "safety", "technology", "energy", "efficiency"] | None = None
    basis: Basis | None = None


class PublicRun(Schema):
    id: int
    finished_at: dt.datetime | None
    rulebook_version: str
    scope_label: str


class EliminationOut(Schema):
    line_id: str
    equipment: str
    equipment_label: str
    credit_code: str
    enterprise_name: str | None
    city: str
    industry: str
    industry_label: str
    basis: str | None
    basis_label: str | None
    exit_method: str | None
    exit_deadline: dt.date | None
    responsible_unit: str | None


class PublicEliminations(Schema):
    run: PublicRun | None = Field(description="最近一次已公开的评估；尚无公开评估时为 null")
    count: int
    items: list[EliminationOut]
