"""The work of a province in the demo: objections, key projects, replacement plans, city
plans and quarterly reports, each in every state a page can show.

A ledger alone leaves half the pages empty. These records are what two years of the plan
leave behind: enterprises disputing findings (some waiting, some rejected with reasons, some
accepted and corrected), the provincial key projects from 储备 to 投产, capacity-replacement
plans drafted and checked against the ledger's exited lines, the cities' "三个一批" plans
(on time, late, in draft, missing) and their quarterly reports with a few gaps. All of it
comes from ``random.Random(seed)`` and the stored ledger, through the same services the
pages use, so that it is recorded and checked like anything an official enters.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from resolute.core import schema
from resolute.core.cities import city_sort_key
from resolute.web.accounts.models import Profile, Role
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.ledger.models import City, Enterprise, Line
from resolute.web.objections import services as objections
from resolute.web.objections.models import Objection
from resolute.web.plans.models import CityPlan, CityPlanItem
from resolute.web.quarters.models import QuarterlyReport
from resolute.web.replacement.models import ReplacementPlan
from resolute.web.replacement.services import check_stored, create_plan
from resolute.web.targets.models import KeyProject, Stage

#: How many objections, by their end state.
OBJECTIONS = {"open": 18, "rejected": 8, "accepted": 6}

REASONS = {
    "technology": (
        "该装置已于2020年完成改造，实际参数与台账不符，附改造验收报告。",
        "台账所填参数为设计值，经第三方检测，实际参数已达到标准要求。",
    ),
    "efficiency": (
        "2020年用地面积含代管的物流园区土地，应予扣除；扣除后单位用地税收达标。",
        "综合能耗含供园区企业的蒸汽，应按供出量扣除，扣除后指标达标。",
        "从业人员含劳务派遣人员，按年平均在岗职工计算后人均收入达标。",
    ),
    "environment": ("已于2021年3月完成超低排放改造并通过生态环境部门验收，附验收意见。",),
    "safety": ("安全隐患已于2021年5月整改完毕，应急管理部门已复查销号，附复查意见。",),
    "energy": ("节能监察认定所依据的是2019年数据，2020年单位产品能耗已达到限额标准。",),
}
DEFAULT_REASON = ("台账数据有误，申请核实更正。",)
REJECTIONS = (
    "经现场核查，所附材料不能证明装置参数已改变，维持原结论。",
    "所称扣除事项缺少不动产权证明，不予扣除，维持原结论。",
    "验收意见的日期晚于评估基准日，下次评估时再予考虑。",
)
OFFICER_QUESTIONS = (
    "请补充提供改造项目的竣工验收报告和设备铭牌照片。",
    "请提供2020年度能源统计报表（205-1表）加盖公章的扫描件。",
)
#: 山东“十强”产业 (the province's ten priority industries), for key projects.
SECTORS = ("新一代信息技术", "高端装备", "新能源新材料", "现代海洋", "医养健康", "高端化工",
           "现代高效农业", "文化创意", "精品旅游", "现代金融")  # fmt: skip
PROJECT_WORDS = ("产业园", "智能制造基地", "新材料项目", "研发中心", "扩能改造项目", "产业化项目")
STAGE_CARDS = ("reserve",) * 1 + ("signed",) * 1 + ("started",) * 6 + ("operating",) * 6
#: Key projects follow the economy: more in 济南, 青岛, 烟台, 潍坊 (a rough weight).
CITY_PROJECT_WEIGHT = {"济南": 12, "青岛": 14, "烟台": 10, "潍坊": 10, "淄博": 7, "济宁": 7,
                       "临沂": 7, "威海": 4, "日照": 4, "枣庄": 3, "东营": 5, "泰安": 4,
                       "德州": 4, "聊城": 4, "滨州": 4, "菏泽": 4}  # fmt: skip


def load(users: dict[str, Any], seed: int, today: dt.date) -> dict[str, int]:
    """Create the demo's work records once; counts of what was made."""
    rng = random.Random(seed * 7919 + 13)
    return {
        "objections": _objections(rng, users),
        "key_projects": _key_projects(rng),
        "replacement_plans": _replacement_plans(rng, users["province"]),
        "city_plans": _city_plans(rng, users["province"]),
        "quarterly_reports": _quarterly_reports(rng, users["province"], today),
    }


# ─── objections ────────────────────────────────────────────────────────────────


def _objections(rng: random.Random, users: dict[str, Any]) -> int:
    run = (
        AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE, published=True)
        .order_by("-pk")
        .first()
    )
    if run is None or Objection.objects.exists():
        return 0
    candidates = _disputed_findings(run)
    # The demo's city officers (淄博, 临沂) and the demo enterprise find work waiting.
    mine = [c for c in candidates if c[0].city.name in ("淄博", "临沂")]
    others = [c for c in candidates if c[0].city.name not in ("淄博", "临沂")]
    rng.shuffle(mine)
    rng.shuffle(others)
    firm = users.get("enterprise")
    own = [c for c in candidates if firm is not None and c[0] == _enterprise_of(firm)]
    chosen: list[tuple[Enterprise, Line | None, dict[str, Any]]] = own[:1]
    seen = {c[0].pk for c in chosen}
    total = sum(OBJECTIONS.values())
    for c in [*mine[:12], *others]:
        if len(chosen) >= total:
            break
        if c[0].pk not in seen:
            chosen.append(c)
            seen.add(c[0].pk)
    states = ["open"] * OBJECTIONS["open"] + ["rejected"] * OBJECTIONS["rejected"]
    states += ["accepted"] * OBJECTIONS["accepted"]
    rng.shuffle(states)
    if own:
        states[0] = "open"  # the demo enterprise's own objection is still waiting
    made = 0
    for (enterprise, line, finding), state in zip(chosen, states, strict=False):
        author = _enterprise_user(enterprise, firm)
        disputed = objections.Disputed(run, line, finding)
        texts = REASONS.get(str(finding.get("standard")), DEFAULT_REASON)
        objection = objections.open_objection(author, enterprise, disputed, rng.choice(texts))
        officer = objection.assigned_to or users["province"]
        made += 1
        if state == "open":
            if rng.random() < 0.4:
                objections.add_message(objection, officer, rng.choice(OFFICER_QUESTIONS))
        elif state == "rejected":
            objections.reject(objection, officer, rng.choice(REJECTIONS))
        else:
            _accept(objection, officer)
        # Filed after the publication of the list, in the weeks the plan allowed.
        filed = timezone.now() - dt.timedelta(days=rng.randint(2, 40), hours=rng.randint(0, 9))
        Objection.objects.filter(pk=objection.pk).update(created_at=filed)
    return made


def _disputed_findings(run: AssessmentRun) -> list[tuple[Enterprise, Line | None, dict[str, Any]]]:
    """Failed findings of the published run: one per enterprise, line findings first."""
    found: dict[int, tuple[Enterprise, Line | None, dict[str, Any]]] = {}
    lines = (
        LineResult.objects.filter(run=run, outcome__in=("eliminate", "rectify"))
        .exclude(line=None)
        .select_related("line", "enterprise", "enterprise__city")
        .order_by("credit_code", "line_code")
    )
    for r in lines:
        if r.enterprise_id is None or r.enterprise_id in found or r.line is None:
            continue
        failed = [f for f in r.findings or [] if f.get("result") == "fail"]
        if failed and r.line.status != "exited" and r.enterprise is not None:
            found[r.enterprise_id] = (r.enterprise, r.line, failed[0])
    ents = (
        EnterpriseResult.objects.filter(run=run, outcome="rectify")
        .select_related("enterprise", "enterprise__city")
        .order_by("credit_code")
    )
    for e in ents:
        if e.enterprise_id is None or e.enterprise_id in found or e.enterprise is None:
            continue
        failed = [f for f in e.findings or [] if f.get("result") == "fail"
                  and f.get("standard") == "efficiency"]  # fmt: skip
        if failed:
            found[e.enterprise_id] = (e.enterprise, None, failed[0])
    return sorted(found.values(), key=lambda c: c[0].credit_code)


def _enterprise_of(user: Any) -> Enterprise | None:
    profile = Profile.objects.filter(user=user).select_related("enterprise").first()
    return profile.enterprise if profile else None


def _enterprise_user(enterprise: Enterprise, firm_user: Any) -> Any:
    """The enterprise's own user (one per objecting enterprise; no password: not for login)."""
    if firm_user is not None and _enterprise_of(firm_user) == enterprise:
        return firm_user
    User = get_user_model()
    user, created = User.objects.get_or_create(username=f"qy{enterprise.credit_code.lower()}")
    if created:
        user.set_unusable_password()
        user.save()
        Profile.objects.update_or_create(user=user, defaults={
            "role": Role.ENTERPRISE, "enterprise": enterprise, "display_name": enterprise.name,
        })  # fmt: skip
    return user


def _accept(objection: Objection, officer: Any) -> None:
    """Accept with the correction the enterprise asked for: the divisor it says was too big
    (land, energy, staff) or the parameter it says was changed, by the figure it gave."""
    values: dict[str, Any] = {}
    for field in objections.correctable_fields(objection):
        current = field.current
        if field.key in ("land_area_mu", "energy_tce", "employees") and current:
            values[field.key] = type(current)(round(current * 0.7, 1))
            break
    note = "经核实，企业所述属实，已按核实后的数据更正台账。"
    objections.accept(objection, officer, values, note)


# ─── key projects ──────────────────────────────────────────────────────────────


def _key_projects(rng: random.Random) -> int:
    """About 1,050 provincial key projects a year (the plan asks for 1,000 or more under
    way each year, 四(一)), spread over the cities, most of them started or in operation."""
    if KeyProject.objects.exists():
        return 0
    cities = sorted(City.objects.all(), key=lambda c: city_sort_key(c.name))
    weights = [CITY_PROJECT_WEIGHT.get(c.name, 5) for c in cities]
    projects: list[KeyProject] = []
    for year in (2021, 2022):
        for n in range(rng.randint(1030, 1090)):
            city = rng.choices(cities, weights)[0]
            sector = rng.choice(SECTORS)
            stage = rng.choice(STAGE_CARDS)
            if year == 2021 and stage == "reserve":
                stage = "started"
            word = rng.choice(PROJECT_WORDS)
            projects.append(KeyProject(
                name=f"{city.name}{sector}{word}（{year}-{n + 1:04d}）",
                city=city, sector=sector, year=year, stage=Stage(stage),
                investment=round(rng.uniform(5.0, 120.0), 1),
                emerging_or_shortfall=rng.random() < 0.66,
            ))  # fmt: skip
    return len(KeyProject.objects.create_recorded(projects))


# ─── capacity-replacement plans ────────────────────────────────────────────────


def _replacement_plans(rng: random.Random, user: Any) -> int:
    """New cement mills and coke ovens replacing exited ones: some checked, some drafts,
    one short of its ratio (so the check has something to say)."""
    if ReplacementPlan.objects.exists():
        return 0
    made = 0
    specs = (
        ("cement", "cement_mill", "cement_mill", 40.0, {"diameter_m": 4.2}, "新建粉磨生产线"),
        ("cement", "cement_mill", "cement_mill", 30.0, {"diameter_m": 4.0}, "粉磨站整合项目"),
        ("coking", "coke_oven", "coke_oven", 60.0, {"chamber_height_m": 6.78,
                                                  "oven_type": "top_charged"}, "焦化升级项目"),
        ("cement", "cement_mill", "cement_mill", 45.0, {"diameter_m": 4.6}, "水泥粉磨减量置换项目"),
    )  # fmt: skip
    used: set[int] = set()
    for i, (industry, equipment, source_kind, capacity, attrs, word) in enumerate(specs):
        sources = list(
            Line.objects.filter(equipment=source_kind, status="exited")
            .exclude(pk__in=used)
            .select_related("enterprise__city")
            .order_by("line_id")[:40]
        )
        rng.shuffle(sources)
        picked: list[Line] = []
        total = 0.0
        need = capacity * (1.8 if i == 3 else 2.2)  # the last one falls short of 2:1
        for line in sources:
            if total >= need:
                break
            if line.capacity:
                picked.append(line)
                total += line.capacity
        if not picked:
            continue
        used.update(line.pk for line in picked)
        city = picked[0].enterprise.city
        plan = ReplacementPlan(
            name=f"{city.name}{word}", industry=industry, equipment=equipment,
            capacity=capacity, city=city, starts_on=dt.date(2023, 3 + i, 1), attributes=attrs,
        )  # fmt: skip
        create_plan(user, plan, [(line, None) for line in picked], [])
        if i != 1:  # one is left as a draft
            check_stored(plan)
        made += 1
    return made


# ─── the cities' "三个一批" plans ────────────────────────────────────────────────


def _city_plans(rng: random.Random, user: Any) -> int:
    """Twelve cities on time, two late, one in draft, one with nothing filed; each plan
    lists most (not all) of the city's lines due to exit, so the check finds gaps."""
    if CityPlan.objects.exists():
        return 0
    cities = sorted(City.objects.all(), key=lambda c: city_sort_key(c.name))
    fates = ["on_time"] * 12 + ["late"] * 2 + ["draft", "none"]
    rng.shuffle(fates)
    made = 0
    for city, fate in zip(cities, fates, strict=True):
        if fate == "none":
            continue
        plan = CityPlan(city=city)
        if fate in ("on_time", "late"):
            day = dt.date(2021, 4, rng.randint(12, 29)) if fate == "on_time" else \
                dt.date(2021, 5, rng.randint(6, 28))  # fmt: skip
            plan.status = CityPlan.Status.SUBMITTED
            plan.submitted_at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16))
            plan.submitted_by = user
        plan.save()
        lines = (
            Line.objects.filter(enterprise__city=city, exit_plan__isnull=False)
            .select_related("enterprise", "exit_plan")
            .order_by("line_id")
        )
        for line in lines:
            if rng.random() < 0.12:  # left out: a gap the check will list
                continue
            deadline = line.exit_plan.exit_deadline
            CityPlanItem(
                plan=plan, kind="eliminate", industry=line.enterprise.industry,
                year=deadline.year if deadline else 2022, line_id=line.line_id,
                credit_code=line.enterprise.credit_code, enterprise_name=line.enterprise.name,
                planned_on=deadline or dt.date(2022, 12, 31),
            ).save()  # fmt: skip
        for kind, word in (("upgrade", "智能化改造"), ("cultivate", "培育壮大")):
            for industry in rng.sample([i.code for i in schema.INDUSTRIES], 2):
                CityPlanItem(plan=plan, kind=kind, industry=industry, year=rng.choice((2021, 2022)),
                             note=f"{schema.INDUSTRY_BY_CODE[industry].label}{word}").save()  # fmt: skip
        made += 1
    return made


# ─── quarterly reports ─────────────────────────────────────────────────────────


def _quarters(first: str, last: str) -> list[str]:
    year, q = int(first[:4]), int(first[-1])
    out = []
    while f"{year}Q{q}" <= last:
        out.append(f"{year}Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def _city_officer(city: City) -> Any | None:
    profile = Profile.objects.filter(role=Role.CITY, city=city).select_related("user").first()
    return profile.user if profile else None


def _quarterly_reports(rng: random.Random, user: Any, today: dt.date) -> int:
    """Reports from 2021Q2 to the last quarter before ``today`` (within the plan's 2024Q4):
    nearly every city every quarter during the plan's term, fewer after it."""
    if QuarterlyReport.objects.exists():
        return 0
    current = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    last = min("2024Q4", _quarters("2021Q1", current)[-2] if current > "2021Q1" else "2021Q1")
    cities = sorted(City.objects.all(), key=lambda c: city_sort_key(c.name))
    officers = {c.pk: _city_officer(c) for c in cities}
    made = 0
    for quarter in _quarters("2021Q2", last):
        share = 0.94 if quarter <= "2022Q4" else 0.7
        for city in cities:
            if rng.random() > share:
                continue
            exited = rng.randint(0, 6) if quarter <= "2022Q4" else rng.randint(0, 2)
            narrative = (
                f"{city.name}市{quarter[:4]}年第{quarter[-1]}季度“三个坚决”推进情况：本季度完成"
                f"{exited}条生产线退出核实，逾期未完成事项已逐项明确责任单位和完成时限；"
                f"省级重点项目按计划推进。"
            )
            figures = {"本季度退出生产线": f"{exited} 条",
                       "新开工重点项目": f"{rng.randint(0, 4)} 个"}  # fmt: skip
            year, q = int(quarter[:4]), int(quarter[-1])
            end = dt.date(year, 3 * q, 1) + dt.timedelta(days=rng.randint(25, 40))
            QuarterlyReport(
                city=city, quarter=quarter, narrative=narrative, figures=figures,
                submitted_by=officers[city.pk],
                submitted_at=timezone.make_aware(dt.datetime(end.year, end.month, end.day, 10)),
            ).save()  # fmt: skip
            made += 1
    return made
