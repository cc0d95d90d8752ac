"""Supervision (督导): the cities' "三个一批" plans and their quarterly reports (五(一), 五(四)).

Plans and reports are written by city officers and kept with their history (``Recorded``);
the audit scope names the city only, so these events stay out of enterprises' histories.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from resolute.core import city_plans
from resolute.web.audit.models import ImmutableError, Recorded
from resolute.web.ledger.models import City

KIND_CHOICES = [(k, city_plans.KIND_LABELS[k]) for k in city_plans.KINDS]
#: The years a plan may cover: the plan's term and the cement tail to 2024 (二(三)5), with room.
PLAN_YEARS = range(2021, 2026)
QUARTER_PATTERN = re.compile(r"^(20\d\d)Q([1-4])$")


def validate_quarter(value: str) -> None:
    if not QUARTER_PATTERN.match(value):
        raise ValidationError("季度应写作“2022Q4”的形式（年份加 Q 加 1—4）")


class CityPlan(Recorded):
    """A city's "三个一批" plan: one per city, drafted, then submitted to the province."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="plan",
                                verbose_name="市")  # fmt: skip
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.DRAFT)  # fmt: skip
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True,
                                        help_text="首次报送的时间；此后的修改记入变更记录")  # fmt: skip
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="报送人")  # fmt: skip
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["city__code"]
        verbose_name = verbose_name_plural = "“三个一批”计划"

    def __str__(self) -> str:
        return f"{self.city.name}市“三个一批”计划"

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name

    @property
    def submitted_on(self) -> dt.date | None:
        return timezone.localdate(self.submitted_at) if self.submitted_at else None


class CityPlanItem(Recorded):
    plan = models.ForeignKey(CityPlan, on_delete=models.CASCADE, related_name="items",
                             verbose_name="计划")  # fmt: skip
    kind = models.CharField("类别", max_length=10, choices=KIND_CHOICES)
    industry = models.CharField("行业", max_length=50)
    year = models.PositiveSmallIntegerField("年度")
    line_id = models.CharField("生产线编号", max_length=64, blank=True, default="",
                               db_index=True)  # fmt: skip
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True, default="")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, default="")
    planned_on = models.DateField("计划完成日期", null=True, blank=True)
    note = models.TextField("备注", blank=True, default="")

    class Meta:
        ordering = ["plan", "kind", "year", "line_id", "pk"]
        verbose_name = verbose_name_plural = "“三个一批”计划事项"

    def __str__(self) -> str:
        what = self.line_id or self.enterprise_name or self.industry
        return f"{self.plan.city.name} {self.get_kind_display()} {self.year} {what}"

    def audit_scope(self) -> tuple[str, str]:
        return "", self.plan.city.name

    def as_core(self) -> city_plans.PlanItem:
        return city_plans.PlanItem(
            kind=self.kind,
            industry=self.industry,
            year=self.year,
            line_id=self.line_id or None,
            credit_code=self.credit_code or None,
            planned_on=self.planned_on,
            note=self.note,
            ref=str(self.pk),
        )


class QuarterlyReport(Recorded):
    """A city's report for one quarter (季调度): its narrative and, optionally, figures."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="quarterly_reports",
                             verbose_name="市")  # fmt: skip
    quarter = models.CharField("季度", max_length=6, validators=[validate_quarter])
    narrative = models.TextField("工作进展")
    figures = models.JSONField("主要数据", default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="报送人")  # fmt: skip
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)

    class Meta:
        ordering = ["-quarter", "city__code"]
        unique_together = [("city", "quarter")]
        verbose_name = verbose_name_plural = "季度调度报告"

    def __str__(self) -> str:
        return f"{self.city.name}市 {self.quarter} 季度调度"

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name


class IssuedBulletin(models.Model):
    """A quarterly bulletin (季通报) as issued: frozen with its content hash, never changed.

    ``content`` is the bulletin's canonical JSON (``resolute.core.bulletin.bulletin_json``);
    regenerating from the same ledger gives the same ``content_hash``.
    """

    quarter = models.CharField("季度", max_length=6, unique=True, validators=[validate_quarter])
    content = models.JSONField("通报内容")
    content_hash = models.CharField("内容校验码（SHA-256）", max_length=64)
    html = models.TextField("网页版")
    pdf = models.FileField("PDF 版", upload_to="bulletins/")
    xlsx = models.FileField("Excel 版", upload_to="bulletins/")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="签发人")  # fmt: skip
    issued_at = models.DateTimeField("签发时间", default=timezone.now)

    class Meta:
        ordering = ["-quarter"]
        verbose_name = verbose_name_plural = "季度通报"

    def __str__(self) -> str:
        return f"{self.quarter} 季度通报"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("已签发的通报不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("已签发的通报不可删除")
