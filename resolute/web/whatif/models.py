"""Saved policy what-if scenarios (政策推演方案).

A scenario keeps the threshold changes and the summary figures computed when it was saved,
so that two scenarios can be compared later without recomputing; the line lists are
recomputed from the current ledger when a scenario is opened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scenario(models.Model):
    name = models.CharField("方案名称", max_length=100)
    changes = models.JSONField("阈值调整", default=dict, help_text="{规则编号: 新阈值}")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="创建人")  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    summary = models.JSONField("推演结果摘要", default=dict)

    class Meta:
        db_table = "dashboard_scenario"
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "政策推演方案"

    def __str__(self) -> str:
        return self.name
