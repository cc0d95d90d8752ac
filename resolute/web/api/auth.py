"""Who is calling the API: a bearer token (scripts, other systems) or the browser session
(the OpenAPI page, where a signed-in official tries calls out)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from resolute.web.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``manage.py issue_token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if not token:
            return None
        return ApiToken.user_for(token.strip())


class Session(SessionAuth):
    """The browser's session. CSRF is checked on writes only when a user is signed in: a call
    with no session (or a bad token) is unauthenticated (401), not a CSRF failure (403)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


#: Tried in order; the first that names a user wins. The session one checks CSRF on writes.
AUTH = [BearerToken(), Session()]
