"""Limits on the API's writes (issue #16 point 4): a per-user rate (429 with Retry-After), at
most one queued or running assessment per scope, and superseded unpublished runs pruned.

The write counts live in a database table, so each test's are rolled back with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from province import issue_test_token

from resolute.web.assessments import services
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.ledger.models import City
from resolute.web.objections.models import Objection


@pytest.fixture
def tokens(users: dict[str, Any]) -> dict[str, str]:
    return {name: issue_test_token(user)[1] for name, user in users.items()}


def _post(token: str, path: str = "/api/runs", raw: str = "{}") -> Any:
    return Client().post(path, raw, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip


# ─── rate ───────────────────────────────────────────────────────────────────────


def test_writes_beyond_the_rate_are_429_with_retry_after(settings: Any, tokens: Any) -> None:
    settings.RESOLUTE_API_WRITE_RATE = "3/min"
    assert [_post(tokens["province"]).status_code for _ in range(3)] == [201, 201, 201]
    refused = _post(tokens["province"])
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "频繁" in refused.json()["detail"]
    assert AssessmentRun.objects.count() == 3


def test_the_rate_is_per_user_and_reads_are_not_counted(settings: Any, tokens: Any) -> None:
    settings.RESOLUTE_API_WRITE_RATE = "2/min"
    for _ in range(2):
        assert _post(tokens["province"]).status_code == 201
    assert _post(tokens["province"]).status_code == 429
    assert _post(tokens["zibo"]).status_code == 201  # another user, own count
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens['province']}"}
    assert all(Client().get("/api/runs", **headers).status_code == 200 for _ in range(5))


def test_every_write_counts_towards_one_rate(settings: Any, tokens: Any) -> None:
    settings.RESOLUTE_API_WRITE_RATE = "2/min"
    assert _post(tokens["province"]).status_code == 201
    assert _post(tokens["province"], "/api/replacement/admission", "{}").status_code == 422
    assert _post(tokens["province"], "/api/replacement/plans", "{}").status_code == 429


def test_the_window_slides(settings: Any, tokens: Any, monkeypatch: Any) -> None:
    settings.RESOLUTE_API_WRITE_RATE = "1/min"
    clock = [1_000_000.0]
    monkeypatch.setattr("resolute.web.api.limits.WriteRate.timer", lambda self: clock[0])
    assert _post(tokens["zibo"]).status_code == 201
    clock[0] += 59
    assert _post(tokens["zibo"]).status_code == 429
    clock[0] += 1.5
    assert _post(tokens["zibo"]).status_code == 201


# ─── one running assessment per scope ───────────────────────────────────────────


def _running(city: str | None = None, industry: str = "", **fields: Any) -> AssessmentRun:
    city_id = City.objects.get(name=city).pk if city else None
    return AssessmentRun.objects.create(scope_city_id=city_id, scope_industry=industry,
                                        status=AssessmentRun.Status.RUNNING, **fields)  # fmt: skip


def test_a_second_request_for_a_running_scope_returns_the_running_run(tokens: Any) -> None:
    running = _running("淄博")
    response = _post(tokens["zibo"])
    assert response.status_code == 200
    assert response.json()["id"] == running.pk and response.json()["status"] == "running"
    assert AssessmentRun.objects.count() == 1


def test_a_different_scope_starts_its_own_run(tokens: Any) -> None:
    _running("淄博")
    response = _post(tokens["linyi"])
    assert response.status_code == 201 and response.json()["scope_city"] == "临沂"
    province = _post(tokens["province"])  # 全省 is a scope of its own
    assert province.status_code == 201
    steel = _post(tokens["province"], raw='{"city": "淄博", "industry": "steel"}')
    assert steel.status_code == 201  # 淄博·钢铁 differs from 淄博


def test_a_queued_run_holds_its_scope_too(users: dict[str, Any]) -> None:
    queued = AssessmentRun.objects.create(scope_industry="coking")
    run, started = services.start_or_join(users["industry"], None, "coking")
    assert (run.pk, started) == (queued.pk, False)


def test_once_the_run_finished_a_new_one_starts(tokens: Any) -> None:
    running = _running("淄博")
    AssessmentRun.objects.filter(pk=running.pk).update(status=AssessmentRun.Status.DONE)
    assert _post(tokens["zibo"]).status_code == 201


def test_a_run_lost_for_longer_than_the_timeout_ends_as_failed(settings: Any, tokens: Any) -> None:
    settings.RESOLUTE_RUN_TIMEOUT_SECONDS = 3600
    stale = _running("淄博")
    AssessmentRun.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=3601))  # fmt: skip
    assert _post(tokens["zibo"]).status_code == 201
    stale.refresh_from_db()
    assert stale.status == "failed" and "60 分钟" in stale.message
    recent = _running("临沂")
    AssessmentRun.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=3500))  # fmt: skip
    assert _post(tokens["linyi"]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_active_run_of_a_scope(province_ledger: Any) -> None:
    """The rule holds even for two requests at the same instant: the index refuses."""
    city = City.objects.get(name="淄博")
    AssessmentRun.objects.create(scope_city=city, status="running")
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentRun.objects.create(scope_city=city, status="pending")
    AssessmentRun.objects.create(scope_city=city, status="done")  # finished ones are free
    AssessmentRun.objects.create(scope_city=None, status="pending")  # 全省: its own scope
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentRun.objects.create(scope_city=None, status="running")


def test_a_run_created_in_between_is_joined(users: dict[str, Any], monkeypatch: Any) -> None:
    """Between the check and the insert another request started one: that one comes back."""
    city = City.objects.get(name="淄博")
    real = services.active_run
    calls = []

    def late(city_id: int | None, industry: str = "") -> Any:
        calls.append(1)
        if len(calls) == 1:
            AssessmentRun.objects.create(scope_city=city, status="running")
            return None
        return real(city_id, industry)

    monkeypatch.setattr(services, "active_run", late)
    run, started = services.start_or_join(users["zibo"], city.pk, "")
    assert started is False and run.status == "running"
    assert AssessmentRun.objects.count() == 1


# ─── retention ──────────────────────────────────────────────────────────────────


def _finished(n: int, city: str | None = None, published: bool = False) -> list[AssessmentRun]:
    city_id = City.objects.get(name=city).pk if city else None
    runs = []
    for _ in range(n):
        run = services.start_run(None, city_id, "")
        run.refresh_from_db()
        assert run.status == "done"
        if published:
            AssessmentRun.objects.filter(pk=run.pk).update(published=True)
        runs.append(run)
    return runs


def test_starting_a_run_keeps_the_last_n_unpublished_of_its_scope(
    settings: Any, province_ledger: Any
) -> None:
    settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS = 2
    published = _finished(1, published=True)
    runs = _finished(4)
    # Each start pruned before its own run: the two newest finished ones and the new one stay.
    kept = set(AssessmentRun.objects.filter(scope_city=None).values_list("pk", flat=True))
    assert kept == {published[0].pk, runs[1].pk, runs[2].pk, runs[3].pk}
    gone = runs[0].pk
    assert not LineResult.objects.filter(run_id=gone).exists()
    assert not EnterpriseResult.objects.filter(run_id=gone).exists()
    assert LineResult.objects.filter(run_id=runs[3].pk).exists()


def test_pruning_spares_other_scopes_and_runs_an_objection_cites(
    settings: Any, province_ledger: Any, users: dict[str, Any]
) -> None:
    settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS = 1
    zibo = _finished(1, "淄博")
    old = _finished(1)[0]
    result = LineResult.objects.filter(run=old).first()
    assert result is not None
    Objection.objects.create(enterprise_id=result.enterprise_id, run=old, rule_id="r",
                             finding={}, reason="异议")  # fmt: skip
    _finished(3)
    assert AssessmentRun.objects.filter(pk=old.pk).exists()  # cited: kept
    assert AssessmentRun.objects.filter(pk=zibo[0].pk).exists()  # another scope
    assert AssessmentRun.objects.filter(scope_city=None).count() == 3  # cited + kept 1 + newest


def test_the_prune_command_applies_the_rule_to_every_scope(
    settings: Any, province_ledger: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS = 5
    _finished(3)
    _finished(2, "淄博")
    out = StringIO()
    call_command("prune_runs", "--keep", "1", stdout=out)
    assert AssessmentRun.objects.filter(scope_city=None).count() == 1
    assert AssessmentRun.objects.filter(scope_city__name="淄博").count() == 1
    assert "3" in out.getvalue()


def test_a_run_once_published_is_never_pruned(settings: Any, province_ledger: Any,
                                               users: dict[str, Any]) -> None:  # fmt: skip
    from resolute.web.audit.context import acting_as

    settings.RESOLUTE_KEEP_UNPUBLISHED_RUNS = 0
    withdrawn = _finished(1)[0]
    with acting_as(users["province"], via="网页"):
        services.publish_run(withdrawn, True)
        services.publish_run(withdrawn, False)
    _finished(2)
    assert AssessmentRun.objects.filter(pk=withdrawn.pk).exists()
