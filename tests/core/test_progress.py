"""Progress toward the capacity targets of 二(三), computed from verified exits in the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import make_enterprise, make_line

from resolute.core import targets
from resolute.core.ledger import Ledger
from resolute.core.progress import Progress, progress, status_of

D = dt.date
AS_OF = D(2022, 12, 31)
BOOK = targets.default()
RULES = BOOK.status_rules


def exited(on: dt.date, **line: Any) -> dict[str, Any]:
    return {"status": "exited", "exited_on": on, **line}


def ledger(*pairs: tuple[dict[str, Any], list[dict[str, Any]]]) -> Ledger:
    """Enterprises with their lines (each line takes its enterprise's credit code)."""
    ents, lines = [], []
    for ent, its_lines in pairs:
        ents.append(ent)
        lines += [{**ln, "credit_code": ent["credit_code"]} for ln in its_lines]
    return Ledger.from_records(ents, lines)


def of(ledger: Ledger, as_of: dt.date = AS_OF) -> dict[str, Progress]:
    return {p.target.id: p for p in progress(ledger, as_of)}


ZIBO = {"city": "淄博", "county": "张店区"}
LINYI = {"city": "临沂", "county": "兰山区"}
LAIWU = {"city": "济南", "county": "莱芜区"}


# ─── what is summed ────────────────────────────────────────────────────────────


def test_crude_steel_sums_steel_making_equipment_and_pig_iron_sums_blast_furnaces() -> None:
    steel = make_enterprise("steel", **ZIBO)
    found = of(
        ledger(
            (
                steel,
                [
                    make_line("bof", **exited(D(2021, 5, 1), capacity=100.0)),
                    make_line("eaf", **exited(D(2021, 6, 1), capacity=50.0)),
                    make_line("induction_medium_freq", **exited(D(2021, 7, 1), capacity=5.0)),
                    make_line("iron_melting", **exited(D(2021, 8, 1), capacity=10.0)),
                    make_line("blast_furnace", **exited(D(2021, 9, 1), capacity=200.0)),
                    make_line("bof", capacity=300.0),  # still operating
                ],
            )
        )
    )
    crude = found["steel.crude_steel.2021_2022.province"]
    assert crude.achieved == 165.0
    assert crude.population == 465.0
    assert found["steel.pig_iron.2021_2022.province"].achieved == 200.0
    assert found["steel.crude_steel.2021.province"].achieved == 165.0
    assert found["steel.crude_steel.2022.province"].achieved == 0.0
    assert len(crude.achieved_lines) == 4


def test_coal_power_sums_the_capacity_of_low_efficiency_units_in_10k_kw() -> None:
    power = make_enterprise("coal_power", **LINYI)
    found = of(
        ledger(
            (
                power,
                [
                    make_line("coal_unit", **exited(D(2021, 3, 1), capacity=100.0, coal_g_kwh=320.0)),
                    make_line("coal_unit", **exited(D(2021, 11, 30), capacity=106.65,
                                                    steam_class="mid_or_below")),
                    make_line("coal_unit", **exited(D(2022, 2, 1), capacity=60.0, ultra_low=False)),
                    make_line("coal_unit", **exited(D(2021, 4, 1), capacity=66.0)),  # efficient
                ],
            )
        )
    )  # fmt: skip
    year = found["coal_power.capacity.2021"]
    assert year.target.unit == "万千瓦"
    assert year.achieved == pytest.approx(206.65)
    assert year.status == "met"  # 100 + 106.65 reaches 206.65 despite floating point
    assert found["coal_power.capacity.2021_2022"].achieved == pytest.approx(266.65)


def test_refining_counts_an_enterprise_once_its_last_consolidated_unit_exits() -> None:
    first = make_enterprise("refining", city="东营", county="东营区")
    second = make_enterprise("refining", city="东营", county="东营区")
    yulong = {"yulong_consolidation": True}
    found = of(
        ledger(
            (first, [make_line("cdu", **exited(D(2021, 6, 1), capacity=300.0, **yulong)),
                     make_line("cdu", **exited(D(2022, 2, 1), capacity=200.0, **yulong))]),
            (second, [make_line("cdu", **exited(D(2021, 9, 1), capacity=280.0, **yulong)),
                      make_line("cdu", capacity=800.0, yulong_consolidation=False)]),
        )
    )  # fmt: skip
    assert found["refining.enterprises.2021"].achieved == 1  # only the second is fully out
    assert found["refining.enterprises.2022"].achieved == 1
    assert found["refining.enterprises.2021_2022"].achieved == 2
    assert found["refining.capacity.2021"].achieved == 580.0
    assert found["refining.capacity.2021_2022"].achieved == 780.0


def test_mines_are_counted_per_mine_and_their_capacity_in_10k_t() -> None:
    mines = make_enterprise("coal_mine", city="济宁", county="邹城市")
    found = of(
        ledger(
            (mines, [make_line("coal_mine", **exited(D(2021, 10, 1), capacity=30.0)),
                     make_line("coal_mine", **exited(D(2021, 12, 1), capacity=21.0)),
                     make_line("coal_mine", capacity=25.0)]),
        )
    )  # fmt: skip
    small = found["coal_mine.small_mines.2021"]
    assert (small.achieved, small.population, small.target.unit) == (2, 3, "处")
    assert found["coal_mine.small_mines_capacity.2021"].achieved == 51.0


# ─── which exits count ─────────────────────────────────────────────────────────


def test_only_exits_inside_the_period_and_on_or_before_the_day_count() -> None:
    steel = make_enterprise("steel", **LINYI)
    bof = "bof"
    data = ledger(
        (
            steel,
            [
                make_line(bof, line_id="before", **exited(D(2020, 12, 31), capacity=1.0)),
                make_line(bof, line_id="first", **exited(D(2021, 1, 1), capacity=10.0)),
                make_line(bof, line_id="last", **exited(D(2022, 12, 31), capacity=100.0)),
                make_line(bof, line_id="after", **exited(D(2023, 1, 1), capacity=1000.0)),
            ],
        )
    )
    whole = of(data)["steel.crude_steel.2021_2022.province"]
    assert whole.achieved == 110.0
    assert whole.achieved_lines == ("first", "last")
    early = of(data, D(2022, 12, 30))["steel.crude_steel.2021_2022.province"]
    assert early.achieved == 10.0
    assert early.forecast == 110.0  # the recorded exit of the 31st is still to come


def test_an_exit_without_a_date_is_reported_but_not_counted() -> None:
    steel = make_enterprise("steel", **LINYI)
    data = ledger((steel, [make_line("bof", line_id="B", status="exited", capacity=50.0)]))
    crude = of(data)["steel.crude_steel.2021_2022.province"]
    assert (crude.achieved, crude.undated_exits) == (0.0, ("B",))


def test_the_corridor_excludes_laiwu_and_gangcheng_which_count_outside_it() -> None:
    found = of(
        ledger(
            (make_enterprise("steel", **LAIWU), [make_line("bof", **exited(D(2021, 5, 1), capacity=40.0))]),
            (make_enterprise("steel", city="济南", county="历下区"),
             [make_line("bof", **exited(D(2021, 5, 1), capacity=7.0))]),
            (make_enterprise("steel", **ZIBO), [make_line("bof", **exited(D(2021, 5, 1), capacity=3.0))]),
        )
    )  # fmt: skip
    corridor = found["steel.crude_steel.2021_2022.corridor"]
    outside = found["steel.crude_steel.2021_2022.outside_corridor"]
    assert (corridor.achieved, outside.achieved) == (10.0, 40.0)
    assert {c: b.achieved for c, b in corridor.by_city.items()} == {"济南": 7.0, "淄博": 3.0}
    assert found["steel.crude_steel.2021_2022.province"].by_industry["steel"].achieved == 50.0


# ─── forecast and status ───────────────────────────────────────────────────────


def test_planned_exits_with_deadlines_inside_the_period_make_the_forecast() -> None:
    steel = make_enterprise("steel", **LINYI)
    data = ledger(
        (
            steel,
            [
                make_line("blast_furnace", line_id="done", **exited(D(2021, 4, 1), capacity=300.0)),
                make_line("blast_furnace", line_id="due", capacity=200.0,
                          exit_deadline=D(2022, 10, 31)),
                make_line("blast_furnace", line_id="late", capacity=500.0,
                          exit_deadline=D(2023, 6, 30)),
            ],
        )
    )  # fmt: skip
    iron = of(data, D(2022, 1, 15))["steel.pig_iron.2021_2022.province"]
    assert (iron.achieved, iron.forecast) == (300.0, 500.0)
    assert iron.planned_lines == ("due",)
    assert iron.remaining == 2238.0 - 300.0
    assert iron.percent == pytest.approx(300.0 / 2238.0 * 100)
    closed = of(data, D(2023, 1, 1))["steel.pig_iron.2021_2022.province"]
    assert (closed.forecast, closed.status) == (300.0, "behind")  # the period is over


def test_a_share_target_counts_the_lines_that_must_go() -> None:
    cement = make_enterprise("cement", **LINYI)
    data = ledger(
        (
            cement,
            [
                make_line("clinker_line", **exited(D(2022, 5, 1), capacity=2500.0)),
                make_line("clinker_line", capacity=2500.0, exit_deadline=D(2024, 6, 30)),
                make_line("clinker_line", capacity=5000.0),
            ],
        )
    )
    found = of(data, D(2022, 6, 30))
    half = found["cement.clinker_2500.half.2022"]
    assert (half.achieved, half.population, half.status) == (50.0, 2, "met")
    full = found["cement.clinker_2500.all.2024"]
    assert (full.achieved, full.forecast, full.status) == (50.0, 100.0, "on_track")


def test_a_share_target_with_nothing_left_to_exit_is_met() -> None:
    found = of(ledger((make_enterprise("cement", **LINYI), [make_line("clinker_line")])))
    mills = found["cement.mill_3_2.2022"]
    assert (mills.achieved, mills.population, mills.status) == (100.0, 0, "met")


STATUS_CASES = [
    (100.0, 100.0, False, "met"),
    (99.99, 150.0, False, "on_track"),
    (50.0, 100.0, False, "on_track"),
    (50.0, 80.0, False, "at_risk"),
    (50.0, 79.99, False, "behind"),
    (0.0, 0.0, False, "behind"),
    (100.0, 100.0, True, "met"),
    (99.99, 150.0, True, "behind"),
]


@pytest.mark.parametrize(("achieved", "forecast", "ended", "status"), STATUS_CASES)
def test_status_boundaries_follow_the_data_rules(
    achieved: float, forecast: float, ended: bool, status: str
) -> None:
    assert status_of(achieved, forecast, 100.0, ended, RULES) == status


def test_every_capacity_target_of_the_key_tasks_is_reported() -> None:
    results = progress(Ledger.from_records([], []), AS_OF)
    assert [p.target.id for p in results] == [t.id for t in BOOK.measured()]
    assert len(results) >= 30
    assert all(p.target.clause.startswith("二(三)") for p in results)


# Point 4 of issue 10: the status is decided exactly, at decimal precision, with no tolerance.
EXACT_STATUS_CASES = [
    (100.0, 100.0, "met"),  # at the target
    (99.99999999, 100.0, "on_track"),  # just below, at the ledger's precision (10⁻⁸)
    (100.00000001, 100.0, "met"),  # just above
    (0.7 + 0.1, 0.8, "met"),  # a binary sum 0.7999999999999999 is 0.8 as written
    (23.4 / 9, 2.6, "met"),  # 2.5999999999999996 is 2.6 as written
]


@pytest.mark.parametrize(("achieved", "goal", "status"), EXACT_STATUS_CASES)
def test_status_is_decided_at_decimal_precision(achieved: float, goal: float, status: str) -> None:
    assert status_of(achieved, 2 * goal, goal, False, RULES) == status


def test_an_exact_sum_just_short_of_the_target_is_not_met() -> None:
    from fractions import Fraction

    just_below = Fraction(8 * 10**7 - 1, 10**8)  # 0.79999999 万吨
    assert status_of(just_below, Fraction(2), 0.8, True, RULES) == "behind"
    assert status_of(Fraction(4, 5), Fraction(2), 0.8, True, RULES) == "met"
