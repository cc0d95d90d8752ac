"""The province sees every city's plan against the 2021-04-30 due date — on time, late or
missing on a given day — with the gaps found against the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.plans.models import CityPlan, CityPlanItem

TZ = timezone.get_default_timezone()


def plan(city: str, submitted: dt.date | None, lines: dict[str, dt.date]) -> CityPlan:
    with acting_as(None, via="测试"):
        at = dt.datetime.combine(submitted, dt.time(10), TZ) if submitted else None
        made = CityPlan(city=City.objects.get(name=city), submitted_at=at,
                        status="submitted" if submitted else "draft")  # fmt: skip
        made.save()
        for line_id, planned in lines.items():
            CityPlanItem(plan=made, kind="eliminate", industry="钢铁", year=planned.year,
                         line_id=line_id, planned_on=planned).save()  # fmt: skip
    return made


def overview(client: Any, as_of: str) -> dict[str, Any]:
    response = client.get(reverse("supervision-plan-list"), {"as_of": as_of})
    assert response.status_code == 200
    return {s.city.name: s for s in response.context["states"]}


def test_sixteen_cities_are_listed_with_their_status_on_the_day(client_for: Any) -> None:
    plan("淄博", dt.date(2021, 4, 30), {})
    plan("临沂", dt.date(2021, 5, 6), {})
    states = overview(client_for("province"), "2021-06-01")
    assert len(states) == 16
    assert states["淄博"].status == "on_time"
    assert states["临沂"].status == "late"
    assert states["济南"].status == "missing"
    before = overview(client_for("province"), "2021-04-15")
    assert {before["淄博"].status, before["临沂"].status, before["济南"].status} == {"pending"}


def test_a_city_officer_is_sent_to_their_own_plan(client_for: Any) -> None:
    response = client_for("zibo").get(reverse("supervision-plan-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision-plan-detail", args=["370300"])


def test_gaps_are_counted_against_the_ledger(client_for: Any) -> None:
    # 淄博's duty: ZB-CL-1 (2500 t/d clinker, 2024-12-31); its steel works is found to fit the
    # provincial layout, so the corridor transfer (二(三)1, “原则上”) does not fall on it. The plan
    # misses ZB-CL-1, plans ZB-BF-1 without a duty and names a 临沂 line and an unknown one.
    plan("淄博", dt.date(2021, 4, 28), {"ZB-BF-1": dt.date(2023, 3, 1),
                                        "LY-BF-1": dt.date(2022, 1, 1),
                                        "XX-1": dt.date(2022, 1, 1)})  # fmt: skip
    state = overview(client_for("province"), "2021-06-01")["淄博"]
    assert sorted((g.kind, g.line_id) for g in state.gaps) == [
        ("foreign_line", "LY-BF-1"), ("missing", "ZB-CL-1"), ("unknown_line", "XX-1"),
    ]  # fmt: skip
    page = client_for("zibo").get(reverse("supervision-plan-detail", args=["370300"]),
                                  {"as_of": "2021-06-01"})  # fmt: skip
    text = page.content.decode()
    assert 'data-status="on_time"' in text
    assert "生产线 LY-BF-1 属于临沂市" in text


def test_a_line_eliminated_by_the_latest_run_must_be_in_the_plan(client_for: Any) -> None:
    client = client_for("province")
    client.post(reverse("assessments-run-list"), {"city": "", "industry": ""})
    plan("临沂", dt.date(2021, 4, 28), {})
    gaps = overview(client, "2021-06-01")["临沂"].gaps
    # LY-CO-1: chamber 4.3 m — eliminated by the run and owed under 二(三)3
    assert [(g.kind, g.line_id) for g in gaps] == [("missing", "LY-CO-1")]
    assert "评估结论为淘汰退出" in gaps[0].message
