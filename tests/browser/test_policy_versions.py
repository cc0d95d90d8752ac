"""A successor standard published without a developer (issue #15): in Chromium, one province
administrator starts a rulebook draft, changes the blast-furnace threshold in its form, fills
in the document, reads the diff, runs the preview over the province and submits it; a second
administrator, who may approve it (the first may not), publishes it from a future date, and
the history lists it beside the bundled version."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import expect
from province import make_user

PASSWORD = "browser-test-2021"


def _sign_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_draft_is_edited_reviewed_by_a_second_administrator_and_published(
    sign_in: Any, users: Any
) -> None:
    from resolute.web.accounts.models import Role

    make_user("province2", PASSWORD, role=Role.PROVINCE, display_name="省办审核")
    page = sign_in("province")
    page.get_by_role("link", name="政策版本").click()
    expect(page.locator("#in-force")).to_contain_text("规则库")

    # A draft from the version in force.
    page.get_by_label("数据集").select_option("rulebook")
    page.get_by_label("新版本号").fill("2023.1")
    page.get_by_role("button", name="新建草稿").click()
    expect(page.locator("h1")).to_contain_text("规则库 2023.1")
    expect(page.locator("h1")).to_contain_text("草稿")

    # The blast furnace threshold, in its form.
    page.get_by_role("link", name="400 立方米及以下炼铁高炉").click()
    expect(page.locator("h1 small")).to_have_text("steel.technology.blast_furnace_volume")
    threshold = page.get_by_label("判定条件（有效容积）：阈值")
    expect(threshold).to_have_value("400")
    threshold.fill("350")
    page.get_by_role("button", name="保存并检查").click()
    expect(page.locator(".messages")).to_contain_text("整个草稿已通过检查")
    expect(page.get_by_label("判定条件（有效容积）：阈值")).to_have_value("350")

    # The document that issues it.
    page.get_by_role("link", name="规则库 2023.1").click()
    page.get_by_role("link", name="编辑版本信息").click()
    page.get_by_label("文号").fill("鲁政办字〔2023〕1号")
    page.get_by_label("发文标题").fill("关于调整“三个坚决”淘汰标准的通知")
    page.get_by_label("发布机关").fill("山东省人民政府办公厅")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("dl.facts")).to_contain_text("鲁政办字〔2023〕1号")

    # A limit value with its source, added to the energy rule in its form.
    page.get_by_role("link", name=re.compile("^能耗标准：《粗钢生产主要工序")).click()
    limit = page.locator("#part-limit")
    limit.get_by_label("装置", exact=True).select_option(label="炼铁高炉")
    limit.get_by_label("限定值", exact=True).fill("361")
    limit.get_by_label("单位", exact=True).fill("千克标准煤/吨")
    limit.get_by_role("button", name="新增能耗限定值").click()
    expect(page.locator("#part-limit")).to_contain_text("请填写出处")
    page.locator("#part-limit").get_by_label("出处", exact=True).fill("GB 21256-2025 表1")
    page.get_by_role("button", name="新增能耗限定值").click()
    expect(page.locator(".messages")).to_contain_text("已新增能耗限定值")
    expect(page.locator("#part-limit")).to_contain_text("炼铁高炉 361 千克标准煤/吨")
    page.get_by_role("link", name="规则库 2023.1").click()

    # The diff, rule by rule.
    page.get_by_role("link", name="与现行版本对照").click()
    changes = page.locator("#changes")
    expect(changes).to_contain_text("能耗限定值")
    expect(changes).to_contain_text("有效容积 ≤ 400 立方米")
    expect(changes).to_contain_text("有效容积 ≤ 350 立方米")
    expect(changes).to_contain_text("二(二)1")
    page.go_back()

    # Its effect on the province, as a background job.
    page.get_by_role("button", name="推演对全省的影响").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "done")
    expect(page.locator("#changed-lines")).to_contain_text("ZB-BF-1")
    expect(page.locator("#by-city")).to_contain_text("淄博")
    page.get_by_role("link", name="返回草稿 2023.1").click()

    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("h1")).to_contain_text("待审核")
    expect(page.locator("#review")).to_contain_text("须由另一位省级管理员审核")
    expect(page.get_by_role("button", name="审核通过并发布")).to_have_count(0)
    url = page.url
    page.get_by_role("button", name="退出").click()

    # The second administrator publishes it from a future date.
    _sign_in(page, "province2")
    page.goto(url)
    start = dt.date.today() + dt.timedelta(days=60)
    page.get_by_label("生效日期").fill(start.isoformat())
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".messages")).to_contain_text("已审核通过并发布")
    expect(page.locator("h1")).to_contain_text("已发布")
    expect(page.locator("#effective")).to_have_text(start.isoformat())

    page.get_by_role("link", name="政策版本").first.click()
    expect(page.locator("#in-force")).to_contain_text(f"2023.1（{start.isoformat()} 起）")
    page.get_by_role("link", name="历史版本").first.click()
    history = page.locator("#history")
    expect(history).to_contain_text("2023.1")
    expect(history).to_contain_text("尚未生效")
    expect(history).to_contain_text("2021.1")
    expect(history).to_contain_text("现行")
