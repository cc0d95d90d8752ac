"""Every 4xx under ``/api/`` in the API's one error shape, even those the API's handlers never
see: a method the address does not take (405, from ninja's router, keeps its ``Allow``
header), or a refusal by a middleware."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from resolute.web.api.errors import ERROR_DESCRIPTIONS

_MESSAGES = {**ERROR_DESCRIPTIONS, 405: "该地址不支持此请求方法", 413: "请求体过大"}


class JsonErrors:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and 400 <= response.status_code < 500
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            detail = _MESSAGES.get(response.status_code, "请求无法处理")
            response.content = json.dumps({"detail": detail}, ensure_ascii=False).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response
