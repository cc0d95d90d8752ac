"""Electricity and water surcharges: schedules, categories, tier edges and unknowns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolute.core import pricing
from resolute.core.assessment import Assessment, EnterpriseVerdict, Finding
from resolute.core.ledger import Ledger
from resolute.core.obligations import Obligation
from resolute.core.pricing import DatedRate, PricingError
from resolute.io import pricing as pricing_io

CODE = "91370300MA3C4D5E6X"


def _ledger(**overrides: Any) -> Ledger:
    rec: dict[str, Any] = {
        "credit_code": CODE,
        "name": "淄博测试钢铁有限公司",
        "city": "淄博",
        "industry": "steel",
        "year": 2020,
        "electricity_kwh": 1_000_000.0,
        "water_m3": 1_000.0,
        "water_quota_m3": 1_000.0,
    }
    rec.update(overrides)
    return Ledger.from_records([rec], [])


def _assessment(outcome: str, industry: str = "steel") -> Assessment:
    findings = (Finding("steel.tax_per_mu", "fail", 1.0, 2.0),) if outcome == "rectify" else ()
    verdict = EnterpriseVerdict(CODE, "x", "淄博", None, industry, outcome, None, findings)
    return Assessment("test", (), (verdict,))


def _overdue() -> list[Obligation]:
    return [
        Obligation("ZB-BF-1", CODE, "steel.corridor", "二(三)1", "exit",
                   dt.date(2021, 12, 31), "overdue", "淄博", None, "steel", "blast_furnace", None)
    ]  # fmt: skip


def _one(outcome: str, overdue: bool = False, **overrides: Any) -> pricing.EnterpriseSurcharge:
    ledger = _ledger(**overrides)
    industry = str(overrides.get("industry", "steel"))
    report = pricing.surcharges(
        ledger, _assessment(outcome, industry), _overdue() if overdue else [], year=2021
    )
    return report.enterprises[0]


def test_the_bundled_schedules_load_with_their_sources() -> None:
    book = pricing.default()
    steel = book.schedule("steel_eliminated")
    assert steel.document == "发改价格〔2016〕2803号"
    assert steel.rate_on(dt.date(2017, 1, 1)) == DatedRate(
        effective_from=dt.date(2017, 1, 1), rate=0.5
    )
    assert book.schedule("steel_restricted").rate_on(None).rate == 0.1  # type: ignore[union-attr]
    assert not book.schedule("cement_energy_tiered").confirmed


def test_a_rate_is_not_in_force_before_its_effective_date() -> None:
    assert pricing.default().schedule("steel_eliminated").rate_on(dt.date(2016, 12, 31)) is None


def test_an_eliminated_steel_enterprise_pays_half_a_yuan_per_kwh() -> None:
    s = _one("eliminate")
    assert s.electricity.status == "charged"
    assert s.electricity.rate == 0.5
    assert s.electricity.amount == 500_000.0
    assert s.electricity.schedule_id == "steel_eliminated"


def test_a_rectifying_steel_enterprise_pays_the_restricted_rate_with_its_findings() -> None:
    s = _one("rectify")
    assert s.electricity.amount == 100_000.0
    assert s.findings == (f"{CODE}：steel.tax_per_mu",)


def test_an_overdue_compliant_steel_enterprise_pays_the_punitive_rate() -> None:
    s = _one("compliant", overdue=True)
    assert s.electricity.schedule_id == "steel_reduction_not_done"
    assert s.electricity.amount == 500_000.0
    assert s.overdue == ("ZB-BF-1：steel.corridor（期限 2021-12-31）",)


def test_rules_do_not_stack_the_highest_rate_applies() -> None:
    s = _one("rectify", overdue=True)
    assert s.electricity.rate == 0.5
    assert s.electricity.also == ("steel_restricted",)


def test_a_compliant_steel_enterprise_pays_nothing_and_the_tiered_price_is_not_computed() -> None:
    s = _one("compliant")
    assert s.electricity.status == "none"
    assert s.electricity.amount == 0.0
    assert s.electricity.not_computed == ("steel_energy_tiered",)


def test_unknown_electricity_use_gives_an_unknown_amount_not_zero() -> None:
    s = _one("eliminate", electricity_kwh=None)
    assert s.electricity.status == "unknown"
    assert s.electricity.amount is None
    assert s.total is None


def test_insufficient_data_gives_an_unknown_electricity_surcharge_for_steel() -> None:
    s = _one("insufficient_data")
    assert s.electricity.status == "unknown"
    assert s.electricity.amount is None


def test_an_industry_without_a_schedule_pays_no_electricity_surcharge() -> None:
    s = _one("eliminate", industry="tyre")
    assert s.electricity.status == "none"


def test_an_administrators_dated_rate_overrides_the_file() -> None:
    book = pricing.with_rates(
        pricing.default(),
        {"steel_eliminated": [DatedRate(effective_from=dt.date(2021, 1, 1), rate=0.8)]},
    )
    report = pricing.surcharges(_ledger(), _assessment("eliminate"), [], book, year=2021)
    assert report.enterprises[0].electricity.amount == 800_000.0
    earlier = pricing.surcharges(_ledger(), _assessment("eliminate"), [], book, year=2020)
    assert earlier.enterprises[0].electricity.amount == 500_000.0


# ─── water tiers: exactly at, just below and just above each edge ─────────────


@pytest.mark.parametrize(
    ("used", "outcome", "expected"),
    [
        (1000.0, "compliant", 0.0),  # at quota: nothing
        (1299.0, "compliant", 299 * 4 * 0.20),  # just below 30 %
        (1300.0, "compliant", 300 * 4 * 0.20),  # exactly 30 %: all in the first band
        (1301.0, "compliant", 300 * 4 * 0.20 + 1 * 4 * 0.50),  # just above
        (1500.0, "compliant", 300 * 4 * 0.20 + 200 * 4 * 0.50),  # exactly 50 %
        (1501.0, "compliant", 300 * 4 * 0.20 + 200 * 4 * 0.50 + 1 * 4 * 1.00),
        (1300.0, "eliminate", 300 * 4 * 0.50),
        (1301.0, "rectify", 300 * 4 * 0.50 + 1 * 4 * 1.00),
        (1501.0, "eliminate", 300 * 4 * 0.50 + 200 * 4 * 1.00 + 1 * 4 * 1.50),
    ],
)
def test_water_surcharge_at_each_tier_edge(used: float, outcome: str, expected: float) -> None:
    s = _one(outcome, water_m3=used)
    assert s.water.amount == pytest.approx(expected)
    assert s.water.status == ("none" if expected == 0 else "charged")


def test_water_at_exactly_thirty_percent_over_quota_is_one_band() -> None:
    s = _one("compliant", water_m3=1300.0)
    assert [(t.surcharge_pct, t.volume_m3) for t in s.water.tiers] == [(20.0, 300.0)]


def test_unknown_water_figures_give_an_unknown_water_surcharge() -> None:
    assert _one("compliant", water_quota_m3=None).water.amount is None
    assert _one("compliant", water_m3=None).water.status == "unknown"


def test_excess_water_with_an_unknown_category_is_unknown_but_no_excess_is_zero() -> None:
    assert _one("insufficient_data", water_m3=1200.0).water.status == "unknown"
    assert _one("insufficient_data", water_m3=900.0).water.amount == 0.0


def test_a_missing_base_water_price_gives_an_unknown_amount() -> None:
    book = pricing.default()
    water = book.water.model_copy(
        update={"base_price": book.water.base_price.model_copy(update={"value": None})}
    )
    book = book.model_copy(update={"water": water})
    report = pricing.surcharges(_ledger(water_m3=1200.0), _assessment("compliant"), [], book)
    assert report.enterprises[0].water.status == "unknown"
    assert report.base_price is None


def test_the_base_water_price_can_be_given() -> None:
    report = pricing.surcharges(
        _ledger(water_m3=1100.0), _assessment("compliant"), [], base_price=5.0
    )
    assert report.enterprises[0].water.amount == pytest.approx(100 * 5 * 0.2)


# ─── electrolytic aluminium per-step tier ──────────────────────────────────────


@pytest.mark.parametrize(
    ("consumption", "rate"),
    [
        (13649.99, 0.0),
        (13650.0, 0.0),  # exactly at the threshold: no surcharge
        (13650.01, 0.01),  # a part step counts as a whole one
        (13670.0, 0.01),  # exactly one step
        (13670.01, 0.02),
        (13690.0, 0.02),
    ],
)
def test_aluminium_surcharge_rises_a_cent_per_twenty_kwh(consumption: float, rate: float) -> None:
    schedule = pricing.default().schedule("aluminium_energy_step")
    assert pricing.per_step_rate(schedule, consumption) == pytest.approx(rate)


def test_aluminium_with_unknown_consumption_has_an_unknown_rate() -> None:
    assert pricing.per_step_rate(pricing.default().schedule("aluminium_energy_step"), None) is None


# ─── totals, export and the data file ──────────────────────────────────────────


def test_totals_by_city_and_industry_count_unknowns_apart() -> None:
    ledger = Ledger.from_records(
        [
            {"credit_code": CODE, "name": "a", "city": "淄博", "industry": "steel",
             "electricity_kwh": 10.0, "water_m3": 1.0, "water_quota_m3": 1.0},
            {"credit_code": "91370300MA3C4D5E7Y", "name": "b", "city": "淄博",
             "industry": "steel", "water_m3": 1.0, "water_quota_m3": 1.0},
        ],
        [],
    )  # fmt: skip
    verdicts = tuple(
        EnterpriseVerdict(c, "x", "淄博", None, "steel", "eliminate", None, ())
        for c in (CODE, "91370300MA3C4D5E7Y")
    )
    report = pricing.surcharges(ledger, Assessment("t", (), verdicts), [], year=2021)
    (city,) = report.by_city
    assert (city.key, city.enterprises, city.electricity, city.unknown) == ("淄博", 2, 5.0, 1)
    assert report.by_industry[0].key == "steel"


def test_the_grid_export_names_rate_basis_and_period() -> None:
    report = pricing.surcharges(_ledger(), _assessment("eliminate"), [], year=2021)
    (row,) = pricing_io.export_rows(report, "grid")
    assert row[1] == CODE
    assert row[4] == "2021-01-01—2021-12-31"
    assert row[6] == "0.5 元/千瓦时"
    assert row[8] == 500_000.0
    assert row[9] == "发改价格〔2016〕2803号"
    assert pricing_io.export_rows(report, "water") == []


def test_json_keeps_unknown_as_null() -> None:
    report = pricing.surcharges(
        _ledger(electricity_kwh=None), _assessment("eliminate"), [], year=2021
    )
    data = pricing.to_json(report)
    assert data["enterprises"][0]["electricity"]["amount_yuan"] is None
    assert data["summary"]["unknown"] == 1


def test_a_flat_schedule_without_rates_is_refused_with_its_entry() -> None:
    raw = pricing.default().model_dump(mode="json", exclude={"digest"})
    raw["electricity"][0]["rates"] = []
    with pytest.raises(PricingError, match=r"electricity\.0"):
        pricing.parse(raw)


def test_water_tiers_out_of_order_are_refused() -> None:
    raw = pricing.default().model_dump(mode="json", exclude={"digest"})
    raw["water"]["schedules"][0]["tiers"][0]["up_to_pct"] = 60
    with pytest.raises(PricingError, match="water"):
        pricing.parse(raw)


# Point 4 of issue 10: steps counted in decimal. In binary (0.3 − 0.1) ÷ 0.1 is
# 1.9999999999999998 and a whole-steps-only schedule counted one step instead of two.
@pytest.mark.parametrize(
    ("consumption", "rate"), [(0.29999999, 0.01), (0.3, 0.02), (0.30000001, 0.02)]
)
def test_per_step_rates_count_steps_in_decimal(consumption: float, rate: float) -> None:
    base = pricing.default().schedule("aluminium_energy_step")
    schedule = base.model_copy(update={"threshold": 0.1, "step": 0.1, "partial_step_counts": False})
    assert pricing.per_step_rate(schedule, consumption) == rate
