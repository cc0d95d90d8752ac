"""Notices (提醒): early warnings before a line's deadline, the deadline passed, an objection
received (for its officer) and an objection decided (for the enterprise), each for one user — shown behind the bell in the page header and, when
the user has an e-mail address, sent once by e-mail.

A notice is made once: ``key`` names the event (kind, subject and, for a deadline, the
deadline itself), unique per user, so running the daily task again makes nothing new; a
deadline moved by the exit plan is a new event and warns again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from resolute.web.ledger.models import Enterprise, Line
from resolute.web.objections.models import Objection


class Kind:
    """What a notice warns of (plain strings: compared and stored as they are)."""

    DUE_90 = "due_90"
    DUE_60 = "due_60"
    DUE_30 = "due_30"
    OVERDUE = "overdue"
    OBJECTION = "objection"
    DECIDED = "decided"


KIND_LABELS: dict[str, str] = {
    Kind.DUE_90: "退出期限前 90 天",
    Kind.DUE_60: "退出期限前 60 天",
    Kind.DUE_30: "退出期限前 30 天",
    Kind.OVERDUE: "已过退出期限",
    Kind.OBJECTION: "收到异议",
    Kind.DECIDED: "异议已处理",
}
#: The kinds warning of a line's exit deadline, the nearest band first.
DEADLINE_KINDS = (Kind.DUE_30, Kind.DUE_60, Kind.DUE_90, Kind.OVERDUE)


class Mail:
    """Whether a notice is mailed: NONE when its user had no address when it was made."""

    NONE = "none"
    PENDING = "pending"
    SENT = "sent"


MAIL_LABELS: dict[str, str] = {Mail.NONE: "不发送", Mail.PENDING: "待发送", Mail.SENT: "已发送"}


class Notice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices", verbose_name="接收人")  # fmt: skip
    kind = models.CharField("类型", max_length=16, choices=list(KIND_LABELS.items()))
    #: The event: kind, subject and (for a deadline) the deadline, e.g. "due_90:line:17:2022-12-31".
    key = models.CharField("事项", max_length=200)
    title = models.CharField("内容", max_length=300)
    #: Where the notice is dealt with (a line's or an objection's page).
    url = models.CharField("链接", max_length=300, blank=True, default="")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="生产线")  # fmt: skip
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="企业")  # fmt: skip
    objection = models.ForeignKey(Objection, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="异议")  # fmt: skip
    deadline = models.DateField("退出期限", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    mail = models.CharField("邮件", max_length=8, choices=list(MAIL_LABELS.items()),
                            default=Mail.NONE)  # fmt: skip
    mailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "提醒"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notices_one_per_user_and_event"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notices_user_unread"),
            models.Index(fields=["mail"], name="notices_mail"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DailyRun(models.Model):
    """When a daily task was last started: a worker starts it when the day in ``last_day`` is
    over (claimed by one conditional update, so two workers never both start it)."""

    name = models.CharField("任务", max_length=40, primary_key=True)
    last_day = models.DateField("最近运行日", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    summary = models.JSONField("结果", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "每日任务"

    def __str__(self) -> str:
        return self.name
