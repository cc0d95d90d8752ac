"""Credit records for overdue exits (二(四)9): open the day after the deadline, close on exit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from builders import ledger_of, make_enterprise, make_line

from resolute.core import credit, obligations, targets
from resolute.core.ledger import Ledger

DEADLINE = dt.date(2022, 12, 31)  # cement.mill_3_2


def _ledger(**line: Any) -> Ledger:
    ent = make_enterprise("cement", name="淄博某水泥有限公司", city="淄博", county=None)
    mill = make_line(
        "cement_mill",
        credit_code=ent["credit_code"],
        line_id="M1",
        diameter_m=3.0,
        responsible_person="张三",
        **line,
    )
    return Ledger.from_records([ent], [mill])


def test_no_record_on_the_deadline() -> None:
    assert credit.credit_records(_ledger(), DEADLINE) == []


def test_a_record_opens_one_day_after_the_deadline() -> None:
    [record] = credit.credit_records(_ledger(), DEADLINE + dt.timedelta(days=1))
    assert record.status == "open"
    assert record.days_overdue == 1
    assert record.opened_on == DEADLINE + dt.timedelta(days=1)
    assert record.enterprise == "淄博某水泥有限公司" and record.clause == "二(三)5"


def test_a_record_closes_on_the_verified_exit() -> None:
    exited = dt.date(2023, 2, 10)
    ledger = _ledger(status="exited", exited_on=exited)
    [record] = credit.credit_records(ledger, dt.date(2023, 6, 1))
    assert record.status == "closed" and record.closed_on == exited
    assert record.days_overdue == (exited - DEADLINE).days
    [before] = credit.credit_records(ledger, dt.date(2023, 2, 9))
    assert before.status == "open"


def test_an_exit_on_time_has_no_record() -> None:
    ledger = _ledger(status="exited", exited_on=DEADLINE)
    assert credit.credit_records(ledger, dt.date(2023, 6, 1)) == []


def test_the_export_rows_name_no_person() -> None:
    records = credit.credit_records(_ledger(), dt.date(2023, 1, 31))
    row = records[0].row()
    assert len(row) == len(credit.SHEET_COLUMNS)
    assert "张三" not in str(credit.to_json(records, dt.date(2023, 1, 31)))
    assert "张三" not in str(row)


def _kept_unit(**line: Any) -> Ledger:
    """A low-efficiency extraction unit whose heat cannot be replaced: 二(三)4 retrofit duties."""
    ent = make_enterprise("coal_power", city="淄博")
    fields: dict[str, Any] = {"unit_mw": 30.0, "steam_class": "mid_or_below", "coal_g_kwh": 320.0,
                              "unit_type": "extraction", "heat_irreplaceable": True}  # fmt: skip
    unit = make_line("coal_unit", line_id="U1", **{**fields, **line})
    return ledger_of(ent, unit)


def test_an_overdue_retrofit_is_overdue_but_no_credit_record() -> None:
    day = dt.date(2023, 1, 1)
    duties = obligations.obligations(_kept_unit(), day)
    assert {o.task_id for o in duties if o.status == "overdue"} >= {
        "coal_power.retrofit_steam",
        "coal_power.retrofit_back_pressure",
    }
    assert credit.credit_records(_kept_unit(), day) == []


def test_an_overdue_closure_of_the_same_unit_is_a_credit_record() -> None:
    day = dt.date(2023, 1, 1)
    records = credit.credit_records(_kept_unit(heat_irreplaceable=False), day)
    assert [r.task for r in records] == ["coal_power.low_efficiency_close"]
    assert records[0].days_overdue == 1


def test_every_task_says_whether_it_is_an_exit_or_a_retrofit() -> None:
    book = targets.default()
    retrofits = {t.id for t in book.obligations if t.duty == "retrofit"}
    assert retrofits == {
        "coal_power.retrofit_steam",
        "coal_power.retrofit_high_back_pressure",
        "coal_power.retrofit_back_pressure",
        "coal_power.one_extraction_unit_per_plant",
    }
    assert all("改造" in t.action for t in book.obligations if t.id in retrofits)
