"""Per-user limits on the API's writes (every POST): at most ``RESOLUTE_API_WRITE_RATE``
(default ``30/min``) per user; beyond it the API answers 429 with ``Retry-After``.

The counts live in Django's ``ratelimit`` cache, a database table (settings.CACHES), so every
worker of a server shares them; the table is created by ``migrate``. The window slides: each
user's recent write times are kept, and a write is refused while the last ``N`` of them fall
within the period. Two workers reading and writing one user's list at the same instant may
both let a write through, so a burst can exceed the limit by the number of workers — a bound
on abuse, not an accounting.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

_request = threading.local()


class WriteRate(SimpleRateThrottle):
    """Writes per user (the authenticated caller of the request).

    Ninja keeps one throttle object per operation and stores the request's state on it; a
    threaded server serves several requests at once, so that state is kept per thread here.
    """

    scope = "writes"

    key = property(lambda self: _request.key, lambda self, v: setattr(_request, "key", v))
    history = property(lambda self: _request.history,
                       lambda self, v: setattr(_request, "history", v))  # fmt: skip
    now = property(lambda self: _request.now, lambda self, v: setattr(_request, "now", v))

    def __init__(self) -> None:
        # The rate is read at each request (settings may change in tests, not in production).
        self.rate = None
        self.num_requests, self.duration = None, None

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user: Any = getattr(request, "auth", None)
        if user is None or getattr(user, "pk", None) is None:
            return None  # unauthenticated calls never reach a write
        return f"api-writes-{user.pk}"

    def allow_request(self, request: HttpRequest) -> bool:
        self.cache = caches["ratelimit"]
        self.rate = str(settings.RESOLUTE_API_WRITE_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


#: The throttles of a write operation.
WRITES: list[BaseThrottle] = [WriteRate()]
