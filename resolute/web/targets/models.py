"""Reported indicators of 三 and 四 (指标填报) and the register of key projects (重点项目).

Capacity targets of 二(三) are computed from the ledger and stored nowhere; what is stored
here is what departments report and what officials register. Both are :class:`Recorded`, so
every value, correction and stage change keeps its history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from resolute.core.indicators import RATING_CHOICES
from resolute.web.audit.models import Recorded
from resolute.web.ledger.models import City


class IndicatorReport(Recorded):
    """One department's figure (or, for a qualitative target, assessment) for one period."""

    target_id = models.CharField("目标编号", max_length=80, db_index=True)
    period = models.CharField("报告期", max_length=8, help_text="年份如 2021，季度如 2022Q1")
    value = models.FloatField("数值", null=True, blank=True)
    assessment = models.TextField("评估意见", blank=True, default="")
    rating = models.CharField("评估结论", max_length=10, blank=True, default="",
                              choices=RATING_CHOICES)  # fmt: skip
    evidence = models.FileField("佐证材料", upload_to="indicator-evidence/%Y/%m/", blank=True)
    department = models.CharField("填报单位", max_length=100, blank=True, default="")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="填报人")  # fmt: skip
    reported_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        ordering = ["target_id", "period"]
        verbose_name = verbose_name_plural = "指标填报"
        constraints = [
            models.UniqueConstraint(fields=["target_id", "period"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.period}"


class Stage(models.TextChoices):
    """A key project's lifecycle, in order; a project only moves forward."""

    RESERVE = "reserve", "储备"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"
    OPERATING = "operating", "投产"


STAGE_ORDER: tuple[str, ...] = ("reserve", "signed", "started", "operating")
#: Stages at which a project counts as "推进实施" for the yearly target.
UNDER_WAY: tuple[str, ...] = ("started", "operating")


class KeyProject(Recorded):
    """A provincial key project (省级重点项目)."""

    LEVELS = [("provincial", "省级")]

    name = models.CharField("项目名称", max_length=200)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="key_projects",
                             verbose_name="所在市")  # fmt: skip
    sector = models.CharField("产业领域", max_length=60, db_index=True)
    level = models.CharField("级别", max_length=16, choices=LEVELS, default="provincial")
    year = models.IntegerField("年度", db_index=True)
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, default=Stage.RESERVE)
    investment = models.FloatField("总投资（亿元）", null=True, blank=True,
                                   validators=[MinValueValidator(0)])  # fmt: skip
    emerging_or_shortfall = models.BooleanField("新兴产业或补短板项目", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year", "city__code", "name"]
        verbose_name = verbose_name_plural = "重点项目"

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse a move back along the lifecycle, whoever saves (form, import, shell)."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("stage", flat=True)
            before = stored.first()
            if before is not None and stage_index(self.stage) < stage_index(before):
                message = (f"项目阶段只能向前推进，不能从“{Stage(before).label}”"
                           f"退回“{Stage(self.stage).label}”")  # fmt: skip
                raise ValidationError({"stage": message})
        super().save(*args, **kwargs)


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class RegistryEntry(Recorded):
    """One named thing counted by a target of 三 or 四 (登记册): a cluster, a leading enterprise,
    a park, a key technology project, a brand, a platform or a programme.

    ``target_id`` names the count target (``registry`` in targets.yaml); the target's progress
    is the number of distinct names registered for it. ``city`` is where it stands, blank for
    one that spans the province; a city officer registers only their city's.
    """

    target_id = models.CharField("计数目标", max_length=80, db_index=True)
    name = models.CharField("名称", max_length=200)
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="registry_entries", verbose_name="所在市")  # fmt: skip
    note = models.CharField("备注", max_length=500, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["target_id", "name"]
        verbose_name = verbose_name_plural = "集群、领军企业、园区等登记"
        constraints = [
            models.UniqueConstraint(fields=["target_id", "name"], name="one_name_per_count")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name if self.city_id else ""


# ─── computed once per ledger version (resolute.web.targets.computed) ───────────────


class ObligationRow(models.Model):
    """One line's duty under one task of 二(三)1—7, as computed for a set (ledger version,
    as-of date, targets version). The status is not stored: it is decided in SQL on the day a
    page asks for (:func:`resolute.web.targets.computed.status_on`) from the deadline and the
    line's exit, so it never goes stale at midnight. A duty without a date (二(三)2 分批整合
    转移) has no deadline and its ``timing`` instead."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="obligation_rows")  # fmt: skip
    #: For the scope rules (resolute.web.accounts.scoping); no constraint, so that an older
    #: set outlives an enterprise deleted since.
    enterprise = models.ForeignKey("ledger.Enterprise", on_delete=models.DO_NOTHING,
                                   db_constraint=False, null=True, related_name="+")  # fmt: skip
    line_code = models.CharField("生产线编号", max_length=64)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    enterprise_name = models.CharField("企业名称", max_length=200)
    city = models.CharField("市", max_length=10, blank=True, default="")
    #: The city's place in the official order (officials.md); 99 when unknown.
    city_rank = models.SmallIntegerField("市序")
    county = models.CharField("县（市、区）", max_length=40, blank=True, default="")
    industry = models.CharField("行业", max_length=24, blank=True, default="")
    equipment = models.CharField("装置", max_length=40)
    task_id = models.CharField("任务", max_length=80)
    clause = models.CharField("条款", max_length=20)
    action = models.CharField("要求", max_length=200)
    deadline = models.DateField("时限", null=True)
    timing = models.CharField("时限说明", max_length=200, blank=True, default="")
    #: The line's 运行状态 is 已退出 (when: ``exited_on``, None if not recorded).
    exited = models.BooleanField("已退出")
    exited_on = models.DateField("实际退出日期", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "逐线退出任务（计算结果）"
        indexes = [
            models.Index(fields=["computed_set", "deadline", "city_rank", "line_code"],
                         name="obligation_by_deadline"),
            models.Index(fields=["computed_set", "city_rank", "line_code"],
                         name="obligation_by_city"),
            models.Index(fields=["computed_set", "task_id"], name="obligation_by_task"),
            models.Index(fields=["computed_set", "line_code"], name="obligation_by_line"),
            models.Index(fields=["computed_set", "enterprise"], name="obligation_by_enterprise"),
        ]  # fmt: skip


class TargetProgress(models.Model):
    """A capacity target's progress (二(三)) over one scope (全省, a city, a department's
    industries), as computed for a set (ledger version, as-of date, targets version), with
    its breakdowns and the line numbers behind the figures."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="progress_rows")  # fmt: skip
    #: "province", "city:淄博" or "industries:coking,steel".
    scope = models.CharField("范围", max_length=200)
    target_id = models.CharField("目标编号", max_length=80)
    position = models.SmallIntegerField("顺序")
    achieved = models.FloatField("完成量")
    forecast = models.FloatField("预计")
    remaining = models.FloatField("剩余")
    percent = models.FloatField("完成率")
    population = models.FloatField("总量")
    status = models.CharField("状态", max_length=20)
    period_ended = models.BooleanField("期限已过")
    #: {"by_city": [[市, 已退出, 计划退出, 合计], …], "by_industry": […]}.
    breakdowns = models.JSONField("分市分行业", default=dict)
    #: The line numbers behind the figures: {"achieved": […], "planned": […], "undated": […],
    #: "unknown_capacity": […]} (read only by a target's page: large for a province).
    lines = models.JSONField("生产线", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "目标进度（计算结果）"
        indexes = [models.Index(fields=["computed_set", "scope", "position"],
                                name="progress_by_scope")]  # fmt: skip
