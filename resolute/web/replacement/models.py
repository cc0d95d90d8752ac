"""Stored capacity-replacement plans (产能置换方案) and the sources each one counts.

A plan is kept so that every later plan is checked against it: the same unit of capacity
may be used only once across all plans on file (二(三)5,6). Both models keep a history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from resolute.core import credit, replacement
from resolute.web.audit.models import Recorded
from resolute.web.ledger.models import EQUIPMENT_CHOICES, INDUSTRY_CHOICES, City, Line


class ReplacementPlan(Recorded):
    """A new project and the exited capacity it replaces."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        CHECKED = "checked", "已核对"

    name = models.CharField("项目名称", max_length=200)
    industry = models.CharField("行业", max_length=24, choices=INDUSTRY_CHOICES)
    equipment = models.CharField("装置类型", max_length=32, choices=EQUIPMENT_CHOICES)
    capacity = models.FloatField("新建产能", validators=[MinValueValidator(0)])
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="replacement_plans",
                             verbose_name="建设地（市）")  # fmt: skip
    starts_on = models.DateField("开工日期")
    attributes = models.JSONField("装备参数", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="填报人")  # fmt: skip
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices,
                              default=Status.DRAFT)  # fmt: skip
    verdict = models.JSONField("最近核对结论", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "产能置换方案"

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name

    @property
    def plan_id(self) -> str:
        """The id the core's verdicts and the capacity ledger use for this plan."""
        return f"方案{self.pk}"

    def project(self) -> replacement.Project:
        """The core project of this plan; raises PlanError (a ValueError) when the stored
        fields do not make one (unknown equipment, bad attributes …)."""
        return replacement.stored_project(
            name=self.name, industry=self.industry, equipment=self.equipment,
            capacity=self.capacity, city=self.city.name, starts_on=self.starts_on,
            attributes=self.attributes,
        )  # fmt: skip

    def clean(self) -> None:
        if self.city_id is None or self.starts_on is None or self.capacity is None:
            return  # the missing field has its own error
        try:
            self.project()
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class ReplacementSource(Recorded):
    """Capacity a plan counts: a ledger line (all of it, or a part) or capacity from
    outside the province."""

    plan = models.ForeignKey(ReplacementPlan, on_delete=models.CASCADE, related_name="sources",
                             verbose_name="置换方案")  # fmt: skip
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="replacement_sources",
                             verbose_name="来源生产线")  # fmt: skip
    outside_province = models.BooleanField("省外产能", default=False)
    capacity = models.FloatField("计入产能", null=True, blank=True,
                                 validators=[MinValueValidator(0)])  # fmt: skip
    on_reduction_list = models.BooleanField("已列入压减名单或享受奖补", default=False)
    exited_on = models.DateField("退出日期（省外产能）", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = verbose_name_plural = "置换来源产能"

    def __str__(self) -> str:
        if self.line_id is not None:
            return f"{self.plan} ← {self.line}"
        return f"{self.plan} ← 省外 {self.note}"

    def audit_scope(self) -> tuple[str, str]:
        return self.plan.audit_scope()

    def clean(self) -> None:
        try:
            replacement.check_source_kind(self.line_id is not None, self.outside_province)
        except replacement.PlanError as exc:
            raise ValidationError(str(exc)) from exc


class CreditPublication(Recorded):
    """One reviewed publication of the credit records (二(四)9): the list as the provincial
    office checked and released it on that day. The public sees only the latest one, never
    the live computation, so a record imported by mistake reaches nobody before review."""

    as_of = models.DateField("判定日期")
    published_at = models.DateTimeField("公布时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="公布人")  # fmt: skip
    note = models.TextField("审核意见", blank=True, default="")
    count = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = verbose_name_plural = "信用记录公布"

    def __str__(self) -> str:
        return f"信用记录公布（{self.as_of}，{self.count} 条）"


class PublishedCreditRecord(models.Model):
    """A credit record as published: a frozen copy, never edited (its publication's history
    names who released it)."""

    publication = models.ForeignKey(CreditPublication, on_delete=models.PROTECT,
                                    related_name="records", verbose_name="公布")  # fmt: skip
    position = models.PositiveIntegerField("序号")
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    enterprise = models.CharField("企业名称", max_length=200)
    city = models.CharField("所在市", max_length=10, blank=True, default="")
    line_id = models.CharField("生产线编号", max_length=64)
    clause = models.CharField("方案条款", max_length=100)
    task = models.CharField("任务", max_length=100)
    action = models.TextField("应完成事项")
    deadline = models.DateField("退出时限")
    days_overdue = models.PositiveIntegerField("逾期天数")
    opened_on = models.DateField("列入日期")

    class Meta:
        ordering = ["publication", "position"]
        verbose_name = verbose_name_plural = "已公布的信用记录"
        constraints = [models.UniqueConstraint(fields=["publication", "position"],
                                               name="one_record_per_position")]  # fmt: skip


class CreditDraftRow(models.Model):
    """An open credit record as computed from the ledger on a day (resolute.core.credit), in a
    computed set: the list the provincial office reviews before publishing, and what an
    official exports for the enterprises of its scope. Never shown to the public as such."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="credit_rows")  # fmt: skip
    #: The core's order (most days overdue first).
    position = models.PositiveIntegerField()
    enterprise_ref = models.ForeignKey("ledger.Enterprise", on_delete=models.CASCADE,
                                       related_name="+")  # fmt: skip
    credit_code = models.CharField(max_length=18)
    enterprise = models.CharField(max_length=200)
    city = models.CharField(max_length=10, blank=True, default="")
    city_rank = models.PositiveSmallIntegerField()
    line_id = models.CharField(max_length=64)
    equipment = models.CharField(max_length=32)
    clause = models.CharField(max_length=100)
    task = models.CharField(max_length=100)
    action = models.TextField()
    deadline = models.DateField()
    days_overdue = models.PositiveIntegerField()
    opened_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["computed_set", "position"], name="credit_row_order"),
        ]

    def record(self) -> credit.CreditRecord:
        """The core's record, as it was computed (open: no closing date)."""
        return credit.CreditRecord(
            credit_code=self.credit_code, enterprise=self.enterprise, city=self.city or None,
            line_id=self.line_id, equipment=self.equipment, clause=self.clause, task=self.task,
            action=self.action, deadline=self.deadline, days_overdue=self.days_overdue,
            opened_on=self.opened_on, closed_on=None,
        )  # fmt: skip
