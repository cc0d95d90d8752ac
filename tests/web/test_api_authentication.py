"""The API answers only to a valid bearer token or a signed-in session; otherwise 401."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from province import issue_test_token

from resolute.web.accounts.models import ApiToken


def test_a_valid_token_opens_the_api(users: dict[str, Any]) -> None:
    _, token = issue_test_token(users["province"], name="测试")
    response = Client().get("/api/enterprises", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] == 4


@pytest.mark.parametrize(
    "header",
    [None, "Bearer rsl_not-a-token", "Bearer ", "Token rsl_whatever", "rsl_whatever"],
)
def test_a_missing_or_bad_token_is_401(users: dict[str, Any], header: str | None) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    for path in ("/api/enterprises", "/api/lines", "/api/runs", "/api/lines/ZB-BF-1"):
        response = Client().get(path, **extra)
        assert response.status_code == 401, path
        assert "令牌" in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_of_a_deactivated_user_no_longer_works(users: dict[str, Any]) -> None:
    _, token = issue_test_token(users["zibo"])
    users["zibo"].is_active = False
    users["zibo"].save()
    response = Client().get("/api/enterprises", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_the_browser_session_is_accepted_for_the_docs_page(client_for: Any) -> None:
    response = client_for("linyi").get("/api/enterprises")
    assert response.status_code == 200
    assert {e["city"] for e in response.json()["items"]} == {"临沂"}


def test_issue_token_prints_a_token_once_that_opens_the_api(users: dict[str, Any]) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", "zibo", "--name", "市平台对接", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert token.startswith("rsl_") and "只显示这一次" in err.getvalue()
    stored = ApiToken.objects.get(user=users["zibo"])
    assert stored.name == "市平台对接" and token not in stored.digest
    response = Client().get("/api/enterprises", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_issue_token_refuses_an_unknown_user(users: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="用户不存在"):
        call_command("issue_token", "nobody", stdout=io.StringIO())
