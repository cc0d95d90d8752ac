from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from resolute.web.accounts.scoping import profile_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's role for the page header."""
    profile = profile_of(getattr(request, "user", None))
    return {"profile": profile}
