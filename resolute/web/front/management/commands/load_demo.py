"""Load a demo province: the ledger from `resolute demo-data`, one user per role, a run,
and the work of two years (objections, key projects, plans, reports: front/demo_work.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from resolute.core.ledger import Ledger
from resolute.demo import generate
from resolute.web.accounts.models import Profile, Role
from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import execute, publish_run
from resolute.web.audit.context import acting_as
from resolute.web.front import demo_work
from resolute.web.ledger.models import City, Enterprise
from resolute.web.ledger.services import apply_changes, plan_changes
from resolute.web.replacement.models import CreditPublication
from resolute.web.replacement.services import publish_credit_records

DEMO_PASSWORD = "demo-2021"
#: The demo users' e-mail addresses: in example.org (reserved for examples, RFC 2606), so that
#: the notices' e-mails show on the console of `make run` and can reach no one.
DEMO_EMAILS = {
    "province": "bangongshi@shandong.example.org",
    "industry": "gongxinting@shandong.example.org",
    "zibo": "gongxinju@zibo.example.org",
    "linyi": "gongxinju@linyi.example.org",
    "enterprise": "anquanhuanbao@qiye.example.org",
}


class Command(BaseCommand):
    help = "载入演示省份：模拟台账、各角色演示用户，并完成一次全省评估。已有台账时不重复载入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lines", type=int, default=10000, help="生产线数量（默认 10000）")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, lines: int, seed: int, **options: Any) -> None:
        if Enterprise.objects.exists():
            self.stdout.write("台账已有数据，跳过演示数据载入。")
        else:
            self.stdout.write(f"生成演示台账（{lines} 条生产线）……")
            enterprises, line_records = generate(lines, seed)
            ledger = Ledger.from_records(enterprises, line_records)
            with acting_as(None, via="命令行", name="演示数据"):
                counts = apply_changes(plan_changes(ledger))
            self.stdout.write(f"已载入 {counts['enterprises']['new']} 家企业、"
                              f"{counts['lines']['new']} 条生产线。")  # fmt: skip
            if connection.vendor == "postgresql":
                # Fresh statistics, so the planner knows the tables' sizes at once.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        with acting_as(None, via="命令行", name="演示数据"):
            users = self.demo_users()
        if not AssessmentRun.objects.filter(status=AssessmentRun.Status.DONE).exists():
            self.stdout.write("进行全省评估……")
            run = AssessmentRun.objects.create(created_by=users[0][0])
            run = execute(run.pk)
            with acting_as(None, via="命令行", name="演示数据"):
                publish_run(run, True)
        if not CreditPublication.objects.exists():
            with acting_as(None, via="命令行", name="演示数据"):
                publish_credit_records(users[0][0], timezone.localdate(), "演示数据")
            self.stdout.write(f"评估完成：{run.counts.get('enterprise_outcomes', {})}")
        by_name = {user.username: user for user, _ in users}
        with acting_as(None, via="命令行", name="演示数据"):
            made = demo_work.load(by_name, seed, timezone.localdate())
        if any(made.values()):
            self.stdout.write(
                f"演示工作记录：异议 {made['objections']} 件，重点项目 {made['key_projects']} 个，"
                f"产能置换方案 {made['replacement_plans']} 个，“三个一批”计划 {made['city_plans']} 份，"
                f"季度调度报告 {made['quarterly_reports']} 份。"
            )
        self.stdout.write(f"\n演示用户（密码均为 {DEMO_PASSWORD}）：")
        for user, description in users:
            self.stdout.write(f"  {user.username:<16} {description}（邮箱 {user.email}）")

    @transaction.atomic
    def demo_users(self) -> list[tuple[Any, str]]:
        zibo = City.objects.get(name="淄博")
        linyi = City.objects.get(name="临沂")
        firm = Enterprise.objects.filter(city=zibo).order_by("credit_code").first()
        specs: list[tuple[str, dict[str, Any], str]] = [
            ("province", {"role": Role.PROVINCE, "display_name": "省新旧动能转换办公室"},
             "省级办公室：全省"),
            ("industry", {"role": Role.DEPARTMENT, "display_name": "省工业和信息化厅",
                          "industries": ["steel", "coking", "cement", "tyre"]},
             "行业主管部门：钢铁、焦化、水泥、轮胎"),
            ("zibo", {"role": Role.CITY, "city": zibo, "display_name": "淄博市工业和信息化局"},
             "市级：淄博"),
            ("linyi", {"role": Role.CITY, "city": linyi, "display_name": "临沂市工业和信息化局"},
             "市级：临沂"),
        ]  # fmt: skip
        if firm is not None:
            specs.append(("enterprise", {"role": Role.ENTERPRISE, "enterprise": firm,
                                         "display_name": firm.name}, f"企业：{firm.name}"))  # fmt: skip
        User = get_user_model()
        out = []
        for username, profile, description in specs:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
            if created or not user.email:  # (demo users loaded before they had addresses)
                user.email = DEMO_EMAILS[username]
                user.save()
            Profile.objects.update_or_create(user=user, defaults=profile)
            out.append((user, description))
        return out
