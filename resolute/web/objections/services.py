"""Who sees an objection, who answers it, and what accepting or rejecting it does.

Views parse the request and call these; every read starts from the user's scope
(:func:`resolute.web.accounts.scoping.enterprise_filter`), so an objection about an
enterprise outside it does not exist for that user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from resolute.core import schema, words
from resolute.core.ledger import CellError, check_text
from resolute.core.schema import FieldSpec, Kind
from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import enterprise_filter, profile_of
from resolute.web.assessments import queries
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import LINE_KEYS, YEAR_KEYS, Enterprise, LedgerVersion, Line
from resolute.web.ledger.services import EditConflict
from resolute.web.objections.models import Objection, ObjectionAttachment, ObjectionMessage

#: How a decision made on an objection shows in the change history.
VIA = "异议处理"
#: Results worth disputing; a passed or exempt finding is offered no dispute link.
DISPUTABLE_RESULTS = ("fail", "unknown")
#: Ledger fields an officer may correct from an objection, by where they are stored.
LINE_CORRECTABLE = tuple(k for k in LINE_KEYS if k not in ("line_id", "equipment"))
ENTERPRISE_CORRECTABLE = ("in_chemical_park", "permits_unfixable", "independent_coking",
                          "plant_coking_capacity_10kt", "in_steel_layout")  # fmt: skip


class NotOpen(Exception):
    """The objection was decided meanwhile (by someone else, or in another tab)."""


# ─── who ────────────────────────────────────────────────────────────────────────


def visible_objections(user: Any) -> QuerySet[Objection]:
    """Objections about the enterprises ``user`` may see; none for anyone without a role."""
    if profile_of(user) is None:
        return Objection.objects.none()
    return Objection.objects.filter(enterprise_filter(user, "enterprise__"))


def responsible_officer(enterprise: Enterprise) -> Any | None:
    """The officer an objection goes to: a city officer of the enterprise's city, preferably
    one in charge of its industry; without any, a provincial officer."""
    users = get_user_model().objects.filter(is_active=True).select_related("profile")
    officers = list(users.filter(profile__role=Role.CITY, profile__city_id=enterprise.city_id)
                    .order_by("pk"))  # fmt: skip
    for officer in officers:
        # Filtered here, not in SQL: a JSON list "contains" is not portable to SQLite.
        if enterprise.industry in (officer.profile.industries or []):
            return officer
    if officers:
        return officers[0]
    return users.filter(profile__role=Role.PROVINCE).order_by("pk").first()


def is_party(user: Any, objection: Objection) -> bool:
    """The enterprise that objects, the officer who answers, and the province may write."""
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.ENTERPRISE:
        return profile.enterprise_id == objection.enterprise_id
    return profile.role == Role.PROVINCE or objection.assigned_to_id == user.pk


def can_decide(user: Any, objection: Objection) -> bool:
    profile = profile_of(user)
    if profile is None:
        return False
    return profile.role == Role.PROVINCE or objection.assigned_to_id == user.pk


# ─── what is disputed ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Disputed:
    """A finding of the latest run on an enterprise, for one of its lines or for itself."""

    run: AssessmentRun
    line: Line | None
    finding: dict[str, Any]

    @property
    def view(self) -> words.FindingView:
        return words.finding_view(self.finding)


def latest_run_on(enterprise: Enterprise) -> AssessmentRun | None:
    """The latest finished run that assessed ``enterprise`` (runs cover whole enterprises)."""
    result = (
        EnterpriseResult.objects.filter(enterprise=enterprise, run__status=AssessmentRun.Status.DONE)
        .select_related("run")
        .order_by("-run__created_at", "-run_id")
        .first()
    )  # fmt: skip
    return result.run if result else None


def latest_finding(enterprise: Enterprise, line: Line | None, rule_id: str) -> Disputed | None:
    run = latest_run_on(enterprise)
    if run is None:
        return None
    result: LineResult | EnterpriseResult | None
    if line is not None:
        result = LineResult.objects.filter(run=run, line=line).first()
    else:
        result = EnterpriseResult.objects.filter(run=run, enterprise=enterprise).first()
    if result is None:
        return None
    for finding in result.findings:
        if finding.get("rule_id") == rule_id:
            return Disputed(run, line, finding)
    return None


@dataclass(frozen=True)
class Disputable:
    """A failed or unknown finding its enterprise may dispute: on a line, or on the whole."""

    line_code: str
    view: words.FindingView


def disputable_findings(enterprise: Enterprise) -> list[Disputable]:
    """Failed or unknown findings of the latest run on ``enterprise``, line by line."""
    run = latest_run_on(enterprise)
    if run is None:
        return []
    rows: list[tuple[str, list[dict[str, Any]]]] = [
        (r.line_code, r.findings)
        for r in LineResult.objects.filter(run=run, enterprise=enterprise).order_by("line_code")
    ]
    rows += [("", r.findings) for r in EnterpriseResult.objects.filter(run=run,
                                                                       enterprise=enterprise)]  # fmt: skip
    return [Disputable(line_code, words.finding_view(f)) for line_code, findings in rows
            for f in findings if f.get("result") in DISPUTABLE_RESULTS]  # fmt: skip


@dataclass(frozen=True)
class Reassessed:
    """The disputed rule's finding in the run that followed the decision, and the outcome."""

    view: words.FindingView
    outcome_label: str


def reassessed_finding(objection: Objection) -> Reassessed | None:
    """The same rule's finding in the run that followed the decision, to compare."""
    run = objection.reassessment
    if run is None or run.status != AssessmentRun.Status.DONE:
        return None
    result: LineResult | EnterpriseResult | None
    if objection.line_code:
        result = LineResult.objects.filter(run=run, line_code=objection.line_code).first()
    else:
        result = EnterpriseResult.objects.filter(run=run, enterprise=objection.enterprise).first()
    if result is None:
        return None
    for f in result.findings:
        if f.get("rule_id") == objection.rule_id:
            return Reassessed(words.finding_view(f), result.get_outcome_display())
    return None


# ─── what can be corrected ──────────────────────────────────────────────────────


@dataclass(frozen=True)
class Correctable:
    """One ledger value behind a finding: where it is stored and how it is typed."""

    spec: FieldSpec
    target: models.Model  # the Line, Enterprise or EnterpriseYear holding it

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def current(self) -> Any:
        return getattr(self.target, self.key)

    @property
    def unit(self) -> str:
        if self.key == "capacity" and isinstance(self.target, Line):
            return self.target.capacity_unit
        return self.spec.unit

    @property
    def nullable(self) -> bool:
        return bool(self.target._meta.get_field(self.key).null)

    def choices(self) -> list[tuple[str, str]]:
        codes = self.spec.choice_codes()
        if self.key == "process" and isinstance(self.target, Line):
            codes = schema.PROCESS_BY_EQUIPMENT.get(self.target.equipment, codes)
        return [(c, self.spec.label_of(c)) for c in codes]


def correctable_fields(objection: Objection) -> list[Correctable]:
    """The fields named by the disputed finding; for a computed figure (e.g. 单位用地税收)
    the two ledger figures it is computed from. Empty when the finding names none."""
    key = objection.finding.get("field")
    book = queries.rulebook_of(objection.run if objection.run_id is not None else None)
    keys = [key] if isinstance(key, str) else []
    if key in book.figures:
        keys = [book.figures[key].numerator, book.figures[key].denominator]
    out: list[Correctable] = []
    for k in keys:
        if k in LINE_CORRECTABLE and objection.line is not None:
            out.append(Correctable(schema.LINE_FIELD_BY_KEY[k], objection.line))
        elif k in ENTERPRISE_CORRECTABLE:
            out.append(Correctable(schema.ENTERPRISE_FIELD_BY_KEY[k], objection.enterprise))
        elif k in YEAR_KEYS:
            year = objection.enterprise.latest_year()
            if year is not None:
                out.append(Correctable(schema.ENTERPRISE_FIELD_BY_KEY[k], year))
    return out


# ─── what happens ───────────────────────────────────────────────────────────────


def attach(objection: Objection, upload: UploadedFile, user: Any,
           message: ObjectionMessage | None = None) -> ObjectionAttachment:  # fmt: skip
    return ObjectionAttachment.objects.create(
        objection=objection, message=message, file=upload, name=(upload.name or "附件")[:200],
        size=upload.size or 0, uploaded_by=user,
    )  # fmt: skip


def open_objection(user: Any, enterprise: Enterprise, disputed: Disputed, reason: str,
                   attachment: UploadedFile | None = None) -> Objection:  # fmt: skip
    with transaction.atomic():
        objection = Objection.objects.create(
            enterprise=enterprise, line=disputed.line,
            line_code=disputed.line.line_id if disputed.line else "",
            rule_id=disputed.finding["rule_id"], run=disputed.run, finding=disputed.finding,
            reason=reason, assigned_to=responsible_officer(enterprise), created_by=user,
        )  # fmt: skip
        if attachment is not None:
            attach(objection, attachment, user)
    return objection


def add_message(objection: Objection, user: Any, text: str,
                attachment: UploadedFile | None = None) -> ObjectionMessage:  # fmt: skip
    with transaction.atomic():
        message = ObjectionMessage.objects.create(objection=objection, author=user, text=text)
        if attachment is not None:
            attach(objection, attachment, user, message)
        objection.save(update_fields=["updated_at"])
    return message


def _lock_open(objection: Objection) -> Objection:
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if not locked.is_open:
        raise NotOpen(f"异议 #{objection.pk} 已处理")
    return locked


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _owner(target: models.Model) -> Enterprise | Line:
    """The versioned record a correctable value belongs to (a year's figures: the enterprise)."""
    if isinstance(target, Enterprise | Line):
        return target
    return target.enterprise


def stamp(fields: list[Correctable]) -> str:
    """The versions of the records behind ``fields``, as the correction form carries them:
    a correction prepared against other versions is refused (see :func:`accept`)."""
    owners = {(type(o).__name__, o.pk): o.version for o in (_owner(c.target) for c in fields)}
    return ";".join(f"{name}:{pk}:{v}" for (name, pk), v in sorted(owners.items()))


def _locked_fields(fields: list[Correctable]) -> list[Correctable]:
    """The same fields on freshly read, locked records (so that saving one writes the
    values stored now, not those read when the form was shown)."""
    out = []
    LedgerVersion.bump()  # before the rows are locked, as every ledger write does
    for c in fields:
        fresh = type(c.target)._base_manager.select_for_update().get(pk=c.target.pk)
        out.append(Correctable(c.spec, fresh))
    return out


def accept(objection: Objection, officer: Any, values: dict[str, Any], note: str,
           seen: str | None = None) -> Objection:  # fmt: skip
    """Correct the ledger as the officer found it (recorded as 异议处理), close the objection,
    then re-assess the enterprise's city and industry so the finding is decided afresh.

    ``seen`` is the :func:`stamp` of the form the officer filled in: if a record changed
    since (an import, another correction), nothing is written and
    :class:`~resolute.web.ledger.services.EditConflict` is raised."""
    fields = correctable_fields(objection)
    corrections: list[dict[str, Any]] = []
    _check_corrections(objection, officer, fields, values)
    with transaction.atomic():
        locked = _lock_open(objection)
        fields = _locked_fields(fields)
        if seen is not None and stamp(fields) != seen:
            raise EditConflict([f"企业 {objection.enterprise.credit_code} 的数据"])
        with acting_as(officer, via=VIA):
            bumped: set[tuple[str, int]] = set()
            for c in fields:
                if c.key not in values or values[c.key] == c.current:
                    continue
                before = c.current
                setattr(c.target, c.key, values[c.key])
                owner = _owner(c.target)
                key = (type(owner).__name__, owner.pk)
                if owner is c.target and key not in bumped:
                    owner.version += 1  # the record moves on: imports planned before conflict
                c.target.save()
                if owner is not c.target and key not in bumped:
                    type(owner).objects.filter(pk=owner.pk).update(version=owner.version + 1)
                bumped.add(key)
                corrections.append({"field": c.key, "label": c.spec.label, "unit": c.unit,
                                    "before": _jsonable(before),
                                    "after": _jsonable(values[c.key]),
                                    "before_text": words.value_text(before, c.key, places=None),
                                    "after_text": words.value_text(values[c.key], c.key, places=None)})  # fmt: skip
        locked.status = Objection.Status.ACCEPTED
        locked.decided_by, locked.decided_at = officer, timezone.now()
        locked.decision_reason, locked.corrections = note, corrections
        locked.save()
    enterprise = locked.enterprise
    run = start_run(officer, city_id=enterprise.city_id, industry=enterprise.industry)
    locked.reassessment = run
    locked.save(update_fields=["reassessment", "updated_at"])
    changed = "；".join(f"{c['label']}由“{c['before_text']}”更正为“{c['after_text']}”"
                       for c in corrections) or "未修改台账数据"  # fmt: skip
    text = f"接受异议。{changed}。已重新评估（评估 #{run.pk}）。"
    ObjectionMessage.objects.create(objection=locked, author=officer,
                                    text=text + (f"\n处理意见：{note}" if note else ""))  # fmt: skip
    return locked


class OutOfScope(PermissionError):
    """The officer may not change this enterprise (no longer in their scope)."""


def _check_corrections(objection: Objection, officer: Any, fields: list[Correctable],
                       values: dict[str, Any]) -> None:  # fmt: skip
    """Corrections go through the same checks as any other write to the ledger: the
    enterprise must be in the officer's scope now, and text values pass the core's check
    (the fields an objection corrects never move an enterprise's city or industry)."""
    if not Enterprise.objects.filter(
        enterprise_filter(officer), pk=objection.enterprise_id
    ).exists():
        raise OutOfScope(
            f"企业 {objection.enterprise.credit_code} 不在您的管辖范围内，不能更正其数据"
        )
    for c in fields:
        value = values.get(c.key)
        if c.spec.kind is Kind.TEXT and isinstance(value, str):
            try:
                check_text(c.spec, value)
            except CellError as exc:
                raise ValueError(f"{c.spec.label}：{exc}") from None


def reject(objection: Objection, officer: Any, reason: str) -> Objection:
    with transaction.atomic():
        locked = _lock_open(objection)
        locked.status = Objection.Status.REJECTED
        locked.decided_by, locked.decided_at = officer, timezone.now()
        locked.decision_reason = reason
        locked.save()
        ObjectionMessage.objects.create(objection=locked, author=officer,
                                        text=f"驳回异议。理由：{reason}")  # fmt: skip
    return locked
