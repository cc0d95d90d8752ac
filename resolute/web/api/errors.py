"""One shape for every 4xx the API gives (``Detail``: ``detail`` in Chinese, and for bad input
``errors`` with the location of each field at fault), and the bodies it refuses to read.

Ninja's own answers are English and, for invalid input, put a list where the schema promises a
string; the handlers here replace them so the OpenAPI document says what the API does.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

from resolute.core.policies import PolicyError
from resolute.web.api.schemas import Detail

#: Declared on the operations that can give them (see :func:`errors`).
ERROR_DESCRIPTIONS = {
    400: "请求体无法读取（不是 UTF-8 编码的 JSON）",
    401: "未认证：缺少或无效的接口令牌",
    403: "无权进行此操作",
    404: "未找到，或不在您的查看范围内",
    422: "参数或请求体有误，errors 逐项列出",
    429: "写入过于频繁，Retry-After 给出需等待的秒数",
}


def errors(*codes: int) -> dict[int, type[Detail] | None]:
    """The error answers of an operation, all in the one ``Detail`` shape — apart from 414:
    an address longer than the HTTP server takes (gunicorn: 4094 bytes in the request line)
    is refused by the server before the application, with the server's own page."""
    return {code: None if code == 414 else Detail for code in codes}


class BodyError(ValueError):
    """A request body that is not UTF-8 JSON, said in Chinese."""


class StrictJSON(Parser):
    """JSON bodies as RFC 8259 has them: UTF-8, and no NaN or Infinity literals."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyError(
                f"请求体不是 UTF-8 编码（第 {exc.start + 1} 个字节起无法解码）"
            ) from exc
        try:
            return json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise BodyError(
                f"请求体不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
            ) from exc


def _no_constant(name: str) -> Any:
    raise BodyError(f"请求体含有 JSON 不允许的数值 {name}")


# ─── pydantic's errors, in Chinese ──────────────────────────────────────────────

_MESSAGES: dict[str, str] = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字（不能是 NaN 或无穷大）",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为字符串",
    "string_pattern_mismatch": "不能含有控制字符（如换行、制表符、NUL）",
    "date_type": "应为日期，写作 YYYY-MM-DD",
    "date_parsing": "应为日期，写作 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期，写作 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期，写作 YYYY-MM-DD",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "list_type": "应为列表",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "union_tag_invalid": "取值无效",
    "value_error": "{error}",
}


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"应{'不小于' if kind == 'greater_than_equal' else '大于'} {bound}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"应{'不大于' if kind == 'less_than_equal' else '小于'} {bound}"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 个字符"
    if kind == "too_short":
        return f"至少应有 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"至多 {ctx.get('max_length')} 项"
    template = _MESSAGES.get(kind)
    if template is None:
        return "取值无效"
    values = {k: str(v) for k, v in ctx.items()}
    if "expected" in values:  # pydantic's "'a', 'b' or 'c'", listed as Chinese lists them
        values["expected"] = re.sub(r", | or ", "、", values["expected"])
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return "取值无效"


_WHERE = {"query": "查询参数", "path": "路径参数", "body": "请求体"}


def _location(loc: tuple[Any, ...] | list[Any]) -> list[str | int]:
    """Ninja's location without its internal step (the body's parameter name)."""
    parts = [p if isinstance(p, int) else str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] in ("body", "payload"):
        parts = [parts[0], *parts[2:]]
    return parts


def _where(loc: list[str | int]) -> str:
    if not loc:
        return "输入"
    head, rest = _WHERE.get(str(loc[0]), str(loc[0])), loc[1:]
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"{head} {path}" if path else head


def invalid_input(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``Detail`` of a refused input: one sentence, then each field with its reason."""
    shown = [f"{_where(i['loc'])}：{i['msg']}" for i in items[:5]]
    more = f"（另有 {len(items) - 5} 处）" if len(items) > 5 else ""
    return {"detail": "输入有误：" + "；".join(shown) + more, "errors": items}


def install(api: NinjaAPI) -> None:
    """The API's answers for unauthenticated calls, unknown objects, bad input and throttling."""

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = api.create_response(
            request, {"detail": "未认证：请提供有效的接口令牌或先登录"}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="resolute"'
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": ERROR_DESCRIPTIONS[404]}, status=404)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        items = []
        for error in exc.errors:
            loc = _location(error.get("loc", ()))
            items.append({"loc": loc, "msg": _message(error), "type": str(error.get("type", ""))})
        return api.create_response(request, invalid_input(items), status=422)

    @api.exception_handler(PolicyError)
    def _no_policy(request: HttpRequest, exc: PolicyError) -> HttpResponse:
        # A date with no policy version in force, or a version that is not published.
        return api.create_response(request, {"detail": "；".join(exc.problems)}, status=422)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "请求体过大"}, status=400)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, Throttled):
            wait = math.ceil(exc.wait) if exc.wait is not None else 60
            body: dict[str, Any] = {"detail": f"写入过于频繁，请 {wait} 秒后再试"}
        elif status == 400 and isinstance(exc.__cause__, BodyError):
            body = {"detail": str(exc.__cause__),
                    "errors": [{"loc": ["body"], "msg": str(exc.__cause__), "type": "body"}]}  # fmt: skip
        elif status == 400:
            body = {"detail": ERROR_DESCRIPTIONS[400],
                    "errors": [{"loc": ["body"], "msg": ERROR_DESCRIPTIONS[400], "type": "body"}]}  # fmt: skip
        elif status == 403 and str(exc) == "CSRF check Failed":
            body = {"detail": "CSRF 校验失败：请刷新页面后重试，或改用接口令牌"}
        else:
            body = {"detail": str(exc)}
        return api.create_response(request, body, status=status)
