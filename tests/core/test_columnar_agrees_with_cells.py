"""The column-wise validation (Polars) agrees with the per-cell reference: for any raw
rows, the same ledger (values, dtypes, notes) or the same errors in the same order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import make_enterprise, make_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.core import schema
from resolute.core.ledger import LedgerInvalid, RawRow, RawTable, validate, validate_reference
from resolute.core.schema import FieldSpec, Kind
from resolute.io.readers import xlsx_value

ENTS = [make_enterprise("steel", city="淄博", county="张店区"),
        make_enterprise("coking", city="临沂", county="兰山区")]  # fmt: skip
LINES = [
    make_line("blast_furnace", ENTS[0]["credit_code"], line_id="A-1"),
    make_line("bof", ENTS[0]["credit_code"], line_id="A-2"),
    make_line("coke_oven", ENTS[1]["credit_code"], line_id="B-1"),
]
UNITS = {"chamber_height_m": ("毫米", "炭化室高度（毫米）"), "capacity": ("吨/年", "产能（吨/年）")}


def _raw_values(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """Raw cells of every shape a file may hold for a field: right, odd and wrong."""
    common = st.sampled_from([None, "", "  ", "abc", "合计", True, "\x0b", "是"])
    if spec.kind in (Kind.NUMBER, Kind.INTEGER):
        return st.one_of(
            common,
            st.floats(allow_nan=True, allow_infinity=True, width=32),
            st.integers(-5, 10**6),
            st.sampled_from(["120", "1,200", "1,2", "１２０", " 5 ", "4.3米", "4300毫米",
                             "120万吨/年", "-1", "1e3", "+7", ".5", "5.", "inf", "nan", "1_0"]),
        )  # fmt: skip
    if spec.kind is Kind.DATE:
        return st.one_of(
            common,
            st.dates(dt.date(1980, 1, 1), dt.date(2110, 1, 1)),
            st.integers(0, 80000),
            st.sampled_from(["2021-12-31", "2021-6-3", "2021/12/31", "2021年12月31日",
                             "2021-02-30", "2021-12-31 ", "０２１-1-1", "2021-12-31 00:00"]),
        )  # fmt: skip
    if spec.kind is Kind.BOOL:
        return st.one_of(common, st.sampled_from([True, False, "否", "TRUE", "Yes", "y", 1, 0,
                                                  1.0, 2, "是 ", "ｙｅｓ"]))  # fmt: skip
    if spec.kind is Kind.ENUM:
        labels = [c.label for c in spec.choices] + [c.code for c in spec.choices]
        return st.one_of(common, st.sampled_from(labels),
                         st.sampled_from(labels).map(lambda s: f" {s}"), st.just(1.0))  # fmt: skip
    if spec.kind is Kind.CITY:
        return st.one_of(common, st.sampled_from(["淄博", "淄博市", "临沂", "莱芜", "济南 "]))
    if spec.kind is Kind.CREDIT_CODE:
        codes = [e["credit_code"] for e in ENTS]
        return st.one_of(common, st.sampled_from(codes),
                         st.sampled_from(codes).map(str.lower), st.just("91370300MA0000000X"))  # fmt: skip
    return st.one_of(common, st.text(max_size=8), st.sampled_from(["A-1", "A 1", "x" * 300]),
                     st.floats(0, 10, width=16), st.just(12.0))  # fmt: skip


def _cells(spec: FieldSpec, rec: dict[str, Any]) -> Any:
    return xlsx_value(spec, rec.get(spec.key))


@st.composite
def raw_rows(draw: Any) -> tuple[list[RawRow], list[RawRow]]:
    with_units = draw(st.booleans())
    units = {k: v for k, v in UNITS.items() if with_units}
    sheets = []
    for title, fields, records in (("企业", schema.ENTERPRISE_FIELDS, ENTS),
                                   ("生产线", schema.LINE_FIELDS, LINES)):  # fmt: skip
        rows = [RawRow(title, n, {f.key: _cells(f, r) for f in fields},
                       units if title == "生产线" else {})
                for n, r in enumerate(records, start=2)]  # fmt: skip
        for _ in range(draw(st.integers(0, 6))):
            row = draw(st.sampled_from(rows))
            spec = draw(st.sampled_from(fields))
            row.cells[spec.key] = draw(_raw_values(spec))
        if draw(st.booleans()):
            rows.append(RawRow(title, len(rows) + 2, dict(draw(st.sampled_from(rows)).cells),
                               units if title == "生产线" else {}))  # fmt: skip
        sheets.append(rows)
    return sheets[0], sheets[1]


def _outcome(check: Any, ents: list[RawRow], lines: list[RawRow]) -> Any:
    try:
        ledger = check(ents, lines, notes=["n"], columns={"lines": frozenset({"line_id"})})
    except LedgerInvalid as exc:
        return ("invalid", [(e.sheet, e.row, e.column, e.message) for e in exc.errors])
    return (
        "valid",
        ledger.enterprises.to_dicts(),
        ledger.lines.to_dicts(),
        ledger.enterprises.schema,
        ledger.lines.schema,
        ledger.notes,
        ledger.columns,
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_rows())
def test_column_wise_validation_agrees_with_the_reference(
    rows: tuple[list[RawRow], list[RawRow]],
) -> None:
    ents, lines = rows
    assert _outcome(validate, ents, lines) == _outcome(validate_reference, ents, lines)


def _as_table(rows: list[RawRow]) -> RawTable:
    """The rows held as columns, as a workbook is read (every row has every key)."""
    keys = list(rows[0].cells) if rows else []
    columns = {k: [r.cells.get(k) for r in rows] for k in keys}
    units = rows[0].units if rows else {}
    return RawTable(rows[0].sheet if rows else "", [r.row for r in rows], columns, units)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_rows())
def test_rows_held_as_columns_validate_as_the_reference(
    rows: tuple[list[RawRow], list[RawRow]],
) -> None:
    ents, lines = rows
    tables: Any = (_as_table(ents), _as_table(lines))
    assert _outcome(validate, *tables) == _outcome(validate_reference, ents, lines)


def test_a_table_gives_its_rows_and_a_missing_column_as_empty() -> None:
    table = RawTable("生产线", [3, 5], {"line_id": ["A-1", "A-2"]})
    assert table[1] == RawRow("生产线", 5, {"line_id": "A-2"})
    assert [r.row for r in table] == [3, 5] and len(table[:1]) == 1
    assert table.column("status") == [None, None]


@pytest.mark.parametrize("column", ["volume_m3", "exit_deadline", "status", "line_id"])
def test_a_column_in_plain_shape_takes_the_fast_path(column: str) -> None:
    from resolute.core.columnar import _fast

    spec = schema.LINE_FIELD_BY_KEY[column]
    raw = {"volume_m3": [380.0, None, 1080], "exit_deadline": ["2021-12-31", None],
           "status": ["在产", "exited"], "line_id": ["A-1", "B.2"]}[column]  # fmt: skip
    assert _fast(spec, raw) is not None


def test_an_integer_too_large_for_a_float_is_left_to_the_reference() -> None:
    # Found by the property test: 9.2234e18 in 数据年度 crashed the cast to Int64.
    from resolute.core.columnar import _fast

    year = schema.ENTERPRISE_FIELD_BY_KEY["year"]
    assert _fast(year, [9.2234e18, 2020.0]) is None
    assert _fast(year, [float(schema.INTEGER_MAX + 1)]) is None
    assert _fast(year, [float(schema.INTEGER_MAX), 2020.0]) is not None
    ents = [RawRow("企业", 2, {f.key: _cells(f, r) for f in schema.ENTERPRISE_FIELDS}, {})
            for r in ENTS]  # fmt: skip
    ents[0].cells["year"] = 9.2234e18
    lines = [RawRow("生产线", n, {f.key: _cells(f, r) for f in schema.LINE_FIELDS}, {})
             for n, r in enumerate(LINES, start=2)]  # fmt: skip
    outcome = _outcome(validate, ents, lines)
    assert outcome == _outcome(validate_reference, ents, lines)
    assert outcome[0] == "invalid"
    assert any(e[2] == "year" and "超出整数的范围" in e[3] for e in outcome[1])


@pytest.mark.parametrize(
    ("value", "ok"),
    [(float(schema.NUMBER_MAX), True), (float(schema.NUMBER_MAX) * 1.000001, False)],
)
def test_a_number_beyond_the_exact_range_is_refused_by_both_paths(value: float, ok: bool) -> None:
    # Larger numbers would overflow the engine's Int128 exact comparison (core/exact.py).
    from resolute.core.columnar import _fast

    capacity = schema.LINE_FIELD_BY_KEY["capacity"]
    assert (_fast(capacity, [value, 120.0]) is not None) is ok
    ents = [RawRow("企业", 2, {f.key: _cells(f, r) for f in schema.ENTERPRISE_FIELDS}, {})
            for r in ENTS]  # fmt: skip
    lines = [RawRow("生产线", n, {f.key: _cells(f, r) for f in schema.LINE_FIELDS}, {})
             for n, r in enumerate(LINES, start=2)]  # fmt: skip
    lines[0].cells["capacity"] = value
    outcome = _outcome(validate, ents, lines)
    assert outcome == _outcome(validate_reference, ents, lines)
    if ok:
        assert outcome[0] != "invalid"
    else:
        assert outcome[0] == "invalid"
        assert any(e[2] == "capacity" and "超出数值的范围" in e[3] for e in outcome[1])


def test_a_stored_number_beyond_the_range_is_refused_when_the_ledger_is_built() -> None:
    # A record stored before the bound existed (the database path skips cell validation).
    from resolute.core.ledger import Ledger

    ok = make_line("blast_furnace", ENTS[0]["credit_code"], capacity=float(schema.NUMBER_MAX))
    Ledger.from_records(ENTS, [ok])
    big = make_line("blast_furnace", ENTS[0]["credit_code"], capacity=1e13)
    with pytest.raises(ValueError, match="超出数值的范围"):
        Ledger.from_records(ENTS, [big])
