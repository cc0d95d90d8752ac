"""Rate overrides (费率调整) entered by the province office.

The rate schedules live in ``resolute/data/pricing.yaml``; when a price authority changes a
rate, the province records the new rate here with the document behind it and the date it
takes effect, rather than editing the file. The surcharges apply these through the core's
``with_rates`` (the rate in force on 1 January of the billing year). Every change is kept
in the history, because a rate decides how much an enterprise pays.
"""

from __future__ import annotations

import decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from resolute.web.audit.models import Recorded


class RateOverride(Recorded):
    """A dated rate for one flat schedule of pricing.yaml, with its source."""

    schedule = models.CharField("费率规则", max_length=60, db_index=True,
                                help_text="pricing.yaml 中的规则编号，如 steel_eliminated")  # fmt: skip
    rate = models.DecimalField("费率", max_digits=10, decimal_places=4,
                               validators=[MinValueValidator(0)])  # fmt: skip
    unit = models.CharField("单位", max_length=20)
    effective_from = models.DateField("生效日期")
    source = models.TextField("依据（文件名称、文号）")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="录入人")  # fmt: skip
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["schedule", "effective_from", "pk"]
        verbose_name = verbose_name_plural = "费率调整"

    def __str__(self) -> str:
        return f"{self.schedule} {self.effective_from.isoformat()} 起 {self.rate_text} {self.unit}"

    @property
    def rate_text(self) -> str:
        """The rate without trailing zeros (0.8, not 0.8000) and never in exponent form."""
        return f"{decimal.Decimal(self.rate).normalize():f}"


class SurchargeRow(models.Model):
    """One enterprise's surcharges in a computed set: what the page, its exports and the API
    show, as the core computed it (resolute.core.pricing via services.build_surcharges).

    The columns are what lists filter, sort and add up; the rest of the core's result
    (findings, overdue tasks, tiers, reasons) is kept beside the row in
    :class:`SurchargeDetail`, read only for the rows shown or exported, so that filters, sums
    and counts scan narrow rows.
    """

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="surcharge_rows")  # fmt: skip
    #: The core's order (the ledger's order of enterprises).
    position = models.PositiveIntegerField()
    enterprise = models.ForeignKey("ledger.Enterprise", on_delete=models.CASCADE, related_name="+")
    credit_code = models.CharField(max_length=18)
    name = models.CharField(max_length=200)
    #: Short city name ("" unknown) and its place in the official order (16 when unknown).
    city = models.CharField(max_length=10, blank=True, default="")
    city_rank = models.PositiveSmallIntegerField()
    county = models.CharField(max_length=50, blank=True, default="")
    industry = models.CharField(max_length=24, blank=True, default="")
    outcome = models.CharField(max_length=20)
    #: The price category (pricing.CATEGORY_LABELS key; "" when it cannot be told).
    category = models.CharField(max_length=24, blank=True, default="")
    e_status = models.CharField(max_length=8)
    e_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    w_status = models.CharField(max_length=8)
    w_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    #: Electricity plus water; null when either is unknown.
    total = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    #: The amount rests on a rate, tiers or a base price not yet confirmed (待核实).
    e_unconfirmed = models.BooleanField(default=False)
    w_unconfirmed = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["computed_set", "position"], name="surcharge_row_order"),
            models.Index(
                fields=["computed_set", "city_rank", "position"], name="surcharge_row_city"
            ),
            models.Index(fields=["computed_set", "industry"], name="surcharge_row_industry"),
        ]


class SurchargeDetail(models.Model):
    """The core's whole result for one :class:`SurchargeRow` (EnterpriseSurcharge as a dict).

    Deleted with its set (resolute.web.computed.services.delete_rows deletes the details of a
    set before its rows), so a row is deleted without looking for its detail first."""

    row = models.OneToOneField(SurchargeRow, on_delete=models.DO_NOTHING, primary_key=True,
                               related_name="+")  # fmt: skip
    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="surcharge_details")  # fmt: skip
    detail = models.JSONField()


class ClassRow(models.Model):
    """One enterprise's efficiency class (亩产效益分类) in a computed set: score, province
    rank, class and each indicator's part, as the core classified the whole province."""

    computed_set = models.ForeignKey("computed.ComputedSet", on_delete=models.CASCADE,
                                     related_name="class_rows")  # fmt: skip
    position = models.PositiveIntegerField()
    enterprise = models.ForeignKey("ledger.Enterprise", on_delete=models.CASCADE, related_name="+")
    credit_code = models.CharField(max_length=18)
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=10, blank=True, default="")
    city_rank = models.PositiveSmallIntegerField()
    county = models.CharField(max_length=50, blank=True, default="")
    industry = models.CharField(max_length=24, blank=True, default="")
    score = models.FloatField(null=True)
    rank = models.PositiveIntegerField(null=True)
    code = models.CharField(max_length=8)
    reason = models.TextField(blank=True, default="")
    #: Each indicator's part (resolute.core.classes.IndicatorScore fields).
    indicators = models.JSONField()

    class Meta:
        indexes = [
            models.Index(fields=["computed_set", "rank", "credit_code"], name="class_row_rank"),
            models.Index(fields=["computed_set", "code"], name="class_row_code"),
        ]


class ClassSummary(models.Model):
    """What a classification holds for the whole province: how many enterprises were ranked
    and the benchmarks they were scored against (whoever looks, these are the province's)."""

    computed_set = models.OneToOneField("computed.ComputedSet", on_delete=models.CASCADE,
                                        related_name="class_summary")  # fmt: skip
    rated = models.PositiveIntegerField()
    benchmarks = models.JSONField()
