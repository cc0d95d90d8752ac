"""The reference evaluator: the rulebook applied record by record in plain Python.

It is written for obviousness, not speed. The vectorised engine (``engine.py``) must agree
with it finding for finding; the property tests hold them to that.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from fractions import Fraction

from resolute.core import cities, exact
from resolute.core.assessment import (
    ELIMINATING,
    RECTIFIABLE,
    RESULT_CODE,
    RESULTS,
    Assessment,
    EnterpriseVerdict,
    Finding,
    LineVerdict,
    enterprise_outcome,
    measure_threshold,
)
from resolute.core.ledger import Ledger, Value
from resolute.core.rulebook import AllOf, AnyOf, Condition, Leaf, Rule, Rulebook

Record = Mapping[str, Value]
Getter = Callable[[str], object]
Truth = bool | None  # None: unknown


def _compare(op: str, value: object, threshold: object) -> bool:
    if op == "eq":
        return value == threshold
    if op == "ne":
        return value != threshold
    if op == "in":
        assert isinstance(threshold, tuple)
        return value in threshold
    assert isinstance(value, int | float) and isinstance(threshold, int | float)
    if op == "lt":
        return value < threshold
    if op == "le":
        return value <= threshold
    if op == "gt":
        return value > threshold
    return value >= threshold


def _leaf(leaf: Leaf, get: Getter) -> Truth:
    value = get(leaf.field)
    if isinstance(value, _Ratio):
        if value.exact is None:
            return None
        assert isinstance(leaf.value, int | float)
        return exact.compare(leaf.op, value.exact, exact.fraction(leaf.value))
    if isinstance(value, _Sum):
        # A lower bound: "less than" is certain only when the sum is complete, and certainly
        # false once the known part already reaches the threshold.
        assert isinstance(leaf.value, int | float)
        known = Fraction(value.units, exact.ONE)
        below = exact.compare(leaf.op, known, exact.fraction(leaf.value))
        return below if value.complete or not below else None
    if value is None:
        if leaf.blank is None:
            return None
        value = leaf.blank
    return _compare(leaf.op, value, leaf.value)


def holds(cond: Condition | None, get: Getter) -> Truth:
    """Three-valued truth of a condition (Kleene logic for all/any)."""
    if cond is None:
        return False
    if isinstance(cond, Leaf):
        return _leaf(cond, get)
    parts = [holds(c, get) for c in (cond.all if isinstance(cond, AllOf) else cond.any)]
    if isinstance(cond, AnyOf):
        if any(p is True for p in parts):
            return True
        return None if any(p is None for p in parts) else False
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


class _Sum:
    """A sum over lines, exact (in units of 10⁻⁸), and whether every line was known."""

    __slots__ = ("complete", "units")

    def __init__(self) -> None:
        self.units = 0
        self.complete = True

    @property
    def known(self) -> float:
        return exact.to_float(self.units)


class _Ratio:
    """A figure: its exact value (None when unknown) and the float it is shown as."""

    __slots__ = ("exact", "shown")

    def __init__(self, value: Fraction | None) -> None:
        self.exact = value
        self.shown = None if value is None else float(value)


def _result(rule: Rule, get: Getter, equipment: str | None) -> str:
    if rule.determination is not None:
        status = get(rule.determination)
        if status in ("pass", "fail"):
            return str(status)
        limit = measure_threshold(rule, equipment)
        energy = get("unit_energy")
        if isinstance(limit, int | float) and isinstance(energy, int | float):
            return "fail" if energy > limit else "pass"
        return "unknown"
    exempt = holds(rule.exempt_if, get)
    if exempt is True:
        return "exempt"
    fails = holds(rule.fails_if, get)
    if fails is False:
        return "pass"
    if fails is True and exempt is False:
        return "fail"
    return "unknown"


def _value(rule: Rule, get: Getter, equipment: str | None) -> Value:
    if rule.determination is not None:
        if get(rule.determination) is None and measure_threshold(rule, equipment) is not None:
            return get("unit_energy")  # type: ignore[return-value]
        return get(rule.determination)  # type: ignore[return-value]
    measure = rule.measure
    assert measure is not None
    value = get(measure.field)
    if isinstance(value, _Sum):
        return value.known
    if isinstance(value, _Ratio):
        return value.shown
    return value  # type: ignore[return-value]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _figures(book: Rulebook, ent: Record) -> dict[str, _Ratio]:
    out: dict[str, _Ratio] = {}
    for key, fig in book.figures.items():
        num, den = ent.get(fig.numerator), ent.get(fig.denominator)
        value = None
        if _number(num) and _number(den):
            d = exact.units(den)  # type: ignore[arg-type]
            if d != 0:
                value = Fraction(exact.units(num), d)  # type: ignore[arg-type]
        out[key] = _Ratio(value)
    return out


def _active(line: Record) -> bool:
    return line.get("status") != "exited"


def _counted(line: Record, counted_from: dt.date | None) -> bool:
    if counted_from is None:
        return _active(line)
    exited_on = line.get("exited_on")
    return not (isinstance(exited_on, dt.date) and exited_on < counted_from)


def _sums(book: Rulebook, lines: list[Record]) -> dict[str, _Sum]:
    sums = {key: _Sum() for key in book.aggregates}
    for line in lines:
        for key, agg in book.aggregates.items():
            if line.get("equipment") not in agg.equipment or not _counted(line, agg.counted_from):
                continue
            where = holds(agg.where, line.get)
            if where is False:
                continue
            amount = line.get(agg.sum)
            if where is True and _number(amount):
                sums[key].units += exact.units(amount)  # type: ignore[arg-type]
            else:
                sums[key].complete = False
    return sums


def _flags(book: Rulebook, lines: list[Record]) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for key, flag in book.flags.items():
        seen = [
            holds(flag.where, line.get)
            for line in lines
            if line.get("equipment") in flag.equipment and _counted(line, flag.counted_from)
        ]
        if any(t is True for t in seen):
            out[key] = True
        elif not seen or any(t is None for t in seen):
            out[key] = None
        else:
            out[key] = False
    return out


def _retrofit(rule: Rule, finding: Finding, get: Getter) -> str | None:
    """What the plan lets the unit do instead of exiting, when this failure allows it."""
    retrofit = rule.retrofit
    if retrofit is None or finding.result != "fail" or holds(retrofit.when, get) is not True:
        return None
    named = [m.action for m in retrofit.measures if m.when is None or holds(m.when, get) is True]
    return "；".join(named) if named else retrofit.otherwise


def _line_outcome(
    rules: list[Rule], findings: list[Finding], hopeless: object
) -> tuple[str, str | None]:
    failing = [(r, f) for r, f in zip(rules, findings, strict=True) if f.result == "fail"]
    tech = [r for r, f in failing if r.standard in ELIMINATING and f.retrofit is None]
    # A technology failure the plan lets the unit meet by retrofit is rectified like the others.
    other = [r for r, f in failing if r.standard in RECTIFIABLE or f.retrofit is not None]

    def basis(rs: list[Rule]) -> str:
        return "national" if any(r.basis == "national" for r in rs) else "provincial"

    if tech:
        return "eliminate", basis(tech)
    if other:
        return ("eliminate" if hopeless is True else "rectify"), basis(other)
    if any(f.result == "unknown" for f in findings):
        return "insufficient_data", None
    return "compliant", None


def assess(ledger: Ledger, book: Rulebook) -> Assessment:
    """Assess every line and enterprise of ``ledger`` against ``book``."""
    lines_of: dict[str, list[Record]] = defaultdict(list)
    for line in ledger.line_records():
        lines_of[str(line["credit_code"])].append(line)
    enterprises = {str(e["credit_code"]): e for e in ledger.enterprise_records()}
    by_equipment: dict[str, list[Rule]] = defaultdict(list)
    for rule in book.rules:
        for eq in rule.equipment:
            by_equipment[eq].append(rule)

    derived: dict[str, dict[str, object]] = {}
    for code, ent in enterprises.items():
        lines = lines_of[code]
        derived[code] = {**_figures(book, ent), **_sums(book, lines), **_flags(book, lines)}
        city, county = ent.get("city"), ent.get("county")
        derived[code]["corridor"] = cities.place_in_corridor(
            city if isinstance(city, str) else None, county if isinstance(county, str) else None
        )

    line_verdicts: list[LineVerdict] = []
    rollups: dict[str, dict[str, int]] = defaultdict(dict)
    verdicts: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
    for line in ledger.line_records():
        code = str(line["credit_code"])
        ent, extra = enterprises[code], derived[code]
        equipment = str(line["equipment"])

        def get(
            key: str,
            line: Record = line,
            ent: Record = ent,
            extra: dict[str, object] = extra,
            siblings: list[Record] = lines_of[code],
        ) -> object:
            if key in extra:
                return extra[key]
            if key in line:
                fb = book.line_fallbacks.get(key)
                if line[key] is None and fb is not None and line.get("equipment") == fb.equipment:
                    alike = [x for x in siblings if x.get("equipment") == fb.equipment]
                    if len(alike) == 1:
                        return ent.get(fb.enterprise_field)
                return line[key]
            return ent.get(key)

        rules = by_equipment[equipment]
        findings = []
        for r in rules:
            found = Finding(
                r.id,
                _result(r, get, equipment),
                _value(r, get, equipment),
                measure_threshold(r, equipment),
            )
            retrofit = _retrofit(r, found, get)
            if retrofit is not None:
                found = Finding(found.rule_id, found.result, found.value, found.threshold, retrofit)
            findings.append(found)
        outcome, basis = _line_outcome(rules, findings, line.get("upgrade_hopeless"))
        status = str(line.get("status") or "operating")
        line_verdicts.append(
            LineVerdict(
                str(line["line_id"]),
                code,
                str(ent["industry"]),
                equipment,
                status,
                outcome,
                basis,
                tuple(findings),
            )
        )
        verdicts[code].append((outcome, not _active(line), basis == "national"))
        if _active(line):
            for r, f in zip(rules, findings, strict=True):
                if r.subject == "enterprise":
                    prev = rollups[code].get(r.id, -1)
                    rollups[code][r.id] = max(prev, RESULT_CODE[f.result])

    ent_verdicts: list[EnterpriseVerdict] = []
    for code, ent in enterprises.items():
        extra = derived[code]

        def eget(key: str, ent: Record = ent, extra: dict[str, object] = extra) -> object:
            return extra[key] if key in extra else ent.get(key)

        ent_findings: list[Finding] = []
        for rule in book.for_industry(str(ent["industry"])):
            if rule.enterprise_only:
                ent_findings.append(
                    Finding(
                        rule.id,
                        _result(rule, eget, None),
                        _value(rule, eget, None),
                        measure_threshold(rule, None),
                    )
                )
            elif rule.id in rollups[code]:
                ent_findings.append(
                    Finding(
                        rule.id,
                        RESULTS[rollups[code][rule.id]],
                        _value(rule, eget, None),
                        measure_threshold(rule, None),
                    )
                )
        verdict = verdicts[code]
        efficiency = [f for f in ent_findings if book.rule(f.rule_id).enterprise_only]
        outcome = enterprise_outcome(
            [(o, exited) for o, exited, _ in verdict],
            [(f.result, book.rule(f.rule_id).wording) for f in efficiency],
        ).outcome
        # The national basis: a national line among those the outcome was taken from.
        counted = [v for v in verdict if not v[1]] or verdict
        national = any(n and o == outcome for o, _, n in counted)
        basis = None
        if outcome in ("eliminate", "rectify"):
            basis = "national" if national else "provincial"
        county = ent.get("county")
        ent_verdicts.append(
            EnterpriseVerdict(
                code,
                str(ent["name"]),
                str(ent["city"]),
                str(county) if county else None,
                str(ent["industry"]),
                outcome,
                basis,
                tuple(ent_findings),
            )
        )
    return Assessment(book.full_version, tuple(line_verdicts), tuple(ent_verdicts))
