"""Every list that a page and another entry point (the API, an export, the dashboard) both
show is the same list: the same rows in the same order, with the same totals, for each kind
of user who may see it (issue #14 point 1).

The pages are read through the context they rendered (what the template showed), the API
through its JSON, exports through their workbook. The ledger has a line already exited when
assessed (never "to eliminate"), an exit plan, a verified exit, and a coke oven past its deadline.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from resolute.core import words
from resolute.core.words import number_text
from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import publish_run, start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line

SCOPED = ["province", "industry", "zibo", "linyi", "enterprise_user"]


@pytest.fixture
def ledger(users: dict[str, Any]) -> dict[str, Any]:
    """The test province with an exited clinker line and a furnace's exit plan, assessed by
    the province and published; then the furnace's verified exit."""
    with acting_as(users["province"], via="测试"):
        Line.objects.filter(line_id="ZB-CL-1").update(status="exited")
        ExitPlan.objects.create(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="close",
                                exit_deadline=dt.date(2021, 12, 31),
                                responsible_unit="淄博市工业和信息化局")  # fmt: skip
    run = start_run(users["province"])
    run = AssessmentRun.objects.get(pk=run.pk)  # finished (tasks run at once in tests)
    with acting_as(users["province"], via="测试"):
        publish_run(run, True)
    with acting_as(users["province"], via="测试"):
        Line.objects.filter(line_id="ZB-BF-1").update(status="exited",
                                                      exited_on=dt.date(2021, 11, 30))  # fmt: skip
    return {"run": AssessmentRun.objects.get(pk=run.pk)}


def _context(client: Any, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.context


def _api(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()


def _sheet_rows(client: Any, url: str, **params: Any) -> list[tuple[Any, ...]]:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                    if response.streaming else response.content))  # fmt: skip
    return [tuple(r) for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]


# ─── eliminations ────────────────────────────────────────────────────────────────


def test_the_public_elimination_list_is_the_same_on_the_page_and_in_the_api(
    client_for: Any, ledger: dict[str, Any]
) -> None:
    anonymous = client_for(None)
    page = _context(anonymous, reverse("assessments-public"))
    body = _api(anonymous, "/api/public/eliminations?limit=500")
    assert page["run"].pk == body["run"]["id"] == ledger["run"].pk
    shown = [(r["line_code"], r["name"], r["city"], r["deadline"]) for r in page["rows"]]
    given = [(r["line_id"], r["enterprise_name"], r["city"],
              dt.date.fromisoformat(r["exit_deadline"]) if r["exit_deadline"] else None)
             for r in body["items"]]  # fmt: skip
    assert shown == given
    assert page["page"].paginator.count == body["count"] == 2  # ZB-CL-1 had exited
    assert {code for code, *_ in shown} == {"ZB-BF-1", "LY-CO-1"}


@pytest.mark.parametrize("name", SCOPED)
def test_a_users_elimination_list_is_the_same_on_the_page_and_in_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    run = ledger["run"]
    page = _context(client, reverse("assessments-eliminations"), run=run.pk)
    body = _api(client, f"/api/runs/{run.pk}/lines?outcome=eliminate&limit=500")
    # The API lists every result; the page lists what is still to be dealt with.
    given = [r["line_id"] for r in body["items"] if r["status"] != "exited"]
    assert [row["r"].line_code for row in page["rows"]] == given
    assert page["page"].paginator.count == len(given)


@pytest.mark.parametrize("name", SCOPED)
def test_a_runs_counts_and_lines_are_the_same_on_its_page_its_export_and_in_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    run = ledger["run"]
    page = _context(client, reverse("assessments-run-detail", args=[run.pk]))
    counts = _api(client, f"/api/runs/{run.pk}")["counts"]
    assert {o: n for o, _, n in page["line_counts"] if n} == counts["lines"]
    assert {o: n for o, _, n in page["enterprise_counts"] if n} == counts["enterprises"]
    body = _api(client, f"/api/runs/{run.pk}/lines?limit=500")
    every = load_workbook(io.BytesIO(client.get(
        reverse("assessments-run-export", args=[run.pk])).content))["全部生产线"]  # fmt: skip
    assert [r[5] for r in every.iter_rows(min_row=2, values_only=True)] == [
        r["line_id"] for r in body["items"]
    ]
    listed = _api(client, "/api/runs")["items"]
    assert [r["counts"] for r in listed if r["id"] == run.pk] == [counts]


# ─── credit ──────────────────────────────────────────────────────────────────────


def test_the_published_credit_list_is_the_same_on_the_page_and_in_the_api(
    client_for: Any, ledger: dict[str, Any]
) -> None:
    reviewed = client_for("province").post(reverse("replacement-credit-review"),
                                           {"confirmed": "on", "note": ""})  # fmt: skip
    assert reviewed.status_code == 302
    anonymous = client_for(None)
    page = _context(anonymous, reverse("replacement-credit-public"))
    body = _api(anonymous, "/api/replacement/credit?limit=50")
    shown = [(r.credit_code, r.task, r.deadline, r.days_overdue) for r in page["page"]]
    given = [(r["credit_code"], r["task"], dt.date.fromisoformat(r["deadline"]),
              r["days_overdue"]) for r in body["records"]]  # fmt: skip
    assert shown == given and shown
    assert page["page"].paginator.count == body["count"] == page["publication"].count
    exported = _sheet_rows(anonymous, reverse("replacement-credit-public"), format="xlsx")
    # The sheet names a task by its clause and what it asks, as the page does.
    assert [(r[1], r[3], r[4], r[5].date(), r[6]) for r in exported] == [
        (r.credit_code, r.clause, r.action, r.deadline, r.days_overdue) for r in page["page"]
    ]


# ─── surcharges ──────────────────────────────────────────────────────────────────


def _totals(t: Any, money: Callable[[float], Any] = lambda v: round(v, 2)) -> tuple[Any, ...]:
    return (t.key, t.enterprises, money(t.electricity), money(t.water),
            t.electricity_charged, t.water_charged, t.unknown)  # fmt: skip


def _api_totals(t: dict[str, Any]) -> tuple[Any, ...]:
    return (t["key"], t["enterprises"], round(t["electricity_yuan"], 2),
            round(t["water_yuan"], 2), t["electricity_charged"], t["water_charged"],
            t["unknown"])  # fmt: skip


@pytest.mark.parametrize("name", SCOPED)
def test_surcharges_are_the_same_on_the_page_and_in_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    page = _context(client, reverse("pricing-surcharges"))
    body = _api(client, "/api/pricing/surcharges")
    shown = [(row["s"].credit_code, row["s"].electricity.status, row["s"].electricity.amount,
              row["s"].water.status, row["s"].water.amount, row["s"].total)
             for row in page["rows"]]  # fmt: skip
    given = [(e["credit_code"], e["electricity"]["status"], e["electricity"]["amount_yuan"],
              e["water"]["status"], e["water"]["amount_yuan"], e["total_yuan"])
             for e in body["enterprises"]]  # fmt: skip
    assert shown == given and shown
    report = page["report"]
    assert _totals(report.total) == _api_totals(body["summary"])
    assert [_totals(t) for t in report.by_city] == [_api_totals(t) for t in body["by_city"]]
    assert [_totals(t) for t in report.by_industry] == [_api_totals(t) for t in body["by_industry"]]


@pytest.mark.parametrize("name", SCOPED)
def test_surcharges_are_the_same_on_the_page_and_in_its_exports(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    for query in ({}, {"sort": "-e_amount"}, {"city": "淄博", "sort": "name"}):
        page = _context(client, reverse("pricing-surcharges"), year=2021, **query)
        charged = [(row["s"].credit_code, row["s"].electricity.amount) for row in page["rows"]
                   if row["s"].electricity.status != "none"]  # fmt: skip
        rows = _sheet_rows(client, reverse("pricing-surcharges"), year=2021, format="xlsx",
                           **query)  # fmt: skip
        assert [(r[1], r[8]) for r in rows] == charged
        book = load_workbook(io.BytesIO(client.get(reverse("pricing-surcharges"),
                                                   {"year": 2021, "format": "xlsx", **query}).content))  # fmt: skip
        totals = [r for r in book["按市汇总"].iter_rows(min_row=2, values_only=True)]
        # The workbook's sums are in 万元, as the page's tables show them.
        assert [_totals(t, words.money_value)
                for t in (*page["report"].by_city, page["report"].total)] == [
            (r[0], r[1], Decimal(str(r[2])), Decimal(str(r[3])), r[4], r[5], r[6])
            for r in totals
        ]  # fmt: skip


@pytest.mark.parametrize("name", SCOPED)
def test_classes_are_the_same_on_the_page_its_export_and_in_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    page = _context(client, reverse("pricing-classes"), published="2022-03-01")
    body = _api(client, "/api/pricing/classes?published=2022-03-01&limit=50")
    shown = [(r["e"].credit_code, r["e"].code, r["e"].rank, r["e"].score) for r in page["rows"]]
    given = [(e["credit_code"], e["class"], e["rank"], e["score"]) for e in body["enterprises"]]
    assert shown == given and shown
    assert {code: n for code, _, n in page["counts"]} == body["counts"]
    assert page["listing"].count == body["count"] == sum(body["counts"].values())
    exported = _sheet_rows(client, reverse("pricing-classes"), published="2022-03-01",
                           format="xlsx")  # fmt: skip
    assert [(r[1], r[7], r[6], r[5]) for r in exported] == shown
    assert {r[-1] for r in exported} == {body["appeal_deadline"]} == {"2022-03-06"}


def test_the_credit_review_list_is_the_same_on_the_page_and_in_its_export(
    client_for: Any, ledger: dict[str, Any]
) -> None:
    client = client_for("province")
    for query in ({}, {"sort": "-days"}, {"city": "临沂"}):
        page = _context(client, reverse("replacement-credit-review"), **query)
        shown = [(r.credit_code, r.line_id, r.clause, r.action, r.days_overdue)
                 for r in page["page"]]  # fmt: skip
        rows = _sheet_rows(client, reverse("replacement-credit-review"), format="xlsx", **query)
        assert [(r[0], r[3], r[5], r[6], r[8]) for r in rows] == shown
        assert page["listing"].count == len(rows)
    assert shown  # 临沂's coke oven is past its deadline


def test_surcharges_are_closed_to_the_public_on_both(client_for: Any, ledger: Any) -> None:
    anonymous = client_for(None)
    assert anonymous.get(reverse("pricing-surcharges")).status_code == 302  # to sign in
    assert anonymous.get("/api/pricing/surcharges").status_code == 401


# ─── obligations ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", SCOPED)
@pytest.mark.parametrize("as_of", ["2021-12-31", "2023-01-01"])
def test_obligations_are_the_same_on_the_page_and_in_its_export(
    client_for: Any, ledger: dict[str, Any], name: str, as_of: str
) -> None:
    client = client_for(name)
    url = reverse("targets-obligations")
    page = _context(client, url, as_of=as_of)["page"]
    rows = _sheet_rows(client, url, as_of=as_of, format="xlsx")
    shown = [(r.o.line_id, r.o.task_id, r.o.deadline, r.days_overdue) for r in page.rows]
    exported = [(r[0], r[7], r[8], r[9].date() if isinstance(r[9], dt.datetime) else r[9], r[11])
                for r in rows]  # fmt: skip
    assert exported == [(r.o.line_id, r.o.clause, r.o.action, r.o.deadline, r.days_overdue)
                        for r in page.rows]  # fmt: skip
    assert sum(page.counts.values()) == len(rows)
    body = _api(client, f"/api/targets/obligations?as_of={as_of}&limit=1000")
    given = [(o["line_id"], o["task_id"], dt.date.fromisoformat(o["deadline"]), o["days_overdue"])
             for o in body["items"]]  # fmt: skip
    assert given == shown and body["state"] == "ready"
    assert body["counts"] == page.counts and body["count"] == len(rows)


@pytest.mark.parametrize("name", ["province", "linyi"])
def test_obligations_sorted_and_filtered_are_the_same_on_the_page_its_export_and_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    url = reverse("targets-obligations")
    query = {"as_of": "2023-01-01", "status": "overdue", "sort": "-deadline"}
    page = _context(client, url, **query)["page"]
    rows = _sheet_rows(client, url, format="xlsx", **query)
    body = _api(client, "/api/targets/obligations?as_of=2023-01-01&status=overdue&sort=-deadline")
    shown = [(r.o.line_id, r.o.task_id) for r in page.rows]
    assert shown == [(o["line_id"], o["task_id"]) for o in body["items"]]
    assert [(r[0], r[7], r[8]) for r in rows] == [(r.o.line_id, r.o.clause, r.o.action)
                                                  for r in page.rows]  # fmt: skip
    assert shown and all(r.o.status == "overdue" for r in page.rows)


def test_obligations_are_closed_to_the_public_on_both(client_for: Any, ledger: Any) -> None:
    anonymous = client_for(None)
    url = reverse("targets-obligations")
    assert anonymous.get(url).status_code == anonymous.get(url, {"format": "xlsx"}).status_code
    assert anonymous.get(url).status_code == 302


# ─── progress ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["province", "industry", "zibo", "linyi"])
def test_progress_is_the_same_on_the_targets_page_and_the_dashboard(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    targets = _context(client, reverse("targets-list"))
    shown = {
        row.target.id: (row.progress.achieved, row.progress.status)
        for section in targets["sections"]
        for row in section.rows
        if row.progress is not None
    }
    dashboard = _context(client, reverse("dashboard-province"))
    # The dashboard shows the targets of the user's scope only (dashboard.scope): a city its
    # share or contribution, with its own figure as the targets page computes it for the city.
    headline = {c.target_id: (round(c.achieved, 2), c.status) for c in dashboard["headline"]}
    assert headline.keys() <= shown.keys() and headline
    assert headline.keys() == shown.keys() or name != "province"
    for target_id, (achieved, status) in headline.items():
        assert shown[target_id][0] == number_text(achieved)
        assert status in ("", shown[target_id][1])
    assert any(a != 0 for a, _ in headline.values()) or name != "province"
    body = _api(client, "/api/targets/progress")
    given = {t["target_id"]: (number_text(t["achieved"]), t["status"]) for t in body["targets"]}
    assert given == shown


# ─── risks ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["province", "industry", "zibo", "linyi"])
def test_the_risk_register_is_the_same_on_its_pages_and_in_the_api(
    client_for: Any, ledger: dict[str, Any], name: str
) -> None:
    client = client_for(name)
    page = _context(client, reverse("supervision-risks"))
    body = _api(client, "/api/risks")
    shown = [(r.city, r.enterprise_count, r.employees, r.heat_unit_count) for _, r in page["rows"]]
    given = [(c["city"], c["enterprises"], c["employees"], c["heat_units"])
             for c in body["by_city"]]  # fmt: skip
    assert shown == given and shown
    assert page["totals"].employees == body["total"]["employees"]
    listed = _api(client, "/api/risks/enterprises?limit=1000")["items"]
    for code, row in page["rows"]:
        city = _context(client, reverse("supervision-risks-city", args=[code]))
        assert [e.credit_code for e in city["enterprises"]] == [
            e["credit_code"] for e in listed if e["city"] == row.city
        ]


def test_the_risk_register_is_closed_to_enterprises_on_both(client_for: Any, ledger: Any) -> None:
    client = client_for("enterprise_user")
    assert client.get(reverse("supervision-risks")).status_code == 403
    assert client.get("/api/risks").status_code == 403


# ─── overdue lines ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["province", "industry", "zibo", "linyi"])
def test_overdue_lines_are_the_same_on_the_dashboard_and_in_the_ledger_list(
    client_for: Any, ledger: dict[str, Any], users: dict[str, Any], name: str
) -> None:
    with acting_as(users["province"], via="测试"):
        for line_id, deadline in (("LY-CO-1", dt.date(2021, 6, 30)),
                                  ("ZB-BOF-1", dt.date(2021, 9, 30))):  # fmt: skip
            ExitPlan.objects.create(line=Line.objects.get(line_id=line_id), exit_method="close",
                                    exit_deadline=deadline)  # fmt: skip
    client = client_for(name)
    dashboard = _context(client, reverse("dashboard-province"))
    listed = _context(client, reverse("ledger-line-list"), overdue="1")
    shown = sorted(line.line_id for line, _ in dashboard["overdue"])
    assert shown == sorted(line.line_id for line in listed["page"].object_list)
    assert dashboard["overdue_count"] == listed["page"].paginator.count
    assert shown and "ZB-BF-1" not in shown  # exited since: never overdue
