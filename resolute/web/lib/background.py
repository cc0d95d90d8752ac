"""Background work that survives a dead worker, on any machine.

Tasks are queued in the database (django-tasks with its database backend) and done by
``python manage.py run_worker`` — as many workers on as many machines as wanted, sharing
the one queue (a task is claimed under a row lock, so it runs once). A worker killed
mid-task (SIGKILL, out of memory, a machine that stops) leaves its task "running" for ever;
:func:`sweep_dead_workers` finds such tasks, marks them failed, and lets the work they stood
for (an assessment run, an uploaded import, a document or an export) end as failed with its
reason, so the user sees why and can start it again. Nothing half-written remains: each
task writes its results in one transaction (files are written aside and put in place last).

A worker's id names its host, its process and a token of its own (``host-pid-token``: a
process number is reused, in a container at every start). Every worker keeps a lease in the
database (:class:`~resolute.web.jobs.models.WorkerLease`), renewed every
``RESOLUTE_WORKER_HEARTBEAT_SECONDS``. A task's worker is dead when its process is gone
(checked on the same host at once) or when its lease is older than
``RESOLUTE_WORKER_LEASE_SECONDS`` (checked from any host). Each worker sweeps when it
starts and then at every few heartbeats; a page that follows a task's progress sweeps too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import re
import secrets
import socket
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: Modules that define background tasks.
TASK_MODULES = (
    "resolute.web.assessments.tasks",
    "resolute.web.computed.tasks",
    "resolute.web.imports.tasks",
    "resolute.web.jobs.tasks",
    "resolute.web.notices.tasks",
)

#: Work a worker queues when it starts and then once a day (each function claims its day in
#: the database and queues its task: run once a day whatever the number of workers).
DAILY = ("resolute.web.notices.tasks.schedule_daily",)

#: What a task left by a dead worker records as its error.
DIED = "工作进程意外终止，任务未完成"

#: Per task (its module path), what to do for the work it stood for: given the task's
#: arguments and the reason.
ON_DEATH: dict[str, Callable[[list[Any], str], None]] = {}


class WorkerDied(RuntimeError):
    """The worker running a task is gone."""


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"


_TOKEN = secrets.token_hex(3)


def worker_id(pid: int | None = None) -> str:
    """This process's worker id: its host, process number and start token."""
    return f"{_host()}-{pid if pid is not None else os.getpid()}-{_TOKEN}"


def _process_lives_here(worker: str) -> bool:
    """Whether the worker's id names this host and a process that exists."""
    parts = worker.split("-")
    return (
        len(parts) >= 2 and parts[0] == _host() and not _process_gone(worker) and parts[1].isdigit()
    )


def _process_gone(worker: str) -> bool:
    """Whether the worker ran on this host and its process no longer exists."""
    parts = worker.split("-")
    if len(parts) < 2:
        return False
    host, pid = (parts[0], parts[1])
    if host != _host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a process of another user holds the number
    return False


def _lease_seconds() -> int:
    from django.conf import settings

    return int(settings.RESOLUTE_WORKER_LEASE_SECONDS)


def _dead(worker: str, started_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the worker that claimed a task (at ``started_at``) is gone: its process has
    ended (this host), or it has not renewed its lease for longer than the lease lasts (any
    host). A worker without a lease (an older version) is alive while its process is, on
    this host; on another host it is judged by the time since it claimed the task."""
    from resolute.web.jobs.models import WorkerLease

    if _process_gone(worker):
        return True
    cutoff = now - dt.timedelta(seconds=_lease_seconds())
    seen = WorkerLease.objects.filter(worker_id=worker).values_list("seen_at", flat=True).first()
    if seen is None:
        if _process_lives_here(worker):
            return False  # a worker of this host that keeps no lease (an older version)
        seen = started_at
    return seen is not None and seen < cutoff


def sweep_dead_workers() -> int:
    """Mark failed every running task whose worker is gone, and the work it stood for; the
    number of tasks marked."""
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from resolute.web.lib.compat_tasks import RUNNING

    for module in TASK_MODULES:  # each registers what its tasks' deaths mean
        importlib.import_module(module)

    swept = 0
    now = timezone.now()
    for result in DBTaskResult.objects.filter(status=RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if not _dead(worker, result.started_at, now):
            continue
        gone = "进程已不存在" if _process_gone(worker) else "心跳已停止"
        reason = f"工作进程意外终止（{gone}），任务未完成"
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk,
                                                                     status=RUNNING).first()  # fmt: skip
            if locked is None:
                continue
            locked.set_failed(WorkerDied(f"{reason}（{worker}）"))
            handler = ON_DEATH.get(locked.task_path)
            if handler is not None:
                handler(list(locked.args_kwargs.get("args") or []), reason)
        log.warning("task %s (%s) of dead worker %s marked failed", result.pk,
                    result.task_path, worker)  # fmt: skip
        swept += 1
    return swept


def start_daily_work() -> None:
    """Queue the daily work not yet queued today (RESOLUTE_DAILY_TASKS turns it off)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    if not getattr(settings, "RESOLUTE_DAILY_TASKS", True):
        return
    for path in DAILY:
        try:
            import_string(path)()
        except Exception:  # a busy database: the next check tries again
            log.exception("daily work %s not queued", path)


class Heartbeat:
    """Renews this worker's lease every ``RESOLUTE_WORKER_HEARTBEAT_SECONDS`` in a thread
    of its own (so a long task does not stop it), and every few beats sweeps the tasks of
    dead workers, of any host, and queues the daily work once its day has come
    (:func:`start_daily_work`). :meth:`stop` ends it and gives the lease up."""

    SWEEP_EVERY = 3

    def __init__(self, worker: str) -> None:
        from django.conf import settings

        self.worker = worker
        self.interval = float(settings.RESOLUTE_WORKER_HEARTBEAT_SECONDS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def beat(self) -> None:
        from django.utils import timezone

        from resolute.web.jobs.models import WorkerLease

        host, _, rest = self.worker.partition("-")
        WorkerLease.objects.update_or_create(
            worker_id=self.worker,
            defaults={"seen_at": timezone.now(), "host": host,
                      "pid": int(rest.split("-")[0]) if rest.split("-")[0].isdigit() else 0},
        )  # fmt: skip

    def start(self) -> None:
        self.beat()
        start_daily_work()
        self._thread.start()

    def _run(self) -> None:
        from django.db import close_old_connections, connection

        beats = 0
        try:
            while not self._stop.wait(self.interval):
                close_old_connections()
                try:
                    self.beat()
                    beats += 1
                    if beats % self.SWEEP_EVERY == 0:
                        sweep_dead_workers()
                        start_daily_work()
                except Exception:  # a busy or lost database: try again at the next beat
                    log.exception("heartbeat of %s failed", self.worker)
        finally:
            connection.close()

    def stop(self) -> None:
        from resolute.web.jobs.models import WorkerLease

        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        WorkerLease.objects.filter(worker_id=self.worker).delete()
