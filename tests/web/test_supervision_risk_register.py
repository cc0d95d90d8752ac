"""The risk register counts the employees of enterprises with exiting lines and the coal units
whose heat must be replaced, by city, within what each officer may see."""

from __future__ import annotations

from typing import Any

import pytest
from builders import make_enterprise, make_line
from django.urls import reverse

from resolute.core.ledger import Ledger
from resolute.web.audit.context import acting_as
from resolute.web.ledger.services import apply_changes, plan_changes

LOW_EFFICIENCY = {"steam_class": "mid_or_below", "unit_mw": 25.0, "capacity": 2.5}


@pytest.fixture
def power_plant(province_ledger: Any) -> None:
    """A 淄博 power plant of 300 employees: an extraction unit that must close, a unit kept
    for heat (retrofit), and a modern unit with no duty."""
    plant = make_enterprise("coal_power", name="淄博热电有限公司", city="淄博", county="张店区",
                            employees=300)  # fmt: skip
    code = plant["credit_code"]
    lines = [
        make_line("coal_unit", code, line_id="ZB-CU-1", unit_type="extraction",
                  heat_irreplaceable=False, **LOW_EFFICIENCY),
        make_line("coal_unit", code, line_id="ZB-CU-2", unit_type="extraction",
                  heat_irreplaceable=True, **LOW_EFFICIENCY),
        make_line("coal_unit", code, line_id="ZB-CU-3", capacity=5.0),
    ]  # fmt: skip
    with acting_as(None, via="测试"):
        apply_changes(plan_changes(Ledger.from_records([plant], lines)))


def register(client: Any) -> dict[str, Any]:
    response = client.get(reverse("supervision-risks"))
    assert response.status_code == 200
    return {r.city: r for _, r in response.context["rows"]}


def test_employees_of_closing_enterprises_are_counted_by_city(client_for: Any) -> None:
    # 淄博: the cement works (2500 t/d clinker) closes entirely; its steel works is found to fit
    # the provincial layout (符合规划布局: 是), so 二(三)1's corridor transfer does not fall on it;
    # 临沂: the coking plant (4.3 m ovens). 100 employees each.
    rows = register(client_for("province"))
    assert rows["淄博"].employees == 100
    assert rows["临沂"].employees == 100
    assert {e.basis for e in rows["淄博"].enterprises} == {"whole"}
    totals = client_for("province").get(reverse("supervision-risks")).context["totals"]
    assert (totals.employees, totals.enterprises) == (200, 2)


def test_a_partial_exit_counts_the_exiting_share_of_capacity(
    client_for: Any, power_plant: None
) -> None:
    zibo = register(client_for("province"))["淄博"]
    plant = next(e for e in zibo.enterprises if e.name == "淄博热电有限公司")
    # ZB-CU-1 (2.5 万千瓦) of 2.5 + 2.5 + 5.0: a quarter of 300
    assert plant.exiting == ("ZB-CU-1",)
    assert (plant.basis, plant.share, plant.affected) == ("capacity", 0.25, 75)
    assert zibo.employees == 175  # with the cement works (the steel works stays, see above)


def test_heating_units_to_replace_are_listed(client_for: Any, power_plant: None) -> None:
    zibo = register(client_for("province"))["淄博"]
    assert [(u.line_id, u.must_exit) for u in zibo.heat_units] == [
        ("ZB-CU-1", True), ("ZB-CU-2", False),
    ]  # fmt: skip
    page = client_for("province").get(reverse("supervision-risks-city", args=["370300"]))
    text = page.content.decode()
    assert "热力无法接续" in text and "ZB-CU-2" in text and "淄博热电有限公司" in text


def test_a_city_officer_sees_their_own_city_only(client_for: Any) -> None:
    client = client_for("zibo")
    assert list(register(client)) == ["淄博"]
    assert client.get(reverse("supervision-risks-city", args=["371300"])).status_code == 404
    assert client_for("enterprise_user").get(reverse("supervision-risks")).status_code == 403
