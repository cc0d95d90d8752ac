"""The ledger list: filters, search, pagination, latest outcome, overdue mark, query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from pages import column, parse, row_where, table_rows

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import Enterprise, ExitPlan, Line

ALL_LINES = ("ZB-BF-1", "ZB-BOF-1", "ZB-CL-1", "LY-BF-1", "LY-CO-1")
PAST = dt.date(2000, 1, 1)
FUTURE = dt.date(2999, 12, 31)


def rows(client: Any, **params: str) -> list[dict[str, Any]]:
    response = client.get(reverse("ledger-line-list"), params)
    assert response.status_code == 200
    page = parse(response.content)
    return table_rows(page) if page.find_all("table") else []


def listed(client: Any, **params: str) -> set[str]:
    """The lines of the list's first page (of the five in the ledger)."""
    return {code for code in column(rows(client, **params), "生产线") if code in ALL_LINES}


def add_lines(enterprise: Enterprise, count: int, prefix: str = "ZB-X-") -> None:
    with acting_as(None, via="测试"):
        Line.objects.create_recorded([
            Line(line_id=f"{prefix}{i:03d}", enterprise=enterprise, equipment="bof",
                 capacity=100.0, nominal_t=120.0)
            for i in range(count)
        ])  # fmt: skip


def plan(line_id: str, deadline: dt.date, person: str = "张三") -> None:
    with acting_as(None, via="测试"):
        ExitPlan(line=Line.objects.get(line_id=line_id), exit_method="close",
                 exit_deadline=deadline, responsible_unit="市工信局",
                 responsible_person=person).save()  # fmt: skip


def test_rows_show_enterprise_credit_code_equipment_capacity_and_status(
    client_for: Any, province_ledger: Any
) -> None:
    response = client_for("province").get(reverse("ledger-line-list"))
    zibo = province_ledger.zibo_steel
    furnace = row_where(table_rows(parse(response.content)), "生产线", "ZB-BF-1")
    assert furnace["企业名称"].text == zibo.name
    assert furnace["企业名称"].href == reverse("ledger-enterprise-detail", args=[zibo.credit_code])
    assert furnace["生产线"].href == reverse("ledger-line-detail", args=["ZB-BF-1"])
    assert furnace["统一社会信用代码"].text == zibo.credit_code
    assert (furnace["装置"].text, furnace["运行状态"].text) == ("炼铁高炉", "在产")
    assert (furnace["市"].text, furnace["县（市、区）"].text) == ("淄博", "张店区")
    clinker = row_where(table_rows(parse(response.content)), "生产线", "ZB-CL-1")
    assert clinker["装置"].text == "水泥熟料生产线"
    assert clinker["产能"].text == "2,500 吨/日"  # capacity with the unit of the equipment
    assert "共 5 条生产线" in response.content.decode()


def test_filters_narrow_the_list(client_for: Any, users: dict[str, Any]) -> None:
    client = client_for("province")
    assert listed(client, city="淄博") == {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"}
    assert listed(client, city="淄博", county="淄川区") == {"ZB-CL-1"}
    assert listed(client, industry="coking") == {"LY-CO-1"}
    assert listed(client, equipment="blast_furnace") == {"ZB-BF-1", "LY-BF-1"}
    with acting_as(users["province"]):
        Line.objects.filter(line_id="LY-BF-1").update(status="idle")
    assert listed(client, status="idle") == {"LY-BF-1"}


def test_search_finds_by_name_or_credit_code_prefix(client_for: Any, province_ledger: Any) -> None:
    client = client_for("province")
    assert listed(client, q="齐鲁") == {"ZB-BF-1", "ZB-BOF-1"}
    code = province_ledger.linyi_coking.credit_code
    assert listed(client, q=code[:-1].lower()) == {"LY-CO-1"}
    assert listed(client, q=code[1:]) == set()  # the code matches from its start only


def test_outcome_filter_uses_the_latest_finished_run(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("province")
    assert listed(client, outcome="none") == set(ALL_LINES)
    start_run(users["province"])
    assert listed(client, outcome="eliminate") == {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}
    assert listed(client, outcome="compliant") == {"ZB-BOF-1", "LY-BF-1"}
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-BF-1").update(volume_m3=1080.0)
    start_run(users["zibo"], city_id=users["zibo"].profile.city_id)
    assert listed(client, outcome="eliminate") == {"ZB-CL-1", "LY-CO-1"}
    cell = row_where(rows(client), "生产线", "ZB-CL-1")["最新结论"]
    assert (cell.text, cell.classes) == ("淘汰退出", {"outcome-eliminate"})


def test_overdue_marks_lines_past_their_deadline_that_have_not_exited(
    client_for: Any, users: dict[str, Any]
) -> None:
    plan("ZB-BF-1", PAST, person="王五")
    plan("LY-BF-1", FUTURE)
    plan("ZB-CL-1", PAST)
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-CL-1").update(status="exited")
    client = client_for("province")
    # LY-CO-1 has no exit plan, but its duty of 二(三)3 (淘汰 by 2021-12-31) is overdue.
    assert listed(client, overdue="on") == {"ZB-BF-1", "LY-CO-1"}
    row = row_where(rows(client, overdue="on"), "生产线", "ZB-BF-1")
    assert (row["责任人"].text, row["退出时限"].text, row["逾期"].text) == (
        "王五",
        "2000-01-01",
        "逾期",
    )


def test_the_list_is_paginated_with_counts(client_for: Any, province_ledger: Any) -> None:
    add_lines(province_ledger.zibo_steel, 60)
    client = client_for("zibo")
    first = client.get(reverse("ledger-line-list")).content.decode()
    assert "共 63 条生产线" in first and "第 1–50 条" in first
    assert "第 1 / 2 页" in first
    second = client.get(reverse("ledger-line-list"), {"page": "2"}).content.decode()
    assert "第 51–63 条" in second
    codes = column(rows(client, page="2"), "生产线")
    assert len(codes) == 13 and "ZB-X-059" in codes and "ZB-X-000" not in codes


def test_pagination_links_keep_the_filters(client_for: Any, province_ledger: Any) -> None:
    add_lines(province_ledger.zibo_steel, 60)
    html = client_for("province").get(reverse("ledger-line-list"), {"city": "淄博"}).content
    assert "city=%E6%B7%84%E5%8D%9A&amp;page=2" in html.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    client_for: Any, users: dict[str, Any], province_ledger: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    add_lines(province_ledger.zibo_steel, 40)
    add_lines(province_ledger.linyi_steel, 40, prefix="LY-X-")
    for line_id in ("ZB-BF-1", "ZB-X-001", "LY-X-002"):
        plan(line_id, PAST)
    start_run(users["province"])
    client = client_for("province")
    client.get(reverse("ledger-line-list"))  # warm the session
    # The session is refreshed every 5 minutes only; the bell in the header counts unread notices;
    # the 逾期 marks of the page's lines: the obligations set (the ledger's version, the targets
    # in force, the set) and one query for the page's nearest deadlines.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ledger-line-list"), {"outcome": "compliant"})
    assert response.status_code == 200


def test_a_user_without_a_role_sees_an_empty_list_with_a_note(client_for: Any) -> None:
    html = client_for("no_role").get(reverse("ledger-line-list")).content.decode()
    assert "尚未分配角色" in html
    assert rows(client_for("no_role")) == []


@pytest.mark.parametrize("bad", [{"city": "北京"}, {"industry": "nonsense"}, {"page": "x"}])
def test_unknown_filter_values_are_ignored(client_for: Any, users: Any, bad: dict) -> None:
    assert listed(client_for("province"), **bad) == set(ALL_LINES)
