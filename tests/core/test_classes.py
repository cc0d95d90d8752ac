"""Efficiency classes: weights, benchmarks, class boundaries, T class and the appeal window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolute.core import classes, credit_code
from resolute.core.classes import ClassesError
from resolute.core.ledger import Ledger


def _code(i: int) -> str:
    body = f"91370300MA{i:07d}"
    return body + credit_code.check_character(body)


def _enterprise(i: int, tax: float, **overrides: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "credit_code": _code(i),
        "name": f"企业{i:02d}",
        "city": "淄博",
        "industry": "tyre",
        "land_area_mu": 100.0,
        "tax_10k_yuan": tax,
        "energy_tce": 100.0,
        "revenue_10k_yuan": 1000.0,
        "employees": 10,
        "value_added_10k_yuan": 100.0,
    }
    rec.update(overrides)
    return rec


def _ledger(n: int, **overrides: Any) -> Ledger:
    """``n`` enterprises that differ only in tax: enterprise 1 pays the most."""
    return Ledger.from_records(
        [_enterprise(i, 100.0 * (n + 1 - i), **overrides) for i in range(1, n + 1)], []
    )


def test_the_unavailable_indicators_are_left_out_and_weights_renormalised() -> None:
    book = classes.default()
    assert {i.key for i in book.indicators if not i.available} == {
        "rd_intensity",
        "revenue_per_pollutant",
    }
    weights = book.weights()
    assert sum(weights.values()) == pytest.approx(100)
    assert weights["tax_per_mu"] == pytest.approx(50)


def test_an_enterprise_at_the_average_scores_one_hundred() -> None:
    ledger = Ledger.from_records([_enterprise(1, 100.0), _enterprise(2, 100.0)], [])
    result = classes.classify(ledger)
    assert [e.score for e in result.enterprises] == [100.0, 100.0]


def test_the_score_breaks_down_per_indicator_against_the_benchmark() -> None:
    ledger = Ledger.from_records([_enterprise(1, 300.0), _enterprise(2, 100.0)], [])
    first = classes.classify(ledger).enterprises[0]
    tax = first.indicators[0]
    assert (tax.key, tax.value, tax.benchmark, tax.ratio) == ("tax_per_mu", 3.0, 2.0, 1.5)
    assert tax.points == pytest.approx(75)
    assert first.score == pytest.approx(75 + 100 / 3 + 50 / 3, abs=0.01)


def test_a_ratio_above_the_cap_counts_as_the_cap() -> None:
    recs = [_enterprise(1, 1000.0), _enterprise(2, 0.0), _enterprise(3, 0.0)]
    tax = classes.classify(Ledger.from_records(recs, [])).enterprises[0].indicators[0]
    assert tax.capped and tax.ratio == 2.0


def test_an_entered_benchmark_replaces_the_average() -> None:
    ledger = Ledger.from_records([_enterprise(1, 100.0)], [])
    result = classes.classify(ledger, benchmarks={"tax_per_mu": 0.5})
    assert result.benchmarks["tax_per_mu"] == 0.5
    assert result.enterprises[0].indicators[0].ratio == 2.0


@pytest.mark.parametrize(
    ("rank", "rated", "code"),
    [
        (4, 20, "A"),  # exactly 20 %: the better class
        (5, 20, "B"),  # just above
        (12, 20, "B"),  # exactly 60 %
        (13, 20, "C"),
        (19, 20, "C"),  # exactly 95 %
        (20, 20, "D"),  # bottom 5 %
        (1, 5, "A"),  # exactly 20 % of 5
        (2, 5, "B"),
        (1, 1, "D"),  # a lone enterprise is 100 % down the list
    ],
)
def test_class_boundaries(rank: int, rated: int, code: str) -> None:
    assert classes.class_for(rank, rated, classes.default()) == code


def test_twenty_enterprises_split_four_eight_seven_one() -> None:
    result = classes.classify(_ledger(20))
    assert [e.code for e in result.enterprises] == list("AAAA" + "B" * 8 + "C" * 7 + "D")
    assert result.counts() == {"A": 4, "B": 8, "C": 7, "D": 1, "T": 0}


def test_enterprises_with_equal_scores_share_the_better_rank() -> None:
    recs = [_enterprise(i, 100.0 if i <= 5 else 50.0) for i in range(1, 21)]
    result = classes.classify(Ledger.from_records(recs, []))
    # Five tied at the top: rank 1 each, all A although five of twenty is 25 %.
    assert [e.rank for e in result.enterprises[:6]] == [1, 1, 1, 1, 1, 6]
    assert [e.code for e in result.enterprises[:6]] == ["A"] * 5 + ["B"]


def test_unknown_inputs_put_an_enterprise_in_class_t() -> None:
    recs = [_enterprise(1, 100.0, land_area_mu=None), _enterprise(2, 100.0, employees=0)]
    result = classes.classify(Ledger.from_records([*recs, _enterprise(3, 100.0)], []))
    first, second, third = result.enterprises
    assert (first.code, first.score, first.rank) == ("T", None, None)
    assert "单位用地税收" in first.reason
    assert second.code == "T" and "全员劳动生产率" in second.reason
    assert result.rated == 1 and third.rank == 1


def test_coal_power_is_not_rated() -> None:
    ledger = Ledger.from_records([_enterprise(1, 100.0, industry="coal_power")], [])
    (only,) = classes.classify(ledger).enterprises
    assert only.code == "T" and "煤电" in only.reason


def test_an_enterprise_whose_lines_all_exited_is_not_rated() -> None:
    ledger = Ledger.from_records(
        [_enterprise(1, 100.0), _enterprise(2, 100.0)],
        [{"line_id": "L1", "credit_code": _code(1), "equipment": "tyre_line", "status": "exited"}],
    )
    first, second = classes.classify(ledger).enterprises
    assert first.code == "T" and second.code != "T"


def test_rated_enterprises_ignore_not_rated_ones_in_the_benchmark() -> None:
    recs = [_enterprise(1, 100.0), _enterprise(2, 900.0, industry="coal_power")]
    result = classes.classify(Ledger.from_records(recs, []))
    assert result.benchmarks["tax_per_mu"] == 1.0


def test_the_publication_gives_a_five_day_appeal_deadline() -> None:
    result = classes.classify(_ledger(3), published=dt.date(2022, 3, 1))
    assert result.appeal_deadline == dt.date(2022, 3, 6)
    data = classes.to_json(result)
    assert data["appeal_deadline"] == "2022-03-06"


def test_each_class_brings_its_measures() -> None:
    measures = classes.default().measures
    assert set(measures) == {"A", "B", "C", "D", "T"}
    assert any("1 元" in m.text for m in measures["D"])


def test_class_boundaries_must_end_at_one_hundred() -> None:
    raw = classes.default().model_dump(mode="json", exclude={"digest"})
    raw["classes"][-1]["up_to_pct"] = 99
    with pytest.raises(ClassesError, match="各类的比例上限须逐类增大"):
        classes.parse(raw)


# Point 4 of issue 10: indicators, benchmarks, ratios against the cap and scores in decimal.
# In binary 1.1 ÷ 5 ÷ 0.11 is 2.0000000000000004 and was flagged as above the 2.0 cap.
@pytest.mark.parametrize(
    ("tax", "capped", "ratio"),
    [(1.09999999, False, 1.9999999818181817), (1.1, False, 2.0), (1.10000001, True, 2.0)],
)
def test_the_cap_is_decided_exactly(tax: float, capped: bool, ratio: float) -> None:
    ledger = Ledger.from_records([_enterprise(1, tax, land_area_mu=5.0)], [])
    part = classes.classify(ledger, benchmarks={"tax_per_mu": 0.11}).enterprises[0].indicators[0]
    assert (part.capped, part.ratio) == (capped, ratio)


def test_an_indicator_binary_division_gets_wrong_is_exact() -> None:
    # 23.4 万元 ÷ 9 亩 is 2.6 万元/亩, not 2.5999999999999996.
    ledger = Ledger.from_records([_enterprise(1, 23.4, land_area_mu=9.0)], [])
    part = classes.classify(ledger, benchmarks={"tax_per_mu": 1.3}).enterprises[0].indicators[0]
    assert (part.value, part.ratio) == (2.6, 2.0)
