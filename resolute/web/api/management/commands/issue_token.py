"""``manage.py issue_token <username> [--name 用途]``: a new API token, printed once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolute.web.accounts.models import ApiToken
from resolute.web.audit.context import acting_as, command_line_actor


class Command(BaseCommand):
    help = "为用户签发接口令牌。令牌明文只显示这一次，系统只保存其摘要。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="", help="令牌用途，如“市平台对接”")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if not user.is_active:
            raise CommandError(f"用户已停用：{username}")
        with acting_as(None, via="命令行", name=command_line_actor()):
            _, plain = ApiToken.issue(user, name=name)
        # The token alone on stdout, so that a script can capture it; the advice on stderr.
        self.stdout.write(plain)
        self.stderr.write(
            "请妥善保存：令牌只显示这一次。调用时使用请求头 Authorization: Bearer <令牌>"
        )
