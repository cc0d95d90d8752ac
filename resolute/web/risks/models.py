"""The risk register (五(二)) as computed for a set (ledger version, latest assessment runs,
as-of date, targets and rulebook versions): one row per enterprise with exiting lines and
one per coal unit whose heat must be replaced, over the whole province; pages read them
after the scope rules (resolute.web.risks.computed)."""

from __future__ import annotations

from django.db import models


class RiskEnterprise(models.Model):
    """An enterprise with lines that must exit, and the employees affected (core.risks)."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="risk_enterprises")  # fmt: skip
    enterprise = models.ForeignKey("ledger.Enterprise", on_delete=models.DO_NOTHING,
                                   db_constraint=False, null=True, related_name="+")  # fmt: skip
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    city = models.CharField("市", max_length=10, blank=True, default="")
    city_rank = models.SmallIntegerField("市序")
    county = models.CharField("县（市、区）", max_length=40, blank=True, default="")
    industry = models.CharField("行业", max_length=24, blank=True, default="")
    employees = models.IntegerField("年平均从业人员", null=True)
    #: The line numbers that must exit.
    exiting = models.JSONField("须退出的生产线", default=list)
    lines = models.IntegerField("生产线数")
    share = models.FloatField("退出占比")
    basis = models.CharField("计算方法", max_length=10)
    affected = models.IntegerField("涉及职工", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "风险台账·职工安置（计算结果）"
        indexes = [
            models.Index(fields=["computed_set", "city_rank"], name="risk_enterprise_by_city"),
            models.Index(fields=["computed_set", "enterprise"], name="risk_enterprise_scope"),
        ]  # fmt: skip


class RiskHeatUnit(models.Model):
    """A coal unit whose heat supply must be replaced or kept (core.risks)."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="risk_heat_units")  # fmt: skip
    enterprise = models.ForeignKey("ledger.Enterprise", on_delete=models.DO_NOTHING,
                                   db_constraint=False, null=True, related_name="+")  # fmt: skip
    line_code = models.CharField("机组编号", max_length=64)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    city = models.CharField("市", max_length=10, blank=True, default="")
    city_rank = models.SmallIntegerField("市序")
    county = models.CharField("县（市、区）", max_length=40, blank=True, default="")
    unit_mw = models.FloatField("单机容量（兆瓦）", null=True)
    unit_type = models.CharField("机组类型", max_length=30, blank=True, default="")
    heat_irreplaceable = models.BooleanField("热力无法接续", null=True)
    must_exit = models.BooleanField("须关停退出")

    class Meta:
        verbose_name = verbose_name_plural = "风险台账·供暖替代（计算结果）"
        indexes = [
            models.Index(fields=["computed_set", "city_rank", "line_code"],
                         name="risk_heat_by_city"),
            models.Index(fields=["computed_set", "enterprise"], name="risk_heat_scope"),
        ]  # fmt: skip
