"""A failed request shows a page in Chinese, in the site's layout, with a way back: to 首页,
and to the page the visitor came from when that was a page of this site (issue #13 point 1).
The API keeps its JSON error body (tests/web/test_api_contract.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from pages import Element, parse

from resolute.web.front.errors import reason_of, server_error

CAME_FROM = "http://testserver/ledger/"


def _page(response: Any, status: int) -> Element:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    return parse(response.content)


def _title_and_heading(root: Element) -> tuple[str, str]:
    return root.find("title").text.split(" · ")[0], root.find("main").find("h1").text


def _way_back(root: Element) -> dict[str, str]:
    return root.find("p", cls="way-back").links()


@pytest.mark.parametrize("who", [None, "zibo", "enterprise_user"])
def test_a_missing_page_says_so_in_chinese_with_a_way_back(
    client_for: Any, who: str | None
) -> None:
    root = _page(client_for(who).get("/ledger/no-such-page/", HTTP_REFERER=CAME_FROM), 404)
    assert _title_and_heading(root) == ("页面不存在", "页面不存在")
    assert _way_back(root) == {"返回首页": "/", "返回上一页": CAME_FROM}
    assert root.find("header").find("a", cls="brand").attrs["href"] == "/"  # the site's layout


def test_a_forbidden_page_says_so_in_chinese_with_a_way_back(client_for: Any) -> None:
    root = _page(client_for("enterprise_user").get("/dashboard/", HTTP_REFERER=CAME_FROM), 403)
    assert _title_and_heading(root) == ("无权访问", "无权访问")
    assert _way_back(root) == {"返回首页": "/", "返回上一页": CAME_FROM}
    assert "企业用户" in root.find("header").find("div", cls="who").text  # still signed in


def test_a_refusal_gives_the_reason_the_view_wrote(client_for: Any) -> None:
    root = _page(client_for("zibo").get("/replacement/credit/review/"), 403)
    assert root.find("span", cls="reason").text == "只有省级办公室可以审核和公布信用记录"


def test_a_reason_not_in_chinese_is_left_out() -> None:
    assert reason_of(PermissionDenied("Forbidden")) == reason_of(None) == ""
    assert (
        reason_of(PermissionDenied("只有省级办公室可以修改费率。")) == "只有省级办公室可以修改费率"
    )


def test_an_anonymous_visitor_refused_is_offered_to_sign_in(rf: Any, db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from resolute.web.front.errors import permission_denied

    request = rf.get("/dashboard/whatif/")
    request.user = AnonymousUser()
    root = _page(permission_denied(request, PermissionDenied()), 403)
    assert root.find("div", cls="error-page").links()["登录"] == "/login/?next=/dashboard/whatif/"


def test_without_a_page_of_this_site_to_go_back_to_only_home_is_offered(client_for: Any) -> None:
    for referer in ({}, {"HTTP_REFERER": "https://elsewhere.example/x"}):
        root = _page(client_for("zibo").get("/ledger/no-such-page/", **referer), 404)
        assert _way_back(root) == {"返回首页": "/"}


def test_a_form_sent_without_its_security_token_is_refused_in_chinese(users: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "zibo", "password": "x"},
                           HTTP_REFERER="http://testserver/login/")  # fmt: skip
    root = _page(response, 403)
    assert _title_and_heading(root) == ("页面已过期", "页面已过期，请重新提交")
    assert _way_back(root) == {"返回首页": "/", "返回上一页": "http://testserver/login/"}


def test_a_request_for_another_host_is_a_bad_request_in_chinese(db: Any) -> None:
    root = _page(Client().get("/", HTTP_HOST="elsewhere.example"), 400)
    assert _title_and_heading(root) == ("请求有误", "请求有误")
    assert _way_back(root) == {"返回首页": "/"}


def test_a_server_error_page_needs_nothing_but_its_template() -> None:
    """No database, no session: the page of an error must not fail in turn."""
    request = RequestFactory().get("/ledger/export/", HTTP_REFERER=CAME_FROM)
    root = _page(server_error(request), 500)
    assert _title_and_heading(root) == ("系统出错", "系统出错")
    assert _way_back(root) == {"返回首页": "/", "返回上一页": CAME_FROM}


def test_error_pages_carry_no_inline_script_or_style(client_for: Any) -> None:
    """django-csp forbids them: the pages use the site's own files only."""
    for response in (client_for("zibo").get("/no-such-page/"),
                     client_for("enterprise_user").get("/dashboard/")):  # fmt: skip
        root = parse(response.content)
        assert all(s.attrs.get("src") for s in root.iter("script"))
        assert not root.find_all("style") and not any("style" in e.attrs for e in root.iter())
