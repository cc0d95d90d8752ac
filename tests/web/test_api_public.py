"""The public endpoints need no sign-in and show only what has been published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from resolute.core import rulebook
from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, ExitPlan, Line


def _run(user: Any, **scope: Any) -> AssessmentRun:
    with acting_as(user):
        return start_run(user, **scope)


def _publish(run: AssessmentRun) -> None:
    AssessmentRun.objects.filter(pk=run.pk).update(published=True)


def test_the_rulebook_is_public(db: Any) -> None:
    book = rulebook.default()
    body = Client().get("/api/rules?limit=1000").json()
    assert body["count"] == len(book.rules)
    assert {r["id"] for r in body["items"]} == {r.id for r in book.rules}
    rule = Client().get("/api/rules/steel.technology.blast_furnace_volume").json()
    assert rule["wording"] == "400 立方米及以下炼铁高炉" and rule["clause"] == "二(二)1"
    assert rule["industry_label"] == "钢铁" and rule["basis"] == "national"
    assert "400" in rule["reading"]


def test_rules_can_be_filtered_and_an_unknown_rule_is_404(db: Any) -> None:
    body = Client().get("/api/rules?industry=coking&standard=technology").json()
    assert body["count"] > 0
    assert {(r["industry"], r["standard"]) for r in body["items"]} == {("coking", "technology")}
    assert Client().get("/api/rules/no.such.rule").status_code == 404


def test_nothing_is_public_before_a_run_is_published(users: dict[str, Any]) -> None:
    assert Client().get("/api/public/eliminations").json() == {"run": None, "count": 0,
                                                                "items": []}  # fmt: skip
    _run(users["province"])
    assert Client().get("/api/public/eliminations").json()["count"] == 0


def test_the_latest_published_run_gives_the_elimination_list(users: dict[str, Any]) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    with acting_as(users["zibo"]):
        ExitPlan.objects.create(line=line, exit_method="close", exit_deadline="2021-12-31",
                                responsible_unit="淄博市工业和信息化局",
                                responsible_person="张三")  # fmt: skip
    published = _run(users["province"])
    _publish(published)
    _run(users["linyi"])  # newer, but not published: not shown
    body = Client().get("/api/public/eliminations").json()
    assert body["run"]["id"] == published.pk
    assert {r["line_id"] for r in body["items"]} == {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}
    bf = next(r for r in body["items"] if r["line_id"] == "ZB-BF-1")
    assert bf["enterprise_name"] == "淄博齐鲁特钢有限公司" and bf["equipment_label"] == "炼铁高炉"
    assert (bf["exit_method"], bf["exit_deadline"]) == ("close", "2021-12-31")
    assert bf["responsible_unit"] == "淄博市工业和信息化局"
    assert "findings" not in bf and "张三" not in str(body)  # no personal names in public


def test_a_newer_published_run_replaces_the_list(users: dict[str, Any]) -> None:
    _publish(_run(users["province"]))
    newer = _run(users["linyi"], city_id=City.objects.get(name="临沂").pk)
    _publish(newer)
    body = Client().get("/api/public/eliminations").json()
    assert body["run"]["id"] == newer.pk and body["run"]["scope_label"] == "临沂市"
    assert [r["line_id"] for r in body["items"]] == ["LY-CO-1"]


def test_a_line_already_exited_when_assessed_is_not_listed_to_eliminate(
    users: dict[str, Any],
) -> None:
    """The public page leaves out lines that had exited when assessed; so does the API."""
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-CL-1").update(status="exited")
    _publish(_run(users["province"]))
    body = Client().get("/api/public/eliminations").json()
    assert {r["line_id"] for r in body["items"]} == {"ZB-BF-1", "LY-CO-1"}
    assert body["count"] == 2


def test_the_latest_published_run_is_the_latest_started_as_on_the_page(
    users: dict[str, Any],
) -> None:
    """Of two published runs, the one started last is the list, whichever finished last."""
    older = _run(users["province"])
    newer = _run(users["linyi"], city_id=City.objects.get(name="临沂").pk)
    _publish(older)
    _publish(newer)
    finished = AssessmentRun.objects.get(pk=newer.pk).finished_at
    assert finished is not None
    AssessmentRun.objects.filter(pk=older.pk).update(finished_at=finished + dt.timedelta(hours=1))
    assert Client().get("/api/public/eliminations").json()["run"]["id"] == newer.pk
