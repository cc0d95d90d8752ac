"""Every link a dashboard shows can be followed by the user who sees it: the page's links, the
header's, and the charts' and map's (their data), for each official and each city page."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from resolute.web.assessments.services import start_run

OFFICIALS = ["province", "industry", "zibo", "linyi"]


def links(html: str) -> set[str]:
    """The same-site pages a user can open from ``html``: anchors and chart data links."""
    found = set(re.findall(r'<a [^>]*href="([^"#]+)"', html))
    data = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html,
                     re.S)  # fmt: skip
    if data:
        charts = json.loads(data.group(1))
        for key in ("by_city", "by_industry", "map"):
            found.update(item["link"] for item in charts.get(key) or [] if item.get("link"))
    return {href.replace("&amp;", "&") for href in found
            if not urlsplit(href).netloc and not href.startswith("/static/")}  # fmt: skip


def refused(client: Client, page: str) -> list[tuple[str, int]]:
    response = client.get(page)
    assert response.status_code == 200, page
    return [(href, code) for href in sorted(links(response.content.decode()))
            if (code := client.get(href).status_code) in (403, 404)]  # fmt: skip


@pytest.mark.parametrize("name", OFFICIALS)
def test_no_link_on_the_dashboard_leads_to_a_refusal(
    client_for: Any, users: dict[str, Any], name: str
) -> None:
    start_run(users["province"])
    client = client_for(name)
    assert refused(client, "/dashboard/") == []


@pytest.mark.parametrize(("name", "city"), [("province", "临沂"), ("industry", "淄博"),
                                            ("zibo", "淄博")])  # fmt: skip
def test_no_link_on_a_city_dashboard_leads_to_a_refusal(
    client_for: Any, users: dict[str, Any], name: str, city: str
) -> None:
    start_run(users["province"])
    assert refused(client_for(name), f"/dashboard/city/{city}/") == []


def test_a_city_officer_is_not_offered_the_province_or_the_policy_tools(
    client_for: Any, users: dict[str, Any]
) -> None:
    start_run(users["province"])
    html = client_for("zibo").get("/dashboard/").content.decode()
    assert "淄博市驾驶舱" in html
    assert "返回全省" not in html and "/dashboard/whatif/" not in html
    assert 'id="chart-map"' not in html  # the 16-city map is the province's
    assert client_for("zibo").get("/dashboard/whatif/").status_code == 403


@pytest.mark.parametrize("name", ["province", "industry", "zibo", "enterprise_user"])
def test_no_header_link_leads_to_a_refusal(client_for: Any, name: str) -> None:
    assert refused(client_for(name), "/") == []
