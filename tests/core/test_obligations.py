"""Obligations: which lines must exit or be retrofitted under 二(三)1–7, by when, and whether
the duty is done, pending or overdue on a given day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from builders import ledger_of, make_enterprise, make_line

from resolute.core import targets
from resolute.core.ledger import Ledger
from resolute.core.obligations import Obligation, evaluate, obligations

D = dt.date
AS_OF = D(2022, 6, 30)


def duties(ledger: Ledger, as_of: dt.date = AS_OF) -> dict[str, Obligation]:
    """The obligations of a one-line ledger, by task."""
    found = obligations(ledger, as_of)
    return {o.task_id: o for o in found}


def one_line(
    equipment: str, industry: str, line: dict[str, Any] | None = None, **ent: Any
) -> Ledger:
    enterprise = make_enterprise(industry, **ent)
    return ledger_of(enterprise, make_line(equipment, line_id="X-1", **(line or {})))


def coke_oven(**line: Any) -> Ledger:
    return one_line("coke_oven", "coking", line)


def coal_unit(**line: Any) -> Ledger:
    return one_line("coal_unit", "coal_power", line)


def clinker(**line: Any) -> Ledger:
    return one_line("clinker_line", "cement", line)


# ─── deadlines and status ──────────────────────────────────────────────────────


DEADLINES = [
    ("coke_oven", "coking", {"chamber_height_m": 4.5}, "coking.small_ovens", D(2021, 12, 31)),
    ("coke_oven", "coking", {"oven_type": "heat_recovery"}, "coking.small_ovens", D(2021, 12, 31)),
    ("coal_mine", "coal_mine", {"capacity": 30.0}, "coal_mine.up_to_30", D(2021, 12, 31)),
    ("coal_mine", "coal_mine", {"depth_m": 1050.0, "rock_burst": True},
     "coal_mine.deep_rock_burst", D(2021, 12, 31)),
    ("bof", "steel", {}, "steel.corridor_transfer", D(2022, 12, 31)),
    ("cdu", "refining", {"yulong_consolidation": True}, "refining.yulong_consolidation",
     D(2022, 12, 31)),
    ("coal_unit", "coal_power", {"coal_g_kwh": 310.0}, "coal_power.low_efficiency_close",
     D(2022, 12, 31)),
    ("clinker_line", "cement", {"capacity": 2000.0}, "cement.clinker_below_2500", D(2022, 12, 31)),
    ("cement_mill", "cement", {"diameter_m": 3.2}, "cement.mill_3_2", D(2022, 12, 31)),
    ("rubber_mixer", "tyre", {"closed_auto_feed": False}, "tyre.open_feed_mixer", D(2022, 12, 31)),
    ("clinker_line", "cement", {"capacity": 2500.0}, "cement.clinker_2500", D(2024, 12, 31)),
]  # fmt: skip


@pytest.mark.parametrize(("equipment", "industry", "line", "task_id", "deadline"), DEADLINES)
def test_each_task_has_the_deadline_the_plan_sets(
    equipment: str, industry: str, line: dict[str, Any], task_id: str, deadline: dt.date
) -> None:
    # A corridor steel works not found to fit the provincial layout (blank): it must transfer.
    place = {"in_steel_layout": None} if task_id == "steel.corridor_transfer" else {}
    found = duties(one_line(equipment, industry, line, **place))
    assert found[task_id].deadline == deadline
    assert found[task_id].clause.startswith("二(三)")


@pytest.mark.parametrize(
    ("tyres", "owed", "undetermined"),
    [
        (("semi_steel_radial",), True, False),
        (("bias", "all_steel_radial"), True, False),
        (("bias",), False, False),
        ((), False, True),
        (("bias", None), False, True),
    ],
)
def test_only_a_radial_tyre_maker_must_retire_vulcanizers_without_nitrogen(
    tyres: tuple[str | None, ...], owed: bool, undetermined: bool
) -> None:
    lines = [make_line("tyre_line", tyre_type=t) for t in tyres]
    vulcanizer = make_line("vulcanizer", line_id="V1", nitrogen_process=False)
    report = evaluate(ledger_of(make_enterprise("tyre"), vulcanizer, *lines), AS_OF)
    task = "tyre.vulcanizer_without_nitrogen"
    found = [o for o in report.obligations if o.task_id == task]
    assert bool(found) == owed
    if owed:
        assert found[0].deadline == D(2022, 12, 31)
    gaps = [u for u in report.undetermined if u.task_id == task]
    assert bool(gaps) == undetermined


def test_a_line_is_pending_on_its_deadline_and_overdue_the_day_after() -> None:
    ledger = coke_oven(chamber_height_m=4.5)
    assert duties(ledger, D(2021, 12, 31))["coking.small_ovens"].status == "pending"
    assert duties(ledger, D(2022, 1, 1))["coking.small_ovens"].status == "overdue"


def test_a_line_that_has_exited_is_done_even_when_it_exited_late() -> None:
    ledger = coke_oven(chamber_height_m=4.5, status="exited", exited_on=D(2022, 3, 1))
    duty = duties(ledger, D(2022, 6, 30))["coking.small_ovens"]
    assert (duty.status, duty.exited_on, duty.late) == ("done", D(2022, 3, 1), True)


def test_an_exit_after_the_day_of_judgement_is_not_done_yet() -> None:
    ledger = coke_oven(chamber_height_m=4.5, status="exited", exited_on=D(2022, 3, 1))
    assert duties(ledger, D(2022, 2, 28))["coking.small_ovens"].status == "overdue"


def test_an_exit_without_a_date_is_done() -> None:
    ledger = coke_oven(chamber_height_m=4.5, status="exited")
    assert duties(ledger, D(2021, 6, 1))["coking.small_ovens"].status == "done"


def test_capacity_gone_before_the_plan_began_owes_nothing() -> None:
    ledger = coke_oven(chamber_height_m=4.5, status="exited", exited_on=D(2020, 12, 31))
    assert duties(ledger) == {}


def test_compliant_lines_owe_nothing() -> None:
    assert duties(coke_oven()) == {}
    assert duties(one_line("bof", "steel", city="临沂", county="兰山区")) == {}


# ─── 二(三)1 corridor cities ─────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("city", "county", "obliged"),
    [
        ("济南", "历下区", True),
        ("济南", "莱芜区", False),
        ("济南", "钢城区", False),
        ("淄博", "张店区", True),
        ("淄博", None, True),  # an unknown county of a corridor city counts as inside
        ("菏泽", "曹县", True),
        ("日照", "岚山区", False),
        ("临沂", "兰山区", False),
    ],
)
def test_steel_in_the_corridor_cities_except_laiwu_and_gangcheng_must_go(
    city: str, county: str | None, obliged: bool
) -> None:
    place = {"city": city, "county": county, "in_steel_layout": None}
    for equipment in ("blast_furnace", "bof", "eaf", "induction_medium_freq"):
        found = duties(one_line(equipment, "steel", **place))
        assert ("steel.corridor_transfer" in found) is obliged, (equipment, city, county)
    if obliged:
        duty = duties(one_line("bof", "steel", **place))["steel.corridor_transfer"]
        assert (duty.action, duty.city) == ("转移或退出", city)
    # “原则上”: a works found to fit the provincial layout (adjusted with the province's
    # consent) stays; one found not to fit goes, as a blank one does.
    kept = duties(one_line("bof", "steel", **{**place, "in_steel_layout": True}))
    assert "steel.corridor_transfer" not in kept
    unfit = duties(one_line("bof", "steel", **{**place, "in_steel_layout": False}))
    assert ("steel.corridor_transfer" in unfit) is obliged


# ─── 二(三)3 coking ──────────────────────────────────────────────────────────────


def test_ovens_of_5_5_m_and_above_are_outside_the_2021_task() -> None:
    assert "coking.small_ovens" not in duties(coke_oven(chamber_height_m=5.5))
    assert "coking.small_ovens" in duties(coke_oven(chamber_height_m=5.49))


def test_every_oven_of_a_small_independent_coking_plant_must_go_by_2022() -> None:
    ent = make_enterprise("coking", independent_coking=True, plant_coking_capacity_10kt=90.0)
    ledger = ledger_of(
        ent, make_line("coke_oven", line_id="A"), make_line("coke_oven", line_id="B")
    )
    found = obligations(ledger, AS_OF)
    assert {(o.line_id, o.task_id, o.deadline) for o in found} == {
        ("A", "coking.independent_under_100", D(2022, 12, 31)),
        ("B", "coking.independent_under_100", D(2022, 12, 31)),
    }
    big = make_enterprise("coking", independent_coking=True, plant_coking_capacity_10kt=100.0)
    assert obligations(ledger_of(big, make_line("coke_oven")), AS_OF) == []


# ─── 二(三)4 coal power ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "low",
    [{"steam_class": "mid_or_below"}, {"coal_g_kwh": 304.5}, {"ultra_low": False}],
)
def test_low_efficiency_units_whose_heat_can_be_replaced_close(low: dict[str, Any]) -> None:
    duty = duties(coal_unit(**low))["coal_power.low_efficiency_close"]
    assert (duty.action, duty.deadline) == ("关停淘汰", D(2022, 12, 31))


def test_a_unit_at_exactly_304_grams_is_not_low_efficiency() -> None:
    assert duties(coal_unit(coal_g_kwh=304.0)) == {}


def test_heat_irreplaceable_units_get_the_retrofits_the_clause_lists_instead() -> None:
    big = coal_unit(steam_class="mid_or_below", heat_irreplaceable=True, unit_type="extraction",
                    unit_mw=60.0, capacity=6.0)  # fmt: skip
    found = duties(big)
    assert "coal_power.low_efficiency_close" not in found
    assert found["coal_power.retrofit_steam"].action == "改造升级为高温高压及以上参数"
    assert found["coal_power.retrofit_high_back_pressure"].action == "改造为采暖季高背压运行"
    assert "coal_power.retrofit_back_pressure" not in found

    small = coal_unit(coal_g_kwh=320.0, heat_irreplaceable=True, unit_type="extraction",
                      unit_mw=50.0, capacity=5.0)  # fmt: skip
    found = duties(small)
    assert set(found) == {"coal_power.retrofit_back_pressure"}
    assert found["coal_power.retrofit_back_pressure"].action == "改造为背压机组"


def test_a_condensing_unit_supplies_no_heat_so_it_closes() -> None:
    unit = coal_unit(coal_g_kwh=320.0, heat_irreplaceable=True, unit_type="condensing")
    assert set(duties(unit)) == {"coal_power.low_efficiency_close"}


def test_a_low_efficiency_unit_of_unknown_heat_supply_is_undetermined() -> None:
    unit = coal_unit(coal_g_kwh=320.0, heat_irreplaceable=None, unit_type="extraction")
    report = evaluate(unit, AS_OF)
    assert report.obligations == ()
    close = next(u for u in report.undetermined if u.task_id == "coal_power.low_efficiency_close")
    assert close.missing == ("heat_irreplaceable",)


def test_a_plant_keeps_at_most_one_extraction_unit() -> None:
    ent = make_enterprise("coal_power")
    kept_for_heat = {"ultra_low": False, "heat_irreplaceable": True, "unit_type": "extraction",
                     "plant_id": "HP-1"}  # fmt: skip
    ledger = ledger_of(
        ent,
        make_line("coal_unit", line_id="U1", unit_mw=135.0, capacity=13.5, **kept_for_heat),
        make_line("coal_unit", line_id="U2", unit_mw=60.0, capacity=6.0, **kept_for_heat),
        make_line("coal_unit", line_id="U3", unit_mw=150.0, capacity=15.0,
                  **{**kept_for_heat, "plant_id": "HP-2"}),
    )  # fmt: skip
    found = [o for o in obligations(ledger, AS_OF) if o.task_id.endswith("per_plant")]
    assert [(o.line_id, o.task_id) for o in found] == [
        ("U2", "coal_power.one_extraction_unit_per_plant")
    ]
    assert "最多保留一台抽凝机组" in found[0].action


# ─── 二(三)5 cement ──────────────────────────────────────────────────────────────


def test_clinker_lines_of_exactly_2500_t_have_until_the_end_of_2024() -> None:
    found = duties(clinker(capacity=2500.0))
    assert set(found) == {"cement.clinker_2500"}
    assert found["cement.clinker_2500"].deadline == D(2024, 12, 31)
    task = targets.default().task("cement.clinker_2500")
    assert "一半" in task.note and "cement.clinker_2500.half.2022" in task.note
    assert duties(clinker(capacity=2500.0), D(2023, 6, 30))["cement.clinker_2500"].status == (
        "pending"
    )


@pytest.mark.parametrize(
    ("capacity", "special", "tasks"),
    [
        (2499.0, False, {"cement.clinker_below_2500"}),
        (2500.0, False, {"cement.clinker_2500"}),
        (2501.0, False, set()),
        (2000.0, True, set()),
        (2500.0, True, set()),
    ],
)
def test_clinker_lines_are_split_at_2500_t_and_special_cement_is_exempt(
    capacity: float, special: bool, tasks: set[str]
) -> None:
    assert set(duties(clinker(capacity=capacity, special_cement=special))) == tasks


def test_cement_mills_of_3_2_m_and_below_must_go() -> None:
    mill = {"diameter_m": 3.2}
    assert "cement.mill_3_2" in duties(one_line("cement_mill", "cement", mill))
    assert duties(one_line("cement_mill", "cement", {"diameter_m": 3.3})) == {}


# ─── 二(三)6 tyres ───────────────────────────────────────────────────────────────


def _tyre_ledger(*lines: dict[str, Any]) -> Ledger:
    ent = make_enterprise("tyre")
    return ledger_of(ent, *(make_line("tyre_line", **ln) for ln in lines))


ALL_STEEL = {"tyre_type": "all_steel_radial", "specialty": "ordinary"}


def test_every_ordinary_line_of_a_small_all_steel_enterprise_must_go() -> None:
    ledger = _tyre_ledger(
        {"line_id": "T1", "capacity": 60.0, **ALL_STEEL},
        {"line_id": "T2", "capacity": 50.0, **ALL_STEEL},
        {"line_id": "T3", "capacity": 80.0, "tyre_type": "all_steel_radial",
         "specialty": "engineering"},
    )  # fmt: skip
    found = obligations(ledger, AS_OF)
    assert {(o.line_id, o.task_id) for o in found} == {
        ("T1", "tyre.all_steel_small_enterprise"),
        ("T2", "tyre.all_steel_small_enterprise"),
    }


def test_an_all_steel_enterprise_of_120_is_not_small() -> None:
    ledger = _tyre_ledger({"capacity": 60.0, **ALL_STEEL}, {"capacity": 60.0, **ALL_STEEL})
    assert obligations(ledger, AS_OF) == []


def test_a_partial_exit_during_the_plan_does_not_bring_an_enterprise_into_scope() -> None:
    ledger = _tyre_ledger(
        {"capacity": 60.0, **ALL_STEEL},
        {"capacity": 80.0, **ALL_STEEL, "status": "exited", "exited_on": D(2021, 5, 1)},
    )
    assert obligations(ledger, AS_OF) == []


def test_an_enterprise_with_a_line_of_unknown_kind_is_undetermined() -> None:
    ledger = _tyre_ledger(
        {"line_id": "T1", "capacity": 60.0, **ALL_STEEL},
        {"line_id": "T2", "capacity": 50.0, "tyre_type": "all_steel_radial", "specialty": None},
    )
    report = evaluate(ledger, AS_OF)
    assert [o for o in report.obligations if o.task_id.startswith("tyre.all_steel")] == []
    gaps = {(u.line_id, u.missing) for u in report.undetermined}
    assert ("T1", ("ordinary_all_steel_radial_capacity",)) in gaps
    assert ("T2", ("specialty",)) in gaps


def test_semi_steel_enterprises_below_500_must_go() -> None:
    semi = {"tyre_type": "semi_steel_radial", "specialty": "ordinary"}
    small = _tyre_ledger({"capacity": 499.0, **semi})
    assert {o.task_id for o in obligations(small, AS_OF)} == {"tyre.semi_steel_small_enterprise"}
    assert obligations(_tyre_ledger({"capacity": 500.0, **semi}), AS_OF) == []


# ─── unknowns and scale ────────────────────────────────────────────────────────


def test_a_line_whose_qualifying_field_is_unknown_gets_no_obligation_but_is_listed() -> None:
    report = evaluate(one_line("cement_mill", "cement", {"diameter_m": None}), AS_OF)
    assert report.obligations == ()
    assert [(u.line_id, u.task_id, u.missing) for u in report.undetermined] == [
        ("X-1", "cement.mill_3_2", ("diameter_m",))
    ]


def test_an_unknown_field_does_not_hide_a_duty_another_field_proves() -> None:
    ledger = coke_oven(chamber_height_m=None, oven_type="heat_recovery")
    assert "coking.small_ovens" in duties(ledger)


@pytest.mark.slow
def test_a_hundred_thousand_lines_each_get_their_duties() -> None:
    steel = make_enterprise("steel", city="济南", county="历下区", in_steel_layout=None)
    coking = make_enterprise("coking")
    base = Ledger.from_records(
        [steel, coking],
        [
            *(make_line("coke_oven", coking["credit_code"], chamber_height_m=h)
              for h in (4.0, 5.0, 6.0, 4.3, 5.6)),
            *(make_line(eq, steel["credit_code"]) for eq in ("blast_furnace", "bof")),
            *(make_line("coke_oven", coking["credit_code"], chamber_height_m=None)
              for _ in range(3)),
        ],
    )  # fmt: skip
    lines = pl.concat([base.lines] * 10_000).with_columns(
        pl.format("L{}", pl.int_range(pl.len())).alias("line_id")
    )
    report = evaluate(Ledger(base.enterprises, lines), AS_OF)
    assert len(report.obligations) == 50_000  # 3 small ovens and 2 corridor steel lines per 10
    assert len(report.undetermined) == 30_000
    # Its time is measured by benchmarks/obligations.py, never asserted here.


def test_plants_of_different_enterprises_are_not_one_plant() -> None:
    kept_for_heat = {"ultra_low": False, "heat_irreplaceable": True, "unit_type": "extraction",
                     "plant_id": "HP-1", "unit_mw": 100.0, "capacity": 10.0}  # fmt: skip
    first, second = make_enterprise("coal_power"), make_enterprise("coal_power")
    lines = [
        {**make_line("coal_unit", **kept_for_heat), "credit_code": first["credit_code"]},
        {**make_line("coal_unit", **kept_for_heat), "credit_code": second["credit_code"]},
    ]
    found = obligations(Ledger.from_records([first, second], lines), AS_OF)
    assert not any(o.task_id.endswith("per_plant") for o in found)


# ─── 二(三)2 分批整合转移: a duty without a date ───────────────────────────────────────


def cdu(**line: Any) -> Ledger:
    return one_line("cdu", "refining", line)


def undated(ledger: Ledger, as_of: dt.date = AS_OF) -> dict[str, Any]:
    return {u.task_id: u for u in evaluate(ledger, as_of).undated}


@pytest.mark.parametrize(
    "line",
    [
        {"in_dense_urban_area": True},  # 位于城市人口密集区, whatever its size
        {"in_dense_urban_area": False, "capacity": 300.0, "integrated": False},  # 300 及以下
    ],
)
def test_refining_in_dense_urban_areas_or_small_and_unintegrated_must_relocate_without_a_date(
    line: dict[str, Any],
) -> None:
    ledger = cdu(**line)
    duty = undated(ledger, D(2026, 11, 29))["refining.dense_urban_relocation"]
    assert (duty.action, duty.done, duty.status_label) == ("分批整合转移", False, "未定期限")
    assert duty.timing == "根据重大石化项目实施情况"
    # Never a dated obligation: nothing to count due, overdue or put on a credit record.
    assert "refining.dense_urban_relocation" not in duties(ledger, D(2026, 11, 29))


@pytest.mark.parametrize(
    "line",
    [
        {"in_dense_urban_area": False, "capacity": 300.1, "integrated": False},
        {"in_dense_urban_area": False, "capacity": 200.0, "integrated": True},
    ],
)
def test_refining_outside_dense_areas_above_300_or_integrated_owes_no_relocation(
    line: dict[str, Any],
) -> None:
    assert undated(cdu(**line)) == {}


def test_a_relocated_refinery_line_is_done() -> None:
    ledger = cdu(in_dense_urban_area=True, status="exited", exited_on=D(2022, 3, 1))
    assert undated(ledger)["refining.dense_urban_relocation"].done


def test_a_large_refinery_line_of_unknown_location_is_undetermined() -> None:
    report = evaluate(cdu(in_dense_urban_area=None, capacity=500.0, integrated=True), AS_OF)
    assert report.undated == ()
    assert [(u.task_id, u.missing) for u in report.undetermined] == [
        ("refining.dense_urban_relocation", ("in_dense_urban_area",))
    ]
