"""The what-if between two whole rulebooks (a version in force and a draft of its successor):
the same difference as a threshold scenario, and only the industries whose rules differ are
re-assessed unless something every rule may read changed."""

from __future__ import annotations

from builders import ledger_of, make_enterprise, make_line

from resolute.core import rulebook, whatif

BOOK = rulebook.default()
FURNACE = "steel.technology.blast_furnace_volume"


def test_a_whole_draft_moves_the_same_lines_as_the_threshold_scenario() -> None:
    ledger = ledger_of(make_enterprise("steel", employees=850),
                       make_line("blast_furnace", volume_m3=420.0))  # fmt: skip
    draft, _ = whatif.scenario_book(BOOK, {FURNACE: 450})
    by_books = whatif.compare_books(ledger, BOOK, draft)
    by_changes = whatif.compare(ledger, {FURNACE: 450}, BOOK)
    assert by_books.line_rows() == by_changes.line_rows()
    assert by_books.summary()["employees"] == 850
    assert by_books.changes == ()


def test_the_same_rulebook_changes_nothing() -> None:
    ledger = ledger_of(make_enterprise("steel"), make_line("blast_furnace", volume_m3=380.0))
    assert whatif.compare_books(ledger, BOOK, BOOK).empty


def test_only_the_industries_whose_rules_differ_are_touched() -> None:
    draft, _ = whatif.scenario_book(BOOK, {FURNACE: 450})
    assert whatif._touched_industries(BOOK, draft) == {"steel"}
    assert whatif._touched_industries(BOOK, BOOK) == set()


def test_a_change_outside_the_rules_touches_every_industry() -> None:
    figure = BOOK.figures["tax_per_mu"].model_copy(update={"label": "单位用地税收（新）"})
    draft = BOOK.model_copy(update={"figures": {**BOOK.figures, "tax_per_mu": figure}})
    assert len(whatif._touched_industries(BOOK, draft)) == len(whatif.schema.INDUSTRIES)


def test_a_rule_removed_or_moved_touches_its_industry() -> None:
    rules = tuple(r for r in BOOK.rules if r.id != FURNACE)
    assert whatif._touched_industries(BOOK, BOOK.model_copy(update={"rules": rules})) == {"steel"}
    steel = [r for r in BOOK.rules if r.industry == "steel"]
    others = [r for r in BOOK.rules if r.industry != "steel"]
    moved = tuple(others + steel[::-1])
    assert whatif._touched_industries(BOOK, BOOK.model_copy(update={"rules": moved})) == {"steel"}
