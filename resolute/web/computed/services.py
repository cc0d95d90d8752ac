"""Computing a set once and reading it many times.

A page asks :func:`current` for the set of a kind under the key of what it shows (made with
:func:`key_of` from the ledger version, the assessment run, the as-of date, the version of
the targets …). When that set is ready it is returned. When it is not, ONE build is queued —
the database decides which request queues it, through the unique (kind, key) of
:class:`~resolute.web.computed.models.ComputedSet`, so concurrent requests on any number of
servers queue it once — and the page gets the newest ready set of the kind, flagged stale
(it says the figures are being updated, and as of when), or none (it says 正在计算, with the
build's progress).

A build (:func:`run`, the background task's work) calls the kind's builder, which bulk-inserts
the set's rows in batches (:func:`insert`), then flips the set to ready and prunes all but
the newest :data:`KEEP` ready sets of the kind, in one transaction. Readers only ever read a
ready set, so a build that fails or whose worker dies leaves no half set visible; what it
wrote is deleted and the set is marked failed with the reason (a page asking again later
queues it again).

Writes of the ledger (``ledger_changed``, sent by every raise of the LedgerVersion) and a
finished assessment run (:func:`changed`) queue, once their transaction commits, a rebuild of
every kind registered with :func:`refresh_on_change`; debounced: a kind has at most one build
waiting for a worker, which takes the newest key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from resolute.web.computed.models import ComputedSet
from resolute.web.ledger.models import LedgerVersion
from resolute.web.lib.progress import throttled

log = logging.getLogger(__name__)

#: Ready sets kept per kind (the newest; older ones are deleted with their rows).
KEEP = 2
#: Rows per INSERT.
BATCH = 2000
#: A failed set is queued again when asked for this many seconds after it failed.
RETRY_AFTER = 60
#: At most how often (seconds) a build stores its progress.
PROGRESS_INTERVAL = 1.0
FAILED = "计算过程中出错，未保存任何结果"

Progress = Callable[[str, int, int], None]
#: A builder fills a set with rows (through :func:`insert`) and returns how many it wrote.
Builder = Callable[[ComputedSet, Progress], int]


# ─── keys ─────────────────────────────────────────────────────────────────────────


def ledger_key() -> str:
    """The ledger's version as a key part: its number and stamp."""
    number, stamp = LedgerVersion.current()
    return f"{number}.{stamp[:12]}"


def key_of(**parts: Any) -> str:
    """A key from named parts (``ledger=…, run=…, as_of=…``), in the order given; a key too
    long for the column keeps its start and ends with a digest of the whole."""
    text = "|".join(f"{name}={_part(value)}" for name, value in parts.items())
    if len(text) <= 255:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"{text[:200]}…{digest}"


def _part(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


# ─── reading ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Snapshot:
    """What a page reads for a kind and key: ``set``, the ready set to show (the one asked
    for, or the newest older one while that is built; None when no set of the kind is
    ready), and ``pending``, the set being built for the key when it is not ready yet."""

    kind: str
    key: str
    set: ComputedSet | None
    pending: ComputedSet | None = None

    @property
    def ready(self) -> bool:
        """The set of the asked key is there."""
        return self.set is not None and self.set.key == self.key

    @property
    def stale(self) -> bool:
        """An older set is shown while the asked one is computed."""
        return self.set is not None and self.set.key != self.key

    @property
    def failed(self) -> bool:
        return self.pending is not None and self.pending.status == ComputedSet.Status.FAILED

    @property
    def as_of(self) -> dt.datetime | None:
        """When the shown set was computed."""
        return self.set.finished_at if self.set is not None else None


def builder_path(build: Builder | str) -> str:
    if isinstance(build, str):
        return build
    return f"{build.__module__}.{build.__qualname__}"


def current(kind: str, key: str, build: Builder | str,
            params: dict[str, Any] | None = None) -> Snapshot:  # fmt: skip
    """The ready set of ``kind`` under ``key``; when missing, one build is queued and the
    newest ready set of the kind is given, flagged stale (or none)."""
    found = ComputedSet.objects.filter(kind=kind, key=key).first()
    if found is None:
        found = _create(kind, key, builder_path(build), params or {})
    elif found.status == ComputedSet.Status.FAILED:
        found = _retry(found)
    if found.status == ComputedSet.Status.READY:
        return Snapshot(kind, key, found)
    return Snapshot(kind, key, newest_ready(kind), found)


def newest_ready(kind: str) -> ComputedSet | None:
    return (
        ComputedSet.objects.filter(kind=kind, status=ComputedSet.Status.READY)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _create(kind: str, key: str, builder: str, params: dict[str, Any]) -> ComputedSet:
    """Create the set and queue its build, unless another request created it first."""
    try:
        with transaction.atomic():
            made = ComputedSet.objects.create(kind=kind, key=key, builder=builder, params=params)
    except IntegrityError:  # another request (of any server) was first: it queued the build
        return ComputedSet.objects.get(kind=kind, key=key)
    _enqueue(made.pk)
    made.refresh_from_db()  # run at once when tasks run immediately (tests)
    return made


def _retry(found: ComputedSet) -> ComputedSet:
    """Queue a failed set again, once, when it failed long enough ago."""
    since = timezone.now() - dt.timedelta(seconds=RETRY_AFTER)
    again = ComputedSet.objects.filter(
        pk=found.pk, status=ComputedSet.Status.FAILED, finished_at__lt=since
    ).update(status=ComputedSet.Status.BUILDING, started_at=None, finished_at=None, error="",
             progress={})  # fmt: skip
    if again:
        _enqueue(found.pk)
    found.refresh_from_db()
    return found


def _enqueue(set_id: int) -> None:
    from resolute.web.computed.tasks import build_set

    build_set.enqueue(set_id)


# ─── building ─────────────────────────────────────────────────────────────────────


def recorder(set_id: int, interval: float | None = None) -> Progress:
    """A progress callback storing the build's stage and done/total (throttled)."""
    building = ComputedSet.objects.filter(pk=set_id, status=ComputedSet.Status.BUILDING)
    every = PROGRESS_INTERVAL if interval is None else interval
    return throttled(lambda progress: building.update(progress=progress), every)


def insert(model: type[models.Model], rows: Iterable[models.Model], progress: Progress | None = None,
           stage: str = "写入结果", total: int = 0) -> int:  # fmt: skip
    """Bulk-insert ``rows`` in batches of :data:`BATCH`; how many were written."""
    written = 0
    batch: list[models.Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model._default_manager.bulk_create(batch)
            written += len(batch)
            batch = []
            if progress is not None:
                progress(stage, written, max(total, written))
    if batch:
        model._default_manager.bulk_create(batch)
        written += len(batch)
    if progress is not None:
        progress(stage, written, max(total, written))
    return written


def run(set_id: int) -> None:
    """Build a queued set (the background task's work); a set not waiting to be built is
    left alone, so a task delivered twice builds once."""
    claimed = ComputedSet.objects.filter(
        pk=set_id, status=ComputedSet.Status.BUILDING, started_at__isnull=True
    ).update(started_at=timezone.now(), progress={"stage": "开始"})
    if not claimed:
        return
    cset = ComputedSet.objects.get(pk=set_id)
    try:
        # Nested in a transaction (a test, or a page when tasks run immediately), a savepoint
        # keeps a failed build from breaking the caller's transaction.
        if connection.in_atomic_block:
            with transaction.atomic():
                count = import_string(cset.builder)(cset, recorder(set_id))
        else:
            count = import_string(cset.builder)(cset, recorder(set_id))
    except Exception as exc:
        log.exception("computed set %s (%s) failed", set_id, cset.kind)
        fail(set_id, f"{FAILED}（{type(exc).__name__}）")
        raise
    with transaction.atomic():
        done = ComputedSet.objects.filter(pk=set_id, status=ComputedSet.Status.BUILDING).update(
            status=ComputedSet.Status.READY, row_count=count, finished_at=timezone.now(),
            progress={"stage": "完成", "done": 1, "total": 1})  # fmt: skip
        if done:
            prune(cset.kind)
    if not done:  # judged dead meanwhile (its worker stopped beating): keep nothing
        delete_rows(set_id)


def fail(set_id: int, reason: str) -> None:
    """The build failed or its worker died: delete what it wrote, and say why."""
    delete_rows(set_id)
    ComputedSet.objects.filter(pk=set_id).exclude(status=ComputedSet.Status.READY).update(
        status=ComputedSet.Status.FAILED, error=reason, finished_at=timezone.now())  # fmt: skip


def delete_rows(set_id: int) -> None:
    """The rows of a set, in every table that refers to sets (found through the reverse
    relations, so this app need not know the apps that keep rows). A table whose rows refer
    to another table of sets (a row's detail) is emptied first."""
    relations = ComputedSet._meta.related_objects
    tables = {relation.related_model for relation in relations}

    def refers_to_rows(model: Any) -> bool:
        return any(f.related_model in tables for f in model._meta.concrete_fields if f.is_relation)

    for relation in sorted(relations, key=lambda r: not refers_to_rows(r.related_model)):
        model: Any = relation.related_model
        model._base_manager.filter(**{relation.field.name: set_id}).delete()


def prune(kind: str, keep: int = KEEP) -> int:
    """Delete all but the newest ``keep`` ready sets of ``kind`` (and failed sets older than
    those); how many sets went."""
    ready = ComputedSet.objects.filter(kind=kind, status=ComputedSet.Status.READY)
    kept = list(ready.order_by("-finished_at", "-pk").values_list("pk", flat=True)[:keep])
    old = ComputedSet.objects.filter(kind=kind).exclude(pk__in=kept).exclude(
        status=ComputedSet.Status.BUILDING)  # fmt: skip
    gone = list(old.values_list("pk", flat=True))
    for pk in gone:
        delete_rows(pk)
    ComputedSet.objects.filter(pk__in=gone).delete()
    return len(gone)


# ─── rebuilding after a change ────────────────────────────────────────────────────

#: Per kind, what queues its rebuild for what pages show by default (today's key).
REFRESHERS: dict[str, Callable[[], None]] = {}


def refresh_on_change(kind: str, refresh: Callable[[], None]) -> None:
    """Register what rebuilds ``kind`` after a ledger write or a finished assessment run
    (a function calling :func:`refresh` with the kind's current key)."""
    REFRESHERS[kind] = refresh


def refresh(kind: str, key: str, build: Builder | str,
            params: dict[str, Any] | None = None) -> ComputedSet:  # fmt: skip
    """Queue the set of ``kind`` under ``key`` unless it exists; debounced: a build of the
    kind still waiting for a worker takes the new key instead of a second one being queued."""
    found = ComputedSet.objects.filter(kind=kind, key=key).first()
    if found is not None:
        return found
    waiting = ComputedSet.objects.filter(kind=kind, status=ComputedSet.Status.BUILDING,
                                         started_at__isnull=True).order_by("pk").first()  # fmt: skip
    if waiting is not None:
        try:
            with transaction.atomic():
                moved = ComputedSet.objects.filter(pk=waiting.pk, started_at__isnull=True).update(
                    key=key, params=params or {}, builder=builder_path(build))  # fmt: skip
        except IntegrityError:
            moved = 0
        if moved:
            waiting.refresh_from_db()
            return waiting
    return current(kind, key, build, params).pending or ComputedSet.objects.get(kind=kind, key=key)


def refresh_all() -> None:
    """Queue the rebuild of every registered kind (each failure logged, none stops the rest)."""
    for kind, refresher in list(REFRESHERS.items()):
        try:
            refresher()
        except Exception:
            log.exception("queueing the rebuild of %s failed", kind)


def _tasks_run_at_once() -> bool:
    """Tasks run in the caller (RESOLUTE_TASKS=immediate, tests): a page then builds what it
    asks for itself, and rebuilding every kind after each write would only slow writes."""
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.endswith("ImmediateBackend")


def changed() -> None:
    """What the computed sets read has changed (a ledger write, a finished run): rebuild
    every registered kind once the current transaction commits, once per transaction."""
    if _tasks_run_at_once():
        return
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is refresh_all for entry in pending):
        return
    transaction.on_commit(refresh_all)


def ledger_changed(sender: Any = None, **kwargs: Any) -> None:
    """Receiver of ``resolute.web.ledger.models.ledger_changed``."""
    changed()


# ─── pages ────────────────────────────────────────────────────────────────────────


def rows_of(snapshot: Snapshot, model: type[models.Model]) -> models.QuerySet[Any]:
    """The rows of the shown set (none when no set is ready)."""
    manager: Any = model._default_manager
    if snapshot.set is None:
        return manager.none()
    return manager.filter(computed_set=snapshot.set)
