"""Quarterly dispatch (季调度, 五(四)): a city's report for a quarter, kept with its history.

The table keeps its name from the ``supervision`` app.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from resolute.web.audit.models import Recorded
from resolute.web.ledger.models import City

QUARTER_PATTERN = re.compile(r"^(20\d\d)Q([1-4])$")


def validate_quarter(value: str) -> None:
    if not QUARTER_PATTERN.match(value):
        raise ValidationError("季度应写作“2022Q4”的形式（年份加 Q 加 1—4）")


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
        db_table = "supervision_quarterlyreport"
        ordering = ["-quarter", "city__code"]
        unique_together = [("city", "quarter")]
        verbose_name = verbose_name_plural = "季度调度报告"

    def __str__(self) -> str:
        return f"{self.city.name}市 {self.quarter} 季度调度"

    def audit_scope(self) -> tuple[str, str]:
        return "", self.city.name
