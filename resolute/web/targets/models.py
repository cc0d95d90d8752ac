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
