"""The key projects list: 50 a page with the totals of the whole filtered set, filters kept in
the page links, sorting by whitelisted columns, and an export of the whole filtered set."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.targets.models import KeyProject

URL = "targets-projects"


@pytest.fixture
def projects(db: Any) -> None:
    """60 淄博 projects of 2022 (1 亿元 each), 10 of 2023 (2 亿元 each), 5 临沂 ones of 2022."""
    zibo, linyi = City.objects.get(name="淄博"), City.objects.get(name="临沂")
    rows = [KeyProject(name=f"淄博项目{i:02d}", city=zibo, sector="高端化工", year=2022,
                       stage="started", investment=1.0) for i in range(60)]  # fmt: skip
    rows += [KeyProject(name=f"淄博新项目{i}", city=zibo, sector="新材料", year=2023,
                        stage="signed", investment=2.0) for i in range(10)]  # fmt: skip
    rows += [KeyProject(name=f"临沂项目{i}", city=linyi, sector="高端化工", year=2022,
                        stage="reserve", investment=None) for i in range(5)]  # fmt: skip
    with acting_as(None, via="测试"):
        KeyProject.objects.create_recorded(rows)


def test_page_one_shows_50_rows_and_the_totals_of_the_whole_filtered_set(
    client_for: Any, projects: None
) -> None:
    response = client_for("province").get(reverse(URL), {"city": "淄博"})

    found = response.context["listing"]
    assert len(response.context["projects"]) == 50
    assert found.count == 70 and found.totals["invested"] == pytest.approx(80.0)
    page = response.content.decode()
    assert "共 70 个项目" in page and "总投资 80" in page


def test_page_two_keeps_the_filter_and_the_sort(client_for: Any, projects: None) -> None:
    client = client_for("province")
    first = client.get(reverse(URL), {"city": "淄博", "year": "2022", "sort": "-name"})
    next_url = first.context["listing"].next_url
    assert "city=" in next_url and "year=2022" in next_url and "sort=-name" in next_url

    second = client.get(reverse(URL) + next_url)

    shown = [p.name for p in second.context["projects"]]
    assert shown == [f"淄博项目{i:02d}" for i in range(9, -1, -1)]  # the last 10 of 60
    assert next_url.replace("&", "&amp;") in first.content.decode()


def test_sorting_by_a_whitelisted_column_and_an_unknown_key_is_ignored(
    client_for: Any, projects: None
) -> None:
    client = client_for("province")
    by_investment = client.get(reverse(URL), {"sort": "-investment"}).context["projects"]
    by_stage = client.get(reverse(URL), {"sort": "stage"}).context["projects"]
    unknown = client.get(reverse(URL), {"sort": "city__password"})
    plain = client.get(reverse(URL))

    assert [p.investment for p in by_investment[:10]] == [2.0] * 10
    assert by_stage[0].stage == "reserve" and by_stage[5].stage == "signed"  # lifecycle order
    assert unknown.status_code == 200
    assert unknown.context["listing"].sort == plain.context["listing"].sort
    assert [p.pk for p in unknown.context["projects"]] == [p.pk for p in plain.context["projects"]]


def test_the_export_has_every_filtered_row_in_the_template_columns(
    client_for: Any, projects: None
) -> None:
    response = client_for("province").get(reverse(URL), {"year": "2022", "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content))["重点项目"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 65 and set(names) == set(
        KeyProject.objects.filter(year=2022).values_list("name", flat=True)
    )


def test_a_city_officer_sees_and_exports_only_the_citys_projects(
    client_for: Any, projects: None
) -> None:
    client = client_for("zibo")
    page = client.get(reverse(URL), {"sector": "高端化工"})
    export = client.get(reverse(URL), {"sector": "高端化工", "format": "xlsx"})

    assert page.context["listing"].count == 60
    assert all(p.city.name == "淄博" for p in page.context["projects"])
    sheet = load_workbook(io.BytesIO(export.content))["重点项目"]
    cities = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cities == {"淄博"} and sheet.max_row == 61
