"""The pages shown when a request fails (with DEBUG off): in Chinese, in the site's layout,
with a way back — to 首页 and, when the browser said where it came from on this site, to that
page. Under /api/ the API's middleware turns the 4xx ones into its JSON error body."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def previous_page(request: HttpRequest) -> str:
    """The page the browser came from, when it is a page of this site other than the one
    that failed (a form refused on sending is worth going back to); else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the request was refused for its host: no page of it to go to
        return ""
    if request.method == "GET" and referer == request.build_absolute_uri():
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def reason_of(exception: Exception | None) -> str:
    """The refusal's reason as the view wrote it (``PermissionDenied("只有省级办公室可以…")``);
    "" when there is none or it is not in Chinese (a library's English message is not shown)."""
    reason = str(exception or "").strip().rstrip("。")  # the page's sentence ends it
    return reason if _CHINESE.search(reason) else ""


def _page(request: HttpRequest, template: str, status: int, reason: str = "") -> HttpResponse:
    context = {"back": previous_page(request), "reason": reason}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403, reason_of(exception))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token, or with an old one (a page kept open across
    a sign-in or for hours): the reason stays in the server's log, the page says what to do."""
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, a context
    processor) must not fail this page too. It shows the header of a signed-out visitor."""
    context: dict[str, Any] = {"back": previous_page(request)}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
