"""Column-wise typing of raw rows in Polars: the fast path of :func:`ledger.validate`.

A province ledger has a few hundred thousand rows of some seventy columns; typing each cell
in Python dominates reading it. Here each column is typed at once in Polars when every
value in it is of a shape the fast path can decide with certainty — numbers that are
numbers, labels that are labels, ISO dates, plain text. Any other column (a cell with a
unit, a thousands separator, a Chinese date, an error …) is typed cell by cell by the
reference rules (:func:`ledger.typed_cell`), which alone produce messages and conversions.
A property test requires both ways to give the same values and the same errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from resolute.core import credit_code, schema
from resolute.core.ledger import (
    DTYPES,
    FALSE_WORDS,
    TRUE_WORDS,
    LedgerError,
    RawRow,
    RawTable,
    Value,
    typed_cell,
)
from resolute.core.schema import FieldSpec, Kind

_NONE = type(None)
_NUMBER_TEXT = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_ISO_DATE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
# Text the fast path takes as is: no control or special characters, nothing to strip.
_PLAIN_TEXT = r"^[^\s\x00-\x1f\x7f-\x9f\ufffe\uffff](?:[^\x00-\x1f\x7f-\x9f\ufffe\uffff]*[^\s\x00-\x1f\x7f-\x9f\ufffe\uffff])?$"
_SEPARATORS = "".join("\\" + c for c in schema.IDENTIFIER_SEPARATORS)
_IDENTIFIER = "^[A-Za-z0-9][A-Za-z0-9" + _SEPARATORS + "]*$"
_CREDIT_CODE = f"^[{credit_code.ALPHABET}]{{18}}$"
_CODE_VALUES = {c: i for i, c in enumerate(credit_code.ALPHABET)}
_CODE_CHARACTERS = dict(enumerate(credit_code.ALPHABET))
_BOOL_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


Converted = dict[tuple[str, str, str, str, str], list[int]]


def typed_columns(
    rows: Sequence[RawRow],
    specs: Sequence[FieldSpec],
    errors: list[LedgerError],
    converted: Converted,
) -> dict[str, pl.Series]:
    """Every column of ``rows`` typed, as Series of the schema's dtypes, in ``specs`` order.

    Errors are appended in the order the reference gives them (row by row, and within a
    row in ``specs`` order); unit conversions are recorded in ``converted`` as there.
    """
    out: dict[str, pl.Series] = {}
    located: list[tuple[int, int, LedgerError]] = []
    with_units = {key for r in _distinct_units(rows) for key in r}
    for index, spec in enumerate(specs):
        raw = _column(rows, spec.key)
        series = None if spec.key in with_units else _fast(spec, raw)
        if series is not None:
            if spec.required:
                for position in series.is_null().arg_true().to_list():
                    row = rows[position]
                    error = LedgerError(row.sheet, row.row, spec.key, "必填项为空")
                    located.append((position, index, error))
            out[spec.key] = series
            continue
        out[spec.key] = _by_cell(spec, index, rows, out, located, converted)
    located.sort(key=lambda item: (item[0], item[1]))
    errors.extend(error for _, _, error in located)
    return out


def _column(rows: Sequence[RawRow], key: str) -> list[Any]:
    if isinstance(rows, RawTable):
        return rows.column(key)
    return [r.cells.get(key) for r in rows]


def _distinct_units(rows: Sequence[RawRow]) -> list[Any]:
    if isinstance(rows, RawTable):
        return [rows.units]
    seen: dict[int, Any] = {}
    for r in rows:
        seen.setdefault(id(r.units), r.units)
    return list(seen.values())


def _by_cell(
    spec: FieldSpec,
    index: int,
    rows: Sequence[RawRow],
    out: dict[str, pl.Series],
    located: list[tuple[int, int, LedgerError]],
    converted: Converted,
) -> pl.Series:
    """A column typed cell by cell by the reference rules."""
    equipment = out["equipment"].to_list() if spec.key == "capacity" and "equipment" in out \
        else None  # fmt: skip
    values: list[Value] = []
    cache: dict[Any, tuple[Value, list[LedgerError]]] = {}
    cacheable = spec.kind in (Kind.CREDIT_CODE, Kind.CITY, Kind.ENUM)
    table = rows if isinstance(rows, RawTable) else None
    for position, cell in enumerate(_column(rows, spec.key)):
        found: list[LedgerError] = []
        if cacheable and isinstance(cell, str) and cell in cache:
            value, messages = cache[cell]
            sheet, number = (table.sheet, table.numbers[position]) if table is not None \
                else (rows[position].sheet, rows[position].row)  # fmt: skip
            found = [LedgerError(sheet, number, e.column, e.message) for e in messages]
        else:
            row = table.cell_row(position, spec.key) if table is not None else rows[position]
            rec = {"equipment": equipment[position]} if equipment is not None else {}
            value = typed_cell(spec, row, rec, found, converted)
            if cacheable and isinstance(cell, str):
                cache[cell] = (value, found)
        values.append(value)
        located.extend((position, index, e) for e in found)
    return pl.Series(spec.key, values, dtype=DTYPES[spec.kind])


def _fast(spec: FieldSpec, raw: list[Any]) -> pl.Series | None:
    """The column typed in Polars, or None when any value needs the reference rules."""
    kinds = set(map(type, raw))
    kinds.discard(_NONE)
    dtype = DTYPES[spec.kind]
    if not kinds:
        return pl.Series(spec.key, raw, dtype=dtype)
    if spec.kind in (Kind.NUMBER, Kind.INTEGER):
        return _numbers(spec, raw, kinds)
    if kinds != {str}:
        if spec.kind is Kind.BOOL and kinds == {bool}:
            return pl.Series(spec.key, raw, dtype=pl.Boolean())
        if spec.kind is Kind.DATE and kinds == {dt.date}:
            return pl.Series(spec.key, raw, dtype=pl.Date())
        return None
    text = pl.Series(spec.key, raw, dtype=pl.String())
    blank = text.str.strip_chars().str.len_chars() == 0
    if blank.any():
        return None  # blank text is unknown: the reference decides
    if spec.kind is Kind.TEXT:
        if not text.str.contains(_PLAIN_TEXT).all():
            return None
        if (text.str.len_chars() > spec.max_length).any():
            return None
        if spec.identifier and not text.str.contains(_IDENTIFIER).all():
            return None
        return text
    if spec.kind is Kind.ENUM:
        mapping = {c.code: c.code for c in spec.choices}
        mapping.update({c.label: c.code for c in spec.choices})
        typed = text.replace_strict(mapping, default=None, return_dtype=pl.String())
        return typed if typed.null_count() == text.null_count() else None
    if spec.kind is Kind.BOOL:
        words = text.str.to_lowercase()
        typed = words.replace_strict(_BOOL_WORDS, default=None, return_dtype=pl.Boolean())
        return typed if typed.null_count() == text.null_count() else None
    if spec.kind is Kind.DATE:
        if not text.drop_nulls().str.contains(_ISO_DATE).all():
            return None
        typed = text.str.to_date("%Y-%m-%d", strict=False)
        return typed if typed.null_count() == text.null_count() else None
    if spec.kind is Kind.CREDIT_CODE and _valid_credit_codes(text):
        return text  # as written: the reference would take each code unchanged
    return None  # other credit codes and cities: the reference, with a cache


def _valid_credit_codes(text: pl.Series) -> bool:
    """Whether every code in ``text`` is written as a valid credit code: 18 characters of
    GB 32100-2015's alphabet (upper case, no spaces) with the right check character."""
    codes = text.drop_nulls()
    if not codes.str.contains(_CREDIT_CODE).all():
        return False
    code = pl.col("code")
    total = pl.sum_horizontal(
        code.str.slice(i, 1).replace_strict(_CODE_VALUES, return_dtype=pl.Int64()) * weight
        for i, weight in enumerate(credit_code.WEIGHTS)
    )
    check = ((31 - total % 31) % 31).replace_strict(_CODE_CHARACTERS, return_dtype=pl.String())
    return bool(codes.to_frame("code").select((check == code.str.slice(17, 1)).all()).item())


def _numbers(spec: FieldSpec, raw: list[Any], kinds: set[type]) -> pl.Series | None:
    integer = spec.kind is Kind.INTEGER
    if kinds <= {int, float}:
        series = pl.Series(spec.key, raw, dtype=pl.Float64(), strict=False)
    elif kinds == {str}:
        text = pl.Series(spec.key, raw, dtype=pl.String())
        if not text.drop_nulls().str.contains(_NUMBER_TEXT).all():
            return None
        series = text.cast(pl.Float64(), strict=False)
    else:
        return None
    if series.null_count() != sum(1 for v in raw if v is None):
        return None
    valid = series.drop_nulls()
    if valid.is_nan().any() or valid.is_infinite().any() or (valid < 0).any():
        return None
    if integer:
        if (valid != valid.floor()).any() or (valid > schema.INTEGER_MAX).any():
            return None
        return series.cast(pl.Int64())
    if (valid > schema.NUMBER_MAX).any():
        return None
    return series
