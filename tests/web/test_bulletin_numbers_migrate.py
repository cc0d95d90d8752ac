"""Bulletins issued before they were numbered get their 期号 when the database is migrated:
in the order they were issued, per year of issue, so that new ones continue after them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bulletins", "0001_initial")]
AFTER = [("bulletins", "0003_issue_number_unique")]


@pytest.mark.django_db(transaction=True)
def test_bulletins_issued_before_are_numbered_in_the_order_they_were_issued() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("bulletins", "IssuedBulletin")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    for quarter, at in [
        ("2022Q1", dt.datetime(2022, 4, 8, 10, tzinfo=shanghai)),
        ("2021Q4", dt.datetime(2022, 1, 1, 0, 30, tzinfo=shanghai)),  # 2021-12-31 16:30 UTC
        ("2021Q3", dt.datetime(2021, 10, 9, 9, tzinfo=shanghai)),
    ]:
        old.objects.create(quarter=quarter, content={}, content_hash="0" * 64, html="",
                           issued_at=at)  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("bulletins", "IssuedBulletin")
    numbered = {b.quarter: (b.issue_year, b.issue_number, b.issued_on) for b in new.objects.all()}
    assert numbered == {
        "2021Q3": (2021, 1, dt.date(2021, 10, 9)),
        "2021Q4": (2022, 1, dt.date(2022, 1, 1)),  # the local day, not UTC's
        "2022Q1": (2022, 2, dt.date(2022, 4, 8)),
    }
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
