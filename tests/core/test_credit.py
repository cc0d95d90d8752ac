"""Credit records for overdue exits (二(四)9): open the day after the deadline, close on exit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from builders import make_enterprise, make_line

from resolute.core import credit
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
    assert len(row) == len(credit.COLUMNS)
    assert "张三" not in str(credit.to_json(records, dt.date(2023, 1, 31)))
    assert "张三" not in str(row)
