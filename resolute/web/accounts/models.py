"""Roles (角色) and API tokens. A user's role decides what of the ledger they may see."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models

from resolute.web.audit.models import Recorded
from resolute.web.ledger.models import INDUSTRY_CHOICES, City, Enterprise


class Role(models.TextChoices):
    PROVINCE = "province", "省级办公室"
    DEPARTMENT = "department", "行业主管部门"
    CITY = "city", "市级主管部门"
    ENTERPRISE = "enterprise", "企业用户"


class Profile(Recorded):
    """A user's role and scope. Every change is in the history (who gave whom which role)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile", verbose_name="用户")  # fmt: skip
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    display_name = models.CharField("姓名或单位", max_length=100, blank=True, default="")
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT,
                             verbose_name="所属市")  # fmt: skip
    industries = models.JSONField("主管行业", default=list, blank=True,
                                  help_text="行业代码列表，如 [\"steel\", \"coking\"]")  # fmt: skip
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name="所属企业")  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.CITY and self.city_id is None:
            raise ValidationError({"city": "市级用户必须指定所属市"})
        if self.role == Role.ENTERPRISE and self.enterprise_id is None:
            raise ValidationError({"enterprise": "企业用户必须指定所属企业"})
        codes = {c for c, _ in INDUSTRY_CHOICES}
        if self.role == Role.DEPARTMENT and (not self.industries
                                             or not set(self.industries) <= codes):  # fmt: skip
            raise ValidationError({"industries": "行业主管部门必须指定主管行业"})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Recorded):
    """A bearer token for the JSON API; only its digest is stored (and never in the history:
    issuing and deleting a token are recorded by user and purpose)."""

    audit_exclude = ("digest",)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name="用户")  # fmt: skip
    name = models.CharField("用途", max_length=100, default="")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user.get_username()}：{self.name}"

    @classmethod
    def issue(cls, user: Any, name: str = "") -> tuple[ApiToken, str]:
        """Create a token; the plain text is returned once and never stored."""
        plain = "rsl_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(plain)), plain

    @classmethod
    def user_for(cls, plain: str) -> Any | None:
        token = cls.objects.select_related("user").filter(digest=_digest(plain)).first()
        if token is None or not token.user.is_active:
            return None
        return token.user
