"""List endpoints cost a fixed number of queries whatever the page size (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from province import issue_test_token

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitEvent, ExitPlan, Line


def _queries(path: str, token: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    ["/api/enterprises", "/api/lines", "/api/runs", "/api/runs/{run}/lines",
     "/api/runs/{run}/enterprises"],
)  # fmt: skip
def test_a_list_costs_the_same_queries_for_one_row_as_for_all(
    users: dict[str, Any], path: str
) -> None:
    province = users["province"]
    with acting_as(province):
        for line in Line.objects.all():  # related rows that a naive schema would fetch per line
            ExitPlan.objects.create(line=line, exit_method="close")
            ExitEvent.objects.create(line=line, exited_on="2021-06-30")
        run = start_run(province)
        start_run(province)
    _, token = issue_test_token(province)
    path = path.format(run=run.pk)
    assert _queries(f"{path}?limit=1", token) == _queries(f"{path}?limit=100", token)
