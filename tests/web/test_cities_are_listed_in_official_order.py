"""Cities in the official order on pages, exports and API lists (淄博 before 临沂, although
临 comes before 淄 by code point); counties by division code."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from province import issue_test_token

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.front.ledger_forms import Facets

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(users: dict[str, Any]) -> Any:
    with acting_as(users["province"], via="测试"):
        return start_run(users["province"])


def _before(text: str, first: str, second: str) -> bool:
    return -1 < text.index(first) < text.index(second)


def test_the_dashboard_lists_eliminations_by_city_in_official_order(
    client_for: Any, run: Any
) -> None:
    html = client_for("province").get(reverse("dashboard-province")).content.decode()
    table = html[html.index('id="table-city"') :]
    assert _before(table, "淄博", "临沂")


def test_the_surcharge_export_sums_by_city_in_official_order(client_for: Any) -> None:
    response = client_for("province").get("/pricing/surcharges/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["按市汇总"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["淄博", "临沂", "合计"]


def test_api_result_lists_follow_the_official_order(users: dict[str, Any], run: Any) -> None:
    token = issue_test_token(users["province"])[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for path in (f"/api/runs/{run.pk}/enterprises", f"/api/runs/{run.pk}/lines"):
        items = Client().get(path, **headers).json()["items"]
        cities = [i["city"] for i in items]
        assert cities == sorted(cities, key=["淄博", "临沂"].index), path
        assert cities[0] == "淄博" and cities[-1] == "临沂", path


def test_county_filters_list_counties_by_division_code() -> None:
    rows = [("370300", "淄博", "临淄区", "steel"), ("370300", "淄博", "张店区", "steel"),
            ("370300", "淄博", "淄川区", "cement"), ("371300", "临沂", "兰山区", "steel"),
            ("370100", "济南", "钢城区", "steel"), ("370100", "济南", "历城区", "steel")]  # fmt: skip
    facets = Facets.of(rows)
    assert facets.cities == ["济南", "淄博", "临沂"]
    # 淄川区 370302, 张店区 370303, 临淄区 370305: by code, not by code point.
    assert facets.counties_of("淄博") == ["淄川区", "张店区", "临淄区"]
    assert facets.counties_of("") == ["历城区", "钢城区", "淄川区", "张店区", "临淄区", "兰山区"]
