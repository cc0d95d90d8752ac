"""The obligations page: each line's dated duties under 二(三), their status on the day
given in the query string, filters, the overdue rows highlighted, and an Excel export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from django.urls import reverse
from pages import parse, table_rows

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, Line

COKING = "coking.small_ovens"  # LY-CO-1: chamber 4.3 m, by 2021-12-31


def _rows(client: Any, **query: str) -> dict[tuple[str, str], str]:
    response = client.get(reverse("targets-obligations"), query)
    assert response.status_code == 200
    return {(r.o.line_id, r.o.task_id): r.o.status for r in response.context["page"].rows}


def test_a_line_is_overdue_one_day_after_its_deadline(client_for: Any) -> None:
    client = client_for("province")

    on_the_day = _rows(client, as_of="2021-12-31")
    day_after = _rows(client, as_of="2022-01-01")

    assert on_the_day[("LY-CO-1", COKING)] == "pending"
    assert day_after[("LY-CO-1", COKING)] == "overdue"
    html = client.get(reverse("targets-obligations"), {"as_of": "2022-01-01"}).content
    [row] = [r for r in table_rows(parse(html))
             if r["生产线"].text == "LY-CO-1" and r["时限"].text == "2021-12-31"]  # fmt: skip
    assert (row["状态"].text, row["逾期天数"].text) == ("逾期", "1")
    assert row["状态"].element.find("span").classes == {"tag-overdue"}
    assert row["生产线"].href == reverse("ledger-line-detail", args=["LY-CO-1"])


def test_an_exit_before_the_deadline_makes_the_duty_done(
    client_for: Any, users: dict[str, Any]
) -> None:
    with acting_as(users["linyi"], via="网页"):
        line = Line.objects.get(line_id="LY-CO-1")
        line.status = "exited"
        line.save()
        ExitEvent.objects.create(line=line, exited_on=dt.date(2021, 11, 30))

    assert _rows(client_for("province"), as_of="2022-01-01")[("LY-CO-1", COKING)] == "done"


def test_filters_by_status_city_and_task(client_for: Any) -> None:
    client = client_for("province")

    overdue = _rows(client, as_of="2022-01-01", status="overdue")
    in_zibo = _rows(client, as_of="2022-01-01", city="淄博")
    coking = _rows(client, as_of="2022-01-01", task=COKING)

    assert overdue and set(overdue.values()) == {"overdue"}
    assert in_zibo and {line for line, _ in in_zibo} <= {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"}
    assert set(coking) == {("LY-CO-1", COKING)}


def test_a_city_officer_sees_only_the_duties_of_the_city(client_for: Any) -> None:
    rows = _rows(client_for("zibo"), as_of="2022-01-01")
    assert rows and all(line.startswith("ZB-") for line, _ in rows)


def test_the_export_holds_the_filtered_rows(client_for: Any) -> None:
    response = client_for("province").get(
        reverse("targets-obligations"), {"as_of": "2022-01-01", "task": COKING, "format": "xlsx"}
    )

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "生产线编号" and len(rows) == 2
    assert (
        rows[1][0] == "LY-CO-1" and rows[1][1] == "临沂蒙阴焦化有限公司" and rows[1][10] == "逾期"
    )


def test_refining_in_a_dense_urban_area_is_listed_without_a_deadline(
    client_for: Any, province_ledger: Any
) -> None:
    from builders import make_enterprise, make_line

    from resolute.core.ledger import Ledger
    from resolute.web.ledger.services import apply_changes, plan_changes

    refinery = make_enterprise(
        "refining", name="淄博城区石化有限公司", city="淄博", county="张店区"
    )
    line = make_line("cdu", refinery["credit_code"], line_id="ZB-CDU-1", capacity=500.0,
                     in_dense_urban_area=True)  # fmt: skip
    with acting_as(None, via="测试", name="测试数据"):
        apply_changes(plan_changes(Ledger.from_records([refinery], [line])))

    response = client_for("province").get(reverse("targets-obligations"), {"as_of": "2026-11-29"})

    page = response.context["page"]
    assert [(u.line_id, u.done) for u, _ in page.undated] == [("ZB-CDU-1", False)]
    assert all(row.o.line_id != "ZB-CDU-1" for row in page.rows)  # never overdue
    [undated] = table_rows(parse(response.content), after="未定期限的任务")
    assert undated["生产线"].text == "ZB-CDU-1" and undated["实际退出日期"].text == "—"
    assert "根据重大石化项目实施情况" in undated["时限"].text
    linyi = client_for("linyi").get(reverse("targets-obligations"))
    assert linyi.context["page"].undated == []


def test_days_overdue_keep_counting_while_the_line_stays(client_for: Any) -> None:
    def days(as_of: str) -> int | None:
        page = client_for("province").get(reverse("targets-obligations"), {"as_of": as_of})
        return next(r.days_overdue for r in page.context["page"].rows
                    if (r.o.line_id, r.o.task_id) == ("LY-CO-1", COKING))  # fmt: skip

    assert days("2021-12-31") is None  # due that day, not overdue
    assert days("2022-01-01") == 1
    assert days("2026-11-29") == (dt.date(2026, 11, 29) - dt.date(2021, 12, 31)).days
    export = client_for("province").get(reverse("targets-obligations"),
                                        {"as_of": "2022-01-11", "format": "xlsx"})  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "LY-CO-1")
    assert row[header.index("逾期天数")] == 11
