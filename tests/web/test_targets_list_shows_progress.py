"""The targets page lists every target of the plan by section, and computes the progress of
the capacity targets from the verified exits in the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from resolute.core import targets as targets_data
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, Line

PIG_IRON_2021 = "steel.pig_iron.2021.province"


def _rows(response: Any) -> dict[str, Any]:
    return {row.target.id: row for s in response.context["sections"] for row in s.rows}


def _exit(user: Any, line_id: str, day: dt.date) -> None:
    with acting_as(user, via="网页"):
        line = Line.objects.get(line_id=line_id)
        line.status = "exited"
        line.save()
        ExitEvent.objects.create(line=line, exited_on=day)


def test_every_target_is_listed_under_its_section(client_for: Any) -> None:
    response = client_for("province").get(reverse("targets-list"))

    assert response.status_code == 200
    book = targets_data.default()
    assert set(_rows(response)) == {t.id for t in book.targets}
    titles = [s.code for s in response.context["sections"]]
    assert titles[:1] == ["二(三)"] and {"三", "四", "五"} <= set(titles)
    html = response.content.decode()
    assert "高端化工营业收入" in html and "不低于 9,500 亿元" in html
    assert "进度按全省台账计算" in html


def test_an_exit_moves_the_achieved_figure_of_its_capacity_targets(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("province")
    before = _rows(client.get(reverse("targets-list"), {"as_of": "2021-12-31"}))
    assert before[PIG_IRON_2021].progress.achieved == "0"

    _exit(users["zibo"], "ZB-BF-1", dt.date(2021, 6, 30))

    response = client.get(reverse("targets-list"), {"as_of": "2021-12-31"})
    after = _rows(response)[PIG_IRON_2021].progress
    assert after.achieved == "300" and after.target == "507"
    assert after.percent == "59.2" and after.status == "behind"
    assert "300 / 507 万吨" in response.content.decode()


def test_an_exit_after_the_chosen_day_is_not_counted_yet(
    client_for: Any, users: dict[str, Any]
) -> None:
    _exit(users["zibo"], "ZB-BF-1", dt.date(2021, 6, 30))

    rows = _rows(client_for("province").get(reverse("targets-list"), {"as_of": "2021-06-29"}))

    assert rows[PIG_IRON_2021].progress.achieved == "0"


def test_a_city_officer_sees_progress_within_the_city(
    client_for: Any, users: dict[str, Any]
) -> None:
    _exit(users["zibo"], "ZB-BF-1", dt.date(2021, 6, 30))

    zibo = client_for("zibo").get(reverse("targets-list"), {"as_of": "2021-12-31"})
    linyi = client_for("linyi").get(reverse("targets-list"), {"as_of": "2021-12-31"})

    assert _rows(zibo)[PIG_IRON_2021].progress.achieved == "300"
    assert _rows(linyi)[PIG_IRON_2021].progress.achieved == "0"
    assert "仅按淄博市台账计算" in zibo.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    for name in ("targets-list", "targets-obligations", "targets-indicators"):
        response = client_for(None).get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
