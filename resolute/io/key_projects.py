"""The key-project workbook (省级重点项目, 四(一)): its columns and reading a sheet into
project rows with every problem named by row and column.

A project is known by its name, city and year (项目名称、所在市、年度): a row naming a
stored project changes it, any other row adds one. A cell left blank leaves the stored value
as it is. Scope, the sectors in force and the forward-only stage are decided by the caller
(resolute.web.targets.project_import), which knows the stored projects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from resolute.core import schema
from resolute.core.ledger import LedgerError
from resolute.io import sheet_rows
from resolute.io.sheet_rows import Table

SHEET = "重点项目"
NAME, CITY, SECTOR, YEAR, STAGE = "项目名称", "所在市", "产业领域", "年度", "阶段"
INVESTMENT, EMERGING = "总投资（亿元）", "新兴产业或补短板项目"
#: Field → header, in the template's order (the model's field names).
COLUMNS: dict[str, str] = {"name": NAME, "city": CITY, "sector": SECTOR, "year": YEAR,
                           "stage": STAGE, "investment": INVESTMENT,
                           "emerging_or_shortfall": EMERGING}  # fmt: skip
HEADERS = tuple(COLUMNS.values())
WIDTHS = (44, 8, 28, 8, 8, 14, 20)
_NAMES = {**{k: (h,) for k, h in COLUMNS.items()}, "city": (CITY, "市"),
          "investment": (INVESTMENT, "总投资"), "emerging_or_shortfall": (EMERGING, "新兴/补短板")}  # fmt: skip
_REQUIRED = {"name": NAME, "city": CITY, "year": YEAR}
NAME_MAX, SECTOR_MAX = 200, 60


@dataclass(frozen=True)
class ProjectRow:
    """One row: the project's key, and the values the row gives (None: left blank)."""

    row: int
    name: str
    city: str
    year: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, int]:
        return self.name, self.city, self.year


def read_rows(
    table: Table, stages: Mapping[str, str]
) -> tuple[list[ProjectRow], list[LedgerError]]:
    """The sheet's project rows that read well, and every problem of the others (the sheet
    may be imported only without any). ``stages`` maps a stage's Chinese label (储备、签约、
    开工、投产) to its code."""
    found, errors = table.locate(_NAMES, _REQUIRED)
    if errors:
        return [], errors
    rows: list[ProjectRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, values in table.rows:
        before = len(errors)
        cells = {key: sheet_rows.cell(values, index) for key, index in found.items()}
        read = {key: _value(key, raw, stages, table.title, number, errors)
                for key, raw in cells.items()}  # fmt: skip
        name, city, year = read["name"], read["city"], read["year"]
        for key in ("name", "city", "year"):
            if sheet_rows.blank(cells[key]):
                errors.append(LedgerError(table.title, number, COLUMNS[key], f"{COLUMNS[key]}为空"))
        if len(errors) > before:
            continue
        row = ProjectRow(number, name, city, year,
                         {k: v for k, v in read.items() if k not in ("name", "city", "year")})  # fmt: skip
        if row.key in seen:
            errors.append(LedgerError(table.title, number, NAME,
                                      f"与第 {seen[row.key]} 行是同一项目（项目名称、所在市、年度相同）"))  # fmt: skip
            continue
        seen[row.key] = number
        rows.append(row)
    return rows, errors


def _value(key: str, raw: Any, stages: Mapping[str, str], title: str, number: int,
           errors: list[LedgerError]) -> Any:  # fmt: skip
    """The cell's value for ``key``, None when blank or wrong (a wrong one adds its error)."""
    if sheet_rows.blank(raw):
        return None
    try:
        return _parse(key, raw, stages)
    except ValueError as exc:
        errors.append(LedgerError(title, number, COLUMNS[key], str(exc)))
        return None


def _parse(key: str, raw: Any, stages: Mapping[str, str]) -> Any:
    text = sheet_rows.text(raw)
    if key == "city":
        city = schema.normalise_city(text)
        if city is None:
            raise ValueError(f"“{text}”不是山东省的设区市")
        return city
    if key == "year":
        return sheet_rows.year(raw)
    if key == "stage":
        if text not in stages:
            raise ValueError(f"“{text}”不是项目阶段，应为" + "、".join(stages))
        return stages[text]
    if key == "investment":
        amount = sheet_rows.number(raw)
        if amount < 0:
            raise ValueError("总投资不能为负数")
        return amount
    if key == "emerging_or_shortfall":
        return sheet_rows.yes_no(raw)
    limit = NAME_MAX if key == "name" else SECTOR_MAX
    if len(text) > limit:
        raise ValueError(f"不能超过 {limit} 个字")
    return text
