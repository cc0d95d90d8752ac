"""Policy what-if (政策推演): what changes if a standard's threshold is made stricter or looser.

A scenario is the current rulebook with some thresholds replaced: ``{rule_id: new_value}``
sets the value of the rule's *measure* (the comparison a finding reports, e.g. the 400 of
"volume ≤ 400"). The ledger is assessed under both rulebooks with the columnar engine and the
difference reported: lines and enterprises whose outcome changes, capacity newly to exit per
unit, employees of enterprises newly eliminated, all broken down by city and industry.

Only lines that have not exited are compared: an exited line has nothing left to decide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from resolute.core import engine, schema, words
from resolute.core.assessment import OUTCOME_CODE, OUTCOME_LABELS, OUTCOMES
from resolute.core.cities import official_names
from resolute.core.ledger import Ledger
from resolute.core.rulebook import NUMERIC_OPS, AllOf, AnyOf, Condition, Leaf, Rule, Rulebook

SCENARIO_SUFFIX = "+scenario"
_ELIMINATE = OUTCOME_CODE["eliminate"]


class WhatIfError(ValueError):
    """A change that cannot be applied: unknown rule, no numeric threshold, not a number."""


@dataclass(frozen=True, slots=True)
class Change:
    """One threshold change, with what it was, for display and for the saved scenario."""

    rule_id: str
    industry: str
    field: str
    op: str
    old: float
    new: float
    wording: str
    #: The measured quantity in words (有效容积), as pages and exports name it.
    field_label: str = ""


def adjustable(rule: Rule) -> bool:
    """A rule whose measure is a numeric comparison, so its threshold can be changed."""
    leaf = rule.measure
    return (
        leaf is not None
        and leaf.op in NUMERIC_OPS
        and isinstance(leaf.value, int | float)
        and not isinstance(leaf.value, bool)
    )


def _number(rule_id: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise WhatIfError(f"规则 {rule_id} 的新阈值必须是数字")
    try:
        value = float(raw)
    except ValueError:
        raise WhatIfError(f"规则 {rule_id} 的新阈值“{raw}”不是数字") from None
    if not math.isfinite(value):
        raise WhatIfError(f"规则 {rule_id} 的新阈值必须是有限数字")
    return value


def _replace_first(cond: Condition, value: float) -> tuple[Condition, bool]:
    """The condition with its first leaf (depth first, the measure) given ``value``."""
    if isinstance(cond, Leaf):
        return cond.model_copy(update={"value": value}), True
    parts = cond.all if isinstance(cond, AllOf) else cond.any
    out: list[Condition] = []
    done = False
    for part in parts:
        if done:
            out.append(part)
            continue
        new, done = _replace_first(part, value)
        out.append(new)
    if isinstance(cond, AllOf):
        return AllOf(all=tuple(out)), done
    return AnyOf(any=tuple(out)), done


def scenario_book(book: Rulebook, changes: Mapping[str, Any]) -> tuple[Rulebook, list[Change]]:
    """The rulebook with ``changes`` applied, and the changes that differ from it.

    Raises :class:`WhatIfError` for an unknown rule, a rule without a numeric threshold,
    or a value that is not a number. Changes equal to the current value are dropped.
    """
    by_id = {r.id: r for r in book.rules}
    applied: list[Change] = []
    replaced: dict[str, Rule] = {}
    for rule_id, raw in changes.items():
        rule = by_id.get(rule_id)
        if rule is None:
            raise WhatIfError(f"没有规则 {rule_id}")
        if not adjustable(rule) or rule.fails_if is None:
            raise WhatIfError(f"规则 {rule_id} 没有可调整的数值阈值")
        value = _number(rule_id, raw)
        measure = rule.measure
        assert measure is not None and isinstance(measure.value, int | float)
        if float(measure.value) == value:
            continue
        fails_if, _ = _replace_first(rule.fails_if, value)
        replaced[rule_id] = rule.model_copy(update={"fails_if": fails_if})
        applied.append(
            Change(
                rule_id,
                rule.industry,
                measure.field,
                measure.op,
                float(measure.value),
                value,
                rule.wording,
                book.field_label(measure.field),
            )
        )
    rules = tuple(replaced.get(r.id, r) for r in book.rules)
    new_book = book.model_copy(update={"rules": rules, "version": book.version + SCENARIO_SUFFIX})
    return new_book, applied


@dataclass(frozen=True)
class Difference:
    """What a scenario changes. ``lines``/``enterprises`` hold only the rows that change,
    with ``from``/``to`` outcome codes; the summaries are JSON-ready."""

    changes: tuple[Change, ...]
    lines: pl.DataFrame
    enterprises: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.lines.is_empty() and self.enterprises.is_empty()

    def capacity(self) -> dict[str, float]:
        """Capacity of lines newly to exit, per unit (units differ by equipment)."""
        newly = self.lines.filter(_newly())
        sums = newly.group_by("unit").agg(pl.col("capacity").fill_null(0).sum()).sort("unit")
        return {str(u): round(float(c), 4) for u, c in sums.iter_rows()}

    def employees(self) -> int:
        """Employees of the enterprises newly eliminated."""
        newly = self.enterprises.filter(_newly())
        return int(newly["employees"].fill_null(0).sum())

    def by(self, key: str) -> list[dict[str, Any]]:
        """Counts grouped by ``city`` or ``industry``, largest effect first."""
        lines = self.lines.group_by(key).agg(
            pl.len().alias("lines_changed"),
            _newly().sum().alias("lines_newly_eliminated"),
            _no_longer().sum().alias("lines_no_longer_eliminated"),
        )
        ents = self.enterprises.group_by(key).agg(
            pl.len().alias("enterprises_changed"),
            _newly().sum().alias("enterprises_newly_eliminated"),
            pl.when(_newly()).then(pl.col("employees")).otherwise(0).sum().alias("employees"),
        )
        joined = lines.join(ents, on=key, how="full", coalesce=True).fill_null(0)
        tie = _city_rank(key) if key == "city" else pl.col(key)
        ordered = joined.sort(
            [pl.col("lines_newly_eliminated"), pl.col("lines_changed"), tie, pl.col(key)],
            descending=[True, True, False, False],
        )
        rows = ordered.to_dicts()
        if key == "industry":
            for row in rows:
                row["label"] = words.industry_label(row["industry"])
        return rows

    def transitions(self, frame: pl.DataFrame) -> list[dict[str, Any]]:
        """Counts per (from, to) outcome pair, with Chinese labels."""
        counts = frame.group_by("from", "to").agg(pl.len().alias("count")).sort("from", "to")
        return [
            {
                "from": OUTCOMES[f],
                "to": OUTCOMES[t],
                "from_label": OUTCOME_LABELS[OUTCOMES[f]],
                "to_label": OUTCOME_LABELS[OUTCOMES[t]],
                "count": int(n),
            }
            for f, t, n in counts.iter_rows()
        ]

    def line_rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        frame = self.lines.sort(_city_rank("city"), "city", "credit_code", "line_id")
        if limit is not None:
            frame = frame.head(limit)
        return [_labelled(r) for r in frame.to_dicts()]

    def enterprise_rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        frame = self.enterprises.sort(_city_rank("city"), "city", "credit_code")
        if limit is not None:
            frame = frame.head(limit)
        return [_labelled(r) for r in frame.to_dicts()]

    def summary(self) -> dict[str, Any]:
        """The figures a saved scenario keeps (no row lists: those are recomputed)."""
        newly_lines = self.lines.filter(_newly())
        newly_ents = self.enterprises.filter(_newly())
        return {
            "changes": [change_json(c) for c in self.changes],
            "lines_changed": self.lines.height,
            "lines_newly_eliminated": newly_lines.height,
            "lines_no_longer_eliminated": self.lines.filter(_no_longer()).height,
            "enterprises_changed": self.enterprises.height,
            "enterprises_newly_eliminated": newly_ents.height,
            "employees": self.employees(),
            "capacity": self.capacity(),
            "line_transitions": self.transitions(self.lines),
            "enterprise_transitions": self.transitions(self.enterprises),
            "by_city": self.by("city"),
            "by_industry": self.by("industry"),
        }


def change_json(c: Change) -> dict[str, Any]:
    return {
        "rule_id": c.rule_id,
        "industry": c.industry,
        "field": c.field,
        "op": c.op,
        "old": c.old,
        "new": c.new,
        "wording": c.wording,
        "field_label": c.field_label,
    }


def _newly() -> pl.Expr:
    return (pl.col("to") == _ELIMINATE) & (pl.col("from") != _ELIMINATE)


def _no_longer() -> pl.Expr:
    return (pl.col("from") == _ELIMINATE) & (pl.col("to") != _ELIMINATE)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["from"] = OUTCOMES[row["from"]]
    out["to"] = OUTCOMES[row["to"]]
    out["from_label"] = OUTCOME_LABELS[out["from"]]
    out["to_label"] = OUTCOME_LABELS[out["to"]]
    out["industry_label"] = words.industry_label(row.get("industry"))
    if "equipment" in row:
        out["equipment_label"] = words.equipment_label(row["equipment"])
    return out


_UNITS = {e.code: e.capacity_unit for e in schema.EQUIPMENT}
_ACTIVE = pl.col("status").fill_null("operating") != "exited"


def compare(ledger: Ledger, changes: Mapping[str, Any], book: Rulebook) -> Difference:
    """Assess ``ledger`` under ``book`` and under ``book`` with ``changes``; the difference.

    Only the industries a change touches are re-assessed: other rules are unchanged, so
    their outcomes cannot move.
    """
    scenario, applied = scenario_book(book, changes)
    return _difference(ledger, book, scenario, {c.industry for c in applied}, tuple(applied))


def compare_books(ledger: Ledger, before: Rulebook, after: Rulebook) -> Difference:
    """Assess ``ledger`` under two whole rulebooks (a version in force and a draft of its
    successor); the difference, with no threshold :class:`Change` listed (the versions' own
    diff says what changed).

    Only the industries whose rules differ are re-assessed; a change outside the rules (a
    figure, an aggregate, a flag, a capacity class, a document) may touch any rule, so it
    re-assesses every industry.
    """
    industries = _touched_industries(before, after)
    return _difference(ledger, before, after, industries, ())


def _touched_industries(before: Rulebook, after: Rulebook) -> set[str]:
    rest = {"rules", "version", "digest"}
    if before.model_dump(exclude=rest) != after.model_dump(exclude=rest):
        return {i.code for i in schema.INDUSTRIES}
    old = {r.id: r for r in before.rules}
    new = {r.id: r for r in after.rules}
    touched = {r.industry for r in before.rules if new.get(r.id) != r}
    touched |= {r.industry for r in after.rules if old.get(r.id) != r}
    # Rules are read in their written order within an industry: a move counts as a change.
    for code in {r.industry for r in (*before.rules, *after.rules)}:
        if [r.id for r in before.for_industry(code)] != [r.id for r in after.for_industry(code)]:
            touched.add(code)
    return touched


def _difference(
    ledger: Ledger,
    book: Rulebook,
    scenario: Rulebook,
    industries_touched: set[str],
    applied: tuple[Change, ...],
) -> Difference:
    empty_lines = _empty_lines()
    empty_ents = _empty_enterprises()
    if not industries_touched:
        return Difference(applied, empty_lines, empty_ents)
    industries = sorted(industries_touched)
    ents = ledger.enterprises.filter(pl.col("industry").is_in(industries))
    lines = ledger.lines.filter(pl.col("credit_code").is_in(ents["credit_code"].implode()))
    part = Ledger(ents, lines)
    before = engine.assess_frames(part, book)
    after = engine.assess_frames(part, scenario)

    line_info = before.frame.select(
        "_l",
        "line_id",
        "credit_code",
        "name",
        "city",
        "industry",
        "equipment",
        "capacity",
        "status",
    )
    line_diff = (
        line_info.join(before.line_outcomes.select("_l", pl.col("outcome").alias("from")), on="_l")
        .join(after.line_outcomes.select("_l", pl.col("outcome").alias("to")), on="_l")
        .filter(_ACTIVE & (pl.col("from") != pl.col("to")))
        .with_columns(
            pl.col("equipment")
            .replace_strict(_UNITS, default="", return_dtype=pl.String)
            .alias("unit")
        )
        .drop("_l", "status")
    )
    ent_info = before.enterprise_frame.select(
        "_e", "credit_code", "name", "city", "industry", "employees"
    )
    ent_diff = (
        ent_info.join(
            before.enterprise_outcomes.select("_e", pl.col("outcome").alias("from")), on="_e"
        )
        .join(after.enterprise_outcomes.select("_e", pl.col("outcome").alias("to")), on="_e")
        .filter(pl.col("from") != pl.col("to"))
        .drop("_e")
    )
    return Difference(applied, line_diff, ent_diff)


def _empty_lines() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "line_id": pl.String,
            "credit_code": pl.String,
            "name": pl.String,
            "city": pl.String,
            "industry": pl.String,
            "equipment": pl.String,
            "capacity": pl.Float64,
            "from": pl.UInt8,
            "to": pl.UInt8,
            "unit": pl.String,
        }
    )


def _empty_enterprises() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "credit_code": pl.String,
            "name": pl.String,
            "city": pl.String,
            "industry": pl.String,
            "employees": pl.Int64,
            "from": pl.UInt8,
            "to": pl.UInt8,
        }
    )


def _city_rank(column: str) -> pl.Expr:
    """The official rank of a city-name column (officials.md); other names rank last."""
    names = official_names()
    return pl.col(column).replace_strict(
        names, list(range(len(names))), default=len(names), return_dtype=pl.Int32
    )
