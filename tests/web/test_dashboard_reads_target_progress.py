"""The dashboards read the province's progress that the targets pages keep
(targets.TargetProgress), not a copy of their own: one computed set fewer to rebuild after
every ledger write, and the dashboard, the targets page and the API cannot drift apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet

BEFORE = [("dashboard", "0003_province_progress"), ("pricing", "0003_surcharge_city_order")]


def test_the_dashboard_reads_no_table_of_its_own(client_for: Any, province_ledger: Any) -> None:
    client = client_for("province")
    client.get("/dashboard/")  # the progress set is built (tasks run at once in tests)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200 and response.context["headline"]
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "dashboard_" not in read
    assert "targets_targetprogress" in read
    assert "dashboard-progress" not in computed.REFRESHERS
    assert not ComputedSet.objects.filter(kind="dashboard-progress").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_dashboards_copy_and_keeps_other_sets() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    sets, rows = (
        old.get_model("computed", "ComputedSet"),
        old.get_model("dashboard", "ProvinceProgress"),
    )
    copy = sets.objects.create(kind="dashboard-progress", key="k", builder="b", status="ready")
    rows.objects.create(computed_set=copy, target_id="t", position=0, achieved=1, forecast=1,
                        remaining=0, percent=100, population=1, status="met",
                        period_ended=False)  # fmt: skip
    kept = sets.objects.create(kind="progress", key="k", builder="b", status="ready")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # as `manage.py migrate` does
    assert list(ComputedSet.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "dashboard_provinceprogress" not in connection.introspection.table_names()
