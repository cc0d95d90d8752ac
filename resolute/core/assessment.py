"""What an assessment returns: findings, outcomes, and their JSON form (assessment.md)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

import orjson

from resolute.core.ledger import Value
from resolute.core.rulebook import Rule, Rulebook

#: Results in roll-up order: an enterprise-level rule takes the worst result of its lines.
RESULTS: tuple[str, ...] = ("exempt", "pass", "unknown", "fail")
RESULT_CODE: dict[str, int] = {r: i for i, r in enumerate(RESULTS)}
RESULT_LABELS: dict[str, str] = {
    "exempt": "豁免",
    "pass": "符合",
    "unknown": "未知",
    "fail": "不符合",
}

#: Outcomes from best to worst; an enterprise takes the worst of its lines.
OUTCOMES: tuple[str, ...] = ("compliant", "insufficient_data", "rectify", "eliminate")
OUTCOME_CODE: dict[str, int] = {o: i for i, o in enumerate(OUTCOMES)}
OUTCOME_LABELS: dict[str, str] = {
    "compliant": "达标",
    "insufficient_data": "数据不足",
    "rectify": "限期整改",
    "eliminate": "淘汰退出",
}

#: Outcome words in a reason line ("2 条生产线淘汰退出").
_LINES_SAID = {
    "compliant": "达标",
    "insufficient_data": "数据不足",
    "rectify": "限期整改",
    "eliminate": "淘汰退出",
}


@dataclass(frozen=True, slots=True)
class EnterpriseOutcome:
    """An enterprise's one word (``outcome``, a key of OUTCOME_LABELS) and why, in one line."""

    outcome: str
    reason: str

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def enterprise_outcome(
    lines: Iterable[tuple[str, bool]], efficiency: Iterable[tuple[str, str]] = ()
) -> EnterpriseOutcome:
    """The enterprise's outcome as the plan defines it, with its reason.

    ``lines``: each line's outcome and whether it has exited; ``efficiency``: the result and
    wording of each of the enterprise's own (efficiency) standards.

    The worst outcome of its lines that have not exited — or, when every line has exited,
    of all its lines (an enterprise whose lines were all eliminated and exited is not 达标) —
    raised to at least 限期整改 by a failed efficiency standard and to at least 数据不足 by an
    unknown one. The engine and the reference evaluator roll up by the same rule.
    """
    assessed = list(lines)
    operating = [o for o, exited in assessed if not exited]
    counted = operating if operating else [o for o, _ in assessed]
    worst = max((OUTCOME_CODE[o] for o in counted), default=OUTCOME_CODE["compliant"])
    standards = list(efficiency)
    failed = [w for r, w in standards if r == "fail"]
    unknown = [w for r, w in standards if r == "unknown"]
    from_lines = worst
    if failed:
        worst = max(worst, OUTCOME_CODE["rectify"])
    if unknown:
        worst = max(worst, OUTCOME_CODE["insufficient_data"])
    outcome = OUTCOMES[worst]
    reason = _reason(outcome, from_lines, counted, not operating, failed, unknown)
    if operating and len(operating) < len(assessed):
        reason += f"；另有 {len(assessed) - len(operating)} 条生产线已退出"
    return EnterpriseOutcome(outcome, reason)


def _reason(
    outcome: str,
    from_lines: int,
    counted: list[str],
    all_exited: bool,
    failed: list[str],
    unknown: list[str],
) -> str:
    parts: list[str] = []
    code = OUTCOME_CODE[outcome]
    if counted and from_lines == code:
        n = sum(1 for o in counted if o == outcome)
        if outcome == "compliant":
            text = f"{n} 条生产线均达标" if n > 1 else "生产线达标"
        else:
            text = f"{n} 条生产线{_LINES_SAID[outcome]}"
        if all_exited:
            text += "（均已退出）" if n > 1 else "（已退出）"
        parts.append(text)
    if outcome == "rectify" and failed:
        parts.append("企业效益指标未达到：" + "；".join(failed))
    elif outcome == "insufficient_data" and unknown and from_lines < code:
        parts.append("企业效益指标缺少数据：" + "；".join(unknown))
    if not parts:
        parts.append("没有生产线，企业各项标准符合" if not counted else "企业各项标准符合")
    return "；".join(parts)


#: Standards whose failure on a line leads to rectification, or to elimination once 提升无望
#: (efficiency rules are line rules only where the plan judges each unit, e.g. 矿井亏损).
RECTIFIABLE = frozenset({"environment", "safety", "energy", "efficiency"})
#: Grounds whose failure alone puts a line on the elimination list: a technology standard,
#: and for chemicals 二(三)8's 手续不齐备且无法完善 (the ``procedures`` rules).
ELIMINATING = frozenset({"technology", "procedures"})


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    result: str
    value: Value
    threshold: Value
    #: For a failure the plan lets the unit meet by retrofit (``Rule.retrofit``): what to do.
    retrofit: str | None = None


@dataclass(frozen=True, slots=True)
class LineVerdict:
    line_id: str
    credit_code: str
    industry: str
    equipment: str
    status: str
    outcome: str
    basis: str | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class EnterpriseVerdict:
    credit_code: str
    name: str
    city: str
    county: str | None
    industry: str
    outcome: str
    basis: str | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, eq=False)
class Assessment:
    """Every line's and enterprise's verdict with its findings.

    The engine returns a subclass that builds these objects only when they are read (a
    province has about ten findings per line), and writes its JSON straight from its
    tables; both must give exactly what the objects give."""

    rulebook_version: str
    lines: tuple[LineVerdict, ...]
    enterprises: tuple[EnterpriseVerdict, ...]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return (self.rulebook_version, self.lines, self.enterprises) == (
            other.rulebook_version,
            other.lines,
            other.enterprises,
        )

    __hash__ = None  # type: ignore[assignment]

    def outcome_counts(self) -> dict[str, int]:
        return dict(Counter(e.outcome for e in self.enterprises))

    def line_outcome_counts(self) -> dict[str, int]:
        return dict(Counter(v.outcome for v in self.lines))

    def json_bytes(self, book: Rulebook) -> bytes:
        """:func:`to_json` encoded as ``resolute assess --format json`` writes it (UTF-8,
        indented by two spaces)."""
        out = io.BytesIO()
        self.write_json(out, book)
        return out.getvalue()

    def write_json(self, fh: IO[bytes], book: Rulebook) -> None:
        """Write :meth:`json_bytes` to ``fh`` (the engine's assessment writes a province's
        findings a slice at a time, never holding all of their text)."""
        fh.write(orjson.dumps(to_json(self, book), default=str, option=orjson.OPT_INDENT_2))


def measure_threshold(rule: Rule, equipment: str | None) -> Value:
    """The threshold a finding of ``rule`` reports: its measured comparison's value."""
    if rule.determination is not None:
        for lv in rule.limit_values:
            if lv.equipment == equipment:
                return lv.value
        return None
    measure = rule.measure
    if measure is None or isinstance(measure.value, tuple):
        return None
    return measure.value


def finding_json(f: Finding, rule: Rule, book: Rulebook, equipment: str | None) -> dict[str, Any]:
    measure = rule.measure
    field = rule.determination or (measure.field if measure else None)
    if rule.determination and f.threshold is not None:
        field = "unit_energy"
    out: dict[str, Any] = {
        "rule_id": rule.id,
        "standard": rule.standard,
        "basis": rule.basis,
        "result": f.result,
        "value": f.value,
        "threshold": f.threshold,
        "field": field,
        "unit": book.field_unit(field, equipment) if field else "",
        "comparison": measure.op if measure and not rule.determination else None,
        "wording": rule.wording,
        "citation": rule.citation,
        "clause": rule.clause,
        "documents": list(rule.documents),
    }
    if f.result == "exempt":
        out["exemption"] = rule.exemption
    if f.retrofit is not None and rule.retrofit is not None:
        out["retrofit"] = f.retrofit
        out["retrofit_clause"] = rule.retrofit.clause
        out["retrofit_wording"] = rule.retrofit.wording
    return out


class _FindingJson:
    """:func:`finding_json` with the parts that depend only on the rule and the equipment
    built once: a province has millions of findings and a few hundred such pairs."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.rules = {r.id: r for r in book.rules}
        self.bases: dict[tuple[str, str | None, bool, bool], dict[str, Any]] = {}

    def __call__(self, f: Finding, equipment: str | None) -> dict[str, Any]:
        if f.retrofit is not None:
            return finding_json(f, self.rules[f.rule_id], self.book, equipment)
        # what else varies: the field named (a determination with a limit value reads
        # unit_energy) and the exemption text
        key = (f.rule_id, equipment, f.threshold is None, f.result == "exempt")
        base = self.bases.get(key)
        if base is None:
            base = self.bases[key] = finding_json(f, self.rules[f.rule_id], self.book, equipment)
        out = dict(base)
        out["result"] = f.result
        out["value"] = f.value
        out["threshold"] = f.threshold
        return out


def to_json(assessment: Assessment, book: Rulebook) -> dict[str, Any]:
    """The JSON contract of ``resolute assess --format json``."""
    finding = _FindingJson(book)
    return {
        "rulebook_version": assessment.rulebook_version,
        "summary": {
            "lines": len(assessment.lines),
            "enterprises": len(assessment.enterprises),
            "enterprise_outcomes": assessment.outcome_counts(),
            "line_outcomes": assessment.line_outcome_counts(),
        },
        "lines": [
            {
                "line_id": v.line_id,
                "credit_code": v.credit_code,
                "industry": v.industry,
                "equipment": v.equipment,
                "status": v.status,
                "outcome": v.outcome,
                "basis": v.basis,
                "findings": [finding(f, v.equipment) for f in v.findings],
            }
            for v in assessment.lines
        ],
        "enterprises": [
            {
                "credit_code": e.credit_code,
                "name": e.name,
                "city": e.city,
                "county": e.county,
                "industry": e.industry,
                "outcome": e.outcome,
                "basis": e.basis,
                "findings": [finding(f, None) for f in e.findings],
            }
            for e in assessment.enterprises
        ],
    }
