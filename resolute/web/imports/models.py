"""Imports of ledger workbooks (台账导入): each upload, and the column mappings users taught us.

An :class:`ImportBatch` keeps the uploaded file and where it is in the flow — column
mapping, validation, preview, confirmation — so that what is confirmed is exactly what was
previewed, and so that every import, applied or not, leaves a trace of who sent what.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    NEEDS_MAPPING = "needs_mapping", "待设置列对应"
    INVALID = "invalid", "有错误"
    PREVIEWED = "previewed", "待确认"
    APPLIED = "applied", "已导入"
    REJECTED = "rejected", "已拒绝"
    ABANDONED = "abandoned", "已放弃"
    FAILED = "failed", "导入失败"


#: States after which the batch can no longer change the ledger.
FINAL_STATES = frozenset({Status.APPLIED, Status.ABANDONED, Status.FAILED})


def upload_path(batch: ImportBatch, filename: str) -> str:
    """A fresh name under ``imports/``: the user's file name is kept apart, never trusted
    as a path."""
    suffix = PurePath(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportBatch(models.Model):
    """One uploaded ledger file and its way through mapping, validation, preview and apply.

    ``mapping`` holds the user's choices (``{"sheets": {...}, "columns": {...}}``),
    ``workbook`` the sheets and headers as found (to build the mapping form without
    reading the file again), ``errors`` every error found (sheet, row, column, reason),
    ``summary`` the preview (counts, new and changed rows, a digest of the plan) and, once
    applied, the counts written.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="import_batches", verbose_name="导入人")  # fmt: skip
    file = models.FileField("文件", upload_to=upload_path)
    original_name = models.CharField("原文件名", max_length=255)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.UPLOADED)  # fmt: skip
    workbook = models.JSONField("工作表与列", default=dict, blank=True)
    mapping = models.JSONField("列对应", default=dict, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    summary = models.JSONField("摘要", default=dict, blank=True)
    message = models.TextField("说明", blank=True, default="")
    #: Where the background work is: ``{"stage": 中文阶段, "done": n, "total": n}`` (total 0
    #: when not known), written at most about once a second by :func:`services.recorder`.
    progress = models.JSONField("进度", default=dict, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATES

    def percent(self) -> int | None:
        """How far the background work is, 0–100, or None when not known."""
        done, total = self.progress.get("done"), self.progress.get("total")
        if not isinstance(done, int) or not isinstance(total, int) or total <= 0:
            return None
        return max(0, min(100, done * 100 // total))

    def counts(self) -> dict[str, Any]:
        return dict(self.summary.get("counts") or {})


class MappingScope(models.TextChoices):
    ENTERPRISES = "enterprises", "企业表的列"
    LINES = "lines", "生产线表的列"
    SHEET = "sheet", "工作表"


class ColumnMapping(models.Model):
    """A header a user once mapped (or a sheet they once picked), offered again next time.

    For a column, ``key`` is the field key ("" when the user chose to ignore it); for a
    sheet (scope ``sheet``), ``source`` is the sheet's title and ``key`` is ``enterprises``
    or ``lines``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="column_mappings", verbose_name="用户")  # fmt: skip
    scope = models.CharField("范围", max_length=16, choices=MappingScope.choices)
    source = models.CharField("表中的名称", max_length=255)
    key = models.CharField("对应字段", max_length=64, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "列对应记忆"
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "source"],
                                    name="imports_mapping_unique_source"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.source} → {self.key or '忽略'}"
