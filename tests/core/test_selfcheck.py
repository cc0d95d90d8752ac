"""The self-check's decisions (issue #14 point 2): which figures it asks for, the verdicts
and duties of one line, and its consequences — and a price schedule that cannot be used is
said, never shown as "no surcharge"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resolute.core import pricing, rulebook, schema, selfcheck

TODAY = dt.date(2022, 6, 30)
FURNACE = schema.EQUIPMENT_BY_CODE["blast_furnace"]
PLACE = {"city": "济南", "county": "历城区", "land_area_mu": 100.0, "tax_10k_yuan": 1000.0,
         "electricity_kwh": 1_000_000.0}  # fmt: skip


def _furnace(volume: float) -> dict[str, object]:
    return {"capacity": 50.0, "env_status": "pass", "safety_status": "pass",
            "energy_status": "pass", "volume_m3": volume}  # fmt: skip


def test_it_asks_for_the_figures_the_industrys_rules_read_and_the_price_figures() -> None:
    keys = selfcheck.enterprise_keys(rulebook.default(), "steel")
    assert {"land_area_mu", "tax_10k_yuan"} <= set(keys)  # 单位用地税收
    assert set(selfcheck.PRICING_KEYS) <= set(keys)
    line = [s.key for s in selfcheck.line_fields("blast_furnace")]
    assert line[: len(selfcheck.COMMON_LINE_KEYS)] == list(selfcheck.COMMON_LINE_KEYS)
    assert "volume_m3" in line


def test_a_400_cubic_metre_furnace_is_to_be_eliminated_and_charged() -> None:
    result = selfcheck.check(FURNACE, PLACE, _furnace(400.0), TODAY)
    assert result.line_outcome == "淘汰退出"
    failed = [f["rule_id"] for f in result.line_findings if f["result"] == "fail"]
    assert "steel.technology.blast_furnace_volume" in failed
    assert result.pricing_problem == ""
    assert result.surcharge is not None
    assert result.surcharge["electricity"]["status"] == "charged"


def test_a_401_cubic_metre_furnace_passes_the_volume_rule() -> None:
    result = selfcheck.check(FURNACE, PLACE, _furnace(401.0), TODAY)
    volume = next(f for f in result.line_findings
                  if f["rule_id"] == "steel.technology.blast_furnace_volume")  # fmt: skip
    assert volume["result"] == "pass" and volume["value_text"]


def test_a_broken_price_schedule_is_said_not_taken_for_no_surcharge(tmp_path: Path) -> None:
    broken = tmp_path / "pricing.yaml"
    broken.write_text("electricity: [{id: 1}]\n", encoding="utf-8")
    result = selfcheck.check(FURNACE, PLACE, _furnace(400.0), TODAY,
                             price_book=lambda: pricing.load(broken))  # fmt: skip
    assert result.surcharge is None
    assert str(broken) in result.pricing_problem
    assert result.line_outcome == "淘汰退出"  # the verdicts stand without the prices


def test_an_error_in_computing_surcharges_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> pricing.SurchargeReport:
        raise KeyError("schedule")

    monkeypatch.setattr(pricing, "surcharges", broken)
    with pytest.raises(KeyError):
        selfcheck.check(FURNACE, PLACE, _furnace(400.0), TODAY)
