"""Policy what-if: a changed threshold moves exactly the lines it should, and nothing else."""

from __future__ import annotations

import pytest
from builders import ledger_of, make_enterprise, make_line

from resolute.core import rulebook, whatif
from resolute.core.ledger import Ledger
from resolute.core.rulebook import Leaf

BOOK = rulebook.default()
FURNACE = "steel.technology.blast_furnace_volume"


def furnace_ledger(volume: float) -> Ledger:
    ent = make_enterprise("steel", employees=850)
    return ledger_of(ent, make_line("blast_furnace", volume_m3=volume))


def test_stricter_furnace_threshold_eliminates_a_420_m3_furnace() -> None:
    diff = whatif.compare(furnace_ledger(420.0), {FURNACE: 450}, BOOK)
    [line] = diff.line_rows()
    assert (line["from"], line["to"]) == ("compliant", "eliminate")
    [ent] = diff.enterprise_rows()
    assert (ent["from"], ent["to"]) == ("compliant", "eliminate")
    summary = diff.summary()
    assert summary["lines_newly_eliminated"] == 1
    assert summary["employees"] == 850
    assert sum(summary["capacity"].values()) == 300.0
    assert summary["by_city"][0]["city"] == "淄博"


def test_scenario_book_changes_only_the_threshold_and_marks_the_version() -> None:
    book, changes = whatif.scenario_book(BOOK, {FURNACE: "450"})
    measure = book.rule(FURNACE).measure
    assert isinstance(measure, Leaf) and measure.value == 450.0
    assert book.version.endswith(whatif.SCENARIO_SUFFIX)
    assert [c.old for c in changes] == [400.0]
    assert BOOK.rule(FURNACE).measure == Leaf(field="volume_m3", op="le", value=400)


def test_unknown_rule_is_rejected() -> None:
    with pytest.raises(whatif.WhatIfError, match="没有规则"):
        whatif.compare(furnace_ledger(420.0), {"steel.technology.nonexistent": 1}, BOOK)


def test_non_numeric_value_is_rejected() -> None:
    with pytest.raises(whatif.WhatIfError):
        whatif.scenario_book(BOOK, {FURNACE: "很多"})
    with pytest.raises(whatif.WhatIfError):
        whatif.scenario_book(BOOK, {FURNACE: True})


def test_rule_without_numeric_threshold_is_rejected() -> None:
    with pytest.raises(whatif.WhatIfError, match="阈值"):
        whatif.scenario_book(BOOK, {"steel.safety": 1})


def test_no_change_gives_an_empty_difference() -> None:
    assert whatif.compare(furnace_ledger(420.0), {}, BOOK).empty
    same = whatif.compare(furnace_ledger(420.0), {FURNACE: 400}, BOOK)
    assert same.empty and same.summary()["lines_changed"] == 0


def test_looser_threshold_reports_lines_no_longer_eliminated() -> None:
    diff = whatif.compare(furnace_ledger(380.0), {FURNACE: 350}, BOOK)
    assert diff.summary()["lines_no_longer_eliminated"] == 1
    assert diff.summary()["employees"] == 0
