"""Making, reading and mailing notices (提醒). One place decides who is warned of what:

- a line still in place with a deadline — its exit plan's, or a duty's under 二(三)1—7 not
  done yet, with or without an exit plan (resolute.web.targets.deadlines, which the home
  pages count by) — 90, 60 or 30 days away or less (the nearest band it is in: 61–90 days
  前 90 天, 31–60 days 前 60 天, 0–30 days 前 30 天, the deadline day itself included), or
  past (the day after the deadline on): the city officers of the enterprise's city, the
  department officers of its industry and the enterprise's own users;
- an objection received: the officer it is assigned to;
- an objection decided (accepted or rejected): the enterprise's own users.

Each event is made once per user (``Notice.key``), whatever the number of runs; a notice
made for a user with an e-mail address is mailed once (claimed pending → sent before it is
sent, put back if sending fails).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from resolute.core import schema, words
from resolute.web.accounts.models import Profile, Role
from resolute.web.notices.models import DEADLINE_KINDS, DailyRun, Kind, Mail, Notice
from resolute.web.objections.models import Objection
from resolute.web.targets.deadlines import DUE_WINDOWS, Due, due_events

log = logging.getLogger(__name__)

#: The name of the daily run of :func:`run_daily` (a row of DailyRun).
DAILY = "notices"
#: The bands before a deadline: (at most so many days left, kind), the home pages' windows.
BANDS: tuple[tuple[int, str], ...] = tuple(zip(DUE_WINDOWS, (Kind.DUE_30, Kind.DUE_60, Kind.DUE_90),
                                               strict=True))  # fmt: skip
_CHUNK = 500
#: Notices listed in one e-mail; the rest are counted.
MAIL_LIST_LIMIT = 50


def band(deadline: dt.date, today: dt.date) -> str | None:
    """The warning a deadline calls for on ``today``: the nearest band it is in, 已过退出期限
    from the day after the deadline, none while more than 90 days are left."""
    left = (deadline - today).days
    if left < 0:
        return Kind.OVERDUE
    for limit, kind in BANDS:
        if left <= limit:
            return kind
    return None


# ─── who is warned ──────────────────────────────────────────────────────────────


@dataclass
class Recipients:
    """The users answering for lines, by the enterprise's city, industry and enterprise."""

    by_city: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_industry: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_enterprise: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    mailable: set[int] = field(default_factory=set)

    def of(self, city_id: int, industry: str, enterprise_id: int) -> list[int]:
        found = [*self.by_city.get(city_id, ()), *self.by_industry.get(industry, ()),
                 *self.by_enterprise.get(enterprise_id, ())]  # fmt: skip
        return list(dict.fromkeys(found))


def recipients() -> Recipients:
    """Active city, department and enterprise users (the province office is not warned of
    single lines: its home page counts them)."""
    found = Recipients()
    rows = Profile.objects.filter(
        user__is_active=True, role__in=[Role.CITY, Role.DEPARTMENT, Role.ENTERPRISE]
    ).values_list("user_id", "role", "city_id", "industries", "enterprise_id", "user__email")
    for user_id, role, city_id, industries, enterprise_id, email in rows:
        if role == Role.CITY and city_id is not None:
            found.by_city[city_id].append(user_id)
        elif role == Role.DEPARTMENT:
            for industry in industries or []:
                found.by_industry[industry].append(user_id)
        elif role == Role.ENTERPRISE and enterprise_id is not None:
            found.by_enterprise[enterprise_id].append(user_id)
        if email:
            found.mailable.add(user_id)
    return found


# ─── making notices ─────────────────────────────────────────────────────────────


def deadline_title(kind: str, due: Due, today: dt.date) -> str:
    """What a deadline notice says: the line, the deadline and, for a duty of 二(三)1—7,
    the clause and what it asks (an exit plan's deadline alone is an exit deadline)."""
    spec = schema.EQUIPMENT_BY_CODE.get(due.equipment)
    label = spec.label if spec is not None else "生产线"
    subject = f"{due.enterprise_name} {label}（生产线编号 {due.line_id}）"
    left = (due.deadline - today).days
    day = words.date_text(due.deadline)
    if due.duties:
        asked = "；".join(f"方案{clause}要求{action}" for clause, action in due.duties)
        if kind == Kind.OVERDUE:
            return f"{subject}已过期限（{day}），尚未完成：{asked}"
        if left == 0:
            return f"{subject}今日到期（{day}）：{asked}"
        return f"{subject}距期限（{day}）还有 {left} 天：{asked}"
    if kind == Kind.OVERDUE:
        return f"{subject}已过退出期限（{day}），尚未退出"
    if left == 0:
        return f"{subject}今日到期：退出期限为{day}"
    return f"{subject}距退出期限（{day}）还有 {left} 天"


def _existing(keys: Iterable[str]) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    keys = list(keys)
    for start in range(0, len(keys), _CHUNK):
        found.update(Notice.objects.filter(key__in=keys[start:start + _CHUNK])
                     .values_list("user_id", "key"))  # fmt: skip
    return found


def _store(notices: list[Notice]) -> list[Notice]:
    """Store the notices not made before; those that were new."""
    if not notices:
        return []
    made = _existing({n.key for n in notices})
    fresh = [n for n in notices if (n.user_id, n.key) not in made]
    # ignore_conflicts: a notice made meanwhile by another run is not made twice either.
    Notice.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    return fresh


def produce_deadline_notices(today: dt.date, who: Recipients | None = None) -> Counter[str]:
    """Warn of every deadline in a band on ``today`` (an exit plan's or an open duty's,
    targets.deadlines); the count of new notices by kind."""
    who = who if who is not None else recipients()
    made: Counter[str] = Counter()
    batch: list[Notice] = []
    for due in due_events(today):
        kind = band(due.deadline, today)
        users = who.of(due.city_id, due.industry, due.enterprise_id) if kind is not None else []
        if kind is None or not users:
            continue
        # One event per line and deadline day, whether a plan, a duty or both set it.
        key = f"{kind}:line:{due.line_pk}:{due.deadline.isoformat()}"
        title = deadline_title(kind, due, today)
        url = reverse("ledger-line-detail", args=[due.line_id])
        for user_id in users:
            batch.append(Notice(user_id=user_id, kind=kind, key=key, title=title, url=url,
                                line_id=due.line_pk, enterprise_id=due.enterprise_id,
                                deadline=due.deadline,
                                mail=Mail.PENDING if user_id in who.mailable else Mail.NONE))  # fmt: skip
        if len(batch) >= 2000:
            made.update(n.kind for n in _store(batch))
            batch = []
    made.update(n.kind for n in _store(batch))
    return made


def objection_notice(objection: Objection) -> Notice | None:
    """The notice of an objection received, for the officer it is assigned to (unsaved)."""
    officer = objection.assigned_to
    if officer is None or not officer.is_active:
        return None
    enterprise = objection.enterprise
    return Notice(
        user=officer, kind=Kind.OBJECTION, key=f"objection:{objection.pk}",
        title=f"收到异议：{enterprise.name}对{objection.subject_label}的判定提出异议，待您处理",
        url=reverse("objections-detail", args=[objection.pk]),
        enterprise=enterprise, line_id=objection.line_id, objection=objection,
        mail=Mail.PENDING if officer.email else Mail.NONE,
    )  # fmt: skip


def notify_objection(objection: Objection) -> bool:
    """Warn the assignee of a new objection (once); whether a notice was made."""
    notice = objection_notice(objection)
    return notice is not None and bool(_store([notice]))


def decision_notices(objection: Objection) -> list[Notice]:
    """The notices of an objection decided, for the enterprise's active users (unsaved);
    none while it is open."""
    if objection.status == Objection.Status.OPEN:
        return []
    enterprise = objection.enterprise
    verdict = "已接受" if objection.status == Objection.Status.ACCEPTED else "已驳回"
    title = (f"异议已处理：{enterprise.name}对{objection.subject_label}的判定提出的异议"
             f"{verdict}，请查看处理意见")  # fmt: skip
    users = Profile.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise,
                                   user__is_active=True).values_list("user_id", "user__email")  # fmt: skip
    return [Notice(user_id=user_id, kind=Kind.DECIDED, key=f"decided:{objection.pk}",
                   title=title, url=reverse("objections-detail", args=[objection.pk]),
                   enterprise=enterprise, line_id=objection.line_id, objection=objection,
                   mail=Mail.PENDING if email else Mail.NONE)
            for user_id, email in users]  # fmt: skip


def notify_decision(objection: Objection) -> list[Notice]:
    """Tell the enterprise its objection was decided (once); the notices made now."""
    return _store(decision_notices(objection))


def produce_objection_notices() -> int:
    """Notices of the open objections whose assignee has none yet (objections received
    before notices existed, or while the notice could not be made)."""
    notices = []
    for objection in Objection.objects.filter(status=Objection.Status.OPEN,
                                              assigned_to__isnull=False).select_related(
                                                  "assigned_to", "enterprise"):  # fmt: skip
        notice = objection_notice(objection)
        if notice is not None:
            notices.append(notice)
    return len(_store(notices))


# ─── e-mail ─────────────────────────────────────────────────────────────────────


def _site() -> str:
    return str(settings.RESOLUTE_SITE_URL).rstrip("/")


def mail_text(notices: list[Notice]) -> tuple[str, str]:
    """The subject and the body of one e-mail for a user's new notices."""
    count = words.figure_text(len(notices), 0)
    subject = f"【三个坚决】您有 {count} 条新提醒"
    lines = ["您好：", "", f"“三个坚决”台账与评估系统有 {count} 条新提醒：", ""]
    for n, notice in enumerate(notices[:MAIL_LIST_LIMIT], start=1):
        lines.append(f"{n}. {notice.title}")
        if notice.url:
            lines.append(f"   查看：{_site()}{notice.url}")
    if len(notices) > MAIL_LIST_LIMIT:
        rest = words.figure_text(len(notices) - MAIL_LIST_LIMIT, 0)
        lines.append(f"另有 {rest} 条，请登录系统查看。")
    lines += ["", f"全部提醒：{_site()}{reverse('notices-list')}", "",
              "此邮件由系统自动发送，请勿回复。"]  # fmt: skip
    return subject, "\n".join(lines)


def send_pending_mail() -> int:
    """Send each user's pending notices in one e-mail; the number of e-mails sent. A notice
    is claimed (pending → sent) before it is sent, so two senders never send it twice; when
    sending fails it is put back, to go with the next run."""
    sent = 0
    users = (Notice.objects.filter(mail=Mail.PENDING).values_list("user_id", flat=True)
             .distinct().order_by())  # fmt: skip
    for user in get_user_model().objects.filter(pk__in=list(users)).order_by("pk"):
        with transaction.atomic():
            pks = list(Notice.objects.filter(user=user, mail=Mail.PENDING)
                       .order_by("created_at", "pk").values_list("pk", flat=True))  # fmt: skip
            claimed = Notice.objects.filter(pk__in=pks, mail=Mail.PENDING).update(
                mail=Mail.SENT, mailed_at=timezone.now())  # fmt: skip
        if not claimed or not user.email:
            continue
        notices = list(Notice.objects.filter(pk__in=pks).order_by("created_at", "pk"))
        subject, body = mail_text(notices)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # a mail server down: the notices go with the next run
            log.exception("notice mail to user %s failed", user.pk)
            Notice.objects.filter(pk__in=pks).update(mail=Mail.PENDING, mailed_at=None)
            continue
        sent += 1
    return sent


# ─── the daily run ──────────────────────────────────────────────────────────────


def run_daily(today: dt.date | None = None) -> dict[str, Any]:
    """Make the day's notices and mail them; what was done, for the record and the command."""
    today = today or timezone.localdate()
    DailyRun.objects.update_or_create(name=DAILY, defaults={"started_at": timezone.now()})
    made = produce_deadline_notices(today)
    objections = produce_objection_notices()
    mails = send_pending_mail()
    summary = {"day": today.isoformat(), "notices": sum(made.values()) + objections,
               "objections": objections, "mails": mails}  # fmt: skip
    DailyRun.objects.filter(name=DAILY).update(finished_at=timezone.now(), summary=summary)
    return summary


def claim_day(today: dt.date) -> bool:
    """Claim ``today``'s daily run: True for the one caller that finds it not yet run today."""
    DailyRun.objects.get_or_create(name=DAILY)
    return bool(
        DailyRun.objects.filter(name=DAILY)
        .filter(Q(last_day__isnull=True) | Q(last_day__lt=today))
        .update(last_day=today)
    )


def release_day() -> None:
    """Let the daily run start again (its worker died before it ended)."""
    DailyRun.objects.filter(name=DAILY).update(last_day=None)


# ─── reading ────────────────────────────────────────────────────────────────────


def notices_for(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: Any, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (``pks``, or all); how many were unread."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.update(read_at=timezone.now())


__all__ = ["DEADLINE_KINDS", "band", "claim_day", "run_daily", "send_pending_mail"]
