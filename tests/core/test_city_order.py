"""Cities in the official order (officials.md), never by the code points of their names."""

from __future__ import annotations

import random
from functools import cache

from resolute import demo
from resolute.core import pricing, schema
from resolute.core.cities import (
    city_sort_key,
    county_sort_key,
    in_official_order,
    load_cities,
    official_names,
)
from resolute.core.evaluation import PlanFacts, evaluate
from resolute.core.ledger import Ledger

OFFICIAL = ("济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海",
            "日照", "临沂", "德州", "聊城", "滨州", "菏泽")  # fmt: skip


def test_the_official_order_is_the_order_of_provincial_documents() -> None:
    assert official_names() == OFFICIAL
    assert schema.CITIES == OFFICIAL


def test_a_shuffled_list_of_cities_sorts_into_the_official_order() -> None:
    shuffled = list(OFFICIAL)
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=city_sort_key) == list(OFFICIAL)
    assert sorted(OFFICIAL) != list(OFFICIAL)  # code-point order differs: 东营 would lead


def test_the_full_name_sorts_like_the_short_one_and_unknown_names_come_last() -> None:
    assert in_official_order(["临沂市", "未知", "东营", "济南市"]) == [
        "济南市",
        "东营",
        "临沂市",
        "未知",
    ]
    assert sorted(["", "淄博", None], key=city_sort_key) == ["淄博", "", None]  # type: ignore[arg-type]


def test_counties_sort_by_their_division_code_within_the_official_city_order() -> None:
    places = [("济南", "钢城区"), ("青岛", "黄岛区"), ("济南", "历下区"), ("济南", "莱芜区"),
              ("济南", "章丘区")]  # fmt: skip
    assert sorted(places, key=lambda p: county_sort_key(*p)) == [
        ("济南", "历下区"), ("济南", "章丘区"), ("济南", "莱芜区"), ("济南", "钢城区"),
        ("青岛", "黄岛区"),
    ]  # fmt: skip
    for city in load_cities():
        names = [c.name for c in city.counties]
        assert sorted(reversed(names), key=lambda n, c=city.name: county_sort_key(c, n)) == names


def test_cities_with_equal_scores_keep_the_official_order_in_the_ranking() -> None:
    cities = ["临沂", "东营", "威海", "济南", "淄博"]  # code-point order, nothing due anywhere
    result = evaluate(2022, cities, [], {c: PlanFacts("on_time", 0) for c in cities})
    assert [s.city for s in result.cities] == ["济南", "淄博", "东营", "威海", "临沂"]
    assert len({s.rank for s in result.cities}) == 1


@cache
def _surcharges() -> pricing.SurchargeReport:
    return pricing.compute(Ledger.from_records(*demo.generate(800, 2)))


def test_surcharges_by_city_follow_the_official_order() -> None:
    keys = [t.key for t in _surcharges().by_city]
    assert len(keys) > 5
    assert keys == sorted(keys, key=city_sort_key)
