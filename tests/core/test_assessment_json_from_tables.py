"""The engine writes the assessment JSON straight from its tables; the bytes must be exactly
those of encoding the verdict objects (``Assessment.json_bytes`` of the plain class, on the
reference evaluator's verdicts where the ledger is small), for every rule, result, retrofit,
limit value, blank, and any text a ledger may hold."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute import demo
from resolute.core import engine, reference, rulebook
from resolute.core.assessment import Assessment
from resolute.core.ledger import Ledger
from resolute.core.rulebook import LimitValue, Rulebook

BOOK = rulebook.default()


def _from_objects(result: Assessment, book: Rulebook) -> bytes:
    plain = Assessment(result.rulebook_version, result.lines, result.enterprises)
    return plain.json_bytes(book)


def _from_reference(ledger: Ledger, book: Rulebook) -> bytes:
    result = reference.assess(ledger, book)
    assert type(result) is Assessment
    return result.json_bytes(book)


def _with_limit_values(book: Rulebook) -> Rulebook:
    """Energy determinations with a limit value on their first equipment: a blank
    determination then reports the line's unit energy."""
    rules = []
    for rule in book.rules:
        if rule.determination == "energy_status" and rule.equipment:
            limit = LimitValue(
                equipment=rule.equipment[0], value=50.0, unit="kgce/t", source="test"
            )
            rule = rule.model_copy(update={"limit_values": (limit,)})
        rules.append(rule)
    return book.model_copy(update={"rules": tuple(rules)})


def test_a_demo_province_writes_the_same_bytes_both_ways() -> None:
    ents, lines = demo.generate(3000, seed=7)
    result = engine.assess(Ledger.from_records(ents, lines), BOOK)
    data = result.json_bytes(BOOK)
    assert data == _from_objects(result, BOOK)
    for word in (b'"exempt"', b'"unknown"', b'"fail"', b'"retrofit":', b'"exemption":'):
        assert word in data


def test_blank_determinations_with_limit_values_report_the_unit_energy() -> None:
    book = _with_limit_values(BOOK)
    ents, lines = demo.generate(500, seed=3)
    for line in lines[::2]:
        line["energy_status"] = None
    ledger = Ledger.from_records(ents, lines)
    data = engine.assess(ledger, book).json_bytes(book)
    assert data == _from_reference(ledger, book)
    assert b'"field": "unit_energy"' in data


def test_an_empty_ledger_writes_empty_lists() -> None:
    empty = Ledger.from_records([], [])
    assert engine.assess(empty, BOOK).json_bytes(BOOK) == _from_reference(empty, BOOK)


TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=6)
NUMBER = st.one_of(st.none(), st.just(-0.0), st.floats(0, 1e9, allow_nan=False))
NUMERIC_LINE_KEYS = ("capacity", "unit_energy", "volume_m3", "chamber_height_m", "unit_mw")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    texts=st.lists(TEXT, min_size=4, max_size=4),
    numbers=st.lists(NUMBER, min_size=len(NUMERIC_LINE_KEYS), max_size=len(NUMERIC_LINE_KEYS)),
    blanks=st.sets(st.sampled_from(("env_status", "safety_status", "energy_status", "status"))),
)
def test_any_text_and_number_writes_the_same_bytes_both_ways(
    seed: int, texts: list[str], numbers: list[float | None], blanks: set[str]
) -> None:
    ents, lines = demo.generate(60, seed=seed)
    ents[0]["name"], ents[0]["county"] = texts[0], texts[1]
    lines[0]["line_id"], lines[-1]["line_id"] = texts[2], texts[3]
    line: dict[str, Any]
    for line in lines[::3]:
        for key, number in zip(NUMERIC_LINE_KEYS, numbers, strict=True):
            if key in line:
                line[key] = number
        for key in blanks:
            line[key] = None
    book = _with_limit_values(BOOK) if seed % 2 else BOOK
    ledger = Ledger.from_records(ents, lines)
    assert engine.assess(ledger, book).json_bytes(book) == _from_reference(ledger, book)
