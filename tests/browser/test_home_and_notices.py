"""Each role's home page shows its work, counted and linked (issue #13 point 4), and a
notice appears behind the bell once the daily task has run (point 5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect
from province import make_user

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line

PASSWORD = "browser-test-2021"


def _plan(line_id: str, days: int) -> None:
    line = Line.objects.get(line_id=line_id)
    with acting_as(None, via="测试", name="测试数据"):
        ExitPlan.objects.update_or_create(line=line, defaults={
            "exit_method": "close",
            "exit_deadline": timezone.localdate() + dt.timedelta(days=days),
        })  # fmt: skip


def _item(page: Any, label: str) -> Any:
    return page.locator("ul.todo-list li").filter(has_text=label)


def test_a_city_officer_sees_overdue_and_due_lines_and_opens_them(sign_in: Any, users: Any) -> None:
    _plan("ZB-BF-1", -3)
    _plan("ZB-BOF-1", 25)
    # ZB-CL-1 has no exit plan, but its duty of 二(三)5 (by 2024-12-31) is overdue.
    page = sign_in("zibo")
    expect(page.get_by_role("heading", name="待办事项")).to_be_visible()
    expect(_item(page, "逾期未退出的生产线").locator(".todo-count")).to_have_text("2")
    expect(_item(page, "30 天内到完成期限的生产线").locator(".todo-count")).to_have_text("1")
    expect(_item(page, "待您处理的异议")).to_be_visible()
    expect(_item(page, "“三个一批”计划未报送")).to_be_visible()
    _item(page, "逾期未退出的生产线").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/ledger/\?overdue=on$"))
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table")).to_contain_text("ZB-BF-1")
    expect(page.locator("table")).to_contain_text("ZB-CL-1")
    page.goto("/")
    _item(page, "30 天内到完成期限的生产线").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/ledger/\?due=30$"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table")).to_contain_text("ZB-BOF-1")


def test_the_province_sees_the_cities_that_have_not_filed_in_official_order(
    sign_in: Any, users: Any
) -> None:
    page = sign_in("province")
    expect(_item(page, "待处理的异议（全省）")).to_be_visible()
    section = page.locator("section").filter(has_text="未报送“三个一批”计划的市")
    names = section.locator("p.city-list a").all_inner_texts()
    assert names[:3] == ["济南市", "青岛市", "淄博市"] and names[-1] == "菏泽市"
    assert len(names) == 16


def test_an_enterprise_user_sees_its_deadlines_and_the_self_check(page: Any, users: Any,
                                                                  province_ledger: Any) -> None:  # fmt: skip
    from resolute.web.accounts.models import Role

    make_user("qilu", PASSWORD, role=Role.ENTERPRISE, enterprise=province_ledger.zibo_steel)
    _plan("ZB-BOF-1", 40)
    page.goto("/login/")
    page.get_by_label("用户名").fill("qilu")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="退出期限")).to_be_visible()
    deadlines = page.locator("section").filter(has=page.get_by_role("heading", name="退出期限"))
    expect(deadlines.locator("tbody tr").filter(has_text="ZB-BOF-1")).to_contain_text("还有 40 天")
    expect(page.get_by_text("本企业尚无已公示的评估结论")).to_be_visible()
    expect(page.get_by_role("heading", name="本企业的异议")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="企业自查")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("临沂")


def test_the_public_sees_what_it_may_see(page: Any, users: Any) -> None:
    page.goto("/")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile("已公示的淘汰退出名单"))).to_be_visible()
    expect(main.get_by_role("link", name="企业自查")).to_be_visible()
    expect(main.get_by_role("heading", name="待办事项")).to_have_count(0)
    expect(page.locator("header a.bell")).to_have_count(0)


def test_a_notice_appears_in_the_bell_after_the_daily_task_runs(sign_in: Any, users: Any) -> None:
    from resolute.web.notices.services import run_daily

    _plan("ZB-BF-1", 60)
    page = sign_in("zibo")
    bell = page.locator("header a.bell")
    expect(bell).to_be_visible()
    expect(bell.locator(".bell-count")).to_have_count(0)
    run_daily(timezone.localdate())
    page.reload()
    # ZB-BF-1's exit plan in 60 days, and ZB-CL-1's overdue duty of 二(三)5 (by 2024-12-31).
    expect(bell.locator(".bell-count")).to_have_text("2")
    bell.click()
    expect(page.locator("h1")).to_have_text("提醒")
    expect(page.locator("table tbody tr").filter(has_text="ZB-CL-1")).to_contain_text("已过期限")
    notice = page.locator("table tbody tr").filter(has_text="ZB-BF-1")
    expect(notice).to_contain_text("距退出期限")
    expect(notice).to_contain_text("还有 60 天")
    notice.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/ledger/lines/ZB-BF-1/$"))
    expect(page.locator("header a.bell .bell-count")).to_have_text("1")  # read once opened
