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
