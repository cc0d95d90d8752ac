"""``{% objection_panel enterprise as panel %}`` for the enterprise page's objection thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import display_name, profile_of
from resolute.web.ledger.models import Enterprise
from resolute.web.objections import services
from resolute.web.objections.models import Objection

register = template.Library()


@dataclass
class Panel:
    objections: list[Objection]
    can_dispute: bool = False
    disputable: list[services.Disputable] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def objection_panel(context: template.Context, enterprise: Enterprise) -> Panel:
    """The viewer's view of ``enterprise``'s objections, and for its own users, the findings
    of the latest run that they may dispute."""
    request = context.get("request")
    user = getattr(request, "user", None)
    objections = list(
        services.visible_objections(user)
        .filter(enterprise=enterprise)
        .select_related("assigned_to__profile__city")
    )
    profile = profile_of(user)
    own = (profile is not None and profile.role == Role.ENTERPRISE
           and profile.enterprise_id == enterprise.pk)  # fmt: skip
    return Panel(objections, own, services.disputable_findings(enterprise) if own else [])


@register.filter
def who(user: Any) -> str:
    """A user as the thread names them: display name, and the city of a city officer."""
    return display_name(user)
