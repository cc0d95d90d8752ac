"""The admission check is also an API call for officials (it stores nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from province import issue_test_token

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "admission-project.json"


def _post(user: Any, body: Any) -> Any:
    from django.test import Client

    token = issue_test_token(user)[1]
    return Client().post("/api/replacement/admission", data=json.dumps(body),
                         content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip


def test_an_official_gets_a_verdict_per_dimension(users: dict[str, Any]) -> None:
    response = _post(users["province"], json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["passed"] is True
    assert {d["dimension"] for d in verdict["dimensions"]} == {
        "capacity", "coal", "energy", "carbon", "pollutant"}  # fmt: skip
    assert verdict["exit_first"]["passed"] is True


def test_a_shortfall_and_a_late_exit_fail_with_reasons(users: dict[str, Any]) -> None:
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    body["sources"][0]["reductions"]["coal"] = 1
    body["sources"][0]["exited_on"] = "2024-01-01"
    verdict = _post(users["zibo"], body).json()
    assert verdict["passed"] is False
    coal = next(d for d in verdict["dimensions"] if d["dimension"] == "coal")
    assert coal["passed"] is False and coal["reasons"]
    assert verdict["exit_first"]["passed"] is False


def test_enterprise_users_and_bad_files_are_refused(users: dict[str, Any]) -> None:
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert _post(users["enterprise_user"], body).status_code == 403
    assert _post(users["province"], {"project": 1}).status_code == 422
