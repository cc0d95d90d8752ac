"""Versions of the policy data sets (规则库、目标任务、价格、产能置换、分类、督导评估).

The bundled files (``resolute/data``) are the first version of each data set; every later
version is a row here: its YAML text in the bundled format, the document that issued it and
who drafted, submitted and approved it. Only published versions (已发布, with an effective
date) are ever used (resolute/web/policies/services.py); drafts, submitted and rejected
versions affect nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from resolute.core import policies
from resolute.web.audit.models import Recorded


class PolicyVersion(Recorded):
    """One version of one policy data set."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (DRAFT, "草稿"),
        (SUBMITTED, "待审核"),
        (PUBLISHED, "已发布"),
        (REJECTED, "已退回"),
    ]

    dataset = models.CharField("数据集", max_length=20, choices=list(policies.DATASETS.items()))
    label = models.CharField("版本号", max_length=40)
    status = models.CharField("状态", max_length=12, choices=STATUS_CHOICES, default=DRAFT,
                              db_index=True)  # fmt: skip
    effective_from = models.DateField("生效日期", null=True, blank=True,
                                      help_text="审核通过时确定；未发布的版本为空")  # fmt: skip
    doc_number = models.CharField("文号", max_length=100, blank=True)
    doc_title = models.CharField("发文标题", max_length=300, blank=True)
    doc_date = models.DateField("发文日期", null=True, blank=True)
    publisher = models.CharField("发布机关", max_length=200, blank=True)
    text = models.TextField("内容（YAML）")
    digest = models.CharField("内容摘要", max_length=64, editable=False)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="successors", verbose_name="基于版本")  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="起草人")  # fmt: skip
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="提交人")  # fmt: skip
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="审核人")  # fmt: skip
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)

    #: The YAML is kept out of the change history (its digest is recorded).
    audit_exclude = ("text",)

    class Meta:
        ordering = ["dataset", "effective_from", "pk"]
        verbose_name = verbose_name_plural = "政策版本"
        constraints = [
            models.UniqueConstraint(fields=["dataset", "label"], name="policy_version_label"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(effective_from__isnull=False),
                name="policy_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_label} {self.label}"

    @property
    def dataset_label(self) -> str:
        return policies.DATASETS.get(self.dataset, self.dataset)

    def save(self, *args: object, **kwargs: object) -> None:
        self.digest = policies.digest_of(self.text)
        super().save(*args, **kwargs)

    def info(self) -> policies.VersionInfo:
        """The version block as the row states it (the row's fields win over the text's)."""
        return policies.VersionInfo(
            dataset=self.dataset,
            label=self.label,
            effective=self.effective_from,
            doc_number=self.doc_number,
            doc_title=self.doc_title,
            doc_date=self.doc_date,
            publisher=self.publisher,
        )

    def version(self) -> policies.Version:
        """The parsed version (raises :class:`resolute.core.policies.PolicyError`), with the
        row's label, effective date and document."""
        parsed = policies.parse(self.dataset, self.text, f"{self.dataset_label} {self.label}")
        content = parsed.content
        if content.version != self.label:
            content = content.model_copy(update={"version": self.label})
        return policies.Version(
            info=self.info(), text=self.text, digest=parsed.digest, content=content,
            raw=parsed.raw,
        )  # fmt: skip

    @property
    def in_effect_from(self) -> dt.date | None:
        return self.effective_from if self.status == self.PUBLISHED else None
