"""The province edits rates on /pricing/schedules/: the surcharges follow from the effective
date on, every change is recorded, and nobody else may change a rate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import EnterpriseYear
from resolute.web.pricing.models import RateOverride

pytestmark = pytest.mark.django_db

URL = "/pricing/schedules/"
KWH = 1_000_000.0


@pytest.fixture
def steel_uses_power(province_ledger: Any) -> Any:
    """The 淄博 steel enterprise (淘汰类: its 380 m³ blast furnace) with a known consumption."""
    with acting_as(None, via="测试", name="测试数据"):
        EnterpriseYear.objects.filter(enterprise=province_ledger.zibo_steel).update(
            electricity_kwh=KWH
        )
    return province_ledger.zibo_steel


def _override(**changes: Any) -> dict[str, Any]:
    return {
        "schedule": "steel_eliminated",
        "rate": "0.8",
        "effective_from": "2023-01-01",
        "source": "山东省发展改革委关于调整钢铁行业差别电价的通知（测试文号〔2022〕1号）",
        "note": "测试",
        **changes,
    }


def _electricity(client: Any, year: int, code: str) -> dict[str, Any]:
    data = client.get(f"/api/pricing/surcharges?year={year}").json()
    (ent,) = [e for e in data["enterprises"] if e["credit_code"] == code]
    return dict(ent["electricity"])


def test_an_override_changes_the_surcharge_from_its_year_on(
    client_for: Any, steel_uses_power: Any
) -> None:
    province = client_for("province")
    before = _electricity(province, 2023, steel_uses_power.credit_code)
    assert (before["schedule"], before["rate"]) == ("steel_eliminated", 0.5)

    response = province.post(URL, _override())
    assert response.status_code == 302

    after = _electricity(province, 2023, steel_uses_power.credit_code)
    assert (after["schedule"], after["rate"], after["amount_yuan"]) == (
        "steel_eliminated",
        0.8,
        0.8 * KWH,
    )
    earlier = _electricity(province, 2022, steel_uses_power.credit_code)
    assert (earlier["rate"], earlier["amount_yuan"]) == (0.5, 0.5 * KWH)


def test_a_rate_taking_effect_mid_year_applies_from_the_next_billing_year(
    client_for: Any, steel_uses_power: Any
) -> None:
    province = client_for("province")
    province.post(URL, _override(effective_from="2023-07-01"))
    assert _electricity(province, 2023, steel_uses_power.credit_code)["rate"] == 0.5
    assert _electricity(province, 2024, steel_uses_power.credit_code)["rate"] == 0.8


def test_the_override_is_recorded_with_the_province_user(client_for: Any, users: Any) -> None:
    client_for("province").post(URL, _override())
    override = RateOverride.objects.get()
    assert (override.unit, override.created_by) == ("元/千瓦时", users["province"])
    event = AuditEvent.objects.get(model="rateoverride")
    assert (event.action, event.actor, event.object_pk) == ("create", users["province"],
                                                            str(override.pk))  # fmt: skip
    assert event.after is not None and Decimal(event.after["rate"]) == Decimal("0.8")
    page = client_for("province").get(URL).content.decode()
    assert "测试文号〔2022〕1号" in page and "2023-01-01 起 0.8" in page


def test_officials_read_the_schedules_but_only_the_province_changes_them(client_for: Any) -> None:
    zibo = client_for("zibo")
    page = zibo.get(URL)
    assert page.status_code == 200
    assert "保存费率调整" not in page.content.decode()
    assert zibo.post(URL, _override()).status_code == 403
    assert client_for("industry").post(URL, _override()).status_code == 403
    assert not RateOverride.objects.exists()
    assert "保存费率调整" in client_for("province").get(URL).content.decode()


def test_enterprise_users_and_anonymous_visitors_do_not_see_the_schedules(
    client_for: Any,
) -> None:
    assert client_for("enterprise_user").get(URL).status_code == 403
    assert client_for("enterprise_user").post(URL, _override()).status_code == 403
    response = client_for(None).post(URL, _override())
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not RateOverride.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"schedule": "steel_imaginary"}, "schedule", "费率规则 steel_imaginary 不存在"),
        ({"schedule": "steel_energy_tiered"}, "schedule", "不是按单一费率计价的规则"),
        ({"rate": "-0.1"}, "rate", "费率不能为负数"),
        ({"rate": "五毛"}, "rate", "费率应为数字"),
        ({"effective_from": ""}, "effective_from", "请填写生效日期"),
        ({"effective_from": "2023-13-01"}, "effective_from", "生效日期格式应为"),
        ({"source": "   "}, "source", "请填写依据"),
    ],
)
def test_invalid_input_shows_the_field_error_and_stores_nothing(
    client_for: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    response = client_for("province").post(URL, _override(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert not RateOverride.objects.exists()
    assert not AuditEvent.objects.filter(model="rateoverride").exists()
