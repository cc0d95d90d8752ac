"""Running an assessment of the stored ledger and keeping its result as a snapshot."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from resolute.core import engine
from resolute.core.assessment import to_json
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.computed import services as computed
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise, Line
from resolute.web.policies import services as policy_services

log = logging.getLogger(__name__)
BATCH = 2000


def publish_run(run: AssessmentRun, publish: bool) -> bool:
    """Publish (or withdraw) a finished run's elimination list, recording who did it in the
    history. Returns whether anything changed; only finished runs can be published."""
    from resolute.web.audit.models import record

    if publish and run.status != AssessmentRun.Status.DONE:
        raise ValueError("评估完成后才能公示")
    with transaction.atomic():
        current = AssessmentRun.objects.select_for_update().get(pk=run.pk)
        if current.published == publish:
            return False
        AssessmentRun.objects.filter(pk=run.pk).update(published=publish)
        record(current, "update", {"published": current.published}, {"published": publish})
    run.published = publish
    return True


ACTIVE = (AssessmentRun.Status.PENDING, AssessmentRun.Status.RUNNING)


def start_run(
    user: Any,
    city_id: int | None = None,
    industry: str = "",
    as_of: dt.date | None = None,
    rulebook_version: str = "",
) -> AssessmentRun:
    """Start a run of the scope, or give the one of that scope already queued or running."""
    return start_or_join(user, city_id, industry, as_of=as_of,
                         rulebook_version=rulebook_version)[0]  # fmt: skip


def check_versions(as_of: dt.date, rulebook_version: str = "") -> policy_services.PolicySet:
    """The policy versions a run of ``as_of`` would use (raises PolicyError, in Chinese, when
    none is in force then or the named rulebook version is not published)."""
    return policy_services.in_force(as_of, rulebook=rulebook_version)


def active_run(city_id: int | None, industry: str = "") -> AssessmentRun | None:
    """The run of exactly this scope that is queued or running, if any."""
    return (
        AssessmentRun.objects.filter(
            scope_city_id=city_id, scope_industry=industry or "", status__in=ACTIVE
        )
        .order_by("created_at", "pk")
        .first()
    )


def start_or_join(
    user: Any,
    city_id: int | None = None,
    industry: str = "",
    as_of: dt.date | None = None,
    rulebook_version: str = "",
) -> tuple[AssessmentRun, bool]:
    """Create a run and start it (in the background unless RESOLUTE_RUNS_INLINE); ``True``
    with it. At most one run per scope is queued or running at a time: while one is, nothing
    is started and that run comes back with ``False``. The database holds the rule too (a
    unique index on the active runs' scope), so two requests at the same instant cannot both
    start one. Starting a run also prunes the scope's superseded unpublished runs.

    The run uses the policy versions in force on ``as_of`` (today when not given), or the
    rulebook version named by ``rulebook_version``; a date with no version in force or an
    unknown version is refused here, before anything is queued."""
    as_of = as_of or timezone.localdate()
    check_versions(as_of, rulebook_version)
    _end_stale(city_id, industry)
    existing = active_run(city_id, industry)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            run = AssessmentRun.objects.create(created_by=user, scope_city_id=city_id,
                                               scope_industry=industry or "", as_of=as_of,
                                               requested_rulebook=rulebook_version)  # fmt: skip
    except IntegrityError:
        existing = active_run(city_id, industry)
        if existing is None:  # it finished in between: a plain error, not a silent retry
            raise
        return existing, False
    prune_runs(city_id, industry)
    _launch(run)
    return run, True


def _end_stale(city_id: int | None, industry: str) -> None:
    """A run queued or running for longer than RESOLUTE_RUN_TIMEOUT_SECONDS has lost its
    worker: it ends as failed, so it no longer holds its scope."""
    limit = settings.RESOLUTE_RUN_TIMEOUT_SECONDS
    AssessmentRun.objects.filter(
        scope_city_id=city_id, scope_industry=industry or "", status__in=ACTIVE,
        created_at__lt=timezone.now() - dt.timedelta(seconds=limit),
    ).update(status=AssessmentRun.Status.FAILED, finished_at=timezone.now(),
             message=f"超过 {limit // 60} 分钟未完成，视为失败，可重新发起")  # fmt: skip


def _launch(run: AssessmentRun) -> None:
    """Queue the run as a background task (resolute.web.lib.background): the task is stored
    in the same database, so a worker sees it only once the run itself is committed."""
    if settings.RESOLUTE_RUNS_INLINE:
        execute(run.pk)
        return
    from resolute.web.assessments.tasks import run_assessment

    run_assessment.enqueue(run.pk)


def _referred_to_elsewhere(pks: list[int]) -> set[int]:
    """The runs among ``pks`` that a record of another app refers to (an objection names the
    run it disputes and the reassessment it led to). Found through the run's reverse
    relations, so this app need not know the apps that build on it."""
    own = {LineResult, EnterpriseResult}
    cited: set[int] = set()
    for relation in AssessmentRun._meta.related_objects:
        model: Any = relation.related_model  # a model class (no self-reference on runs)
        if model in own:
            continue
        field = relation.field
        cited |= set(
            model._base_manager.filter(**{f"{field.name}__in": pks}).values_list(
                field.attname, flat=True
            )
        )
    return cited


def prune_runs(city_id: int | None, industry: str = "", keep: int | None = None) -> int:
    """Delete the scope's superseded unpublished runs with their results; the number deleted.

    Kept: every published run, every run that was once published (the history names it),
    every queued or running one, every run an objection refers to, and the ``keep``
    (RESOLUTE_KEEP_UNPUBLISHED_RUNS) most recent finished unpublished ones. Results are
    snapshots that no one may change; a run that is removed goes whole.
    """
    from resolute.web.audit.models import AuditEvent

    keep = settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS if keep is None else keep
    finished = (
        AssessmentRun.objects.filter(
            scope_city_id=city_id, scope_industry=industry or "", published=False
        )
        .exclude(status__in=ACTIVE)
        .order_by("-created_at", "-pk")
    )
    candidates = list(finished.values_list("pk", flat=True)[keep:])
    cited = _referred_to_elsewhere(candidates)
    cited |= {int(pk) for pk in AuditEvent.objects.filter(
        model="assessmentrun", object_pk__in=[str(pk) for pk in candidates]
    ).values_list("object_pk", flat=True)}  # fmt: skip
    old = [pk for pk in candidates if pk not in cited]
    if not old:
        return 0
    with transaction.atomic():
        # Bulk deletes: the snapshots refuse to be deleted one by one (models._Snapshot).
        LineResult.objects.filter(run_id__in=old).delete()
        EnterpriseResult.objects.filter(run_id__in=old).delete()
        AssessmentRun.objects.filter(pk__in=old).delete()
    log.info("pruned %d superseded unpublished runs of scope %s/%s", len(old), city_id, industry)
    return len(old)


def _progress(run: AssessmentRun, percent: int, message: str) -> None:
    AssessmentRun.objects.filter(pk=run.pk).update(progress=percent, message=message)


def execute(run_id: int) -> AssessmentRun:
    run = AssessmentRun.objects.select_related("scope_city").get(pk=run_id)
    AssessmentRun.objects.filter(pk=run.pk).update(
        status=AssessmentRun.Status.RUNNING, started_at=timezone.now(), message="读取台账"
    )
    try:
        _assess(run)
    except Exception as exc:
        log.exception("assessment run %s failed", run_id)
        AssessmentRun.objects.filter(pk=run.pk).update(
            status=AssessmentRun.Status.FAILED, finished_at=timezone.now(),
            message=f"评估失败：{exc}"[:200],
        )  # fmt: skip
    return AssessmentRun.objects.get(pk=run_id)


def _assess(run: AssessmentRun) -> None:
    as_of = run.as_of or timezone.localtime(run.created_at).date()
    versions = policy_services.in_force(as_of, rulebook=run.requested_rulebook)
    book = versions.rulebook
    enterprises = Enterprise.objects.all()
    if run.scope_city_id:
        enterprises = enterprises.filter(city_id=run.scope_city_id)
    if run.scope_industry:
        enterprises = enterprises.filter(industry=run.scope_industry)
    data_time = max(
        (t for t in (enterprises.aggregate(t=models.Max("updated_at"))["t"],
                     Line.objects.filter(enterprise__in=enterprises)
                     .aggregate(t=models.Max("updated_at"))["t"]) if t),
        default=None,
    )  # fmt: skip
    ledger = ledger_for(enterprises)
    _progress(run, 10, f"评估 {ledger.lines.height} 条生产线")
    result = engine.assess(ledger, book)
    data = to_json(result, book)
    _progress(run, 40, "保存结果")

    ids = dict(enterprises.values_list("credit_code", "id"))
    line_ids = dict(Line.objects.filter(enterprise__in=enterprises).values_list("line_id", "id"))
    city_of = {e["credit_code"]: e["city"] for e in data["enterprises"]}
    total = len(data["lines"]) + len(data["enterprises"])
    done = 0
    with transaction.atomic():
        batch: list[LineResult] = []
        for v in data["lines"]:
            batch.append(LineResult(
                run=run, line_id=line_ids.get(v["line_id"]), enterprise_id=ids.get(v["credit_code"]),
                line_code=v["line_id"], credit_code=v["credit_code"], city=city_of[v["credit_code"]],
                industry=v["industry"], equipment=v["equipment"], status=v["status"],
                outcome=v["outcome"], basis=v["basis"] or "", findings=v["findings"],
            ))  # fmt: skip
            if len(batch) >= BATCH:
                LineResult.objects.bulk_create(batch)
                done += len(batch)
                batch = []
                _progress(run, 40 + 55 * done // max(total, 1), "保存结果")
        LineResult.objects.bulk_create(batch)
        EnterpriseResult.objects.bulk_create([
            EnterpriseResult(
                run=run, enterprise_id=ids.get(e["credit_code"]), credit_code=e["credit_code"],
                name=e["name"], city=e["city"], industry=e["industry"], outcome=e["outcome"],
                basis=e["basis"] or "", findings=e["findings"],
            )
            for e in data["enterprises"]
        ], batch_size=BATCH)  # fmt: skip
        AssessmentRun.objects.filter(pk=run.pk).update(
            status=AssessmentRun.Status.DONE, progress=100, message="完成",
            finished_at=timezone.now(), rulebook_version=result.rulebook_version,
            as_of=as_of, policy_versions=versions.record(),
            data_time=data_time, counts=data["summary"],
        )  # fmt: skip
        computed.changed()  # what is computed from the latest run, rebuilt once this commits
