"""The risk register of exits (五(二)): the head count to resettle and the heat supply to
replace, from a ledger and the lines that must exit (issue #14 point 2: the rules in the core)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from builders import make_enterprise, make_line

from resolute.core import risks
from resolute.core.ledger import Ledger

PLAN_START = dt.date(2021, 1, 1)


def _register(enterprises: list[dict[str, Any]], lines: list[dict[str, Any]],
              must_exit: Iterable[str], with_duty: Iterable[str] = (),
              cities: tuple[str, ...] = ()) -> dict[str, risks.CityRisks]:  # fmt: skip
    ledger = Ledger.from_records(enterprises, lines)
    return risks.register(ledger, must_exit, with_duty, PLAN_START, cities)


def _works(employees: int | None, *capacities: float, equipment: str = "clinker_line",
           city: str = "淄博") -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    ent = make_enterprise("cement", city=city, employees=employees)
    code = ent["credit_code"]
    lines = [make_line(equipment, code, line_id=f"{city}-{i}", capacity=c)
             for i, c in enumerate(capacities, start=1)]  # fmt: skip
    return ent, lines


def test_an_enterprise_whose_every_line_exits_counts_all_its_employees() -> None:
    ent, lines = _works(120, 2500.0, 3000.0)
    (affected,) = _register([ent], lines, {"淄博-1", "淄博-2"})["淄博"].enterprises
    assert (affected.basis, affected.share, affected.affected) == ("whole", 1.0, 120)
    assert affected.exiting == ("淄博-1", "淄博-2") and affected.lines == 2


def test_a_partial_exit_counts_the_exiting_share_of_capacity() -> None:
    ent, lines = _works(300, 2500.0, 7500.0)
    (affected,) = _register([ent], lines, {"淄博-1"})["淄博"].enterprises
    assert (affected.basis, affected.share, affected.affected) == ("capacity", 0.25, 75)


@pytest.mark.parametrize(("employees", "expected"), [(10, 3), (14, 4), (6, 2)])
def test_the_head_count_is_rounded_half_up(employees: int, expected: int) -> None:
    # A quarter: 2.5 → 3, 3.5 → 4, 1.5 → 2 (half up, not to even).
    ent, lines = _works(employees, 1000.0, 3000.0)
    (affected,) = _register([ent], lines, {"淄博-1"})["淄博"].enterprises
    assert affected.affected == expected


def test_capacities_in_different_units_are_shared_by_line_count() -> None:
    ent = make_enterprise("steel", employees=90)
    code = ent["credit_code"]
    lines = [make_line("blast_furnace", code, line_id="BF"), make_line("bof", code, line_id="BOF"),
             make_line("bof", code, line_id="BOF2")]  # fmt: skip
    (affected,) = _register([ent], lines, {"BF"})["淄博"].enterprises
    assert (affected.basis, affected.affected) == ("lines", 30)
    assert affected.share == pytest.approx(1 / 3)


def test_a_missing_capacity_falls_back_to_line_count() -> None:
    ent, lines = _works(100, 2500.0, 2500.0)
    lines[1]["capacity"] = None
    (affected,) = _register([ent], lines, {"淄博-1"})["淄博"].enterprises
    assert (affected.basis, affected.affected) == ("lines", 50)


def test_an_unknown_head_count_is_unknown_not_zero() -> None:
    ent, lines = _works(None, 2500.0)
    city = _register([ent], lines, {"淄博-1"})["淄博"]
    assert city.enterprises[0].affected is None
    assert (city.employees, city.employees_unknown) == (0, 1)


def test_an_enterprise_with_nothing_to_exit_is_not_listed() -> None:
    ent, lines = _works(100, 2500.0)
    assert _register([ent], lines, set()) == {}
    assert _register([ent], lines, set(), cities=("淄博", "临沂")).keys() == {"淄博", "临沂"}


def test_heating_units_that_must_exit_and_units_kept_for_heat_are_listed() -> None:
    plant = make_enterprise("coal_power", employees=300)
    code = plant["credit_code"]
    small = {"steam_class": "mid_or_below", "unit_mw": 25.0, "capacity": 2.5}
    lines = [
        make_line("coal_unit", code, line_id="CU-1", unit_type="extraction",
                  heat_irreplaceable=False, **small),
        make_line("coal_unit", code, line_id="CU-2", unit_type="extraction",
                  heat_irreplaceable=True, **small),
        make_line("coal_unit", code, line_id="CU-3", unit_type="condensing",
                  heat_irreplaceable=False, **small),
        make_line("coal_unit", code, line_id="CU-4", capacity=5.0),
    ]  # fmt: skip
    city = _register([plant], lines, {"CU-1", "CU-3"}, {"CU-2"})["淄博"]
    assert [(u.line_id, u.must_exit) for u in city.heat_units] == [("CU-1", True), ("CU-2", False)]
    assert city.heat_units[1].reason == "热力无法接续，须改造后保障供热"
    assert city.heat_mw == 50.0


def test_totals_add_the_cities() -> None:
    zibo, zibo_lines = _works(100, 2500.0)
    linyi, linyi_lines = _works(None, 2500.0, city="临沂")
    register = _register([zibo, linyi], zibo_lines + linyi_lines, {"淄博-1", "临沂-1"})
    assert risks.totals(register) == risks.Totals(enterprises=2, employees=100,
                                                  employees_unknown=1)  # fmt: skip
    assert risks.totals({}) == risks.Totals()
