"""Early warnings for duties (issue #13 point 5): a line that owes a duty under 二(三)1—7 is
warned of 90, 60 and 30 days before the duty's deadline and once it has passed, whether or
not it has an exit plan; a duty done is not; a duty and an exit plan due the same day are
one event.

The test province's 临沂 coke oven LY-CO-1 (炭化室高度 4.3 米) owes 二(三)3's 淘汰 by
2021-12-31 and has no exit plan; 淄博's clinker line ZB-CL-1 owes 二(三)5 by 2024-12-31."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from province import make_user
from test_notices_daily import BAND_CASES

from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, ExitPlan, Line
from resolute.web.notices import services
from resolute.web.notices.models import Kind, Notice

DUTY = dt.date(2021, 12, 31)
TEST_PASSWORD = "test-password-2021"


def on(days_before: int) -> dt.date:
    return DUTY - dt.timedelta(days=days_before)


def kinds(user: Any, line_id: str = "LY-CO-1") -> list[str]:
    return sorted(Notice.objects.filter(user=user, line__line_id=line_id)
                  .values_list("kind", flat=True))  # fmt: skip


@pytest.fixture
def coking_user(users: dict[str, Any], province_ledger: Any) -> Any:
    return make_user("coking_user", TEST_PASSWORD, role=Role.ENTERPRISE,
                     enterprise=province_ledger.linyi_coking)  # fmt: skip


def plan(line_id: str, deadline: dt.date) -> None:
    with acting_as(None, via="测试", name="测试数据"):
        ExitPlan.objects.update_or_create(line=Line.objects.get(line_id=line_id), defaults={
            "exit_method": "close", "exit_deadline": deadline})  # fmt: skip


@pytest.mark.parametrize(("days", "expected"), BAND_CASES)
def test_a_duty_without_an_exit_plan_is_warned_of_in_the_band_it_is_in(
    users: dict[str, Any], coking_user: Any, days: int, expected: list[str]
) -> None:
    assert not ExitPlan.objects.filter(line__line_id="LY-CO-1").exists()
    services.run_daily(on(days))
    for user in (users["linyi"], users["industry"], coking_user):  # city, coking, itself
        assert kinds(user) == expected, user.username
    for name in ("zibo", "province", "enterprise_user", "no_role"):
        assert kinds(users[name]) == [], name


def test_the_notice_names_the_clause_and_what_it_asks(users: dict[str, Any]) -> None:
    for days in (89, 0, -1):
        services.run_daily(on(days))
    titles = list(Notice.objects.filter(user=users["linyi"]).order_by("pk")
                  .values_list("title", flat=True))  # fmt: skip
    assert titles == [
        "临沂蒙阴焦化有限公司 焦炉（生产线编号 LY-CO-1）距期限（2021年12月31日）还有 89 天：方案二(三)3要求淘汰",
        "临沂蒙阴焦化有限公司 焦炉（生产线编号 LY-CO-1）今日到期（2021年12月31日）：方案二(三)3要求淘汰",
        "临沂蒙阴焦化有限公司 焦炉（生产线编号 LY-CO-1）已过期限（2021年12月31日），尚未完成：方案二(三)3要求淘汰",
    ]
    assert set(Notice.objects.values_list("url", flat=True)) == {"/ledger/lines/LY-CO-1/"}


def test_each_band_of_a_duty_is_warned_once(users: dict[str, Any]) -> None:
    for days in range(95, -5, -1):
        services.run_daily(on(days))
    assert kinds(users["linyi"]) == sorted([Kind.DUE_90, Kind.DUE_60, Kind.DUE_30, Kind.OVERDUE])


def test_a_duty_done_is_not_warned_of(users: dict[str, Any]) -> None:
    line = Line.objects.get(line_id="LY-CO-1")
    with acting_as(None, via="测试", name="测试数据"):
        line.status = "exited"
        line.save()
        ExitEvent.objects.create(line=line, exited_on=on(100), capacity=60.0)
    for days in (45, -10):
        services.run_daily(on(days))
    assert not Notice.objects.filter(line=line).exists()


def test_a_duty_beyond_90_days_is_not_warned_of(users: dict[str, Any]) -> None:
    services.run_daily(dt.date(2024, 10, 1))  # ZB-CL-1 is due 2024-12-31: 91 days on
    assert kinds(users["zibo"], "ZB-CL-1") == []
    services.run_daily(dt.date(2024, 10, 2))
    assert kinds(users["zibo"], "ZB-CL-1") == [Kind.DUE_90]


def test_a_duty_and_an_exit_plan_due_the_same_day_are_one_event(users: dict[str, Any]) -> None:
    plan("LY-CO-1", DUTY)
    services.run_daily(on(40))
    assert kinds(users["linyi"]) == [Kind.DUE_60]
    assert "方案二(三)3要求淘汰" in Notice.objects.get(user=users["linyi"]).title


def test_an_exit_plan_due_another_day_is_warned_of_besides_the_duty(
    users: dict[str, Any],
) -> None:
    plan("LY-CO-1", on(20))  # the plan means to exit 20 days before the duty's deadline
    services.run_daily(on(40))
    notices = Notice.objects.filter(user=users["linyi"]).order_by("deadline")
    assert [(n.kind, n.deadline) for n in notices] == [(Kind.DUE_30, on(20)), (Kind.DUE_60, DUTY)]
    assert notices[0].title.endswith("距退出期限（2021年12月11日）还有 20 天")
