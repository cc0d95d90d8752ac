"""Who may do what, from the user's role: one table, one decorator for views, and the same
answers for templates.

``PERMISSIONS`` names each thing a role allows; views use ``@permission_required(name,
refusal)`` and templates read ``can.<name>`` (the ``can`` context processor), so a page never
shows a link or a button that its view would refuse. What depends on the object as well as
the role (a city officer files only their own city's plan, an objection is decided by its
assignee) stays with the object's service.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import OFFICIAL_ROLES, role_of

View = Callable[..., HttpResponse]

PROVINCE: frozenset[str] = frozenset({"province"})
#: The province office and the industry departments: policy questions and indicator reports.
PLANNERS: frozenset[str] = frozenset({"province", "department"})
#: Province, department and city officers.
OFFICIALS: frozenset[str] = OFFICIAL_ROLES
#: Every role, enterprises included (each sees its own scope).
ANY_ROLE: frozenset[str] = frozenset(Role.values)

PERMISSIONS: dict[str, frozenset[str]] = {
    "read": ANY_ROLE,  # the ledger, assessments and lists of one's scope
    "official": OFFICIALS,  # the officials' areas: dashboard, supervision, replacement
    "import": OFFICIALS,  # import the ledger
    "assess": OFFICIALS,  # start assessments
    "manage_projects": OFFICIALS,  # key projects and the registry of counted things
    "view_schedules": OFFICIALS,  # price and rate schedules
    "whatif": PLANNERS,  # policy what-if scenarios
    "report_indicators": PLANNERS,  # indicator reports (三、四)
    "province": PROVINCE,  # publish results, issue bulletins, review credit, set rates
    "policies": PROVINCE,  # draft, review and publish versions of the rules, targets, rates
}


def allows(user: Any, name: str) -> bool:
    """Whether ``user``'s role allows the permission ``name`` (a key of PERMISSIONS)."""
    return role_of(user) in PERMISSIONS[name]


def permission_required(name: str, refusal: str) -> Callable[[View], View]:
    """The view for signed-in users whose role allows ``name``: anonymous visitors go to the
    sign-in page, anyone else is refused (403) with ``refusal``."""
    if name not in PERMISSIONS:
        raise KeyError(f"no permission named {name!r}")

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allows(request.user, name):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def require(user: Any, name: str, refusal: str) -> None:
    """The same check inside a view, where it depends on what the request asks for."""
    if not allows(user, name):
        raise PermissionDenied(refusal)


def can(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``can.<name>`` for every permission, computed once per request."""
    role = role_of(getattr(request, "user", None))
    return {"can": {name: role in roles for name, roles in PERMISSIONS.items()}}
