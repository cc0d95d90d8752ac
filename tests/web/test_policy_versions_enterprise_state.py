"""An enterprise's one word (达标, 限期整改 …) counts its own efficiency standards as the
rulebook its run used names them, not as the bundled rulebook does: a 2023 rulebook with a
new efficiency standard raises the word of an enterprise assessed under it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from policy_drafts import publish

from resolute.web.assessments import queries
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult
from resolute.web.assessments.services import start_run

NEW_RULE = "steel.efficiency.tax_per_mu.2023"


@pytest.mark.parametrize(("as_of", "counted"), [(dt.date(2022, 12, 31), False),
                                                (dt.date(2023, 1, 1), True)])  # fmt: skip
def test_the_enterprise_word_counts_the_efficiency_standards_of_its_runs_rulebook(
    users: Any, province_ledger: Any, as_of: dt.date, counted: bool
) -> None:
    publish("rulebook", ("  - id: steel.efficiency.tax_per_mu\n", f"  - id: {NEW_RULE}\n"),
            ("    fails_if: {field: tax_per_mu, op: lt, value: 2.6}",
             "    fails_if: {field: tax_per_mu, op: lt, value: 999999}"))  # fmt: skip
    run = start_run(users["province"], as_of=as_of)
    run.refresh_from_db()
    assert run.status == AssessmentRun.Status.DONE, run.message
    # 临沂's steel works: a 1780 m³ furnace, nothing to eliminate.
    result = EnterpriseResult.objects.get(run=run, enterprise=province_ledger.linyi_steel)
    new = [f for f in result.findings if f.get("rule_id") == NEW_RULE]
    assert bool(new) is counted
    state = queries.enterprise_state(result)
    if counted:
        assert new[0]["result"] in ("fail", "unknown")
        assert "单位用地税收" in state.reason, state
        assert state.outcome != "compliant"
