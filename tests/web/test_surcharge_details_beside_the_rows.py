"""A surcharge row's detail (the core's whole result: findings, overdue tasks, tiers) is kept
beside the row (pricing.SurchargeDetail), so that the lists' filters, sums and counts scan
narrow rows: the page reads the details of the rows it shows only, the migration moves the
details of the stored sets, and a set's details go with the set."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from resolute.web.computed import services as computed
from resolute.web.computed.models import ComputedSet
from resolute.web.pricing.models import SurchargeDetail, SurchargeRow

SURCHARGES = "/pricing/surcharges/"
BEFORE = [("pricing", "0003_surcharge_city_order")]
AFTER = [("pricing", "0004_surcharge_detail_beside_the_row")]


def test_the_page_reads_the_details_of_the_rows_it_shows_only(client_for: Any, users: Any) -> None:
    client = client_for("province")
    client.get(SURCHARGES)  # the set is built (tasks run at once in tests)
    assert SurchargeDetail.objects.count() == SurchargeRow.objects.count() > 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SURCHARGES, {"sort": "name"})
    reading = [q["sql"] for q in queries.captured_queries if "pricing_surchargedetail" in q["sql"]]
    assert len(reading) == 1 and "COUNT(" not in reading[0] and "SUM(" not in reading[0]
    shown = [r["s"].credit_code for r in response.context["rows"]]
    assert shown and all(r["s"].electricity.status for r in response.context["rows"])
    listed = list(SurchargeRow.objects.order_by("name", "pk").values_list("credit_code", flat=True))
    assert shown == listed[: len(shown)]


def test_a_sets_details_go_with_the_set(client_for: Any, users: Any) -> None:
    client_for("province").get(SURCHARGES)
    cset = ComputedSet.objects.get(kind="surcharges")
    computed.delete_rows(cset.pk)
    assert not SurchargeDetail.objects.exists() and not SurchargeRow.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_details_of_the_stored_sets() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    sets, rows = old.get_model("computed", "ComputedSet"), old.get_model("pricing", "SurchargeRow")
    City, Enterprise = old.get_model("ledger", "City"), old.get_model("ledger", "Enterprise")
    city, _ = City.objects.get_or_create(name="淄博", defaults={"code": "370300", "lat": 36.8,
                                                                "lon": 118.05})  # fmt: skip
    ent = Enterprise.objects.create(credit_code="91370300MA3C000001", name="测试", city=city,
                                    industry="steel")  # fmt: skip
    cset = sets.objects.create(kind="surcharges", key="k", builder="b", status="ready")
    detail = {"credit_code": ent.credit_code, "findings": ["甲"], "period": 2021}
    row = rows.objects.create(computed_set=cset, position=0, enterprise=ent,
                              credit_code=ent.credit_code, name="测试", city_rank=3,
                              outcome="retain", e_status="none", w_status="none",
                              detail=detail)  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    moved = SurchargeDetail.objects.get()
    assert (moved.row_id, moved.computed_set_id, moved.detail) == (row.pk, cset.pk, detail)
    assert "detail" not in {f.name for f in connection.introspection.get_table_description(
        connection.cursor(), "pricing_surchargerow")}  # fmt: skip
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
