"""The admission form checks the 五个减量替代 and 先压后上 of a new project, dimension by
dimension, and stores nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City


def check(client: Any, sources: str, **demand: str) -> str:
    """A 100 t/h, 4.2 m cement mill in 淄博 starting 2021-09-01 (capacity ratio 2:1)."""
    data = {
        "name": "淄博新建粉磨站", "equipment": "cement_mill", "capacity": "100",
        "city": City.objects.get(name="淄博").pk, "starts_on": "2021-09-01",
        "coal": "1000", "energy": "800", "carbon": "2000", "pollutant": "10",
        "sources": sources, **demand,
    }  # fmt: skip
    response = client.post(reverse("replacement-admission"), data)
    assert response.status_code == 200
    return str(response.content.decode())


def test_reductions_that_cover_every_dimension_admit_the_project(
    client_for: Any, province_ledger: Any
) -> None:
    before = AuditEvent.objects.count()
    page = check(client_for("zibo"), "1号粉磨站,2021-06-30,200,1000,800,2000,10")
    assert "符合准入要求" in page and "不符合准入要求" not in page
    assert "不满足" not in page
    assert AuditEvent.objects.count() == before  # nothing stored


def test_a_dimension_short_of_its_demand_fails_with_the_shortfall(
    client_for: Any, province_ledger: Any
) -> None:
    page = check(client_for("zibo"), "1号粉磨站,2021-06-30,200,999.5,800,2000,10")
    assert "不符合准入要求" in page
    assert "尚差 0.5" in page


def test_the_capacity_dimension_takes_the_replacement_ratio(
    client_for: Any, province_ledger: Any
) -> None:
    page = check(client_for("zibo"), "1号粉磨站,2021-06-30,199.99,1000,800,2000,10")
    assert "不符合准入要求" in page
    assert "须减量替代不低于 200（2:1）" in page


def test_a_source_exiting_after_the_project_starts_fails_exit_first(
    client_for: Any, province_ledger: Any
) -> None:
    page = check(client_for("zibo"), "1号粉磨站,2021-09-02,200,1000,800,2000,10")
    assert "晚于新项目开工日期 2021-09-01" in page
    assert "不符合准入要求" in page


def test_a_malformed_source_row_is_a_form_error(client_for: Any, province_ledger: Any) -> None:
    page = check(client_for("zibo"), "1号粉磨站,2021-13-01,200")
    assert "应写作 YYYY-MM-DD" in page
    assert "准入要求" not in page


def test_enterprise_users_may_not_use_the_admission_check(client_for: Any) -> None:
    assert client_for("enterprise_user").get(reverse("replacement-admission")).status_code == 403
