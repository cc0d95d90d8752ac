"""Stored replacement plans are checked against the stored ledger and every other plan."""

from __future__ import annotations

import io
from typing import Any

import pytest
from builders import make_enterprise, make_line
from django.urls import reverse
from openpyxl import load_workbook

from resolute.core.ledger import Ledger
from resolute.web.audit.context import acting_as
from resolute.web.ledger.services import apply_changes, plan_changes
from resolute.web.replacement.models import ReplacementPlan


@pytest.fixture
def mills(province_ledger: Any) -> None:
    """Two exited 4.2 m cement mills in 淄博: 100 t/h and 99.99 t/h."""
    ent = make_enterprise("cement", name="淄博鲁中粉磨有限公司", city="淄博", county="淄川区")
    code = ent["credit_code"]
    lines = [
        make_line("cement_mill", code, line_id="ZB-CM-1", capacity=100.0, status="exited",
                  exited_on="2021-06-30"),
        make_line("cement_mill", code, line_id="ZB-CM-2", capacity=99.99, status="exited",
                  exited_on="2021-06-30"),
    ]  # fmt: skip
    with acting_as(None, via="测试", name="测试数据"):
        plan = plan_changes(Ledger.from_records([ent], lines))
        assert not plan.errors
        apply_changes(plan)


def new_mill(client: Any, sources: str, name: str = "淄博新建粉磨站") -> Any:
    """POST the new-plan form: a 50 t/h, 4.2 m mill in 淄博 starting 2021-09-01."""
    return client.post(reverse("replacement-plan-new"), {
        "name": name, "equipment": "cement_mill", "capacity": "50", "city": _zibo_pk(),
        "starts_on": "2021-09-01", "attr_diameter_m": "4.2",
        "sources": sources, "outside": "",
    })  # fmt: skip


def _zibo_pk() -> int:
    from resolute.web.ledger.models import City

    return City.objects.get(name="淄博").pk


def test_a_plan_whose_ratio_is_exactly_met_passes(client_for: Any, mills: None) -> None:
    client = client_for("zibo")
    response = new_mill(client, "ZB-CM-1")
    assert response.status_code == 302, response.content.decode()
    plan = ReplacementPlan.objects.get()
    page = client.get(reverse("replacement-plan-detail", args=[plan.pk])).content.decode()
    plan.refresh_from_db()
    assert plan.status == "checked"
    assert plan.verdict["passed"] is True, plan.verdict
    assert "须不低于 100（2:1），已满足" in page
    listing = client.get(reverse("replacement-plan-list")).content.decode()
    assert "淄博新建粉磨站" in listing and "符合" in listing


def test_a_plan_that_misses_the_ratio_by_the_last_digit_fails(client_for: Any, mills: None) -> None:
    client = client_for("zibo")
    assert new_mill(client, "ZB-CM-2").status_code == 302
    plan = ReplacementPlan.objects.get()
    page = client.get(reverse("replacement-plan-detail", args=[plan.pk])).content.decode()
    plan.refresh_from_db()
    ratio = next(c for c in plan.verdict["checks"] if c["id"] == "ratio")
    assert ratio["passed"] is False
    assert "尚差 0.01" in page
    assert "不符合" in page


def test_a_source_used_by_two_plans_is_flagged_on_the_capacity_ledger(
    client_for: Any, mills: None
) -> None:
    client = client_for("zibo")
    assert new_mill(client, "ZB-CM-1", name="第一个方案").status_code == 302
    assert new_mill(client, "ZB-CM-1,60", name="第二个方案").status_code == 302
    ledger = client.get(reverse("replacement-ledger")).content.decode()
    assert "ZB-CM-1" in ledger and "重复使用" in ledger
    second = ReplacementPlan.objects.get(name="第二个方案")
    page = client.get(reverse("replacement-plan-detail", args=[second.pk])).content.decode()
    assert "同一产能重复使用" in page
    second.refresh_from_db()
    double = next(c for c in second.verdict["checks"] if c["id"] == "no_double_use")
    assert double["passed"] is False


def test_a_partial_share_of_a_line_leaves_the_rest_on_the_ledger(
    client_for: Any, mills: None
) -> None:
    client = client_for("province")
    assert new_mill(client, "ZB-CM-1,40").status_code == 302
    ledger = client.get(reverse("replacement-ledger")).content.decode()
    assert "ZB-CM-1" in ledger and "<td>60</td>" in ledger and "重复使用" not in ledger


def test_the_credit_export_lists_only_the_officials_enterprises(
    client_for: Any, province_ledger: Any
) -> None:
    def codes(name: str) -> set[str]:
        response = client_for(name).get(reverse("replacement-credit-export"))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return {str(c.value) for row in sheet.iter_rows() for c in row if c.value}

    assert province_ledger.linyi_coking.credit_code in codes("linyi")
    assert province_ledger.linyi_coking.credit_code not in codes("zibo")


def test_the_new_equipment_is_described_by_fields_not_json(client_for: Any, mills: None) -> None:
    client = client_for("zibo")
    page = client.get(reverse("replacement-plan-new")).content.decode()
    assert "磨机直径（米）" in page and "适用于：水泥磨机" in page
    assert "JSON" not in page and '{"' not in page
    new_mill(client, "ZB-CM-1")
    assert ReplacementPlan.objects.get().attributes == {"diameter_m": 4.2}


@pytest.mark.parametrize(
    "extra,field,message",
    [
        ({"attr_diameter_m": "四点二"}, "attr_diameter_m", "“磨机直径”须为数字"),
        ({"attr_volume_m3": "1200"}, "attr_volume_m3", "“有效容积”不适用于水泥磨机"),
        ({"route": "merger"}, "route", "“置换情形”不适用于水泥磨机"),
    ],
)
def test_a_parameter_is_refused_by_name(client_for: Any, mills: None, extra: dict[str, str],
                                        field: str, message: str) -> None:  # fmt: skip
    client = client_for("zibo")
    response = client.post(reverse("replacement-plan-new"), {
        "name": "淄博新建粉磨站", "equipment": "cement_mill", "capacity": "50",
        "city": _zibo_pk(), "starts_on": "2021-09-01", "attr_diameter_m": "4.2",
        "sources": "ZB-CM-1", "outside": "", **extra,
    })  # fmt: skip
    assert response.status_code == 200
    assert message in "".join(response.context["form"].errors[field])
    assert not ReplacementPlan.objects.exists()
