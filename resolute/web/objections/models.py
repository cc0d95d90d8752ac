"""Objections (异议): an enterprise disputes one finding of its latest assessment.

The objection keeps a snapshot of the disputed finding as the run reported it, so the thread
stays readable after the ledger and later runs have moved on. It is routed to the city
officer who answers for the enterprise, who either corrects the ledger (recorded in the
history as 异议处理) and re-assesses, or rejects it with a stated reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models

from resolute.core import words
from resolute.web.assessments.models import AssessmentRun
from resolute.web.ledger.models import Enterprise, Line

#: What an enterprise may attach: documents, scans and photos, no executables or pages.
#: Documents and photographs only (resolute.web.lib.files checks the content too).
ATTACHMENT_EXTENSIONS = ("pdf", "ofd", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        ACCEPTED = "accepted", "已接受"
        REJECTED = "rejected", "已驳回"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="objections", verbose_name="企业")  # fmt: skip
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="objections", verbose_name="生产线")  # fmt: skip
    line_code = models.CharField("生产线编号", max_length=64, blank=True, default="",
                                 help_text="企业层面的判定为空")  # fmt: skip
    rule_id = models.CharField("规则编号", max_length=100, db_index=True)
    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT, related_name="objections",
                            verbose_name="所涉评估")  # fmt: skip
    finding = models.JSONField("所涉判定", help_text="提出异议时评估结果中的该项判定（原样）")
    reason = models.TextField("异议理由")
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.OPEN, db_index=True)  # fmt: skip
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_objections",
                                    verbose_name="承办人")  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="提出人")  # fmt: skip
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="处理人")  # fmt: skip
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_reason = models.TextField("处理意见", blank=True, default="")
    corrections = models.JSONField("数据更正", default=list, blank=True,
                                   help_text="[{field, label, before, after}]")  # fmt: skip
    reassessment = models.ForeignKey(AssessmentRun, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="重新评估")  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "异议"
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self) -> str:
        return f"异议 #{self.pk}（{self.enterprise.name} {self.rule_id}）"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def subject_label(self) -> str:
        """What is disputed, in words: the line or the enterprise as a whole."""
        return f"生产线 {self.line_code}" if self.line_code else "企业整体"

    @property
    def view(self) -> words.FindingView:
        """The disputed finding as a page shows it (its labels, value and threshold)."""
        return words.finding_view(self.finding)


class ObjectionMessage(models.Model):
    """One entry of the thread between the enterprise and the officer."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="messages",
                                  verbose_name="异议")  # fmt: skip
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name="发言人")  # fmt: skip
    text = models.TextField("内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = verbose_name_plural = "异议往来记录"

    def __str__(self) -> str:
        return f"异议 #{self.objection_id} 的留言"


def _upload_to(instance: Any, filename: str) -> str:
    return f"objections/{instance.objection_id}/{filename}"


class ObjectionAttachment(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE,
                                  related_name="attachments", verbose_name="异议")  # fmt: skip
    message = models.ForeignKey(ObjectionMessage, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="attachments",
                                verbose_name="所附留言")  # fmt: skip
    file = models.FileField("附件", upload_to=_upload_to,
                            validators=[FileExtensionValidator(list(ATTACHMENT_EXTENSIONS))])  # fmt: skip
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="上传人")  # fmt: skip
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = verbose_name_plural = "异议附件"

    def __str__(self) -> str:
        return self.name
