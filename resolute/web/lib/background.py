"""Background work that survives a dead worker.

Tasks are queued in the database (django-tasks with its database backend) and done by
``python manage.py run_worker``. A worker killed mid-task (SIGKILL, out of memory, a
machine restart) leaves its task "running" for ever; :func:`sweep_dead_workers` finds such
tasks — their worker's process is gone — marks them failed, and lets the work they stood
for (an assessment run, an uploaded import) end as failed with its reason, so the user sees
why and can start it again. Nothing half-written remains: each task writes its results in
one transaction.

A worker's id names its host and process (``host-pid``); only workers of this host can be
checked. Workers on other hosts are caught by the time limits the work has of its own
(``RESOLUTE_RUN_TIMEOUT_SECONDS``, ``RESOLUTE_IMPORT_STALE_SECONDS``).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import socket
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: Modules that define background tasks.
TASK_MODULES = ("resolute.web.assessments.tasks", "resolute.web.imports.tasks")

#: What a task left by a dead worker records as its error.
DIED = "工作进程意外终止（进程已不存在），任务未完成"

#: Per task (its module path), what to do for the work it stood for: given the task's
#: arguments and the reason.
ON_DEATH: dict[str, Callable[[list[Any], str], None]] = {}


class WorkerDied(RuntimeError):
    """The worker running a task is gone."""


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"


def worker_id(pid: int | None = None) -> str:
    """This process's worker id: its host and process number."""
    return f"{_host()}-{pid if pid is not None else os.getpid()}"


def _alive(worker: str) -> bool | None:
    """Whether the worker process still runs; None when it ran on another host (or the id
    is not ours to read)."""
    host, _, pid = worker.rpartition("-")
    if host != _host() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user holds the number: not our worker, but alive
    return True


def sweep_dead_workers() -> int:
    """Mark failed every running task whose worker (on this host) is gone, and the work it
    stood for; the number of tasks marked."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from resolute.web.lib.compat_tasks import RUNNING

    for module in TASK_MODULES:  # each registers what its tasks' deaths mean
        importlib.import_module(module)

    swept = 0
    for result in DBTaskResult.objects.filter(status=RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if _alive(worker) is not False:
            continue
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(pk=result.pk,
                                                                     status=RUNNING).first()  # fmt: skip
            if locked is None:
                continue
            locked.set_failed(WorkerDied(f"{DIED}（{worker}）"))
            handler = ON_DEATH.get(locked.task_path)
            if handler is not None:
                handler(list(locked.args_kwargs.get("args") or []), DIED)
        log.warning("task %s (%s) of dead worker %s marked failed", result.pk,
                    result.task_path, worker)  # fmt: skip
        swept += 1
    return swept
