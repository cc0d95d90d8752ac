"""Bridges between the stored ledger and the framework-free replacement, admission and credit
cores. The open credit records are computed once per ledger version and day into
:class:`~resolute.web.replacement.models.CreditDraftRow` (resolute.web.computed); the review
page and the officials' export read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from resolute.core import credit, replacement
from resolute.core.cities import city_sort_key
from resolute.core.ledger import Ledger
from resolute.web.accounts.models import Role
from resolute.web.accounts.permissions import allows
from resolute.web.accounts.scoping import enterprise_filter, lines_for, profile_of
from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import City, Enterprise, Line
from resolute.web.policies import services as policy_services
from resolute.web.replacement.models import (
    CreditDraftRow,
    CreditPublication,
    PublishedCreditRecord,
    ReplacementPlan,
    ReplacementSource,
)

CREDIT = "credit"


def credit_key(as_of: dt.date) -> str:
    return computed.key_of(ledger=computed.ledger_key(), as_of=as_of,
                           **policy_services.in_force(as_of).key("targets", "rulebook"))  # fmt: skip


def credit_snapshot(as_of: dt.date) -> computed.Snapshot:
    """The open credit records of the whole province on ``as_of``, computed once per ledger
    version and day (or the newest older list while that is computed)."""
    return computed.current(CREDIT, credit_key(as_of), build_credit,
                            {"as_of": as_of.isoformat()})  # fmt: skip


def refresh_credit() -> None:
    today = timezone.localdate()
    computed.refresh(CREDIT, credit_key(today), build_credit, {"as_of": today.isoformat()})


def draft_credit_records(as_of: dt.date) -> list[credit.CreditRecord]:
    """Open credit records of the whole province on ``as_of``, as computed from the ledger now:
    what the provincial office reviews before publishing. Never shown to the public as such.

    Deliberately unscoped: 二(四)9 makes these records public (信用中国（山东）), and the
    record names an enterprise and its credit code only — never a person.
    """
    ledger = ledger_for(Enterprise.objects.all())
    book = policy_services.in_force(as_of).targets
    return credit.open_records(credit.credit_records(ledger, as_of, book))


def build_credit(cset: ComputedSet, progress: computed.Progress) -> int:
    """Compute the open records (the core, once) and store them in the core's order."""
    progress("读取台账", 0, 1)
    records = draft_credit_records(dt.date.fromisoformat(cset.params["as_of"]))
    ids = dict(Enterprise.objects.values_list("credit_code", "id"))
    rows = (
        CreditDraftRow(
            computed_set=cset, position=i, enterprise_ref_id=ids[r.credit_code],
            credit_code=r.credit_code, enterprise=r.enterprise, city=r.city or "",
            city_rank=city_sort_key(r.city)[0], line_id=r.line_id, equipment=r.equipment,
            clause=r.clause, task=r.task, action=r.action, deadline=r.deadline,
            days_overdue=r.days_overdue, opened_on=r.opened_on,
        )
        for i, r in enumerate(records)
    )  # fmt: skip
    return computed.insert(CreditDraftRow, rows, progress, total=len(records))


def credit_rows(snapshot: computed.Snapshot, user: Any = None) -> QuerySet[CreditDraftRow]:
    """The shown set's records in the core's order; of ``user``'s enterprises when given."""
    rows = computed.rows_of(snapshot, CreditDraftRow).order_by("position")
    if user is not None:
        rows = rows.filter(enterprise_filter(user, "enterprise_ref__"))
    return rows


def latest_credit_publication() -> CreditPublication | None:
    """The list the public sees: the latest reviewed publication (None before the first)."""
    return CreditPublication.objects.select_related("published_by").first()


def record_key(record: Any) -> tuple[str, str, str]:
    return (record.credit_code, record.line_id, record.task)


def may_publish_credit(user: Any) -> bool:
    """Only the provincial office releases the credit list (as it publishes eliminations)."""
    return allows(user, "province")


def publish_credit_records(user: Any, as_of: dt.date, note: str = "") -> CreditPublication:
    """Freeze the records of ``as_of`` as the public list; the history names who did it. The
    records are those the reviewer saw when they were computed for the ledger as it is now;
    otherwise (the list is being computed) they are computed here."""
    snapshot = credit_snapshot(as_of)
    if snapshot.ready:
        records = [r.record() for r in credit_rows(snapshot)]
    else:
        records = draft_credit_records(as_of)
    with transaction.atomic():  # the actor is the request's (ActorMiddleware)
        publication = CreditPublication(as_of=as_of, published_by=user, note=note,
                                        count=len(records))  # fmt: skip
        publication.save()
        PublishedCreditRecord.objects.bulk_create([
            PublishedCreditRecord(
                publication=publication, position=i, credit_code=r.credit_code,
                enterprise=r.enterprise, city=r.city or "", line_id=r.line_id, clause=r.clause,
                task=r.task, action=r.action, deadline=r.deadline, days_overdue=r.days_overdue,
                opened_on=r.opened_on,
            ) for i, r in enumerate(records, start=1)
        ], batch_size=2000)  # fmt: skip
    return publication


# ─── replacement plans ──────────────────────────────────────────────────────────


def rules_today() -> replacement.Rules:
    """The replacement rules in force today: the groups, routes and ratios the forms offer
    and the plan and admission checks apply."""
    return policy_services.in_force(timezone.localdate()).replacement


def plans_for(user: Any) -> QuerySet[ReplacementPlan]:
    """Plans a user may see: the province all, a department those of its industries, a city
    those built in it; nobody else any."""
    profile = profile_of(user)
    qs = ReplacementPlan.objects.select_related("city", "created_by")
    if profile is None:
        return qs.none()
    if profile.role == Role.PROVINCE:
        return qs
    if profile.role == Role.DEPARTMENT:
        return qs.filter(industry__in=list(profile.industries))
    if profile.role == Role.CITY:
        return qs.filter(city_id=profile.city_id)
    return qs.none()


def to_core(plan: ReplacementPlan) -> replacement.Plan:
    """The core Plan of a stored plan and its sources."""
    sources = tuple(
        replacement.Source(
            capacity=s.capacity,
            line_id=s.line.line_id if s.line is not None else None,
            outside_province=s.outside_province,
            description=s.note,
            equipment=None if s.line is not None else plan.equipment,
            exited_on=s.exited_on,
            on_reduction_list=s.on_reduction_list,
        )
        for s in plan.sources.select_related("line").all()
    )
    return replacement.Plan(plan.plan_id, plan.project(), sources)


def from_core(core: replacement.Plan, user: Any) -> ReplacementPlan:
    """Store a core Plan (inside the caller's acting_as); its line sources must exist."""
    project = core.project
    city = City.objects.get(name=project.city)
    extra = dict(project.attributes)
    if project.route:
        extra["route"] = project.route
    with transaction.atomic():
        stored = ReplacementPlan(
            name=project.name or core.id, industry=project.industry,
            equipment=project.equipment, capacity=project.capacity, city=city,
            starts_on=project.starts_on, attributes=extra, created_by=user,
        )  # fmt: skip
        stored.full_clean()
        stored.save()
        for src in core.sources:
            line = Line.objects.get(line_id=src.line_id) if src.line_id else None
            ReplacementSource(
                plan=stored, line=line, outside_province=src.outside_province,
                capacity=src.capacity, on_reduction_list=src.on_reduction_list,
                note=src.description, exited_on=src.exited_on,
            ).save()  # fmt: skip
    return stored


class SourceError(ValueError):
    """A source (or plan) the user cannot use, with the row at fault."""


def check_scope(core: replacement.Plan, user: Any) -> None:
    """A plan a user may file: in its city (city officers), of its industries (departments),
    drawing only on lines it may see. Raises SourceError naming what is out of scope."""
    profile = profile_of(user)
    role = profile.role if profile is not None else None
    city = profile.city if profile is not None and role == Role.CITY else None
    if city is not None and core.project.city != city.name:
        raise SourceError(f"只能登记本市（{city.name}）的置换方案")
    if (
        profile is not None
        and role == Role.DEPARTMENT
        and (core.project.industry not in profile.industries)
    ):
        raise SourceError("该装置不属于您主管的行业")
    visible = lines_for(user)
    for src in core.sources:
        if src.line_id and not visible.filter(line_id=src.line_id).exists():
            raise SourceError(f"生产线“{src.line_id}”不存在或不在您的管辖范围内")


def _all_plans() -> list[replacement.Plan]:
    return [to_core(p) for p in ReplacementPlan.objects.select_related("city")]


def _source_ledger() -> Ledger:
    """The stored ledger of every enterprise any plan draws capacity from.

    Deliberately unscoped: whether a unit of capacity was already used is a fact about the
    whole province, whoever asks.
    """
    used = Line.objects.filter(replacement_sources__isnull=False).values("enterprise_id")
    return ledger_for(Enterprise.objects.filter(pk__in=used))


def check_stored(plan: ReplacementPlan) -> replacement.Verdict:
    """Run every check on a stored plan against the stored ledger and every other plan, under
    the replacement rules and targets in force today, and keep the verdict so that the list
    shows it."""
    others = [p for p in _all_plans() if p.id != plan.plan_id]
    in_force = policy_services.in_force(timezone.localdate())
    verdict = replacement.check_plan(to_core(plan), _source_ledger(), others,
                                     in_force.replacement, in_force.targets)  # fmt: skip
    body = verdict.as_json()
    if plan.verdict != body or plan.status != ReplacementPlan.Status.CHECKED:
        plan.verdict = body
        plan.status = ReplacementPlan.Status.CHECKED
        plan.save()
    return verdict


def capacity_entries(user: Any) -> list[replacement.LedgerEntry]:
    """The capacity ledger of every line the user may see that any plan counts."""
    visible = set(lines_for(user).values_list("line_id", flat=True))
    entries = replacement.capacity_ledger(_all_plans(), _source_ledger())
    return [e for e in entries if e.line_id in visible]


def parse_line_sources(text: str, user: Any) -> list[tuple[Line, float | None]]:
    """Rows of ``line_id[,capacity]``; every line must be one the user may see."""
    visible = lines_for(user)
    out: list[tuple[Line, float | None]] = []
    for number, row in enumerate(text.splitlines(), start=1):
        row = row.strip()
        if not row:
            continue
        parts = [p.strip() for p in row.replace("，", ",").split(",")]
        if len(parts) > 2:
            raise SourceError(f"第 {number} 行：应写作“生产线编号[,计入产能]”")
        line = visible.filter(line_id=parts[0]).first()
        if line is None:
            raise SourceError(f"第 {number} 行：生产线“{parts[0]}”不存在或不在您的管辖范围内")
        capacity = None
        if len(parts) == 2 and parts[1]:
            capacity = replacement.parse_number(parts[1], f"第 {number} 行计入产能")
        out.append((line, capacity))
    return out


def parse_outside_sources(text: str) -> list[tuple[str, float, dt.date | None]]:
    """Rows of ``description,capacity[,exited_on]`` for capacity from outside the province."""
    out: list[tuple[str, float, dt.date | None]] = []
    for number, row in enumerate(text.splitlines(), start=1):
        row = row.strip()
        if not row:
            continue
        parts = [p.strip() for p in row.replace("，", ",").split(",")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise SourceError(f"省外第 {number} 行：应写作“说明,产能[,退出日期]”")
        capacity = replacement.parse_number(parts[1], f"省外第 {number} 行产能")
        exited = None
        if len(parts) == 3 and parts[2]:
            exited = replacement.parse_date(parts[2], f"省外第 {number} 行退出日期")
        out.append((parts[0], capacity, exited))
    return out


def create_plan(
    user: Any,
    plan: ReplacementPlan,
    lines: list[tuple[Line, float | None]],
    outside: list[tuple[str, float, dt.date | None]],
) -> ReplacementPlan:
    """Save a validated plan and its sources together."""
    with transaction.atomic():
        plan.created_by = user
        plan.save()
        for line, capacity in lines:
            ReplacementSource(plan=plan, line=line, capacity=capacity).save()
        for note, capacity, exited in outside:
            ReplacementSource(plan=plan, outside_province=True, capacity=capacity, note=note,
                              exited_on=exited).save()  # fmt: skip
    return plan


def official_credit_records(user: Any, as_of: dt.date) -> list[credit.CreditRecord]:
    """Open credit records of the enterprises an official may see (the stored list of
    ``as_of``, or the newest older one while it is computed)."""
    return [r.record() for r in credit_rows(credit_snapshot(as_of), user)]
