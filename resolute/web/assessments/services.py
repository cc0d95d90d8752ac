"""Running an assessment of the stored ledger and keeping its result as a snapshot."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, models, transaction
from django.utils import timezone

from resolute.core import engine, rulebook
from resolute.core.assessment import to_json
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.ledger.convert import ledger_for
from resolute.web.ledger.models import Enterprise, Line

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


def start_run(user: Any, city_id: int | None = None, industry: str = "") -> AssessmentRun:
    """Create a run and start it (in the background unless RESOLUTE_RUNS_INLINE)."""
    run = AssessmentRun.objects.create(created_by=user, scope_city_id=city_id,
                                       scope_industry=industry or "")  # fmt: skip
    if settings.RESOLUTE_RUNS_INLINE:
        execute(run.pk)
    else:
        transaction.on_commit(lambda: threading.Thread(
            target=_execute_in_thread, args=(run.pk,), daemon=True, name=f"run-{run.pk}"
        ).start())  # fmt: skip
    return run


def _execute_in_thread(run_id: int) -> None:
    try:
        execute(run_id)
    finally:
        close_old_connections()


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
    book = rulebook.default()
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
            data_time=data_time, counts=data["summary"],
        )  # fmt: skip
