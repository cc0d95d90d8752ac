from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from resolute.web.notices.services import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread notices counted for the bell in the page header (signed-in users)."""
    return {"unread_notices": unread_count(getattr(request, "user", None))}
