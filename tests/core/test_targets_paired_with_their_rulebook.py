"""The targets name the rulebook's enterprise totals (aggregates) and flags; the versions in
force on a day are read together: the duties follow the rulebook in force with the targets,
not the bundled one, and a rulebook that lacks what the targets name cannot be paired with
them."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import ledger_of, make_enterprise, make_line

from resolute.core import policies, rulebook, targets
from resolute.core.obligations import evaluate
from resolute.core.policies import PolicyError

AS_OF = dt.date(2023, 6, 30)
#: The all-steel radial total of 二(三)6 counts ordinary tyres only (工程轮胎 … 除外).
ORDINARY_ONLY = """    where:
      all:
        - {field: tyre_type, op: eq, value: all_steel_radial}
        - {field: specialty, op: eq, value: ordinary}
"""
#: A successor counting every all-steel radial line in the total.
EVERY_ALL_STEEL = "    where: {field: tyre_type, op: eq, value: all_steel_radial}\n"
RADIAL = "where: {field: tyre_type, op: in, value: [all_steel_radial, semi_steel_radial]}"
RADIAL_OR_BIAS = (
    "where: {field: tyre_type, op: in, value: [all_steel_radial, semi_steel_radial, bias]}"
)


def rulebook_2023(*edits: tuple[str, str]) -> policies.Version:
    text = policies.bundled("rulebook").text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    text = text.replace("  effective: 2021-01-01", "  effective: 2023-01-01", 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return policies.parse("rulebook", text)


def in_force(rules: policies.Version, day: dt.date) -> policies.PolicySet:
    hist = policies.histories([rules])
    return policies.in_force(hist, day)


def tyre_works() -> tuple[object, ...]:
    """An enterprise of 30 ordinary and 80 engineering all-steel radial tyres a year."""
    return (
        make_enterprise("tyre"),
        make_line("tyre_line", line_id="T1", capacity=30.0, tyre_type="all_steel_radial",
                  specialty="ordinary"),
        make_line("tyre_line", line_id="T2", capacity=80.0, tyre_type="all_steel_radial",
                  specialty="engineering"),
    )  # fmt: skip


@pytest.mark.parametrize(("day", "owing"), [(dt.date(2022, 12, 31), {"T1"}),
                                            (dt.date(2023, 1, 1), {"T1", "T2"})])  # fmt: skip
def test_the_enterprise_total_is_the_one_of_the_rulebook_in_force_with_the_targets(
    day: dt.date, owing: set[str]
) -> None:
    chosen = in_force(rulebook_2023((ORDINARY_ONLY, EVERY_ALL_STEEL)), day)
    book = chosen.targets
    assert book.paired_rulebook is chosen.rulebook
    assert (
        book.aggregates["ordinary_all_steel_radial_capacity"]
        == (chosen.rulebook.aggregates["ordinary_all_steel_radial_capacity"])
    )
    report = evaluate(ledger_of(*tyre_works()), AS_OF, book)
    task = "tyre.all_steel_small_enterprise"
    assert {o.line_id for o in report.obligations if o.task_id == task} == owing


@pytest.mark.parametrize(("day", "owed"), [(dt.date(2022, 12, 31), False),
                                           (dt.date(2023, 1, 1), True)])  # fmt: skip
def test_the_flags_the_duties_read_are_those_of_the_rulebook_in_force(
    day: dt.date, owed: bool
) -> None:
    # A successor that counts a bias-tyre maker among the radial ones (makes_radial_tyres).
    chosen = in_force(rulebook_2023((RADIAL, RADIAL_OR_BIAS)), day)
    ledger = ledger_of(make_enterprise("tyre"), make_line("tyre_line", tyre_type="bias"),
                       make_line("vulcanizer", line_id="V1", nitrogen_process=False))  # fmt: skip
    report = evaluate(ledger, AS_OF, chosen.targets)
    task = "tyre.vulcanizer_without_nitrogen"
    assert any(o.task_id == task for o in report.obligations) is owed


def test_a_rulebook_without_a_total_the_targets_name_cannot_be_paired_with_them() -> None:
    renamed = rulebook_2023(
        ("  ordinary_all_steel_radial_capacity:\n", "  ordinary_all_steel_radial_total:\n"),
        ("{field: ordinary_all_steel_radial_capacity,", "{field: ordinary_all_steel_radial_total,"),
    )
    with pytest.raises(PolicyError, match="ordinary_all_steel_radial_capacity"):
        _ = in_force(renamed, dt.date(2023, 1, 1)).targets
    # The day before, the bundled rulebook is in force with the bundled targets.
    assert in_force(renamed, dt.date(2022, 12, 31)).targets.version == "2021.1"


def test_the_bundled_targets_are_paired_with_the_bundled_rulebook() -> None:
    bundled = policies.in_force(policies.bundled_histories(), AS_OF)
    assert bundled.targets.paired_rulebook.digest == rulebook.default().digest
    assert targets.default().paired_rulebook.digest == rulebook.default().digest
