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
    "/api/targets/obligations",
    "/api/targets/progress",
    "/api/risks",
    "/api/risks/enterprises",
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


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


def test_the_openapi_document_is_valid_openapi_3_1(db: Any) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    doc = Client().get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in OpenAPIV31SpecValidator(doc).iter_errors()]  # fmt: skip
    assert errors == []


def test_every_operation_declares_the_errors_it_gives_in_one_shape(db: Any) -> None:
    doc = Client().get("/api/openapi.json").json()
    for path, method, op in _operations(doc):
        codes = set(op["responses"])
        label = f"{method} {path}"
        if op.get("security"):
            assert "401" in codes, label
        if op.get("parameters"):
            assert "422" in codes, label
        if "{" in path:
            assert "404" in codes, label
        if method == "post":
            assert {"400", "401", "403", "422", "429"} <= codes, label
            assert op["requestBody"]["required"] is True, label
            assert op["requestBody"]["content"]["application/json"]["examples"], label
        if method == "get" and op.get("parameters"):
            # Too long an address is refused by the HTTP server itself, with its own page.
            assert "content" not in op["responses"]["414"], label
        for code in codes - {"200", "201", "414"}:
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Detail"}, (label, code)
    detail = doc["components"]["schemas"]["Detail"]
    assert detail["properties"]["detail"]["type"] == "string"


def test_request_bodies_are_typed_to_the_leaves(db: Any) -> None:
    doc = Client().get("/api/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for name in ("PlanIn", "AdmissionIn", "RunIn"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["PlanIn"]["properties"]["project"] == {"$ref": "#/components/schemas/ProjectIn"}
    capacity = schemas["ProjectIn"]["properties"]["capacity"]
    assert capacity["type"] == "number" and capacity["minimum"] == 0 and "maximum" in capacity
    admission = doc["paths"]["/api/replacement/admission"]["post"]
    ref = admission["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/AdmissionIn")
    assert set(schemas["DemandIn"]["properties"]) == {"capacity", "coal", "energy", "carbon",
                                                      "pollutant"}  # fmt: skip


def test_pricing_and_admission_answers_are_typed(db: Any) -> None:
    doc = Client().get("/api/openapi.json").json()
    for path, method, name in [("/api/pricing/surcharges", "get", "SurchargesOut"),
                               ("/api/pricing/classes", "get", "ClassesOut"),
                               ("/api/replacement/admission", "post", "AdmissionOut")]:  # fmt: skip
        ok = doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"] == {"$ref": f"#/components/schemas/{name}"}, path
    page = doc["paths"]["/api/runs"]["get"]["parameters"]
    offset = next(p for p in page if p["name"] == "offset")
    assert offset["schema"]["maximum"] == 10_000_000 and "example" in offset


def test_every_operation_has_an_example(db: Any) -> None:
    """Of its parameters or body, or (for those that take no input) of its answer."""
    doc = Client().get("/api/openapi.json").json()
    for path, method, op in _operations(doc):
        params = [p for p in op.get("parameters", []) if "example" in p]
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        answer = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
        assert params or body.get("examples") or "example" in answer, f"{method} {path}"


def test_the_answer_examples_match_their_schemas(db: Any) -> None:
    from ninja import Schema

    from resolute.web.api import replacement as replacement_api

    cases: list[tuple[type[Schema], Any]] = [
        (replacement_api.CreditList, replacement_api.CREDIT_EXAMPLE),
        (replacement_api.PlanList, {"count": 0, "items": []}),
    ]
    for model, example in cases:
        model.model_validate(example)
        assert set(example) == set(model.model_fields), model.__name__
