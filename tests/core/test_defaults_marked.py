"""Amounts computed from software defaults say so next to them (issue 10 point 10):
"按软件缺省值，待核实" in the text, ``unconfirmed`` and ``note`` in the JSON (additive keys)."""

from __future__ import annotations

from builders import ledger_of, make_enterprise, make_line

from resolute.core import admission, classes, evaluation, pricing
from resolute.core.assessment import Assessment, EnterpriseVerdict
from resolute.core.defaults import UNCONFIRMED_NOTE, flags, marked
from resolute.io import classes as classes_io
from resolute.io import pricing as pricing_io

NOTE = "按软件缺省值，待核实"


def test_the_note_and_the_flags() -> None:
    assert UNCONFIRMED_NOTE == NOTE
    assert marked("费率", True) == f"费率（{NOTE}）" and marked("费率", False) == "费率"
    assert flags(False) == {"unconfirmed": False, "note": ""}
    assert flags(True, "权重")["note"].startswith(NOTE)


def _surcharges(outcome: str) -> pricing.SurchargeReport:
    ent = make_enterprise("steel", water_m3=1500.0, water_quota_m3=1000.0,
                          electricity_kwh=1_000_000.0)  # fmt: skip
    ledger = ledger_of(ent, make_line("blast_furnace"))
    verdict = EnterpriseVerdict(ent["credit_code"], "x", "临沂", None, "steel", outcome, None, ())
    return pricing.surcharges(ledger, Assessment("t", (), (verdict,)), [], year=2021)


def test_a_water_surcharge_from_default_tiers_is_marked_everywhere() -> None:
    report = _surcharges("compliant")
    water = report.enterprises[0].water
    assert water.status == "charged" and NOTE in water.reason
    data = pricing.to_json(report)
    assert data["unconfirmed"] is True and NOTE in data["note"]
    assert data["water_base_price_unconfirmed"] is True
    ent = data["enterprises"][0]
    assert ent["water"]["unconfirmed"] is True and ent["unconfirmed"] is True
    assert ent["electricity"]["unconfirmed"] is False  # no electricity surcharge
    rows = pricing_io.export_rows(report, "water")
    assert NOTE in rows[0][6] and NOTE in rows[0][10]
    headers = dict((title, h) for title, h, _ in pricing_io.tables(report))
    assert any(NOTE in h for h in headers["按市汇总"])


def test_a_confirmed_electricity_rate_is_not_marked() -> None:
    report = _surcharges("eliminate")  # steel 淘汰类 0.5 元/千瓦时, 发改价格〔2016〕2803号
    e = report.enterprises[0].electricity
    assert e.status == "charged" and NOTE not in e.reason
    assert pricing.to_json(report)["enterprises"][0]["electricity"]["unconfirmed"] is False


def test_class_scores_and_classes_are_marked() -> None:
    ledger = ledger_of(make_enterprise("steel"), make_line("blast_furnace"))
    result = classes.classify(ledger)
    data = classes.to_json(result)
    assert data["unconfirmed"] is True and NOTE in data["note"]
    assert all(e["unconfirmed"] is True for e in data["enterprises"])
    listing = next(h for title, h, _ in classes_io.tables(result) if title == "公示名单")
    assert any(NOTE in h for h in listing)


def test_evaluation_scores_are_marked() -> None:
    result = evaluation.evaluate(2022, ["淄博", "临沂"], [], {}, evaluation.default())
    data = evaluation.to_json(result)
    assert data["unconfirmed"] is True and NOTE in data["note"]
    assert all(c["score_note"] == NOTE for c in data["cities"])


def test_a_default_admission_ratio_is_marked() -> None:
    d = admission.DimensionVerdict("coal", "煤耗", True, 1.0, 10.0, 10.0, ("ok",), True)
    assert d.as_json()["unconfirmed"] is True and d.as_json()["note"] == NOTE
    sure = admission.DimensionVerdict("capacity", "产能", True, 2.0, 10.0, 20.0, ("ok",))
    assert sure.as_json()["note"] == ""


def test_water_bands_are_split_in_decimal() -> None:
    # 1300.13 − 1000.1 = 300.03, exactly 30 % of the quota: all in the first band (binary
    # subtraction gives 300.03000000000009 and used to spill a sliver into the second).
    schedule = pricing.default().water_schedule("compliant")
    assert schedule is not None
    tiers = pricing.water_tiers(schedule, 1300.13, 1000.1, 4.0)
    assert [t.up_to_pct for t in tiers] == [30]
    assert tiers[0].volume_m3 == 300.03
    more = pricing.water_tiers(schedule, 1300.14, 1000.1, 4.0)
    assert [t.up_to_pct for t in more] == [30, 50]
