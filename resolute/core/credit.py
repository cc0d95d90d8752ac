"""Credit disclosure (信用约束, 二(四)9): overdue exits become public credit records.

Every exit obligation (``duty: exit``: 关停、淘汰、退出) of :mod:`resolute.core.obligations`
that is past its deadline on a day becomes a credit record — the plan speaks of "未按期关停退出
低效落后产能的企业"; an overdue retrofit (``duty: retrofit``) is reported as overdue but is no
credit record. A record opens the day after the deadline, counts the days overdue, and
closes on the day the exit is verified (the line's ``exited_on``), when the line exits late.
The export for 信用中国（山东） has the columns of :data:`SHEET_COLUMNS`; it names enterprises and
credit codes only, never a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from resolute.core import obligations, schema
from resolute.core.ledger import Ledger
from resolute.core.targets import Targets

#: The export columns: key and Chinese header, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("credit_code", "统一社会信用代码"),
    ("enterprise", "企业名称"),
    ("city", "所在市"),
    ("line_id", "生产线编号"),
    ("equipment", "装置类型"),
    ("clause", "方案条款"),
    ("task", "任务"),
    ("action", "应完成事项"),
    ("deadline", "退出时限"),
    ("days_overdue", "逾期天数"),
    ("opened_on", "列入日期"),
    ("closed_on", "移出日期"),
    ("status", "状态"),
)
#: The columns of the sheet and the CSV people read: a task goes by its clause and what it
#: asks (方案条款、应完成事项), not by its code, which the JSON keeps.
SHEET_COLUMNS = tuple((k, label) for k, label in COLUMNS if k != "task")
STATUS_LABELS = {"open": "未按期退出", "closed": "已退出（逾期）"}
BASIS = "《全省落实“三个坚决”行动方案（2021—2022年）》二(四)9"


@dataclass(frozen=True, slots=True)
class CreditRecord:
    credit_code: str
    enterprise: str
    city: str | None
    line_id: str
    equipment: str
    clause: str
    task: str
    action: str
    deadline: dt.date
    days_overdue: int
    opened_on: dt.date
    closed_on: dt.date | None

    @property
    def status(self) -> str:
        return "open" if self.closed_on is None else "closed"

    def as_json(self) -> dict[str, Any]:
        return {
            "credit_code": self.credit_code,
            "enterprise": self.enterprise,
            "city": self.city,
            "line_id": self.line_id,
            "equipment": self.equipment,
            "clause": self.clause,
            "task": self.task,
            "action": self.action,
            "deadline": self.deadline.isoformat(),
            "days_overdue": self.days_overdue,
            "opened_on": self.opened_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "status": self.status,
        }

    def row(self) -> list[Any]:
        """The export row, in :data:`SHEET_COLUMNS` order, with Chinese labels."""
        values = self.as_json()
        values["equipment"] = schema.EQUIPMENT_BY_CODE[self.equipment].label
        values["status"] = STATUS_LABELS[self.status]
        values["closed_on"] = values["closed_on"] or ""
        return [values[k] for k, _ in SHEET_COLUMNS]


def credit_records(
    ledger: Ledger, as_of: dt.date, book: Targets | None = None
) -> list[CreditRecord]:
    """Every credit record on ``as_of``: open (still not exited) and closed (exited late).

    A line whose exit is recorded after ``as_of`` is still open on that day; a line exited
    on or before its deadline never has a record.
    """
    names = {
        row["credit_code"]: (row["name"], row["city"])
        for row in ledger.enterprises.select("credit_code", "name", "city").iter_rows(named=True)
    }
    report = obligations.evaluate(ledger, as_of, book)
    exits = {t.id for t in report.book.obligations if t.duty == "exit"}
    records = []
    for ob in report.obligations:
        # 二(四)9 “对未按期关停退出低效落后产能的企业”: exits only; an overdue retrofit stays
        # overdue in the obligations and the bulletins but is no credit record.
        if ob.task_id not in exits or as_of <= ob.deadline:
            continue
        if ob.status == "done" and not ob.late:
            continue
        closed = ob.exited_on if ob.status == "done" else None
        end = closed or as_of
        name, city = names.get(ob.credit_code, ("", ob.city))
        records.append(
            CreditRecord(
                credit_code=ob.credit_code,
                enterprise=name,
                city=city,
                line_id=ob.line_id,
                equipment=ob.equipment,
                clause=ob.clause,
                task=ob.task_id,
                action=ob.action,
                deadline=ob.deadline,
                days_overdue=(end - ob.deadline).days,
                opened_on=ob.deadline + dt.timedelta(days=1),
                closed_on=closed,
            )
        )
    records.sort(key=lambda r: (r.status != "open", -r.days_overdue, r.credit_code, r.line_id))
    return records


def open_records(records: list[CreditRecord]) -> list[CreditRecord]:
    return [r for r in records if r.closed_on is None]


def to_json(records: list[CreditRecord], as_of: dt.date) -> dict[str, Any]:
    """The JSON contract of ``resolute credit --format json``."""
    return {
        "as_of": as_of.isoformat(),
        "basis": BASIS,
        "summary": {
            "records": len(records),
            "open": len(open_records(records)),
            "closed": len(records) - len(open_records(records)),
            "enterprises_open": len({r.credit_code for r in open_records(records)}),
        },
        "columns": [{"key": k, "label": label} for k, label in COLUMNS],
        "records": [r.as_json() for r in records],
    }
