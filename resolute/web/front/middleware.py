"""Sessions that end after an idle time, without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "resolute_last_seen"


class SessionActivityMiddleware:
    """Moves a signed-in session's expiry forward when it is used, at most once every
    ``RESOLUTE_SESSION_REFRESH_SECONDS`` (default 5 minutes).

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) would make each page
    a database write, which on SQLite queues behind a long import. With this, a session
    expires between ``SESSION_COOKIE_AGE`` minus the refresh interval and
    ``SESSION_COOKIE_AGE`` after its last request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            last = session.get(LAST_SEEN)
            if not isinstance(last, int) or now - last >= settings.RESOLUTE_SESSION_REFRESH_SECONDS:
                session[LAST_SEEN] = now  # modified: saved with a fresh expiry
        return response
