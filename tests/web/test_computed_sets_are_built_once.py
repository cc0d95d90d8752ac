"""A computed set is built once per key, by one background task, and a page is never shown
half a set: while a set is built the newest ready one is shown, flagged stale, or none."""

from __future__ import annotations

from typing import Any

import pytest

from resolute.web.computed import services
from resolute.web.computed.models import ComputedSet
from resolute.web.computed.services import current, key_of

BUILT: list[str] = []


def build_counting(cset: ComputedSet, progress: services.Progress) -> int:
    BUILT.append(cset.key)
    progress("计算", 1, 1)
    return 7


def build_failing(cset: ComputedSet, progress: services.Progress) -> int:
    raise RuntimeError("boom")


DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _reset() -> None:
    BUILT.clear()


@pytest.mark.django_db
def test_a_missing_set_is_built_at_once_when_tasks_run_immediately() -> None:
    snap = current("demo", key_of(ledger="1.a", as_of="2022-01-01"), build_counting)
    assert snap.ready and not snap.stale
    assert snap.set is not None and snap.set.row_count == 7
    assert snap.set.status == ComputedSet.Status.READY
    again = current("demo", key_of(ledger="1.a", as_of="2022-01-01"), build_counting)
    assert again.set == snap.set
    assert BUILT == ["ledger=1.a|as_of=2022-01-01"]


@pytest.mark.django_db
def test_while_a_set_is_queued_the_page_gets_none_then_the_older_set_flagged_stale(
    settings: Any,
) -> None:
    settings.TASKS = DUMMY
    first = current("demo", "k1", build_counting)
    assert first.set is None and first.pending is not None and not first.ready
    assert current("demo", "k1", build_counting).pending == first.pending  # queued once
    assert ComputedSet.objects.filter(kind="demo").count() == 1
    services.run(first.pending.pk)
    services.run(first.pending.pk)  # a task delivered twice builds once
    assert BUILT == ["k1"]
    second = current("demo", "k2", build_counting)
    assert second.stale and second.set is not None and second.set.key == "k1"
    assert second.as_of is not None


@pytest.mark.django_db
def test_a_failed_build_is_marked_with_its_reason_and_nothing_is_shown(settings: Any) -> None:
    settings.TASKS = DUMMY
    snap = current("demo", "bad", build_failing)
    assert snap.pending is not None
    with pytest.raises(RuntimeError):
        services.run(snap.pending.pk)
    again = current("demo", "bad", build_failing)
    assert again.failed and again.set is None
    assert again.pending is not None and "计算过程中出错" in again.pending.error


@pytest.mark.django_db
def test_only_the_newest_two_ready_sets_of_a_kind_are_kept() -> None:
    for key in ("a", "b", "c"):
        current("demo", key, build_counting)
    current("other", "x", build_counting)
    kept = set(ComputedSet.objects.filter(kind="demo").values_list("key", flat=True))
    assert kept == {"b", "c"}
    assert ComputedSet.objects.filter(kind="other").count() == 1


@pytest.mark.django_db
def test_rebuilds_after_changes_are_debounced_to_one_waiting_build(settings: Any) -> None:
    settings.TASKS = DUMMY
    services.refresh("demo", "v1", build_counting)
    services.refresh("demo", "v2", build_counting)
    services.refresh("demo", "v3", build_counting)
    waiting = ComputedSet.objects.filter(kind="demo")
    assert list(waiting.values_list("key", flat=True)) == ["v3"]
    services.run(waiting.get().pk)
    assert BUILT == ["v3"]


@pytest.mark.django_db
def test_a_ledger_write_queues_one_rebuild_when_its_transaction_commits(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any, settings: Any
) -> None:
    from resolute.web.ledger.models import LedgerVersion

    settings.TASKS = DUMMY  # a worker builds (tests otherwise build on the page, at once)

    calls: list[str] = []
    monkeypatch.setitem(services.REFRESHERS, "demo", lambda: calls.append("demo"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        LedgerVersion.bump()
        LedgerVersion.bump()
    assert calls == ["demo"]
    assert len([c for c in callbacks if c is services.refresh_all]) == 1


def test_a_long_key_is_cut_and_ends_with_a_digest() -> None:
    key = key_of(part="x" * 400)
    assert len(key) <= 255
    assert key != key_of(part="x" * 399 + "y")
