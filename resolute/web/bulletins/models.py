"""Quarterly bulletins (季通报) as issued, frozen. The table keeps its name from the
``supervision`` app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from resolute.core.bulletin import issue_label
from resolute.web.audit.models import ImmutableError
from resolute.web.quarters.models import validate_quarter


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
    #: 期号: the bulletins of a year are numbered 1, 2, … in the order they are issued (by
    #: the year of ``issued_on``); the pair is unique, so a number is given once.
    issue_year = models.PositiveSmallIntegerField("印发年度", null=True, blank=True)
    issue_number = models.PositiveSmallIntegerField("期号", null=True, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)

    class Meta:
        db_table = "supervision_issuedbulletin"
        ordering = ["-quarter"]
        verbose_name = verbose_name_plural = "季度通报"
        constraints = [
            models.UniqueConstraint(fields=["issue_year", "issue_number"],
                                    name="bulletin_issue_number_once_a_year"),
        ]  # fmt: skip

    @property
    def number_label(self) -> str:
        """``2023年第1期``; "" for a bulletin issued before bulletins were numbered."""
        return issue_label(self.issue_year, self.issue_number)

    def __str__(self) -> str:
        return f"{self.quarter} 季度通报"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("已签发的通报不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("已签发的通报不可删除")
