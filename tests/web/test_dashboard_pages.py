"""Dashboards: officials see them, charts link to the lines behind them, cities stay in scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def finished_run(client: Client) -> None:
    client.post("/assessments/", {})


@pytest.mark.parametrize("name", ["province", "industry", "zibo"])
def test_officials_see_the_dashboard(client_for: Any, name: str) -> None:
    response = client_for(name).get("/dashboard/")
    assert response.status_code == 200
    assert "dashboard/echarts.min.js" in response.content.decode()


def test_enterprise_users_are_refused(client_for: Any) -> None:
    assert client_for("enterprise_user").get("/dashboard/").status_code == 403


def test_anonymous_visitors_go_to_login(client_for: Any) -> None:
    assert client_for(None).get("/dashboard/").status_code == 302


def test_city_bars_link_to_the_lines_to_exit(client_for: Any) -> None:
    client = client_for("province")
    finished_run(client)
    charts = client.get("/dashboard/").context["charts"]
    zibo = next(c for c in charts["by_city"] if c["name"] == "淄博")
    assert zibo["value"] == 2
    assert zibo["link"] == "/ledger/?city=%E6%B7%84%E5%8D%9A&outcome=eliminate"
    assert any(c["link"].startswith("/ledger/?industry=steel") for c in charts["by_industry"])


def test_a_city_official_sees_only_their_city(client_for: Any) -> None:
    client = client_for("zibo")
    assert client.get("/dashboard/city/淄博/").status_code == 200
    assert client.get("/dashboard/city/临沂/").status_code == 404


def test_each_headline_target_links_to_the_lines_behind_it(client_for: Any) -> None:
    page = client_for("province").get("/dashboard/").content.decode()
    first = page.split('<section class="headline">', 1)[1].split("</section>", 1)[0]
    link = first.split('href="', 1)[1].split('"', 1)[0]
    assert link.startswith("/targets/")
    assert client_for("province").get(link).status_code == 200
