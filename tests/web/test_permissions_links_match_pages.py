"""One table of who may do what (accounts/permissions.py): the links and buttons a page shows
(``can.<name>``) are exactly the pages and actions its views allow (``@permission_required``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from resolute.web.accounts.permissions import PERMISSIONS, can

USERS = ["province", "industry", "zibo", "enterprise_user", "no_role"]
#: The header's links that depend on the role, and the pages they lead to.
NAV_LINKS = ["/dashboard/", "/supervision/", "/replacement/", "/imports/"]


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', html))


@pytest.mark.parametrize("name", USERS)
def test_a_header_link_is_shown_exactly_when_its_page_opens(client_for: Any, name: str) -> None:
    client = client_for(name)
    links = _hrefs(client.get(reverse("ledger-line-list")).content.decode())
    for href in NAV_LINKS:
        opens = client.get(href).status_code == 200
        assert (href in links) == opens, (name, href)


@pytest.mark.parametrize("name", USERS)
def test_the_indicator_report_links_follow_the_report_permission(
    client_for: Any, name: str
) -> None:
    client = client_for(name)
    page = client.get(reverse("targets-indicators"))
    shows_import = reverse("targets-indicator-import") in _hrefs(page.content.decode())
    assert shows_import == (client.get(reverse("targets-indicator-import")).status_code == 200)


def test_every_role_gets_the_permissions_of_the_table(users: dict[str, Any]) -> None:
    request = RequestFactory().get("/")
    expected = {"province": "province", "industry": "department", "zibo": "city",
                "enterprise_user": "enterprise", "no_role": None}  # fmt: skip
    for name, role in expected.items():
        request.user = users[name]
        assert can(request)["can"] == {k: role in roles for k, roles in PERMISSIONS.items()}
    assert can(request)["can"] == dict.fromkeys(PERMISSIONS, False)  # no role: nothing


def test_a_province_only_action_is_refused_to_a_department(client_for: Any) -> None:
    assert client_for("industry").post(reverse("supervision-bulletin-issue")).status_code == 403
    page = client_for("industry").get(reverse("supervision-bulletin-list")).content.decode()
    assert reverse("supervision-bulletin-issue") not in page
