"""Make the day's notices and mail them now (what the worker does once a day): for cron, or
by hand. Running it twice makes nothing new and sends nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from resolute.core import words
from resolute.web.notices import services


class Command(BaseCommand):
    help = "生成今天的提醒（退出期限前 90/60/30 天、逾期未退出、收到异议）并发送邮件；重复运行不会重复提醒"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", default="",
                            help="按哪一天判断期限（YYYY-MM-DD），默认今天")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["as_of"]:
            try:
                today = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"日期应写作 YYYY-MM-DD：{options['as_of']}") from None
        else:
            services.claim_day(today)  # the worker need not run it again today
        summary = services.run_daily(today)
        n = {k: words.figure_text(summary[k], 0) for k in ("notices", "objections", "mails")}
        self.stdout.write(f"{words.date_text(today)}：新生成提醒 {n['notices']} 条"
                          f"（其中异议 {n['objections']} 条），发出邮件 {n['mails']} 封")  # fmt: skip
