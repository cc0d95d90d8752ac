"""The pricing pages and API: who sees what, and that the figures render."""

from __future__ import annotations

from typing import Any

import pytest
from pages import parse, table_rows

pytestmark = pytest.mark.django_db

ZIBO_STEEL = "淄博齐鲁特钢有限公司"
LINYI_STEEL = "临沂沂蒙钢铁有限公司"


def enterprises(page: str, after: str) -> dict[str, dict[str, Any]]:
    """The enterprise rows of the table after the heading ``after``, by name."""
    rows = [{k.rstrip(" ▲▼"): v for k, v in row.items()}  # the sorted column's arrow
            for row in table_rows(parse(page), after=after)]  # fmt: skip
    return {row["企业"].text: row for row in rows if "统一社会信用代码" in row}


@pytest.mark.parametrize(
    "url", ["/pricing/surcharges/", "/pricing/classes/", "/pricing/schedules/"]
)
def test_anonymous_visitors_are_sent_to_login(client_for: Any, url: str) -> None:
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_user_without_a_role_is_refused(client_for: Any) -> None:
    assert client_for("no_role").get("/pricing/surcharges/").status_code == 403
    assert client_for("no_role").get("/api/pricing/classes").status_code == 403


def test_the_province_sees_every_enterprise_and_the_eliminated_steel_rate(client_for: Any) -> None:
    page = client_for("province").get("/pricing/surcharges/?year=2021").content.decode()
    rows = enterprises(page, after="逐户明细")
    assert {ZIBO_STEEL, LINYI_STEEL} <= set(rows)
    eliminated = [row for row in rows.values() if row["评估结论"].text == "淘汰退出"]
    assert eliminated and {
        row["费率"].text for row in eliminated if row["行业"].text == "钢铁"
    } == {"0.5 元/千瓦时"}
    assert "发改价格〔2016〕2803号" in page


def test_a_zibo_officer_sees_only_zibo(client_for: Any) -> None:
    for url, heading in (("/pricing/surcharges/", "逐户明细"), ("/pricing/classes/", "分类结果")):
        rows = enterprises(client_for("zibo").get(url).content.decode(), after=heading)
        assert ZIBO_STEEL in rows, url
        assert {row["市"].text for row in rows.values()} == {"淄博"}, url


def test_an_enterprise_user_sees_only_its_own_enterprise(client_for: Any) -> None:
    page = client_for("enterprise_user").get("/pricing/surcharges/").content.decode()
    assert set(enterprises(page, after="逐户明细")) == {ZIBO_STEEL}


def test_the_schedules_are_for_officials_only(client_for: Any) -> None:
    assert client_for("enterprise_user").get("/pricing/schedules/").status_code == 403
    assert client_for("zibo").get("/pricing/schedules/").status_code == 200
    page = client_for("province").get("/pricing/schedules/").content.decode()
    assert "steel_eliminated" in page and "未核实" in page


def test_the_api_is_scoped_like_the_pages(client_for: Any) -> None:
    data = client_for("zibo").get("/api/pricing/surcharges?year=2021").json()
    assert {e["city"] for e in data["enterprises"]} == {"淄博"}
    classes = client_for("zibo").get("/api/pricing/classes?published=2022-03-01").json()
    assert {e["city"] for e in classes["enterprises"]} == {"淄博"}
    assert classes["appeal_deadline"] == "2022-03-06"


def test_the_api_refuses_anonymous_callers(client_for: Any) -> None:
    assert client_for(None).get("/api/pricing/surcharges").status_code == 401


def test_a_class_does_not_depend_on_who_looks(client_for: Any) -> None:
    def class_of(user: str) -> dict[str, Any]:
        data = client_for(user).get("/api/pricing/classes").json()
        return {e["credit_code"]: (e["class"], e["rank"]) for e in data["enterprises"]}

    province, zibo = class_of("province"), class_of("zibo")
    assert zibo and all(province[code] == value for code, value in zibo.items())
