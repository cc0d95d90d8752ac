"""The list helper: pages of a fixed size, sorting by whitelisted columns only, filters kept
in every link, totals over the whole filtered set."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.db.models import Count, Sum
from django.test import RequestFactory

from resolute.web.ledger.models import City
from resolute.web.lib.listing import Column, listing

COLUMNS = [
    Column("code", "代码", ("code",)),
    Column("name", "市", ("name",)),
    Column("lat", "纬度", ("lat",), css="num"),
    Column("note", "说明"),
]


def _get(query: str) -> object:
    return RequestFactory().get(f"/cities/?{query}")


@pytest.mark.django_db
def test_a_page_holds_the_asked_size_and_the_totals_cover_every_filtered_row() -> None:
    rows = City.objects.filter(corridor=True)
    found = listing(_get("corridor=1&page=2"), rows, COLUMNS, "code",
                    totals={"n": Count("pk"), "lat": Sum("lat")}, per_page=3)  # fmt: skip
    codes = list(rows.order_by("code").values_list("code", flat=True))
    assert [c.code for c in found.rows] == codes[3:6]
    assert found.count == len(codes)
    assert found.totals["n"] == len(codes)
    assert found.totals["lat"] == pytest.approx(sum(c.lat for c in rows))


@pytest.mark.django_db
def test_descending_sort_and_an_unknown_column_falls_back_to_the_default() -> None:
    found = listing(_get("sort=-code"), City.objects.all(), COLUMNS, "code", per_page=50)
    codes = [c.code for c in found.rows]
    assert codes == sorted(codes, reverse=True)
    assert found.sort == "-code"
    for asked in ("sort=note", "sort=lon", "sort=-pk"):  # not sortable, not a column
        assert listing(_get(asked), City.objects.all(), COLUMNS, "code").sort == "code"


@pytest.mark.django_db
def test_links_keep_the_filters_and_headers_flip_the_direction() -> None:
    found = listing(_get("corridor=1&sort=name&page=1"), City.objects.all(), COLUMNS, "code",
                    per_page=2)  # fmt: skip
    assert parse_qs(found.next_url[1:]) == {"corridor": ["1"], "sort": ["name"], "page": ["2"]}
    assert parse_qs(found.export_url[1:]) == {"corridor": ["1"], "sort": ["name"],
                                               "format": ["xlsx"]}  # fmt: skip
    by_label = {h.label: h for h in found.headers}
    assert by_label["市"].arrow and by_label["市"].aria_sort == "ascending"
    assert parse_qs(by_label["市"].url[1:])["sort"] == ["-name"]
    assert parse_qs(by_label["代码"].url[1:]) == {"corridor": ["1"], "sort": ["code"]}
    assert by_label["说明"].url == "" and by_label["代码"].arrow == ""


@pytest.mark.django_db
def test_a_second_list_on_the_page_keeps_its_own_page_and_sort_and_the_others() -> None:
    request = _get("sort=-code&page=2&usort=name&upage=3")
    first = listing(request, City.objects.all(), COLUMNS, "code", per_page=2)
    second = listing(request, City.objects.all(), COLUMNS, "code", per_page=2, prefix="u")
    assert first.page.number == 2 and first.sort == "-code"
    assert second.page.number == 3 and second.sort == "name"
    assert parse_qs(second.next_url[1:]) == {"sort": ["-code"], "page": ["2"], "usort": ["name"],
                                              "upage": ["4"]}  # fmt: skip
    by_label = {h.label: h for h in second.headers}
    assert parse_qs(by_label["市"].url[1:]) == {"sort": ["-code"], "page": ["2"],
                                                "usort": ["-name"]}  # fmt: skip
