"""The home pages count overdue lines and lines due within 30/60/90 days by the nearest of
the exit plan's deadline and the open duties' deadlines (resolute.web.targets.deadlines):
a line owing a duty without an exit plan is counted, the ledger list filters alike, and the
lines counted are the lines the daily notices warn of.

The test province's 临沂 coke oven LY-CO-1 owes 二(三)3's 淘汰 by 2021-12-31, with no exit
plan; nothing else of 临沂 is due before 2024."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pages import parse, table_rows
from test_home_roles import home, todo

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line
from resolute.web.notices import services
from resolute.web.notices.models import Notice

DUTY = dt.date(2021, 12, 31)
WINDOWS = ("逾期未退出的生产线", "30 天内到完成期限的生产线", "60 天内到完成期限的生产线",
           "90 天内到完成期限的生产线")  # fmt: skip


def on(days_before: int) -> dt.date:
    return DUTY - dt.timedelta(days=days_before)


def listed(client: Any, query: str) -> dict[str, str]:
    """The ledger list under ``query``: line → its 逾期 cell (an empty list has no table)."""
    html = client.get(f"/ledger/?{query}").content.decode()
    assert "共 " in html
    if 'class="dense' not in html:
        return {}
    return {r["生产线"].text: r["逾期"].text for r in table_rows(parse(html), cls="dense")}


def counts(client_for: Any, name: str) -> list[int]:
    items = todo(home(client_for, name))
    return [items[label][0] for label in WINDOWS]


@pytest.mark.parametrize(("days", "expected"), [
    (91, [0, 0, 0, 0]), (90, [0, 0, 0, 1]), (89, [0, 0, 0, 1]),
    (61, [0, 0, 0, 1]), (60, [0, 0, 1, 1]), (31, [0, 0, 1, 1]),
    (30, [0, 1, 1, 1]), (0, [0, 1, 1, 1]), (-1, [1, 0, 0, 0]),
])  # fmt: skip
def test_a_duty_without_an_exit_plan_is_counted_at_the_threshold_and_each_side(
    client_for: Any, users: dict[str, Any], pin_today: Any, days: int, expected: list[int]
) -> None:
    pin_today(on(days))
    assert counts(client_for, "linyi") == expected
    assert counts(client_for, "industry") == expected  # coking is the department's
    assert counts(client_for, "zibo") == [0, 0, 0, 0]


def test_the_ledger_list_filters_the_duty_alike(
    client_for: Any, users: dict[str, Any], pin_today: Any
) -> None:
    pin_today(on(45))
    client = client_for("linyi")
    for query, expected in (("due=30", []), ("due=60", ["LY-CO-1"]), ("overdue=on", [])):
        assert sorted(listed(client, query)) == expected, query
    pin_today(on(-3))
    assert listed(client, "overdue=on") == {"LY-CO-1": "逾期"}
    # The unfiltered list marks it too (the page's nearest deadlines, one query).
    assert listed(client, "")["LY-CO-1"] == "逾期"


def test_the_nearest_deadline_decides(
    client_for: Any, users: dict[str, Any], pin_today: Any
) -> None:
    line = Line.objects.get(line_id="LY-CO-1")
    with acting_as(None, via="测试", name="测试数据"):
        plan = ExitPlan.objects.create(line=line, exit_method="close", exit_deadline=on(50))
    pin_today(on(70))  # the plan in 20 days comes before the duty in 70
    assert counts(client_for, "linyi") == [0, 1, 1, 1]
    with acting_as(None, via="测试", name="测试数据"):
        plan.exit_deadline = DUTY + dt.timedelta(days=200)
        plan.save()
    pin_today(on(-1))  # the plan runs beyond the duty's deadline, now passed: overdue
    assert counts(client_for, "linyi") == [1, 0, 0, 0]


def test_a_duty_done_is_not_counted(client_for: Any, users: dict[str, Any], pin_today: Any) -> None:
    line = Line.objects.get(line_id="LY-CO-1")
    with acting_as(None, via="测试", name="测试数据"):
        line.status = "exited"
        line.save()
    pin_today(on(-1))
    assert counts(client_for, "linyi") == [0, 0, 0, 0]


def test_the_dashboard_lists_the_overdue_duty_with_its_deadline(
    client_for: Any, users: dict[str, Any], pin_today: Any
) -> None:
    pin_today(on(-10))
    html = client_for("linyi").get("/dashboard/", follow=True).content.decode()
    assert "逾期未退出（1 条）" in html
    assert '<a href="/ledger/lines/LY-CO-1/">LY-CO-1</a></td><td>2021-12-31</td>' in html


@pytest.mark.parametrize("days", [95, 90, 45, 30, 0, -1, -40])
def test_the_lines_counted_are_the_lines_warned_of(
    client_for: Any, users: dict[str, Any], pin_today: Any, days: int
) -> None:
    today = on(days)
    pin_today(today)
    with acting_as(None, via="测试", name="测试数据"):
        for line_id, left in (("ZB-BF-1", 20), ("ZB-BOF-1", -5), ("LY-BF-1", 95)):
            ExitPlan.objects.create(line=Line.objects.get(line_id=line_id), exit_method="close",
                                    exit_deadline=today + dt.timedelta(days=left))  # fmt: skip
    services.run_daily(today)
    for name in ("zibo", "linyi", "industry"):
        user = users[name]
        client = client_for(name)
        shown = {*listed(client, "overdue=on"), *listed(client, "due=90")}
        warned = set(Notice.objects.filter(user=user).values_list("line__line_id", flat=True))
        assert shown == warned, name
