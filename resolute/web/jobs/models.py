"""What background work leaves in the database besides the task queue itself.

:class:`WorkerLease` is each worker's heartbeat: a worker on any machine can tell from it
that another one is gone (resolute.web.lib.background). :class:`Job` is a piece of long
work asked for on a page, with its progress and the files it leaves.
"""

from __future__ import annotations

from django.conf import settings
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


class Job(models.Model):
    """A piece of long work asked for on a page (a document, a large export, a what-if on
    the whole province), done by a worker; its files and figures stay, to be downloaded
    later. What each kind does is in :mod:`resolute.web.jobs.kinds`."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队等待"
        RUNNING = "running", "正在进行"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="jobs", verbose_name="发起人")  # fmt: skip
    params = models.JSONField("参数", default=dict)
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)  # fmt: skip
    #: {"stage": 当前阶段, "done": n, "total": m}, stored at most about once a second.
    progress = models.JSONField("进度", default=dict)
    message = models.TextField("说明", blank=True, default="")
    #: [{"name": 下载文件名, "file": 存放位置（相对 MEDIA_ROOT）, "content_type", "size"}]
    files = models.JSONField("文件", default=list)
    #: What the work found, for the page (a what-if's figures …).
    result = models.JSONField("结果", default=dict)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="重试自")  # fmt: skip
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        """How far the work is, 0–100, or None when not known."""
        done, total = self.progress.get("done"), self.progress.get("total")
        if not isinstance(done, int) or not isinstance(total, int) or total <= 0:
            return None
        return max(0, min(100, done * 100 // total))

    @property
    def active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
