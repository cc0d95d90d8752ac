"""The province's progress toward each capacity target, broken down by city, computed once per
ledger version and day (resolute.web.computed) for the dashboards (dashboard.scope): a
dashboard reads one small set of rows instead of converting and measuring the province."""

from __future__ import annotations

from django.db import models


class ProvinceProgress(models.Model):
    """One capacity target's progress over the whole province, with ``by_city``:
    {city: [achieved, planned, population]} in the target's raw amounts (core.progress)."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="dashboard_progress")  # fmt: skip
    target_id = models.CharField("目标编号", max_length=80)
    position = models.SmallIntegerField("顺序")
    achieved = models.FloatField("完成量")
    forecast = models.FloatField("预计")
    remaining = models.FloatField("剩余")
    percent = models.FloatField("完成率")
    population = models.FloatField("总量")
    status = models.CharField("状态", max_length=20)
    period_ended = models.BooleanField("期限已过")
    by_city = models.JSONField("分市", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "驾驶舱目标进度（计算结果）"
        indexes = [models.Index(fields=["computed_set", "position"], name="dashboard_progress_set")]
