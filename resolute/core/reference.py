"""The reference evaluator: the rulebook applied record by record in plain Python.

It is written for obviousness, not speed. The vectorised engine (``engine.py``) must agree
with it finding for finding; the property tests hold them to that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from resolute.core.assessment import (
    ELIMINATING,
    OUTCOME_CODE,
    OUTCOMES,
    RECTIFIABLE,
    RESULT_CODE,
    RESULTS,
    Assessment,
    EnterpriseVerdict,
    Finding,
    LineVerdict,
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
    if isinstance(value, _Sum):
        # A lower bound: "less than" is certain only when the sum is complete, and certainly
        # false once the known part already reaches the threshold.
        below = _compare(leaf.op, value.known, leaf.value)
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
    __slots__ = ("complete", "known")

    def __init__(self) -> None:
        self.known = 0.0
        self.complete = True


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
    return value.known if isinstance(value, _Sum) else value  # type: ignore[return-value]


def _figures(book: Rulebook, ent: Record) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key, fig in book.figures.items():
        num, den = ent.get(fig.numerator), ent.get(fig.denominator)
        ok = isinstance(num, int | float) and isinstance(den, int | float) and den != 0
        out[key] = float(num) / float(den) if ok else None  # type: ignore[arg-type]
    return out


def _active(line: Record) -> bool:
    return line.get("status") != "exited"


def _sums(book: Rulebook, lines: list[Record]) -> dict[str, _Sum]:
    sums = {key: _Sum() for key in book.aggregates}
    for line in lines:
        if not _active(line):
            continue
        for key, agg in book.aggregates.items():
            if line.get("equipment") not in agg.equipment:
                continue
            where = holds(agg.where, line.get)
            if where is False:
                continue
            amount = line.get(agg.sum)
            if where is True and isinstance(amount, int | float):
                sums[key].known += float(amount)
            else:
                sums[key].complete = False
    return sums


def _line_outcome(
    rules: list[Rule], findings: list[Finding], hopeless: object
) -> tuple[str, str | None]:
    failing = [r for r, f in zip(rules, findings, strict=True) if f.result == "fail"]
    tech = [r for r in failing if r.standard in ELIMINATING]
    other = [r for r in failing if r.standard in RECTIFIABLE]

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
        derived[code] = {**_figures(book, ent), **_sums(book, lines_of[code])}

    line_verdicts: list[LineVerdict] = []
    rollups: dict[str, dict[str, int]] = defaultdict(dict)
    worst: dict[str, tuple[int, bool]] = {}
    for line in ledger.line_records():
        code = str(line["credit_code"])
        ent, extra = enterprises[code], derived[code]
        equipment = str(line["equipment"])

        def get(
            key: str, line: Record = line, ent: Record = ent, extra: dict[str, object] = extra
        ) -> object:
            if key in extra:
                return extra[key]
            if key in line:
                return line[key]
            return ent.get(key)

        rules = by_equipment[equipment]
        findings = [
            Finding(
                r.id,
                _result(r, get, equipment),
                _value(r, get, equipment),
                measure_threshold(r, equipment),
            )
            for r in rules
        ]
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
        if _active(line):
            for r, f in zip(rules, findings, strict=True):
                if r.subject == "enterprise":
                    prev = rollups[code].get(r.id, -1)
                    rollups[code][r.id] = max(prev, RESULT_CODE[f.result])
            rank = OUTCOME_CODE[outcome]
            national = basis == "national"
            if code not in worst or rank > worst[code][0]:
                worst[code] = (rank, national)
            elif rank == worst[code][0]:
                worst[code] = (rank, worst[code][1] or national)

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
        rank, national = worst.get(code, (0, False))
        efficiency = [f for f in ent_findings if book.rule(f.rule_id).enterprise_only]
        if any(f.result == "fail" for f in efficiency) and rank < OUTCOME_CODE["rectify"]:
            rank, national = OUTCOME_CODE["rectify"], False
        elif any(f.result == "unknown" for f in efficiency):
            rank = max(rank, OUTCOME_CODE["insufficient_data"])
        outcome = OUTCOMES[rank]
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
