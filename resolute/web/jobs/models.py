"""What background work leaves in the database besides the task queue itself.

:class:`WorkerLease` is each worker's heartbeat: a worker on any machine can tell from it
that another one is gone (resolute.web.lib.background).
"""

from __future__ import annotations

from django.db import models


class WorkerLease(models.Model):
    """A running worker (``manage.py run_worker``) and when it last said it is alive."""

    worker_id = models.CharField("工作进程", max_length=100, primary_key=True)
    host = models.CharField("主机", max_length=100)
    pid = models.IntegerField("进程号")
    started_at = models.DateTimeField("启动时间", auto_now_add=True)
    seen_at = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作进程心跳"

    def __str__(self) -> str:
        return self.worker_id
