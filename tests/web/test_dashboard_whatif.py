"""Policy what-if pages: officials of province and departments only; results on the ledger."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from resolute.web.whatif.models import Scenario

FURNACE = "rule__steel.technology.blast_furnace_volume"


@pytest.mark.parametrize("name", ["province", "industry"])
def test_planners_see_the_rules_with_current_thresholds(client_for: Any, name: str) -> None:
    response = client_for(name).get("/dashboard/whatif/")
    assert response.status_code == 200
    assert "400 立方米及以下炼铁高炉" in response.content.decode()


@pytest.mark.parametrize("name", ["zibo", "enterprise_user", "no_role"])
def test_other_roles_are_refused(client_for: Any, name: str) -> None:
    assert client_for(name).get("/dashboard/whatif/").status_code == 403


def test_anonymous_visitors_go_to_login(client_for: Any) -> None:
    response = client_for(None).get("/dashboard/whatif/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_looser_furnace_threshold_frees_the_380_m3_furnace(client_for: Any) -> None:
    response = client_for("province").post("/dashboard/whatif/", {FURNACE: "350", "run": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ZB-BF-1" in html and "LY-BF-1" not in html
    summary = response.context["summary"]
    assert summary["lines_no_longer_eliminated"] == 1
    assert summary["by_city"][0]["city"] == "淄博"


def test_a_stricter_furnace_threshold_eliminates_the_linyi_furnace(client_for: Any) -> None:
    response = client_for("province").post("/dashboard/whatif/", {FURNACE: "2000", "run": "1"})
    summary = response.context["summary"]
    assert summary["lines_newly_eliminated"] == 1
    assert "LY-BF-1" in response.content.decode()


def test_a_bad_value_is_explained_not_crashed(client_for: Any) -> None:
    response = client_for("province").post("/dashboard/whatif/", {FURNACE: "很多", "run": "1"})
    assert response.status_code == 200
    assert "不是数字" in response.content.decode()


def test_a_saved_scenario_is_listed_compared_and_exported(client_for: Any, users: Any) -> None:
    client = client_for("province")
    response = client.post(
        "/dashboard/whatif/", {FURNACE: "2000", "name": "高炉 2000", "save": "1"}
    )
    first = Scenario.objects.get(name="高炉 2000")
    assert response.status_code == 302 and response["Location"].endswith(f"/{first.pk}/")
    assert first.created_by == users["province"]
    assert first.changes == {"steel.technology.blast_furnace_volume": 2000.0}
    assert first.summary["lines_newly_eliminated"] == 1
    client.post("/dashboard/whatif/", {FURNACE: "350", "name": "高炉 350", "save": "1"})
    second = Scenario.objects.get(name="高炉 350")

    assert "高炉 2000" in client.get("/dashboard/whatif/").content.decode()
    assert "LY-BF-1" in client.get(f"/dashboard/whatif/{first.pk}/").content.decode()
    compare = client.get(f"/dashboard/whatif/compare/?a={first.pk}&b={second.pk}")
    assert compare.status_code == 200 and "高炉 350" in compare.content.decode()

    export = client.get(f"/dashboard/whatif/{first.pk}/export.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    assert "生产线" in book.sheetnames
    assert any(row[4] == "LY-BF-1" for row in book["生产线"].iter_rows(values_only=True))


def test_a_department_does_not_see_the_province_scenarios(client_for: Any) -> None:
    client_for("province").post(
        "/dashboard/whatif/", {FURNACE: "2000", "name": "省方案", "save": "1"}
    )
    scenario = Scenario.objects.get(name="省方案")
    assert client_for("industry").get(f"/dashboard/whatif/{scenario.pk}/").status_code == 404
