"""A run whose scope is another city's is not found on any page, as in the API (issue #11)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from resolute.web.assessments.services import start_run
from resolute.web.ledger.models import City


def test_another_citys_run_is_404_on_every_page(client_for: Any, users: Any) -> None:
    linyi_run = start_run(users["linyi"], City.objects.get(name="临沂").pk)
    zibo, linyi = client_for("zibo"), client_for("linyi")
    for name in ("assessments-run-detail", "assessments-run-progress", "assessments-run-export"):
        url = reverse(name, args=[linyi_run.pk])
        assert zibo.get(url).status_code == 404, name
        assert linyi.get(url).status_code == 200, name
    eliminations = reverse("assessments-eliminations")
    assert zibo.get(eliminations, {"run": linyi_run.pk}).status_code == 404


def test_run_list_shows_only_runs_in_scope(client_for: Any, users: Any) -> None:
    linyi_run = start_run(users["linyi"], City.objects.get(name="临沂").pk)
    province_run = start_run(users["province"])
    html = client_for("zibo").get(reverse("assessments-run-list")).content.decode()
    assert reverse("assessments-run-detail", args=[province_run.pk]) in html
    assert reverse("assessments-run-detail", args=[linyi_run.pk]) not in html
    html = client_for("province").get(reverse("assessments-run-list")).content.decode()
    assert reverse("assessments-run-detail", args=[linyi_run.pk]) in html


def test_industry_run_is_hidden_from_other_departments(client_for: Any, users: Any) -> None:
    cement_run = start_run(users["province"], None, "cement")
    url = reverse("assessments-run-detail", args=[cement_run.pk])
    assert client_for("industry").get(url).status_code == 404  # steel and coking only
    assert client_for("province").get(url).status_code == 200
