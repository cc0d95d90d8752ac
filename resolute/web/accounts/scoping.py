"""What each user may see. Every page, export and API call takes its querysets from here.

- 省级办公室 (province): everything;
- 行业主管部门 (department): the enterprises of its industries;
- 市级主管部门 (city): the enterprises of its city;
- 企业用户 (enterprise): its own enterprise;
- anyone else, signed in without a role or anonymous: nothing of the ledger (the public
  sees only published lists, which have their own views).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from resolute.web.accounts.models import Profile, Role
from resolute.web.ledger.models import Enterprise, Line
from resolute.web.ledger.services import Record, WriteScope


def profile_of(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        return None
    return profile


def display_name(user: Any) -> str:
    """A user as pages and files name a person: the display name (the city of a city
    officer beside it), never the login name unless there is no other; 系统 for none."""
    if user is None:
        return "系统"
    profile = profile_of(user)
    name = (profile.display_name if profile else "") or user.get_username()
    if profile is not None and profile.role == Role.CITY and profile.city is not None:
        return f"{name}（{profile.city.name}市）"
    return name


def role_of(user: Any) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def enterprise_filter(user: Any, prefix: str = "") -> Q:
    """A filter on enterprises (through ``prefix``, e.g. ``"enterprise__"``) for ``user``."""
    profile = profile_of(user)
    if profile is None:
        return Q(pk__in=[])
    if profile.role == Role.PROVINCE:
        return Q()
    if profile.role == Role.DEPARTMENT:
        return Q(**{f"{prefix}industry__in": list(profile.industries)})
    if profile.role == Role.CITY:
        return Q(**{f"{prefix}city_id": profile.city_id})
    if profile.role == Role.ENTERPRISE:
        return Q(**{f"{prefix}pk" if prefix == "" else f"{prefix}id": profile.enterprise_id})
    return Q(pk__in=[])


def enterprises_for(user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(enterprise_filter(user))


def lines_for(user: Any) -> QuerySet[Line]:
    return Line.objects.filter(enterprise_filter(user, "enterprise__"))


def _covers(profile: Profile | None) -> Callable[[Record], bool]:
    """Whether a ledger record's city and industry lie in the profile's scope (what an
    import may add, or move an enterprise to)."""
    if profile is None:
        return lambda rec: False
    if profile.role == Role.PROVINCE:
        return lambda rec: True
    if profile.role == Role.DEPARTMENT:
        industries = profile.industries
        return lambda rec: rec.get("industry") in industries
    if profile.role == Role.CITY:
        city = profile.city.name if profile.city else None
        return lambda rec: rec.get("city") == city
    return lambda rec: False


def write_scope(user: Any) -> WriteScope:
    """What ``user`` may change in the ledger, passed to the ledger's services."""
    return WriteScope(enterprises_for(user), _covers(profile_of(user)))


def can_see_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return enterprises_for(user).filter(pk=enterprise.pk).exists()


OFFICIAL_ROLES: frozenset[str] = frozenset({"province", "department", "city"})


def is_official(user: Any) -> bool:
    """Province, department and city officers: those who run assessments, edit the ledger
    and decide objections. Enterprise users and the public do none of these."""
    return role_of(user) in OFFICIAL_ROLES
