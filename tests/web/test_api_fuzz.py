"""The API against its own OpenAPI document, driven by schemathesis (issue #16 point 5).

Every operation, as the province office, as the 淄博 city officer and without a token, with
valid and invalid input generated from the schema: no server error, no status code the
document does not declare, every answer matching its declared schema and content type, and
invalid input refused. The requests go straight to the WSGI application, so they see the
test database (SQLite, or PostgreSQL with DATABASE_URL). A bounded number of examples per
operation keeps the whole within a minute or two; the long run is by hand (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from province import issue_test_token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from resolute.web.wsgi import application

#: Examples per operation and generation mode (valid, invalid), each caller.
EXAMPLES = 15

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,
            "with-security-parameters": False,
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


pytestmark = pytest.mark.slow  # hundreds of generated requests per operation


@pytest.fixture
def tokens(users: dict[str, Any]) -> dict[str, str]:
    return {name: issue_test_token(users[name])[1] for name in ("province", "zibo")}


@pytest.fixture(autouse=True)
def _connection_kept() -> Iterator[None]:
    """Django closes the database connection after each request it serves; inside a test's
    transaction that would end the test (PostgreSQL). Its test client disconnects the same
    handlers; schemathesis calls the WSGI application directly."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _writes_unlimited(settings: Any) -> None:
    # The rate has its own tests; here every generated write should reach its handler.
    settings.RESOLUTE_API_WRITE_RATE = "1000000/min"


@pytest.mark.parametrize("caller", ["province", "zibo", None])
@schema.parametrize()
@hypothesis_settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_the_api_keeps_its_contract(case: Any, caller: str | None, tokens: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {tokens[caller]}"} if caller else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
