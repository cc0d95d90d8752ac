"""Assessment runs: immutable snapshots of every verdict, with the rulebook that made them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from resolute.core.assessment import OUTCOME_LABELS, OUTCOMES
from resolute.core.policies import VersionInfo
from resolute.web.audit.models import ImmutableError
from resolute.web.ledger.models import INDUSTRY_CHOICES, City, Enterprise, Line

OUTCOME_CHOICES = [(o, OUTCOME_LABELS[o]) for o in OUTCOMES]
BASIS_CHOICES = [("national", "国家标准"), ("provincial", "省定标准")]


class AssessmentRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "评估中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="发起人")  # fmt: skip
    scope_city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name="范围：市")  # fmt: skip
    scope_industry = models.CharField("范围：行业", max_length=24, blank=True, default="",
                                      choices=INDUSTRY_CHOICES)  # fmt: skip
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.PENDING)  # fmt: skip
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True, default="")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    rulebook_version = models.CharField("规则库版本", max_length=64, blank=True, default="")
    as_of = models.DateField("评估基准日", null=True, blank=True,
                             help_text="按该日生效的政策版本评估；为空的旧评估按发起日")  # fmt: skip
    requested_rulebook = models.CharField("指定规则库版本", max_length=40, blank=True, default="",
                                          help_text="为空时用基准日生效的版本")  # fmt: skip
    policy_versions = models.JSONField("政策版本", default=dict, blank=True,
                                       help_text="所用各政策数据集的版本号")  # fmt: skip
    data_time = models.DateTimeField("数据时间", null=True, blank=True,
                                     help_text="评估时台账的最后修改时间")  # fmt: skip
    counts = models.JSONField("结论统计", default=dict, blank=True)
    published = models.BooleanField("已公开", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "评估"
        constraints = [
            # At most one queued or running run per scope (services.start_or_join).
            models.UniqueConstraint(
                Coalesce("scope_city", Value(0)), "scope_industry",
                condition=Q(status__in=["pending", "running"]),
                name="one_active_run_per_scope",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"评估 #{self.pk}（{self.scope_label}）"

    @property
    def scope_label(self) -> str:
        parts = [f"{self.scope_city.name}市" if self.scope_city else "全省"]
        if self.scope_industry:
            parts.append(self.get_scope_industry_display())
        return "·".join(parts)

    @property
    def rulebook_label(self) -> str:
        """The rulebook version's label (2021.1), without the digest of its text."""
        return str(self.policy_versions.get("rulebook") or self.rulebook_version.split("+")[0])

    @property
    def rulebook_info(self) -> VersionInfo:
        """The rulebook version the run used, with its document (for pages)."""
        from resolute.web.policies.services import describe

        return describe("rulebook", self.rulebook_label)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class _Snapshot(models.Model):
    """A result row: written once when its run completes, never changed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("评估结果不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("评估结果不可删除")


class LineResult(_Snapshot):
    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT, related_name="line_results")
    line = models.ForeignKey(Line, null=True, on_delete=models.SET_NULL, related_name="results")
    enterprise = models.ForeignKey(Enterprise, null=True, on_delete=models.SET_NULL,
                                   related_name="line_results")  # fmt: skip
    line_code = models.CharField("生产线编号", max_length=64)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    city = models.CharField("所在市", max_length=10, db_index=True)
    industry = models.CharField("行业", max_length=24, choices=INDUSTRY_CHOICES)
    equipment = models.CharField("装置类型", max_length=32)
    status = models.CharField("运行状态", max_length=16)
    outcome = models.CharField("结论", max_length=20, choices=OUTCOME_CHOICES, db_index=True)
    basis = models.CharField("依据", max_length=12, choices=BASIS_CHOICES, blank=True, default="")
    findings = models.JSONField("各项标准")

    class Meta:
        ordering = ["run", "city", "line_code"]
        # (line, run): a line's latest verdict, looked up for every row of the ledger list.
        indexes = [models.Index(fields=["run", "outcome"]), models.Index(fields=["line", "run"])]
        verbose_name = verbose_name_plural = "生产线评估结果"


class EnterpriseResult(_Snapshot):
    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT,
                            related_name="enterprise_results")  # fmt: skip
    enterprise = models.ForeignKey(Enterprise, null=True, on_delete=models.SET_NULL,
                                   related_name="results")  # fmt: skip
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    city = models.CharField("所在市", max_length=10, db_index=True)
    industry = models.CharField("行业", max_length=24, choices=INDUSTRY_CHOICES)
    outcome = models.CharField("结论", max_length=20, choices=OUTCOME_CHOICES, db_index=True)
    basis = models.CharField("依据", max_length=12, choices=BASIS_CHOICES, blank=True, default="")
    findings = models.JSONField("各项标准")

    class Meta:
        ordering = ["run", "city", "name"]
        indexes = [models.Index(fields=["run", "outcome"])]
        verbose_name = verbose_name_plural = "企业评估结果"
