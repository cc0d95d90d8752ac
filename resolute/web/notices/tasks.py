"""The daily notices as a background task (resolute.web.lib.background): a worker starts it
when it starts and then once a day (:func:`schedule_daily`, called by the worker's
heartbeat); ``manage.py daily_notices`` runs it by hand or from cron."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resolute.web.lib.background import ON_DEATH
from resolute.web.lib.compat_tasks import task


@task()
def daily_notices() -> None:
    """Make the day's notices (deadlines in 90/60/30 days or past, objections) and mail them."""
    from resolute.web.notices.services import run_daily

    run_daily(timezone.localdate())


@task()
def send_notice_mail() -> None:
    """Mail the notices waiting to be sent (one e-mail per user)."""
    from resolute.web.notices.services import send_pending_mail

    send_pending_mail()


def schedule_daily() -> bool:
    """Queue today's daily run unless it was queued today already (by any worker, on any
    machine: the day is claimed in the database); whether it was queued now."""
    from resolute.web.notices.services import claim_day

    if not claim_day(timezone.localdate()):
        return False
    daily_notices.enqueue()
    return True


def _daily_died(args: list[Any], reason: str) -> None:
    from resolute.web.notices.services import release_day

    release_day()  # a worker starts it again at its next check


ON_DEATH[daily_notices.module_path] = _daily_died
