"""A 淄博 city officer signs in through the login form and sees who they are in the header."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_city_officer_signs_in_and_sees_their_role_in_the_header(sign_in: Any) -> None:
    page = sign_in("zibo")
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    header = page.locator("header")
    expect(header).to_contain_text("淄博市工业和信息化局")
    expect(header).to_contain_text("市级主管部门")
    expect(header).to_contain_text("淄博")
    expect(header.get_by_role("button", name="退出")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("落实“三个坚决”台账与评估")


def test_a_wrong_password_is_refused_with_a_message_in_chinese(page: Any, users: Any) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill("zibo")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("main")).to_contain_text("用户名或密码不正确")
    expect(page.locator("header")).not_to_contain_text("市级主管部门")
