"""The final report: every target's final figure, every city's final completion, every line
still not exited with its days overdue counted to the report's day."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import make_enterprise, make_line

from resolute.core import final_report, targets
from resolute.core.final_report import ReportedFigure, build_final_report
from resolute.core.ledger import Ledger
from resolute.core.registry import RegistryEntry

BOOK = targets.default()
D = dt.date
TODAY = D(2026, 11, 29)


def province() -> Ledger:
    """淄博 (corridor) steel: one furnace exited on time, one late, one still there; 临沂
    cement: a 2500 t/d clinker line still there; 东营 refining in a dense urban area."""
    zibo = make_enterprise(
        "steel", name="淄博钢铁", city="淄博", county="张店区", in_steel_layout=None
    )  # corridor steel not found to fit: must go
    linyi = make_enterprise("cement", name="临沂水泥", city="临沂")
    dongying = make_enterprise("refining", name="东营石化", city="东营")
    lines = [
        make_line("bof", zibo["credit_code"], line_id="ZB-1", capacity=100.0, status="exited",
                  exited_on=D(2022, 6, 1)),
        make_line("bof", zibo["credit_code"], line_id="ZB-2", capacity=50.0, status="exited",
                  exited_on=D(2023, 5, 1)),
        make_line("bof", zibo["credit_code"], line_id="ZB-3", capacity=80.0),
        make_line("clinker_line", linyi["credit_code"], line_id="LY-1", capacity=2500.0),
        make_line("cdu", dongying["credit_code"], line_id="DY-1", in_dense_urban_area=True),
    ]  # fmt: skip
    return Ledger.from_records([zibo, linyi, dongying], lines)


def report(as_of: dt.date = TODAY, **kw: object) -> final_report.FinalReport:
    return build_final_report(province(), as_of, BOOK, **kw)  # type: ignore[arg-type]


def test_the_plan_ends_in_2022_and_its_last_deadline_is_the_cement_tail_of_2024() -> None:
    r = report()
    assert (r.plan_end, r.last_deadline, r.in_period) == (D(2022, 12, 31), D(2024, 12, 31), False)
    assert report(D(2024, 12, 31)).in_period


def test_every_target_of_the_plan_has_a_final_line() -> None:
    r = report()
    assert [t.target_id for t in r.targets] == [t.id for t in BOOK.targets]
    assert all(t.state in ("met", "not_met", "unreported") for t in r.targets)


def test_a_capacity_target_counts_only_exits_inside_its_period() -> None:
    corridor = next(
        t for t in report().targets if t.target_id == "steel.crude_steel.2021_2022.corridor"
    )
    # ZB-1 (2022) counts; ZB-2 exited in 2023, after the period: it never counts toward it.
    assert (corridor.achieved, corridor.source, corridor.state) == (100.0, "ledger", "not_met")


def test_a_counted_target_takes_the_registry_and_a_reported_one_its_latest_figure() -> None:
    parks = [RegistryEntry("high_end_chemicals.key_parks", f"园区{i}") for i in range(5)]
    reports = {
        "high_end_chemicals.revenue.2022": ReportedFigure("high_end_chemicals.revenue.2022",
                                                          "2022", 9400.0),
        "film.national_lead.2022": ReportedFigure("film.national_lead.2022", "2022", None,
                                                  "met"),
    }  # fmt: skip
    found = {t.target_id: t for t in report(registry=parks, reports=reports).targets}
    assert (found["high_end_chemicals.key_parks"].achieved,
            found["high_end_chemicals.key_parks"].state) == (5.0, "met")  # fmt: skip
    assert found["high_end_chemicals.revenue.2022"].state == "not_met"  # 9400 < 9500
    assert found["film.national_lead.2022"].state_label == "已完成"
    assert found["tourism.revenue.2022"].state_label == "未填报"


@pytest.mark.parametrize(("value", "state"), [(6.17, "not_met"), (6.175, "met"), (6.5, "met")])
def test_about_reads_as_reached_at_95_percent_of_the_figure(value: float, state: str) -> None:
    tid = "finance.value_added_share.2022"  # 6.5%左右
    reports = {tid: ReportedFigure(tid, "2022", value)}
    assert {t.target_id: t for t in report(reports=reports).targets}[tid].state == state


def test_each_city_counts_duties_done_on_time_late_and_still_open() -> None:
    r = report()
    cities = {c.city: c for c in r.cities}
    zibo = cities["淄博"]
    assert (zibo.duties, zibo.on_time, zibo.late, zibo.open) == (3, 1, 1, 1)
    assert round(zibo.percent or 0, 1) == 66.7
    assert zibo.longest_overdue_days == (TODAY - D(2022, 12, 31)).days
    linyi = cities["临沂"]
    assert (linyi.duties, linyi.open, linyi.longest_overdue_days) == (
        1,
        1,
        (TODAY - D(2024, 12, 31)).days,
    )
    assert [c.city for c in r.cities][:3] == ["济南", "青岛", "淄博"]  # official order, all 16
    total = r.totals()
    assert (total.duties, total.done, total.open) == (4, 2, 2)


def test_days_overdue_keep_counting_while_a_line_stays() -> None:
    earlier = {o.line_id: o.days_overdue for o in report(D(2025, 6, 30)).open_lines}
    now = {o.line_id: o.days_overdue for o in report().open_lines}
    assert now["ZB-3"] == (TODAY - D(2022, 12, 31)).days
    assert now["ZB-3"] - earlier["ZB-3"] == (TODAY - D(2025, 6, 30)).days
    assert set(now) == {"ZB-3", "LY-1"}  # exited lines are not listed


def test_undated_duties_still_open_are_listed_apart_without_days_overdue() -> None:
    r = report()
    assert [(o.line_id, o.deadline, o.days_overdue) for o in r.open_undated] == [
        ("DY-1", None, None)
    ]
    assert "DY-1" not in {o.line_id for o in r.open_lines}


def test_the_report_is_the_same_for_the_same_data_and_day() -> None:
    ledger = province()
    first, second = (build_final_report(ledger, TODAY, BOOK) for _ in range(2))
    assert final_report.content_hash(first) == final_report.content_hash(second)
    data = final_report.report_json(first)
    assert data["province"]["open"] == 2 and data["as_of"] == "2026-11-29"
    later = build_final_report(ledger, D(2026, 11, 30), BOOK)
    assert final_report.content_hash(later) != final_report.content_hash(first)
