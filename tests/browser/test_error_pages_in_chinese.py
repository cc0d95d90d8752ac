"""A refused page and a missing page, as an official meets them in the browser: Chinese, the
site's header, and a way back that works (issue #13 point 1)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_a_refused_page_and_a_missing_page_speak_chinese_and_lead_back(sign_in: Any) -> None:
    page = sign_in("zibo")
    page.goto("/ledger/")
    response = page.goto("/replacement/credit/review/", referer=page.url)
    assert response is not None and response.status == 403
    expect(page).to_have_title("无权访问 · 三个坚决 台账与评估")
    expect(page.locator("main h1")).to_have_text("无权访问")
    expect(page.locator(".reason")).to_have_text("只有省级办公室可以审核和公布信用记录")
    page.locator(".way-back").get_by_role("link", name="返回上一页").click()
    expect(page).to_have_url(re.compile(r"/ledger/$"))

    response = page.goto("/ledger/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_have_text("页面不存在")
    expect(page.locator("header .who")).to_contain_text("淄博")  # still in the site, signed in
    page.locator(".way-back").get_by_role("link", name="返回首页").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
