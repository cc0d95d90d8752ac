"""The annual evaluation page ranks the cities with each score's breakdown and names the
约谈 and 表扬 lists."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_the_evaluation_page_renders_a_ranking_of_sixteen_cities(client_for: Any) -> None:
    response = client_for("province").get(reverse("supervision-evaluation"), {"year": "2022"})
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.cities) == 16
    ranks = [s.rank for s in result.cities]
    assert ranks == sorted(ranks) and ranks[0] == 1
    scores = {s.city: s for s in result.cities}
    # 2022: 淄博's steel works is found to fit the provincial layout, so no corridor transfer
    # falls due on it (二(三)1 “原则上”); no city has filed its plan.
    assert scores["淄博"].due == 0 and scores["淄博"].overdue_lines == 0
    text = response.content.decode()
    assert 'id="ranking"' in text and "约谈名单" in text and "表扬名单" in text
    assert "不是方案的规定" in text


def test_officials_of_every_kind_read_it_but_enterprises_do_not(client_for: Any) -> None:
    url = reverse("supervision-evaluation")
    for name in ("industry", "zibo"):
        assert client_for(name).get(url, {"year": "2021"}).status_code == 200
    assert client_for("enterprise_user").get(url).status_code == 403


def test_an_unknown_year_is_not_found(client_for: Any) -> None:
    response = client_for("province").get(reverse("supervision-evaluation"), {"year": "2019"})
    assert response.status_code == 404
