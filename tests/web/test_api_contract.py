"""The API as a contract (issue #16): ordinary but odd inputs are 4xx with a Chinese message
naming the field, every 4xx has one shape, bad bodies are refused, writes are limited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from province import issue_test_token

from resolute.web.assessments.models import AssessmentRun

EXAMPLE_ADMISSION = {
    "project": {"name": "新建焦炉", "equipment": "coke_oven", "capacity": 90, "city": "日照",
                "starts_on": "2023-06-01", "demand": {"coal": 1200}},
    "sources": [{"name": "旧焦炉", "equipment": "coke_oven", "exited_on": "2021-09-20",
                 "reductions": {"capacity": 93.4, "coal": 1250}}],
}  # fmt: skip


@pytest.fixture
def tokens(users: dict[str, Any]) -> dict[str, str]:
    return {name: issue_test_token(user)[1] for name, user in users.items()}


def _get(token: str | None, path: str) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def _post(token: str | None, path: str, body: bytes | str, **extra: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post(path, body, content_type="application/json", **headers, **extra)


def _is_error(response: Any, status: int) -> dict[str, Any]:
    """The one shape of every 4xx: a Chinese sentence in ``detail`` (a string)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert any("\u4e00" <= c <= "\u9fff" for c in body["detail"]), body["detail"]
    return body


# ─── 1. no 500s from ordinary inputs ────────────────────────────────────────────

PAGED = ["/api/runs", "/api/enterprises", "/api/lines", "/api/public/eliminations", "/api/rules"]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize("offset", ["9223372036854775808", "10000001", "-1", "abc"])
def test_an_offset_out_of_range_is_422_naming_it(
    tokens: dict[str, str], path: str, offset: str
) -> None:
    body = _is_error(_get(tokens["province"], f"{path}?offset={offset}"), 422)
    assert "offset" in body["detail"]
    assert body["errors"][0]["loc"] == ["query", "offset"]


def test_the_largest_offset_allowed_is_an_empty_page(tokens: dict[str, str]) -> None:
    response = _get(tokens["province"], "/api/lines?offset=10000000&limit=1000")
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 5


def test_offsets_on_a_runs_results_are_bounded_too(tokens: dict[str, str]) -> None:
    run = _post(tokens["province"], "/api/runs", "{}").json()
    for part in ("lines", "enterprises"):
        path = f"/api/runs/{run['id']}/{part}?offset=9223372036854775808"
        assert _is_error(_get(tokens["province"], path), 422)["errors"][0]["loc"] == [
            "query", "offset"]  # fmt: skip


@pytest.mark.parametrize("path", ["/api/runs/9223372036854775808", "/api/runs/0",
                                  "/api/replacement/plans/99999999999999999999"])  # fmt: skip
def test_an_id_out_of_range_is_422_not_a_crash(tokens: dict[str, str], path: str) -> None:
    _is_error(_get(tokens["province"], path), 422)


@pytest.mark.parametrize("path", ["/api/enterprises/a%00b", "/api/lines/ZB%00", "/api/rules/x%01"])
def test_control_characters_in_a_path_are_refused(tokens: dict[str, str], path: str) -> None:
    body = _is_error(_get(tokens["province"], path), 422)
    assert "控制字符" in body["detail"]


@pytest.mark.parametrize("query", ["q=%00", "city=a%00b", "county=%1f"])
def test_control_characters_in_a_search_are_refused(tokens: dict[str, str], query: str) -> None:
    _is_error(_get(tokens["province"], f"/api/lines?{query}"), 422)


@pytest.mark.parametrize("path", ["/api/replacement/plans", "/api/replacement/admission"])
def test_a_list_where_a_string_is_expected_is_422_naming_the_field(
    tokens: dict[str, str], path: str
) -> None:
    raw = json.dumps({"project": {"equipment": []}, "sources": [{}]})
    body = _is_error(_post(tokens["province"], path, raw), 422)
    locs = [e["loc"] for e in body["errors"]]
    assert ["body", "project", "equipment"] in locs
    assert "project.equipment" in body["detail"]


@pytest.mark.parametrize("value", ['"nan"', '"inf"', '"-inf"', "1e400", '"1e400"'])
@pytest.mark.parametrize("path", ["/api/replacement/plans", "/api/replacement/admission"])
def test_nan_and_infinity_as_a_capacity_are_422_naming_it(
    tokens: dict[str, str], path: str, value: str
) -> None:
    raw = json.dumps(EXAMPLE_ADMISSION if "admission" in path else _plan())
    raw = raw.replace('"capacity": 90', f'"capacity": {value}').replace(
        '"capacity": 40', f'"capacity": {value}')  # fmt: skip
    body = _is_error(_post(tokens["province"], path, raw), 422)
    assert ["body", "project", "capacity"] in [e["loc"] for e in body["errors"]]
    assert "capacity" in body["detail"]


@pytest.mark.parametrize("value", ['"nan"', "1e400", "-1", "1e13"])
def test_nan_infinity_or_out_of_range_as_a_demand_is_422_naming_it(
    tokens: dict[str, str], value: str
) -> None:
    raw = json.dumps(EXAMPLE_ADMISSION).replace('"coal": 1200}', f'"coal": {value}}}')
    body = _is_error(_post(tokens["province"], "/api/replacement/admission", raw), 422)
    assert ["body", "project", "demand", "coal"] in [e["loc"] for e in body["errors"]]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_with_nan_literals_is_not_json(tokens: dict[str, str], literal: str) -> None:
    raw = json.dumps(EXAMPLE_ADMISSION).replace('"coal": 1200}', f'"coal": {literal}}}')
    body = _is_error(_post(tokens["province"], "/api/replacement/admission", raw), 400)
    assert literal.lstrip("-") in body["detail"]


@pytest.mark.parametrize("path", ["/api/replacement/admission", "/api/replacement/plans",
                                  "/api/runs"])  # fmt: skip
def test_a_body_that_is_not_utf8_is_400(tokens: dict[str, str], path: str) -> None:
    body = _is_error(_post(tokens["province"], path, b'{"project": "\xff\xfe"}'), 400)
    assert "UTF-8" in body["detail"]
    assert body["errors"][0]["loc"] == ["body"]
    assert AssessmentRun.objects.count() == 0


def test_a_body_that_is_not_json_is_400_with_where(tokens: dict[str, str]) -> None:
    body = _is_error(_post(tokens["province"], "/api/replacement/admission", "{project"), 400)
    assert "JSON" in body["detail"] and "第 1 行" in body["detail"]


def test_a_valid_admission_still_passes(tokens: dict[str, str]) -> None:
    response = _post(
        tokens["province"], "/api/replacement/admission", json.dumps(EXAMPLE_ADMISSION)
    )
    assert response.status_code == 200, response.content
    assert {d["dimension"] for d in response.json()["dimensions"]} >= {"capacity", "coal"}


def test_an_admission_source_with_no_name_is_422(tokens: dict[str, str]) -> None:
    body = json.loads(json.dumps(EXAMPLE_ADMISSION))
    body["sources"][0]["name"] = ""
    response = _post(tokens["province"], "/api/replacement/admission", json.dumps(body))
    assert ["body", "sources", 0, "name"] in [e["loc"] for e in _is_error(response, 422)["errors"]]


def _plan(**project: Any) -> dict[str, Any]:
    return {
        "project": {"name": "新磨机", "equipment": "cement_mill", "capacity": 40, "city": "淄博",
                    "starts_on": "2023-03-01", "diameter_m": 4.2, **project},
        "sources": [{"line_id": "ZB-CL-1"}],
    }  # fmt: skip


@pytest.mark.parametrize("attribute", ['"abc"', '"nan"', "-4"])
def test_a_new_mills_diameter_must_be_a_number(tokens: dict[str, str], attribute: str) -> None:
    raw = json.dumps(_plan()).replace('"diameter_m": 4.2', f'"diameter_m": {attribute}')
    body = _is_error(_post(tokens["province"], "/api/replacement/plans", raw), 422)
    assert "diameter_m" in body["detail"]


def test_a_typed_plan_is_stored_as_before(tokens: dict[str, str]) -> None:
    response = _post(tokens["zibo"], "/api/replacement/plans", json.dumps(_plan()))
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["plan"]["project"]["diameter_m"] == 4.2
    assert {c["id"] for c in plan["verdict"]["checks"]} >= {"ratio", "minimum_scale"}


def test_unknown_keys_in_a_source_are_refused(tokens: dict[str, str]) -> None:
    raw = _plan()
    raw["sources"][0]["capacty"] = 10
    body = _is_error(_post(tokens["province"], "/api/replacement/plans", json.dumps(raw)), 422)
    assert ["body", "sources", 0, "capacty"] in [e["loc"] for e in body["errors"]]
    assert "不认识的字段" in body["detail"]


# ─── 3. bad bodies refused ──────────────────────────────────────────────────────


@pytest.mark.parametrize("raw", ["null", "[]", "[{}]", '"x"', "1", '{"city": ["淄博"]}',
                                 '{"scope": "全省"}'])  # fmt: skip
def test_a_run_is_started_only_by_an_object(tokens: dict[str, str], raw: str) -> None:
    _is_error(_post(tokens["province"], "/api/runs", raw), 422)
    assert AssessmentRun.objects.count() == 0


def test_an_empty_object_starts_a_run_of_the_callers_scope(tokens: dict[str, str]) -> None:
    assert _post(tokens["province"], "/api/runs", "{}").status_code == 201


# ─── #11 point 11: who may write ────────────────────────────────────────────────

WRITES = [("/api/runs", "{}"), ("/api/replacement/plans", json.dumps(_plan())),
          ("/api/replacement/admission", json.dumps(EXAMPLE_ADMISSION))]  # fmt: skip


@pytest.mark.parametrize(("path", "raw"), WRITES)
@pytest.mark.parametrize("token", [None, "rsl_not-a-token"])
def test_an_anonymous_or_bad_token_write_is_401_not_a_csrf_failure(
    users: dict[str, Any], path: str, raw: str, token: str | None
) -> None:
    response = Client(enforce_csrf_checks=True).post(
        path, raw, content_type="application/json",
        **({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}),
    )  # fmt: skip
    body = _is_error(response, 401)
    assert "令牌" in body["detail"] and "CSRF" not in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AssessmentRun.objects.count() == 0


def test_a_signed_in_browser_write_without_csrf_is_403_in_chinese(users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["province"])
    body = _is_error(client.post("/api/runs", "{}", content_type="application/json"), 403)
    assert "CSRF" in body["detail"]
    assert AssessmentRun.objects.count() == 0


def test_a_token_write_needs_no_csrf(tokens: dict[str, str]) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/runs", "{}", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['province']}")  # fmt: skip
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/api/pricing/surcharges", "/api/pricing/classes"])
def test_a_bearer_token_opens_pricing(tokens: dict[str, str], path: str) -> None:
    response = _get(tokens["zibo"], path)
    assert response.status_code == 200, response.content
    cities = {e["city"] for e in response.json()["enterprises"]}
    assert cities <= {"淄博"} and cities


@pytest.mark.parametrize("path", ["/api/pricing/surcharges", "/api/pricing/classes"])
def test_pricing_without_a_role_is_403_and_without_a_token_401(
    tokens: dict[str, str], path: str
) -> None:
    _is_error(_get(tokens["no_role"], path), 403)
    _is_error(_get(None, path), 401)
    _is_error(_get("rsl_wrong", path), 401)


@pytest.mark.parametrize("query", ["year=1999", "year=2101", "year=x", "published=9999-12-31",
                                   "published=2021-02-30"])  # fmt: skip
def test_pricing_parameters_out_of_range_are_422(tokens: dict[str, str], query: str) -> None:
    path = "/api/pricing/surcharges" if query.startswith("year") else "/api/pricing/classes"
    _is_error(_get(tokens["province"], f"{path}?{query}"), 422)


@pytest.mark.parametrize("value", ["false", "true", '"12"'])
def test_a_capacity_must_be_a_json_number(tokens: dict[str, str], value: str) -> None:
    """``false`` would have been read as 0 and ``"12"`` as 12: refused, as the schema says."""
    raw = json.dumps(EXAMPLE_ADMISSION).replace('"capacity": 90', f'"capacity": {value}')
    body = _is_error(_post(tokens["province"], "/api/replacement/admission", raw), 422)
    assert ["body", "project", "capacity"] in [e["loc"] for e in body["errors"]]


@pytest.mark.parametrize(
    "value", ["20230601", '"20230601"', '"2023-06-01T00:00:00"', '"2023-02-30"']
)
def test_a_date_is_only_yyyy_mm_dd(tokens: dict[str, str], value: str) -> None:
    raw = json.dumps(EXAMPLE_ADMISSION).replace(
        '"starts_on": "2023-06-01"', f'"starts_on": {value}'
    )
    body = _is_error(_post(tokens["province"], "/api/replacement/admission", raw), 422)
    assert "YYYY-MM-DD" in body["detail"]


@pytest.mark.parametrize("path", ["/api/enterprises/a/b", "/api/nothing", "/api/lines/x/y/z"])
def test_an_unknown_address_under_api_is_a_json_404(tokens: dict[str, str], path: str) -> None:
    response = _get(tokens["province"], path)
    assert response["Content-Type"].startswith("application/json")
    _is_error(response, 404)


def test_a_method_an_address_does_not_take_is_405_in_the_one_shape(tokens: dict[str, str]) -> None:
    response = Client().delete("/api/runs", HTTP_AUTHORIZATION=f"Bearer {tokens['province']}")
    assert "POST" in response["Allow"] and "GET" in response["Allow"]
    assert "方法" in _is_error(response, 405)["detail"]
