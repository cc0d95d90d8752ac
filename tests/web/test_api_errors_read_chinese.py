"""Every error the API answers says what went wrong in Chinese (issue #13 point 1): over every
operation of the OpenAPI document, the answers to a missing or bad token, a role without the
right, an unknown object, a malformed query or body, a method the address does not take and a
write beyond the rate. ``detail`` (and each ``errors[].msg``) may name a field or a parameter
by its key — the keys are the contract — but holds no English sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from province import issue_test_token

#: Two or more English words in a row: a sentence (“Not Found”, “Method not allowed”, “field
#: required”), not a key named in a Chinese sentence (“查询参数 offset：应为整数”).
SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,})+")
METHODS = ("get", "post", "put", "patch", "delete")
UNKNOWN_ID = "999999999"


def test_the_check_finds_an_english_sentence() -> None:
    assert SENTENCE.search("Not Found") and SENTENCE.search("Method not allowed")
    assert SENTENCE.search("未认证：Authentication credentials were not provided")
    assert not SENTENCE.search("查询参数 offset：应为整数；请求体 sources[0].name：不能为空")
    assert not SENTENCE.search("应为 true 或 false") and not SENTENCE.search("CSRF 校验失败")


@pytest.fixture
def tokens(users: dict[str, Any]) -> dict[str, str]:
    return {name: issue_test_token(user)[1] for name, user in users.items()}


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation the API describes."""
    from resolute.web.api.views import api

    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)


def _call(method: str, url: str, token: str | None = None, body: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client()
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, body if body is not None else "{}",
                                   content_type="application/json", **headers)  # fmt: skip


def _problems(what: str, response: Any) -> Iterator[str]:
    if response.status_code < 400:
        return
    if response.status_code >= 500:
        yield f"{what}：状态 {response.status_code}"
        return
    try:
        body = response.json()
    except ValueError:
        yield f"{what}：{response.status_code} 的回答不是 JSON"
        return
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, str) or not re.search(r"[\u4e00-\u9fff]", detail):
        yield f"{what}：{response.status_code} 的 detail 不是中文：{detail!r}"
        return
    texts = [detail] + [str(e.get("msg", "")) for e in body.get("errors") or []]
    for text in texts:
        if SENTENCE.search(text):
            yield f"{what}：{response.status_code} 有英文句子：{text}"


def test_every_error_of_every_operation_reads_chinese(tokens: dict[str, str],
                                                      settings: Any) -> None:  # fmt: skip
    settings.RESOLUTE_API_WRITE_RATE = "1000/min"
    found: list[str] = []
    statuses: set[int] = set()
    ops = list(operations())
    assert len(ops) > 10
    for path, method, operation in ops:
        url = _url(path)
        cases: list[tuple[str, Any]] = [
            ("未登录", _call(method, url)),
            ("无效令牌", _call(method, url, "not-a-token")),
            ("无角色", _call(method, url, tokens["no_role"], "{}")),
            ("企业用户", _call(method, url, tokens["enterprise_user"], "{}")),
        ]
        if "{" in path:
            cases.append(("不存在的对象", _call(method, url, tokens["province"])))
        for param in operation.get("parameters", []):
            if param.get("in") == "query":
                bad = f"{url}?{param['name']}=abc%20def"
                cases.append((f"查询参数 {param['name']}", _call(method, bad, tokens["province"])))
        if method != "get":
            for label, body in (("不是 JSON", "{"), ("不是对象", "[]"), ("空对象", "{}"),
                                ("错误的值", '{"city": 1, "industry": [], "as_of": "x"}')):  # fmt: skip
                cases.append((f"请求体{label}", _call(method, url, tokens["province"], body)))
        other = next(m for m in ("delete", "put", "patch") if m not in _methods_of(path))
        cases.append((f"方法 {other.upper()}", _call(other, url, tokens["province"])))
        for label, response in cases:
            statuses.add(response.status_code)
            found.extend(_problems(f"{method.upper()} {path} {label}", response))
    assert {401, 403, 404, 405, 422} <= statuses, statuses
    assert found == [], "\n".join(found)


def _methods_of(path: str) -> set[str]:
    return {m for p, m, _ in operations() if p == path}


def test_a_write_beyond_the_rate_reads_chinese(tokens: dict[str, str], settings: Any) -> None:
    settings.RESOLUTE_API_WRITE_RATE = "1/min"
    _call("post", "/api/replacement/admission", tokens["province"], "{}")
    refused = _call("post", "/api/replacement/admission", tokens["province"], "{}")
    assert refused.status_code == 429
    assert list(_problems("POST /api/replacement/admission 超出频率", refused)) == []


def test_an_address_outside_the_api_s_operations_reads_chinese(tokens: dict[str, str]) -> None:
    for url in ("/api/nothing", "/api/enterprises/a/b/c"):
        response = _call("get", url, tokens["province"])
        assert response.status_code == 404
        assert list(_problems(url, response)) == []
