"""The vectorised engine must agree with the plain reference evaluator, finding for finding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.core import credit_code, engine, reference, rulebook, schema
from resolute.core.ledger import Ledger
from resolute.core.schema import Kind

BOOK = rulebook.default()

# Numbers drawn around every threshold the rulebook holds, so boundaries are hit often.
_THRESHOLDS = sorted(
    {
        float(leaf.value)
        for r in BOOK.rules
        for leaf in rulebook.leaves(r.fails_if)
        if isinstance(leaf.value, int | float) and not isinstance(leaf.value, bool)
    }
)
#: Small divisors, and thresholds multiplied by them exactly in decimal: a figure such as
#: (2.6 × 9) ÷ 9 is then exactly at its threshold, where binary division misses it.
_DIVISORS = (3.0, 7.0, 9.0, 0.3, 1.1)
_PRODUCTS = sorted(
    {float(Decimal(repr(t)) * Decimal(repr(d))) for t in _THRESHOLDS for d in _DIVISORS}
)
NUMBERS = st.one_of(
    st.none(),
    st.sampled_from(_THRESHOLDS),
    st.sampled_from(_DIVISORS),
    st.sampled_from(_PRODUCTS),
    st.sampled_from(_THRESHOLDS).map(lambda t: t * 0.999),
    st.sampled_from(_THRESHOLDS).map(lambda t: t * 1.001),
    st.just(0.0),
    st.floats(min_value=0, max_value=10_000, allow_nan=False),
)


def _value(spec: schema.FieldSpec, equipment: str | None = None) -> st.SearchStrategy[Any]:
    if spec.kind in (Kind.NUMBER,):
        return NUMBERS
    if spec.kind is Kind.INTEGER:
        return st.one_of(st.none(), st.integers(0, 5), st.integers(0, 2000))
    if spec.kind is Kind.BOOL:
        return st.one_of(st.none(), st.booleans())
    if spec.kind is Kind.ENUM:
        codes = spec.choice_codes()
        if spec.key == "process" and equipment:
            codes = schema.PROCESS_BY_EQUIPMENT[equipment]
        return st.one_of(st.none(), st.sampled_from(codes))
    if spec.kind is Kind.DATE:
        return st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)))
    return st.none()


ENTERPRISE_KEYS = [
    f for f in schema.ENTERPRISE_FIELDS if f.kind in (Kind.NUMBER, Kind.INTEGER, Kind.BOOL)
]
STATUS_KEYS = (
    "env_status",
    "safety_status",
    "energy_status",
    "status",
    "upgrade_hopeless",
    "capacity",
    "unit_energy",
    "exited_on",
)


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    enterprises: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    for e in range(draw(st.integers(1, 6))):
        industry = draw(st.sampled_from(schema.INDUSTRIES))
        ent: dict[str, Any] = {
            "credit_code": credit_code.complete(f"91370300MA{e:07d}"),
            "name": f"企业{e}",
            "city": draw(st.sampled_from(("淄博", "济南", "临沂"))),
            "county": draw(st.sampled_from((None, "莱芜区", "历下区"))),
            "industry": industry.code,
        }
        for spec in ENTERPRISE_KEYS:
            ent[spec.key] = draw(_value(spec))
        enterprises.append(ent)
        for n in range(draw(st.integers(0, 5))):
            equipment = draw(st.sampled_from(industry.equipment))
            line: dict[str, Any] = {
                "line_id": f"E{e}L{n}",
                "credit_code": ent["credit_code"],
                "equipment": equipment,
            }
            for key in STATUS_KEYS:
                line[key] = draw(_value(schema.LINE_FIELD_BY_KEY[key]))
            for spec in schema.equipment_fields(equipment):
                line[spec.key] = draw(_value(spec, equipment))
            lines.append(line)
    return Ledger.from_records(enterprises, lines)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_engine_and_reference_agree_on_random_ledgers(ledger: Ledger) -> None:
    expected = reference.assess(ledger, BOOK)
    actual = engine.assess(ledger, BOOK)
    assert actual.lines == expected.lines
    assert actual.enterprises == expected.enterprises


def test_engine_handles_an_empty_ledger() -> None:
    empty = Ledger.from_records([], [])
    result = engine.assess(empty, BOOK)
    assert result.lines == () and result.enterprises == ()
    assert result == reference.assess(empty, BOOK)


def test_the_generator_draws_the_fields_and_processes_added_for_the_uncovered_requirements() -> (
    None
):
    # 二(三)8 手续不齐备且无法完善 (blank, true, false), 二(三)2 城市人口密集区 and the
    # high-mercury catalyst makers of 二(二)8(4) all reach the random ledgers above.
    assert "permits_unfixable" in {f.key for f in ENTERPRISE_KEYS}
    assert "in_dense_urban_area" in {f.key for f in schema.equipment_fields("cdu")}
    assert "high_mercury_catalyst" in schema.PROCESS_BY_EQUIPMENT["resin_unit"]
