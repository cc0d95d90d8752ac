"""The API describes itself: an OpenAPI document and a browsable page, served locally."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

PATHS = {
    "/api/enterprises",
    "/api/enterprises/{credit_code}",
    "/api/lines",
    "/api/lines/{line_id}",
    "/api/runs",
    "/api/runs/{run_id}",
    "/api/runs/{run_id}/lines",
    "/api/runs/{run_id}/enterprises",
    "/api/rules",
    "/api/rules/{rule_id}",
    "/api/public/eliminations",
    "/api/replacement/credit",
    "/api/replacement/plans",
    "/api/replacement/plans/{plan_id}",
    "/api/replacement/admission",
    "/api/pricing/surcharges",
    "/api/pricing/classes",
}


def test_the_openapi_document_is_json_listing_every_path(db: Any) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["info"]["title"] == "resolute 接口"
    assert doc["info"]["version"]
    assert set(doc["paths"]) == PATHS
    assert {"get", "post"} <= set(doc["paths"]["/api/runs"])
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_public_endpoints_are_marked_as_needing_no_authentication(db: Any) -> None:
    doc = Client().get("/api/openapi.json").json()
    assert "security" not in doc["paths"]["/api/rules"]["get"]
    assert "security" not in doc["paths"]["/api/public/eliminations"]["get"]
    assert doc["paths"]["/api/lines"]["get"]["security"]


def test_the_docs_page_opens_without_any_cdn(db: Any) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn." not in html
