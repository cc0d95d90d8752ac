"""What follows from the duties of the targets — the cities' duties, the risk register, the
open credit records, the dashboard's progress — uses the targets in force on its as-of day:
a successor that no longer makes 临沂's 4.3 m coke oven (LY-CO-1) owe an exit changes them
from its effective date on, not the day before, and a set computed before the successor was
published is computed again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from policy_drafts import publish

from resolute.web.ledger.models import Enterprise

EFFECTIVE = dt.date(2023, 1, 1)
DAYS = [(EFFECTIVE - dt.timedelta(days=1), True), (EFFECTIVE, False)]
OVEN = "LY-CO-1"


def shallower_ovens() -> None:
    """二(三)3's small coke ovens redrawn below 4.0 m (4.3 m no longer owes an exit)."""
    publish("targets", ("{field: chamber_height_m, op: lt, value: 5.5}",
                        "{field: chamber_height_m, op: lt, value: 4.0}"),
            effective=EFFECTIVE)  # fmt: skip


def before_and_after(read: Callable[[dt.date], bool], day: dt.date, owes: bool) -> None:
    assert read(day) is True  # the bundled targets: LY-CO-1 owes its exit
    shallower_ovens()
    assert read(day) is owes


@pytest.mark.parametrize(("day", "owes"), DAYS)
def test_the_cities_duties(users: Any, day: dt.date, owes: bool) -> None:
    from resolute.web.plans.services import duties_for

    def read(on: dt.date) -> bool:
        return OVEN in {o.line_id for o in duties_for(Enterprise.objects.all(), on).obligations}

    before_and_after(read, day, owes)


@pytest.mark.parametrize(("day", "owes"), DAYS)
def test_the_risk_register(users: Any, day: dt.date, owes: bool) -> None:
    from resolute.web.risks import computed

    def read(on: dt.date) -> bool:
        snapshot = computed.register_set(on)
        assert snapshot.ready
        names = {e.name for e in computed.enterprises(users["province"], snapshot)}
        return "临沂蒙阴焦化有限公司" in names

    before_and_after(read, day, owes)


@pytest.mark.parametrize(("day", "owes"), DAYS)
def test_the_open_credit_records(users: Any, day: dt.date, owes: bool) -> None:
    from resolute.web.replacement import services

    def read(on: dt.date) -> bool:
        snapshot = services.credit_snapshot(on)
        assert snapshot.ready
        stored = OVEN in {r.line_id for r in services.credit_rows(snapshot)}
        assert (OVEN in {r.line_id for r in services.draft_credit_records(on)}) is stored
        return stored

    before_and_after(read, day, owes)


@pytest.mark.parametrize(("day", "owes"), DAYS)
def test_the_dashboards_progress(users: Any, day: dt.date, owes: bool) -> None:
    from resolute.web.targets.computed import progress_over_scope

    def read(on: dt.date) -> bool:
        snapshot, found = progress_over_scope("province", on)
        assert snapshot.ready and found is not None
        [ovens] = [p for p in found if p.target.id == "coking.small_ovens.2021"]
        return ovens.population > 0

    before_and_after(read, day, owes)


@pytest.fixture
def bias_tyre_works(users: Any) -> None:
    """A 临沂 maker of bias tyres only, whose vulcanizer cannot fill with nitrogen: not a
    radial-tyre maker under the bundled rulebook (flag makes_radial_tyres), so it owes no
    retirement of the vulcanizer (二(三)6)."""
    from builders import make_enterprise, make_line

    from resolute.core.ledger import Ledger
    from resolute.web.audit.context import acting_as
    from resolute.web.ledger.services import apply_changes, plan_changes

    works = make_enterprise("tyre", name="临沂斜交胎有限公司", city="临沂", county="兰山区")
    code = works["credit_code"]
    lines = [make_line("tyre_line", code, line_id="LY-TL-1", tyre_type="bias"),
             make_line("vulcanizer", code, line_id="LY-VU-1", nitrogen_process=False)]  # fmt: skip
    with acting_as(None, via="测试"):
        apply_changes(plan_changes(Ledger.from_records([works], lines)))


@pytest.mark.parametrize(("day", "owes"), [(EFFECTIVE - dt.timedelta(days=1), False),
                                           (EFFECTIVE, True)])  # fmt: skip
def test_the_obligations_read_the_flags_of_the_rulebook_in_force_with_the_targets(
    bias_tyre_works: None, day: dt.date, owes: bool
) -> None:
    from resolute.web.computed import services as computed
    from resolute.web.targets import computed as targets_computed
    from resolute.web.targets.models import ObligationRow

    def read(on: dt.date) -> bool:
        snapshot = targets_computed.obligations(on)
        assert snapshot.ready
        rows = computed.rows_of(snapshot, ObligationRow)
        return rows.filter(line_code="LY-VU-1").exists()

    assert read(day) is False
    radial = "where: {field: tyre_type, op: in, value: [all_steel_radial, semi_steel_radial]}"
    publish("rulebook", (radial, radial.replace("]}", ", bias]}")), effective=EFFECTIVE)
    assert read(day) is owes
