from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from resolute.web.audit.context import acting_as


class ActorMiddleware:
    """Names the signed-in user as the actor of every change a request makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        name = user.get_username() if user else "匿名访问者"
        via = "接口" if request.path.startswith("/api/") else "网页"
        with acting_as(user, via=via, name=name):
            return self.get_response(request)
