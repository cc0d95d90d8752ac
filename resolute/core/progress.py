"""Progress toward the capacity targets of 二(三), computed from the ledger, never typed in.

For each target with a ``measure``, the qualifying lines are those of the measured
equipment, in the target's area, not already gone before its period, and (when the measure
names one) obligated by its task or meeting its condition. Then:

- **achieved** sums, in the target's unit, the lines whose verified exit date (``exited_on``)
  falls inside the period and on or before ``as_of``: their capacity, their number, or the
  number of enterprises whose every qualifying line has so exited (counted on the day the
  last one exits). A share measure gives the percentage of the qualifying lines or
  enterprises so exited.
- **forecast** adds the planned exits: lines not exited by ``as_of`` whose exit date or
  deadline (``exit_deadline``) falls inside the period, while the period is still open.
- **status** follows the data's rules (``status_rules``): met, on track, at risk or behind.

Every figure is broken down by city and industry, with the line numbers behind it. An exit
without a date cannot be verified and is reported separately, never counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import polars as pl

from resolute.core import engine, exact, schema, words
from resolute.core import obligations as obligations_mod
from resolute.core import targets as targets_data
from resolute.core.ledger import Ledger
from resolute.core.targets import Measure, Status, StatusRules, Target, Targets, number


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Raw amounts (capacity, or a count of lines or enterprises) for one city or industry."""

    achieved: float
    planned: float
    population: float

    def as_json(self) -> dict[str, Any]:
        return {
            "achieved": number(round(self.achieved, 4)),
            "planned": number(round(self.planned, 4)),
            "population": number(round(self.population, 4)),
        }


@dataclass(frozen=True)
class Progress:
    target: Target
    as_of: dt.date
    achieved: float
    forecast: float
    remaining: float
    percent: float
    status: Status
    #: The qualifying amount in the ledger (capacity or count), exited or not.
    population: float
    by_city: dict[str, Breakdown]
    by_industry: dict[str, Breakdown]
    achieved_lines: tuple[str, ...]
    planned_lines: tuple[str, ...]
    undated_exits: tuple[str, ...]
    unknown_capacity: tuple[str, ...]
    #: The target's period is over on ``as_of``: only met or behind (未完成) remain.
    period_ended: bool = False

    def status_label(self, rules: StatusRules) -> str:
        return rules.label(self.status, self.period_ended)


def status_of(
    achieved: float | Fraction,
    forecast: float | Fraction,
    target: float,
    period_ended: bool,
    rules: StatusRules,
) -> Status:
    """The first rule whose basis reaches its share of the target; a forecast says nothing
    once the period has ended.

    Decided exactly, in decimal (see core/exact.py): a float is read as written, a Fraction
    (an exact sum or share from :func:`progress`) as it is; no tolerance either way."""
    goal = exact.fraction(target)
    for rule in rules.rules:
        if rule.basis == "forecast" and period_ended:
            continue
        value = achieved if rule.basis == "achieved" else forecast
        if _exactly(value) >= goal * exact.fraction(rule.ratio):
            return rule.status
    return rules.after_period_end if period_ended else rules.otherwise


def _exactly(value: float | Fraction) -> Fraction:
    return value if isinstance(value, Fraction) else exact.fraction(value)


def progress(
    ledger: Ledger, as_of: dt.date, book: Targets | None = None, *, at_close: bool = False
) -> list[Progress]:
    """Progress on ``as_of`` of every measured target (the capacity targets of 二(三)).

    ``at_close``: the state at the close of ``as_of`` (a report for a period ending that day):
    a target whose period ends on ``as_of`` has then ended, so it is met or behind."""
    book = book or targets_data.default()
    frame = obligations_mod.line_frame(ledger, book.plan_start, book.paired_rulebook)
    obligated: dict[str, pl.Series] = {}
    results = []
    for target in book.measured():
        measure = target.measure
        assert measure is not None and target.target is not None
        if measure.task is not None and measure.task not in obligated:
            lines = obligations_mod.task_lines(frame, book.task(measure.task), book, as_of)
            obligated[measure.task] = lines.filter(pl.col("qualifies").fill_null(False))["line_id"]
        qualifying = obligated.get(measure.task) if measure.task else None
        results.append(
            _one(frame, target, measure, target.target, qualifying, as_of, book, at_close)
        )
    return results


def _one(
    frame: pl.DataFrame,
    target: Target,
    measure: Measure,
    goal: float,
    qualifying: pl.Series | None,
    as_of: dt.date,
    book: Targets,
    at_close: bool = False,
) -> Progress:
    period = target.period
    exited_on = pl.col("exited_on")
    scope = (
        pl.col("equipment").is_in(list(measure.equipment))
        & obligations_mod.area(target.scope).fill_null(False)
        & ~(exited_on < period.start).fill_null(False)
    )
    if qualifying is not None:
        scope = scope & pl.col("line_id").is_in(qualifying.implode())
    if measure.where is not None:
        scope = scope & engine.condition(measure.where, book.paired_rulebook).fill_null(False)
    still_open = as_of < period.end if at_close else as_of <= period.end
    exited = pl.col("status").fill_null("operating") == "exited"
    planned_on = (
        pl.when(exited_on > as_of)
        .then(exited_on)
        .when(~exited & exited_on.is_null())
        .then(pl.col("exit_deadline"))
        .otherwise(None)
    )
    lines = frame.filter(scope).select(
        "line_id",
        "credit_code",
        pl.col("city").fill_null(words.UNKNOWN),
        pl.col("industry").fill_null(words.UNKNOWN),
        "capacity",
        (exited & exited_on.is_between(period.start, min(period.end, as_of)))
        .fill_null(False)
        .alias("a"),
        (pl.lit(still_open) & planned_on.is_between(period.start, period.end))
        .fill_null(False)
        .alias("p"),
        (exited & exited_on.is_null()).alias("undated"),
    )
    if measure.count == "enterprises":
        # An enterprise is out when every qualifying line of it is; planned when the rest of
        # its lines are planned.
        everyone = pl.col("a") | pl.col("p")
        units = lines.group_by("credit_code").agg(
            pl.col("city").first(),
            pl.col("industry").first(),
            pl.lit(1.0).alias("amount"),
            pl.col("a").all(),
            (~pl.col("a").all() & everyone.all()).alias("p"),
        )
        in_unit = pl.col("credit_code").is_in
        achieved_lines = lines.filter(in_unit(units.filter("a")["credit_code"].implode()))[
            "line_id"
        ]
        planned_lines = lines.filter(in_unit(units.filter("p")["credit_code"].implode()))["line_id"]
    else:
        amount = pl.col("capacity").fill_null(0.0) if measure.count == "capacity" else pl.lit(1.0)
        units = lines.with_columns(amount.cast(pl.Float64).alias("amount"))
        achieved_lines = units.filter("a")["line_id"]
        planned_lines = units.filter("p")["line_id"]

    def totals(by: str) -> dict[str, Breakdown]:
        grouped = units.group_by(by).agg(*_sums())
        return {
            row[by]: Breakdown(row["achieved"], row["planned"], row["population"])
            for row in grouped.to_dicts()
        }

    whole = units.select(*_sums(), *_exact_sums()).row(0, named=True)
    population = whole["population"] or 0.0
    # The status is decided on exact sums of the amounts as written (Int128 units of 10⁻⁸),
    # never on a binary sum: 0.7 + 0.1 万吨 reaches a 0.8 万吨 target.
    reached_u, planned_u, population_u = (
        int(whole["achieved_u"] or 0),
        int(whole["planned_u"] or 0),
        int(whole["population_u"] or 0),
    )
    if measure.share:
        hundred = Fraction(100)
        achieved_x = hundred * reached_u / population_u if population_u else hundred
        forecast_x = hundred * (reached_u + planned_u) / population_u if population_u else hundred
    else:
        achieved_x = Fraction(reached_u, exact.ONE)
        forecast_x = Fraction(reached_u + planned_u, exact.ONE)
    achieved, forecast = float(achieved_x), float(forecast_x)
    rules = book.status_rules
    unknown_capacity = (
        lines.filter(pl.col("capacity").is_null())["line_id"]
        if measure.count == "capacity"
        else pl.Series([], dtype=pl.String)
    )
    return Progress(
        target=target,
        as_of=as_of,
        achieved=achieved,
        forecast=forecast,
        remaining=float(max(exact.fraction(goal) - achieved_x, Fraction(0))),
        percent=float(100 * achieved_x / exact.fraction(goal)),
        status=status_of(achieved_x, forecast_x, goal, not still_open, rules),
        population=population,
        by_city=_ordered(totals("city"), schema.CITIES),
        by_industry=_ordered(totals("industry"), tuple(i.code for i in schema.INDUSTRIES)),
        achieved_lines=tuple(sorted(achieved_lines.to_list())),
        planned_lines=tuple(sorted(planned_lines.to_list())),
        undated_exits=tuple(sorted(lines.filter("undated")["line_id"].to_list())),
        unknown_capacity=tuple(sorted(unknown_capacity.to_list())),
        period_ended=not still_open,
    )


def _sums() -> list[pl.Expr]:
    amount = pl.col("amount")
    return [
        amount.filter(pl.col("a")).sum().alias("achieved"),
        amount.filter(pl.col("p")).sum().alias("planned"),
        amount.sum().alias("population"),
    ]


def _exact_sums() -> list[pl.Expr]:
    amount = exact.units_expr(pl.col("amount"))
    zero = pl.lit(0, pl.Int128)
    return [
        pl.when(pl.col("a")).then(amount).otherwise(zero).sum().alias("achieved_u"),
        pl.when(pl.col("p")).then(amount).otherwise(zero).sum().alias("planned_u"),
        amount.sum().alias("population_u"),
    ]


def _ordered(found: dict[str, Breakdown], order: tuple[str, ...]) -> dict[str, Breakdown]:
    known = [k for k in order if k in found]
    return {k: found[k] for k in [*known, *sorted(set(found) - set(order))]}


def progress_json(p: Progress, book: Targets) -> dict[str, Any]:
    t = p.target
    measure = t.measure
    assert measure is not None
    return {
        "target_id": t.id,
        "clause": t.clause,
        "indicator": t.indicator,
        "wording": t.wording,
        "unit": t.unit,
        "comparison": t.comparison,
        "target": number(t.target),
        "achieved": number(round(p.achieved, 4)),
        "remaining": number(round(p.remaining, 4)),
        "percent": number(round(p.percent, 2)),
        "forecast": number(round(p.forecast, 4)),
        "status": p.status,
        "status_label": p.status_label(book.status_rules),
        "period_ended": p.period_ended,
        "period": t.period.as_json(),
        "scope": t.scope.as_json(),
        "lead": list(t.lead),
        "measure": {
            "equipment": list(measure.equipment),
            "count": measure.count,
            "share": measure.share,
            "task": measure.task,
            "capacity_unit": measure.capacity_unit() if measure.count == "capacity" else None,
        },
        "population": number(round(p.population, 4)),
        "by_city": {k: v.as_json() for k, v in p.by_city.items()},
        "by_industry": {k: v.as_json() for k, v in p.by_industry.items()},
        "lines": {
            "achieved": list(p.achieved_lines),
            "planned": list(p.planned_lines),
            "undated_exits": list(p.undated_exits),
            "unknown_capacity": list(p.unknown_capacity),
        },
    }


def to_json(results: list[Progress], as_of: dt.date, book: Targets) -> dict[str, Any]:
    """The JSON contract of ``resolute progress --format json``."""
    return {
        "targets_version": book.full_version,
        "as_of": as_of.isoformat(),
        "status_rules": book.status_rules.note,
        "targets": [progress_json(p, book) for p in results],
    }
