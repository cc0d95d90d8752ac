"""Numbers compared as the plan writes them: in decimal, exactly.

The plan's thresholds are decimals (单位用地税收 2.6 万元/亩) and so are the ledger's figures
(23.4 万元, 9 亩). Binary floating point cannot hold most decimals, so a computed figure
such as 23.4 ÷ 9 comes out as 2.5999999999999996 and would fail a 2.6 standard it meets.
Every computed comparison (a ratio against a threshold, a sum against a threshold, one
ratio against another) therefore goes through this module:

- a number is read *as written*: the shortest decimal that gives back the stored value
  (what the ledger, a spreadsheet or a data file shows), taken to :data:`SCALE` decimal
  places (round half to even) — finer digits are not ledger data;
- such numbers are held as integers of 10⁻⁸ (:func:`units`), so sums and cross-products
  are exact, and ``a ÷ b`` against ``t`` is decided as ``a · 10⁸ ⋚ t · b``;
- a computed figure is *shown* as the float nearest its exact value (:func:`quotient`), so
  23.4 ÷ 9 shows as 2.6.

The Polars engine does the same with ``Int128`` columns (:func:`units_expr`), so the
vectorised engine and the reference evaluator agree bit for bit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import polars as pl

#: Decimal places a ledger number is read to.
SCALE = 8
ONE = 10**SCALE
_QUANTUM = Decimal(1).scaleb(-SCALE)


def decimal(value: float | int) -> Decimal:
    """The number as written, to :data:`SCALE` places."""
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    text = str(value) if isinstance(value, int) else repr(float(value))
    return Decimal(text).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def units(value: float | int) -> int:
    """The number as written, in integer units of 10⁻⁸."""
    return int(decimal(value).scaleb(SCALE))


def fraction(value: float | int) -> Fraction:
    return Fraction(units(value), ONE)


def quotient(num: float | int, den: float | int) -> float | None:
    """``num ÷ den`` of the numbers as written, shown as the float nearest the exact value;
    None when ``den`` is zero."""
    d = units(den)
    return None if d == 0 else float(Fraction(units(num), d))


def compare(op: str, left: Fraction, right: Fraction) -> bool:
    if op == "lt":
        return left < right
    if op == "le":
        return left <= right
    if op == "gt":
        return left > right
    if op == "ge":
        return left >= right
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    raise ValueError(op)


def at_least(value: float | int, threshold: float | int) -> bool:
    """``value ≥ threshold`` for two numbers as written."""
    return units(value) >= units(threshold)


def ratio_at_least(num: float | int, den: float | int, ratio: float | int) -> bool:
    """``num ÷ den ≥ ratio`` exactly (``den`` > 0), e.g. a replacement ratio against 1.5."""
    d = units(den)
    if d <= 0:
        raise ValueError("the divisor must be positive")
    return bool(units(num) * ONE >= units(ratio) * d)


def to_float(amount_units: int) -> float:
    """An exact amount in units of 10⁻⁸, shown as the nearest float."""
    return float(Fraction(amount_units, ONE))


# ─── the same in Polars ─────────────────────────────────────────────────────────


def units_expr(expr: pl.Expr) -> pl.Expr:
    """A numeric column as written, in Int128 units of 10⁻⁸ (as :func:`units`)."""
    as_written = expr.cast(pl.Float64).cast(pl.String).str.to_decimal(scale=SCALE)
    return (as_written * pl.lit(ONE)).cast(pl.Int128)


def ratio_expr(op: str, num_units: pl.Expr, den_units: pl.Expr, threshold: float | int) -> pl.Expr:
    """``num ÷ den op threshold`` decided exactly on unit columns; null when ``den`` is zero
    or either is null."""
    t = pl.lit(units(threshold), pl.Int128)
    sign = pl.when(den_units < 0).then(pl.lit(-1, pl.Int128)).otherwise(pl.lit(1, pl.Int128))
    left = num_units * pl.lit(ONE, pl.Int128) * sign
    right = t * den_units * sign
    ops = {
        "lt": left.__lt__,
        "le": left.__le__,
        "gt": left.__gt__,
        "ge": left.__ge__,
        "eq": left.__eq__,
        "ne": left.__ne__,
    }
    return pl.when(den_units != 0).then(ops[op](right)).otherwise(None)


def units_compare_expr(op: str, amount_units: pl.Expr, threshold: float | int) -> pl.Expr:
    """An exact amount (Int128 units) against a threshold as written."""
    t = pl.lit(units(threshold), pl.Int128)
    ops = {
        "lt": amount_units.__lt__,
        "le": amount_units.__le__,
        "gt": amount_units.__gt__,
        "ge": amount_units.__ge__,
        "eq": amount_units.__eq__,
        "ne": amount_units.__ne__,
    }
    return ops[op](t)
