"""Sets of rows computed once from the ledger (and an assessment run) and read many times.

A :class:`ComputedSet` is one computation of one kind (``obligations``, ``progress``,
``risks`` …) under a key naming everything its content depends on: the ledger version, the
assessment run, the as-of date, the version of the targets or rulebook. The rows themselves
live in the domain apps, in tables with a foreign key to their set; pages, exports and the
API read them with SQL filters, ordering and pagination. A set is built by a background task
(:mod:`resolute.web.computed.services`) and becomes visible only when it is ``ready``.
"""

from __future__ import annotations

from django.db import models


class ComputedSet(models.Model):
    class Status(models.TextChoices):
        BUILDING = "building", "正在计算"
        READY = "ready", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40)
    key = models.CharField("依据", max_length=255)
    #: What the build reads besides the key (as-of date …), for the builder.
    params = models.JSONField("参数", default=dict)
    #: Dotted path of the function that fills the set (resolute.web.computed.services).
    builder = models.CharField("计算函数", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.BUILDING)  # fmt: skip
    #: {"stage": 当前阶段, "done": n, "total": m}, stored at most about once a second.
    progress = models.JSONField("进度", default=dict)
    row_count = models.IntegerField("行数", default=0)
    error = models.TextField("错误", blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "计算结果"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="computed_set_kind_key"),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "finished_at"], name="computed_set_ready")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def percent(self) -> int | None:
        done, total = self.progress.get("done"), self.progress.get("total")
        if not isinstance(done, int) or not isinstance(total, int) or total <= 0:
            return None
        return max(0, min(100, done * 100 // total))
