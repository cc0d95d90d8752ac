"""The findings JSON reuses the rule's part of each finding; it must equal what building
every finding from scratch gives (every rule, exemptions, retrofits, limit values)."""

from __future__ import annotations

import pytest

from resolute import demo
from resolute.core import engine, rulebook
from resolute.core.assessment import finding_json, to_json
from resolute.core.ledger import Ledger


@pytest.mark.slow
def test_findings_json_equals_each_finding_built_from_scratch() -> None:
    ents, lines = demo.generate(3000, seed=7)
    book = rulebook.default()
    result = engine.assess(Ledger.from_records(ents, lines), book)
    rules = {r.id: r for r in book.rules}

    data = to_json(result, book)

    expected_lines = [[finding_json(f, rules[f.rule_id], book, v.equipment) for f in v.findings]
                      for v in result.lines]  # fmt: skip
    expected_ents = [[finding_json(f, rules[f.rule_id], book, None) for f in e.findings]
                     for e in result.enterprises]  # fmt: skip
    assert [ln["findings"] for ln in data["lines"]] == expected_lines
    assert [e["findings"] for e in data["enterprises"]] == expected_ents
    assert [list(f) for ln in data["lines"] for f in ln["findings"]] == [
        list(f) for fs in expected_lines for f in fs
    ]  # the same keys in the same order
    results = {f["result"] for ln in data["lines"] for f in ln["findings"]}
    assert {"exempt", "fail", "pass", "unknown"} <= results
