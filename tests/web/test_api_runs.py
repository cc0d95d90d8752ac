"""Starting assessments through the API and reading their results: officials only, each
within their remit, with findings exactly as the run stored them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from province import issue_test_token

from resolute.web.assessments.models import AssessmentRun, LineResult


@pytest.fixture
def call(users: dict[str, Any]) -> Any:
    """call(name, method, path, json=None): an API call with that user's bearer token."""
    tokens = {name: issue_test_token(user)[1] for name, user in users.items()}

    def make(name: str, method: str, path: str, json: Any = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[name]}"}
        if method == "post":
            return Client().post(path, json or {}, content_type="application/json", **headers)
        return Client().get(path, **headers)

    return make


def test_the_province_starts_a_run_that_finishes_with_counts(call: Any) -> None:
    response = call("province", "post", "/api/runs", {})
    assert response.status_code == 201
    run = response.json()
    assert run["status"] == "done" and run["progress"] == 100 and run["scope_label"] == "全省"
    assert run["counts"]["lines"] == {"eliminate": 3, "compliant": 2}
    assert AssessmentRun.objects.get(pk=run["id"]).created_by.username == "province"
    assert call("province", "get", f"/api/runs/{run['id']}").json() == run


@pytest.mark.parametrize("role", ["enterprise_user", "no_role"])
def test_only_officials_may_start_a_run(call: Any, role: str) -> None:
    response = call(role, "post", "/api/runs", {})
    assert response.status_code == 403
    assert AssessmentRun.objects.count() == 0


def test_a_city_officer_always_assesses_their_own_city(call: Any) -> None:
    run = call("zibo", "post", "/api/runs", {"city": "临沂"}).json()
    assert run["scope_city"] == "淄博"
    lines = call("zibo", "get", f"/api/runs/{run['id']}/lines").json()
    assert {r["line_id"] for r in lines["items"]} == {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"}


def test_a_department_assesses_only_its_industries(call: Any) -> None:
    assert call("industry", "post", "/api/runs", {"industry": "cement"}).status_code == 403
    assert call("industry", "post", "/api/runs", {}).status_code == 422  # two: which one?
    run = call("industry", "post", "/api/runs", {"industry": "coking"}).json()
    assert run["scope_industry"] == "coking" and run["counts"]["lines"] == {"eliminate": 1}


def test_the_province_may_narrow_a_run_to_a_city_and_industry(call: Any) -> None:
    run = call("province", "post", "/api/runs", {"city": "淄博市", "industry": "steel"}).json()
    assert run["scope_label"] == "淄博市·钢铁"
    assert call("province", "post", "/api/runs", {"city": "北京"}).status_code == 422


def test_run_lines_carry_the_findings_exactly_as_stored(call: Any) -> None:
    run_id = call("province", "post", "/api/runs", {}).json()["id"]
    body = call("province", "get", f"/api/runs/{run_id}/lines?outcome=eliminate").json()
    assert {r["line_id"] for r in body["items"]} == {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}
    bf = next(r for r in body["items"] if r["line_id"] == "ZB-BF-1")
    stored = LineResult.objects.get(run_id=run_id, line_code="ZB-BF-1")
    assert bf["findings"] == stored.findings
    assert bf["outcome_label"] == "淘汰退出" and bf["basis"] == "national"
    volume = next(f for f in bf["findings"] if f["field"] == "volume_m3")
    assert (volume["result"], volume["value"], volume["threshold"]) == ("fail", 380.0, 400)
    national = call("province", "get", f"/api/runs/{run_id}/lines?basis=national").json()
    assert [r["line_id"] for r in national["items"]] == ["ZB-BF-1"]


def test_run_enterprises_follow_the_scope_and_filters(call: Any) -> None:
    run_id = call("province", "post", "/api/runs", {}).json()["id"]
    body = call("linyi", "get", f"/api/runs/{run_id}/enterprises?outcome=eliminate").json()
    assert [e["name"] for e in body["items"]] == ["临沂蒙阴焦化有限公司"]
    assert body["items"][0]["outcome_label"] == "淘汰退出"


def test_the_run_list_shows_runs_that_touch_the_callers_scope(call: Any) -> None:
    zibo_run = call("zibo", "post", "/api/runs", {}).json()["id"]
    linyi_run = call("linyi", "post", "/api/runs", {}).json()["id"]
    province_run = call("province", "post", "/api/runs", {}).json()["id"]
    seen = {r["id"] for r in call("zibo", "get", "/api/runs").json()["items"]}
    assert seen == {zibo_run, province_run}
    assert call("zibo", "get", f"/api/runs/{linyi_run}").status_code == 404
    mine = {r["id"] for r in call("enterprise_user", "get", "/api/runs").json()["items"]}
    assert mine == {zibo_run, province_run}
