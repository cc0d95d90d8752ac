"""Create (or update) a user with a role: the way an administrator gives someone access."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resolute.web.accounts.models import Profile, Role
from resolute.web.audit.context import acting_as, command_line_actor
from resolute.web.audit.models import record
from resolute.web.ledger.models import City, Enterprise


class Command(BaseCommand):
    help = "建立或更新一个带角色的用户：province、department、city 或 enterprise。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=list(Role.values))
        parser.add_argument("--city", help="市级用户的所属市，如 淄博")
        parser.add_argument("--industries", default="", help="行业主管部门的行业代码，逗号分隔")
        parser.add_argument("--enterprise", help="企业用户的统一社会信用代码")
        parser.add_argument("--display-name", default="", help="姓名或单位")
        parser.add_argument("--password", help="不给出时在终端中输入")

    @transaction.atomic
    def handle(self, *args: Any, **opts: Any) -> None:
        city = enterprise = None
        if opts["city"]:
            city = City.objects.filter(name=opts["city"].removesuffix("市")).first()
            if city is None:
                raise CommandError(f"没有名为“{opts['city']}”的市")
        if opts["enterprise"]:
            enterprise = Enterprise.objects.filter(credit_code=opts["enterprise"]).first()
            if enterprise is None:
                raise CommandError(f"台账中没有统一社会信用代码为 {opts['enterprise']} 的企业")
        industries = [x.strip() for x in opts["industries"].split(",") if x.strip()]
        profile = Profile(role=opts["role"], city=city, enterprise=enterprise,
                          industries=industries, display_name=opts["display_name"])  # fmt: skip
        try:
            profile.clean()
        except ValidationError as exc:
            raise CommandError(
                "；".join(m for ms in exc.message_dict.values() for m in ms)
            ) from exc
        password = opts["password"] or getpass.getpass("密码：")
        User = get_user_model()
        user = User.objects.filter(username=opts["username"]).first()
        created = user is None
        if user is None:
            user = User(username=opts["username"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from exc
        user.set_password(password)
        with acting_as(None, via="命令行", name=command_line_actor()):
            user.save()
            # The account and its new password (never the password itself) in the history.
            record(user, "create" if created else "update", None,
                   {"username": user.username, "password": "已设置"})  # fmt: skip
            Profile.objects.update_or_create(user=user, defaults={
                "role": profile.role, "city": city, "enterprise": enterprise,
                "industries": industries, "display_name": profile.display_name,
            })  # fmt: skip
        self.stdout.write(
            f"{'已建立' if created else '已更新'}用户 {user.username}（{profile.get_role_display()}）"
        )
