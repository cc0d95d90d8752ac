"""City plans (“三个一批”计划, 五(一)): drafted by city officers, submitted to the province.

Kept with their history (``Recorded``); the audit scope names the city only, so these events
stay out of enterprises' histories. The tables keep their names from the ``supervision`` app.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from resolute.core import city_plans
from resolute.web.audit.models import Recorded
from resolute.web.ledger.models import City

KIND_CHOICES = [(k, city_plans.KIND_LABELS[k]) for k in city_plans.KINDS]
PLAN_YEARS = city_plans.PLAN_YEARS


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
        db_table = "supervision_cityplan"
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
        db_table = "supervision_cityplanitem"
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
