"""Surcharges, classes, the annual evaluation and the quarterly bulletin use the policy
versions in force on their own dates: a version published for 2023 leaves 2022 alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from policy_drafts import publish

from resolute.core.bulletin import Quarter

START_2023 = dt.date(2023, 1, 1)


def test_surcharges_use_the_pricing_version_of_their_year(users: Any) -> None:
    from resolute.web.pricing.services import surcharges_for

    publish("pricing", ("      - effective_from: 2017-01-01\n        rate: 0.5",
                        "      - effective_from: 2017-01-01\n        rate: 0.8"))  # fmt: skip
    today = dt.date(2024, 3, 1)
    in_2022 = surcharges_for(users["province"], 2022, today)
    in_2023 = surcharges_for(users["province"], 2023, today)
    assert in_2022.book.version == "2021.1" and in_2023.book.version == "2023.1"
    day = dt.date(2023, 6, 1)
    assert in_2022.book.schedule("steel_eliminated").rate_on(day).rate == 0.5
    assert in_2023.book.schedule("steel_eliminated").rate_on(day).rate == 0.8


def test_classes_use_the_scheme_in_force_on_their_publication_day(users: Any) -> None:
    from resolute.web.pricing.services import classes_for

    publish("classes", ("  appeal_days: 5\n", "  appeal_days: 7\n"))
    before = classes_for(users["province"], dt.date(2022, 12, 31))
    after = classes_for(users["province"], START_2023)
    assert (before.book.version, before.book.publication.appeal_days) == ("2021.1", 5)
    assert (after.book.version, after.book.publication.appeal_days) == ("2023.1", 7)


def test_the_evaluation_of_a_year_uses_the_scoring_rules_of_that_year(users: Any) -> None:
    from resolute.web.evaluation.services import evaluate_year

    publish("evaluation", ("  per_line: 5\n", "  per_line: 8\n"))
    result_2022, _ = evaluate_year(2022, dt.date(2024, 1, 10))
    result_2023, _ = evaluate_year(2023, dt.date(2024, 1, 10))
    assert (result_2022.rules.version, result_2022.rules.overdue.per_line) == ("2021.1", 5)
    assert (result_2023.rules.version, result_2023.rules.overdue.per_line) == ("2023.1", 8)


@pytest.mark.parametrize(("quarter", "label"), [("2022Q4", "2021.1"), ("2023Q1", "2023.1")])
def test_a_bulletin_uses_and_records_the_targets_in_force_at_its_quarters_end(
    users: Any, quarter: str, label: str
) -> None:
    from resolute.web.bulletins.services import build_current

    publish("targets")
    bulletin = build_current(Quarter.parse(quarter))
    assert bulletin.targets_version.split("+")[0] == label


def test_the_rule_pages_and_the_what_if_show_the_rulebook_in_force_today(
    client_for: Any, users: Any
) -> None:
    from django.urls import reverse

    from resolute.web.whatif.views import rule_groups

    leaf = "{field: volume_m3, op: le, value: 400}"
    publish("rulebook", (leaf, leaf.replace("400", "1200")),
            ("    wording: 400 立方米及以下炼铁高炉", "    wording: 1200 立方米及以下炼铁高炉"))  # fmt: skip
    rule_id = "steel.technology.blast_furnace_volume"
    page = client_for(None).get(reverse("ledger-rule-detail", args=[rule_id])).content.decode()
    assert "1200 立方米及以下炼铁高炉" in page and "400 立方米及以下炼铁高炉" not in page
    assert "规则库版本 2023.1（《后续文件》，2023-01-01 起施行）。" in page
    api = client_for(None).get(f"/api/rules/{rule_id}").json()
    assert api["wording"] == "1200 立方米及以下炼铁高炉"
    [steel] = [g for g in rule_groups() if g["code"] == "steel"]
    assert next(r for r in steel["rules"] if r["id"] == rule_id)["current"] == 1200


def test_target_progress_and_duties_use_the_targets_in_force_on_their_day(users: Any) -> None:
    from resolute.web.targets import services as targets_services

    publish("targets")
    assert targets_services.book(dt.date(2022, 12, 31)).version == "2021.1"
    assert targets_services.book(START_2023).version == "2023.1"
    assert targets_services.book().version == "2023.1"  # in force today


def test_a_year_before_any_policy_version_is_refused_by_the_api_and_ignored_by_pages(
    client_for: Any, users: Any
) -> None:
    from django.urls import reverse

    client = client_for("province")
    refused = client.get("/api/pricing/surcharges?year=2001")
    assert refused.status_code == 422
    assert "差别化价格政策在 2001-12-31 没有生效的版本" in refused.json()["detail"]
    assert client.get(reverse("pricing-surcharges") + "?year=2001").status_code == 200
