"""The replacement API: plans listed by scope, a plan with its verdict, and filing plans for
officials only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City, Line
from resolute.web.replacement import services
from resolute.web.replacement.models import ReplacementPlan

BODY = {
    "project": {"name": "淄博新建高炉", "equipment": "blast_furnace", "capacity": 100,
                "city": "淄博", "starts_on": "2021-09-01"},
    "sources": [{"line_id": "ZB-BF-1"}],
}  # fmt: skip


@pytest.fixture
def linyi_plan(users: dict[str, Any]) -> ReplacementPlan:
    plan = ReplacementPlan(
        name="临沂新建高炉", industry="steel", equipment="blast_furnace", capacity=100.0,
        city=City.objects.get(name="临沂"), starts_on=dt.date(2021, 9, 1),
    )  # fmt: skip
    with acting_as(users["linyi"], via="测试"):
        return services.create_plan(users["linyi"], plan,
                                    [(Line.objects.get(line_id="LY-BF-1"), None)], [])  # fmt: skip


def post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/api/replacement/plans", json.dumps(body),
                       content_type="application/json")  # fmt: skip


def test_the_plan_list_is_scoped(client_for: Any, linyi_plan: Any) -> None:
    assert client_for("zibo").get("/api/replacement/plans").json()["count"] == 0
    body = client_for("linyi").get("/api/replacement/plans").json()
    assert body["count"] == 1
    assert body["items"][0]["plan"]["sources"] == [{"line_id": "LY-BF-1"}]


def test_a_plan_comes_with_its_verdict(client_for: Any, linyi_plan: Any) -> None:
    url = f"/api/replacement/plans/{linyi_plan.pk}"
    assert client_for("zibo").get(url).status_code == 404
    body = client_for("linyi").get(url).json()
    # LY-BF-1 is still operating: the plan cannot pass.
    assert body["verdict"]["passed"] is False
    exited = next(c for c in body["verdict"]["checks"] if c["id"] == "sources_exited")
    assert exited["passed"] is False and "退出未核实" in exited["reasons"][0]


def test_an_official_files_a_plan_and_gets_its_verdict(client_for: Any) -> None:
    response = post(client_for("zibo"), BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["city"] == "淄博" and body["status"] == "checked"
    assert {c["id"] for c in body["verdict"]["checks"]} >= {"ratio", "no_double_use"}
    assert ReplacementPlan.objects.get().created_by.username == "zibo"


def test_enterprise_users_may_not_file_plans(client_for: Any) -> None:
    assert post(client_for("enterprise_user"), BODY).status_code == 403
    assert not ReplacementPlan.objects.exists()


def test_a_source_out_of_scope_is_refused(client_for: Any) -> None:
    body = {**BODY, "sources": [{"line_id": "LY-BF-1"}]}
    response = post(client_for("zibo"), body)
    assert response.status_code == 422
    assert "LY-BF-1" in response.json()["detail"]


def test_a_plan_in_another_city_is_refused(client_for: Any) -> None:
    body = {**BODY, "project": {**BODY["project"], "city": "临沂"}}
    assert post(client_for("zibo"), body).status_code == 422


def test_calls_without_credentials_are_unauthenticated(client_for: Any) -> None:
    assert client_for(None).get("/api/replacement/plans").status_code == 401
