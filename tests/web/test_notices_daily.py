"""Early warnings (issue #13 point 5): the daily task warns the users answering for a line
90, 60 and 30 days before its exit deadline and once it has passed, each event once, by the
bell and by one e-mail; an objection received warns its officer.

Besides the exit plans these tests make, the test province's 临沂 coke oven LY-CO-1 owes
the duty of 二(三)3 (淘汰 by 2021-12-31), overdue on every day used here: its notices are
left out where a test looks at one line (test_notices_for_duties.py is about duties)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from province import Province

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line
from resolute.web.lib import background
from resolute.web.notices import services, tasks
from resolute.web.notices.models import DailyRun, Kind, Mail, Notice

DEADLINE = dt.date(2022, 12, 31)


def plan(line_id: str, deadline: dt.date = DEADLINE) -> Line:
    line = Line.objects.get(line_id=line_id)
    with acting_as(None, via="测试", name="测试数据"):
        ExitPlan.objects.update_or_create(line=line, defaults={
            "exit_method": "close", "exit_deadline": deadline,
            "responsible_unit": "淄博市工业和信息化局", "responsible_person": "王建国",
        })  # fmt: skip
    return line


def on(days_before: int) -> dt.date:
    """The day that many days before the deadline (negative: after it)."""
    return DEADLINE - dt.timedelta(days=days_before)


def kinds(user: Any, line_id: str | None = None) -> list[str]:
    """The kinds of the user's notices (of one line's deadlines, given ``line_id``)."""
    found = Notice.objects.filter(user=user)
    if line_id is not None:
        found = found.filter(line__line_id=line_id)
    return sorted(found.values_list("kind", flat=True))


@pytest.fixture
def zibo_furnace(users: dict[str, Any]) -> Line:
    users["zibo"].email = "zibo@example.gov.cn"
    users["zibo"].save()
    return plan("ZB-BF-1")


#: Days before a deadline (negative: after it) and the notices made that day: the bands'
#: thresholds and each side of them (test_notices_for_duties.py uses them for duties).
BAND_CASES = [
    (91, []), (90, [Kind.DUE_90]), (89, [Kind.DUE_90]),
    (61, [Kind.DUE_90]), (60, [Kind.DUE_60]), (59, [Kind.DUE_60]),
    (31, [Kind.DUE_60]), (30, [Kind.DUE_30]), (29, [Kind.DUE_30]),
    (0, [Kind.DUE_30]), (-1, [Kind.OVERDUE]),
]  # fmt: skip


@pytest.mark.parametrize(("days", "expected"), BAND_CASES)
def test_a_deadline_is_warned_of_in_the_band_it_is_in(
    users: dict[str, Any], zibo_furnace: Line, days: int, expected: list[str]
) -> None:
    services.run_daily(on(days))
    assert kinds(users["zibo"]) == expected


def test_the_band_is_decided_in_one_place_at_the_threshold_and_each_side() -> None:
    assert services.band(DEADLINE, on(91)) is None
    assert services.band(DEADLINE, on(90)) == Kind.DUE_90
    assert services.band(DEADLINE, on(89)) == Kind.DUE_90
    assert services.band(DEADLINE, on(0)) == Kind.DUE_30
    assert services.band(DEADLINE, on(-1)) == Kind.OVERDUE


def test_the_texts_say_the_days_left_the_deadline_day_and_the_passed_deadline(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    for days in (89, 0, -1):
        services.run_daily(on(days))
    titles = list(Notice.objects.filter(user=users["zibo"]).order_by("pk")
                  .values_list("title", flat=True))  # fmt: skip
    assert titles == [
        "淄博齐鲁特钢有限公司 炼铁高炉（生产线编号 ZB-BF-1）距退出期限（2022年12月31日）还有 89 天",
        "淄博齐鲁特钢有限公司 炼铁高炉（生产线编号 ZB-BF-1）今日到期：退出期限为2022年12月31日",
        "淄博齐鲁特钢有限公司 炼铁高炉（生产线编号 ZB-BF-1）已过退出期限（2022年12月31日），尚未退出",
    ]
    notice = Notice.objects.filter(user=users["zibo"]).first()
    assert notice is not None and notice.url == "/ledger/lines/ZB-BF-1/"


def test_each_band_is_warned_once_as_the_deadline_comes_nearer(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    for days in range(95, -5, -1):  # every day from 95 days before to 4 days after
        services.run_daily(on(days))
    assert kinds(users["zibo"]) == sorted([Kind.DUE_90, Kind.DUE_60, Kind.DUE_30, Kind.OVERDUE])


def test_a_line_first_seen_near_its_deadline_gets_only_the_nearest_band(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    services.run_daily(on(10))
    assert kinds(users["zibo"]) == [Kind.DUE_30]


def test_the_responsible_city_department_and_enterprise_are_warned_and_no_one_else(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    services.run_daily(on(45))
    for name in ("zibo", "industry", "enterprise_user"):  # 淄博, steel, the enterprise itself
        assert kinds(users[name], "ZB-BF-1") == [Kind.DUE_60], name
    for name in ("linyi", "province", "no_role"):
        assert kinds(users[name], "ZB-BF-1") == [], name


def test_a_zibo_officer_gets_no_linyi_notices_and_the_other_way_round(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    plan("LY-BF-1", DEADLINE)
    plan("LY-CO-1", DEADLINE)
    services.run_daily(on(20))
    zibo = set(Notice.objects.filter(user=users["zibo"]).values_list("line__line_id", flat=True))
    linyi = set(Notice.objects.filter(user=users["linyi"]).values_list("line__line_id", flat=True))
    assert zibo == {"ZB-BF-1"} and linyi == {"LY-BF-1", "LY-CO-1"}
    industry = set(Notice.objects.filter(user=users["industry"])
                   .values_list("line__line_id", flat=True))  # fmt: skip
    assert industry == {"ZB-BF-1", "LY-BF-1", "LY-CO-1"}  # steel and coking, both cities


def test_an_exited_line_and_a_line_without_a_deadline_are_not_warned_of(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    with acting_as(None, via="测试", name="测试数据"):
        zibo_furnace.status = "exited"
        zibo_furnace.save()
    services.run_daily(on(-10))
    assert not Notice.objects.filter(line__enterprise__city__name="淄博").exists()


def test_running_twice_makes_nothing_new_and_mails_once(
    users: dict[str, Any], zibo_furnace: Line
) -> None:
    first = services.run_daily(on(80))
    again = services.run_daily(on(80))
    # ZB-BF-1: zibo, industry (steel), the enterprise; LY-CO-1's duty: linyi, industry.
    assert first["notices"] == 5 and again["notices"] == 0
    assert (first["mails"], again["mails"]) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zibo@example.gov.cn"]
    assert message.subject == "【三个坚决】您有 1 条新提醒"
    assert "距退出期限（2022年12月31日）还有 80 天" in message.body
    assert "http://127.0.0.1:8000/ledger/lines/ZB-BF-1/" in message.body
    assert Notice.objects.get(user=users["zibo"]).mail == Mail.SENT
    # Those without an address get no e-mail, now or later.
    assert set(Notice.objects.exclude(user=users["zibo"]).values_list("mail", flat=True)) == {
        Mail.NONE}  # fmt: skip


def test_a_failed_mail_is_sent_with_the_next_run_and_then_never_again(
    users: dict[str, Any], zibo_furnace: Line, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    services.run_daily(on(80))
    assert Notice.objects.get(user=users["zibo"]).mail == Mail.PENDING
    monkeypatch.undo()
    services.run_daily(on(80))
    services.run_daily(on(79))
    assert len(mail.outbox) == 1


def test_a_moved_deadline_is_a_new_event(users: dict[str, Any], zibo_furnace: Line) -> None:
    services.run_daily(on(80))
    plan("ZB-BF-1", DEADLINE + dt.timedelta(days=10))
    services.run_daily(on(80))
    assert kinds(users["zibo"]) == [Kind.DUE_90, Kind.DUE_90]


def test_the_task_runs_once_a_day_whatever_the_number_of_workers(
    users: dict[str, Any], zibo_furnace: Line, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resolute.web.notices import tasks as notice_tasks

    settings.RESOLUTE_DAILY_TASKS = True
    days = iter([on(80), on(80), on(79)])
    today = {"day": on(80)}
    monkeypatch.setattr(notice_tasks.timezone, "localdate", lambda: today["day"])
    for _ in range(2):  # two workers start (or one checks twice) on the same day
        today["day"] = next(days)
        background.start_daily_work()  # queues the task; the test backend runs it at once
    assert DailyRun.objects.get().last_day == on(80)
    assert Notice.objects.filter(user=users["zibo"]).count() == 1
    today["day"] = next(days)
    assert tasks.schedule_daily() is True and tasks.schedule_daily() is False
    assert DailyRun.objects.get().summary["day"] == on(79).isoformat()


def test_workers_queue_nothing_daily_when_turned_off(zibo_furnace: Line, settings: Any) -> None:
    settings.RESOLUTE_DAILY_TASKS = False
    background.start_daily_work()
    assert not DailyRun.objects.exists() and not Notice.objects.exists()


def test_the_command_runs_it_by_hand(users: dict[str, Any], zibo_furnace: Line) -> None:
    out = StringIO()
    call_command("daily_notices", "--as-of", on(30).isoformat(), stdout=out)
    assert "2022年12月1日：新生成提醒 5 条（其中异议 0 条），发出邮件 1 封" in out.getvalue()
    out = StringIO()
    call_command("daily_notices", "--as-of", on(30).isoformat(), stdout=out)
    assert "新生成提醒 0 条" in out.getvalue() and len(mail.outbox) == 1


@pytest.fixture
def assessed(users: dict[str, Any]) -> AssessmentRun:
    with acting_as(users["province"]):
        return start_run(users["province"])


def test_an_objection_received_warns_its_officer_at_once_and_once(
    client_for: Any, users: dict[str, Any], assessed: AssessmentRun, province_ledger: Province
) -> None:
    users["zibo"].email = "zibo@example.gov.cn"
    users["zibo"].save()
    response = client_for("enterprise_user").post(
        "/objections/new/?line=ZB-BF-1&rule=steel.technology.blast_furnace_volume",
        {"reason": "该高炉已扩容改造，有效容积为 1080 立方米。"},
    )
    assert response.status_code == 302
    notice = Notice.objects.get(user=users["zibo"])
    assert notice.kind == Kind.OBJECTION and notice.url == response["Location"]
    assert notice.title == "收到异议：淄博齐鲁特钢有限公司对生产线 ZB-BF-1的判定提出异议，待您处理"
    assert len(mail.outbox) == 1 and "收到异议" in mail.outbox[0].body
    services.run_daily(on(200))
    assert Notice.objects.filter(kind=Kind.OBJECTION).count() == 1 and len(mail.outbox) == 1
