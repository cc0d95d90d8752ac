"""The city plan workbook (“三个一批”计划, 五(一)): its columns, and reading one into plan
items with every problem named by sheet, row and column. The items obey the same rules as
an item typed into the form (:func:`resolute.core.city_plans.item_problems`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from resolute.core import city_plans
from resolute.core.ledger import LedgerError, LedgerInvalid
from resolute.io import readers

#: The plan workbook's columns, in order: field, header.
PLAN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "类别"),
    ("industry", "行业"),
    ("year", "年度"),
    ("line_id", "生产线编号"),
    ("credit_code", "统一社会信用代码"),
    ("planned_on", "计划完成日期"),
    ("note", "备注"),
)
#: Read when present, not required.
OPTIONAL_COLUMNS: tuple[tuple[str, str], ...] = (("enterprise_name", "企业名称"),)
PLAN_SHEET = "三个一批计划"
KIND_WORDS: dict[str, str] = {
    **{label: kind for kind, label in city_plans.KIND_LABELS.items()},
    **{label + "一批": kind for kind, label in city_plans.KIND_LABELS.items()},
}
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YEAR_TEXT = re.compile(r"^(\d{4})\s*年?$")
LIMITS = {"industry": 50, "line_id": 64, "enterprise_name": 200}


@dataclass
class ParsedPlan:
    """The items of a plan workbook (none when there is any error) and its errors."""

    items: list[dict[str, Any]]
    errors: list[LedgerError]
    name: str


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_TEXT.match(_cell_text(value))
    if not match:
        raise ValueError("不是有效的日期，请写作 2021-12-31")
    return dt.date(*(int(g) for g in match.groups()))


def _parse_year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _YEAR_TEXT.match(_cell_text(value))
    if not match:
        raise ValueError("不是有效的年度，请写作 2021")
    return int(match.group(1))


def _parse_cell(key: str, value: Any) -> Any:
    """A cell's value for ``key``, or ValueError with the reason in Chinese."""
    if key == "kind":
        text = _cell_text(value)
        if text not in KIND_WORDS:
            raise ValueError("类别应为“淘汰”“提升”或“培育”")
        return KIND_WORDS[text]
    if key == "year":
        return _parse_year(value)
    if key == "planned_on":
        return _parse_date(value)
    text = _cell_text(value)
    if key == "industry":
        text = city_plans.industry_text(text)
    if key == "credit_code":
        text = text.upper()
    if key in LIMITS and len(text) > LIMITS[key]:
        raise ValueError(f"不能超过 {LIMITS[key]} 个字")
    return text


def _pick_sheet(raw: readers.RawWorkbook) -> readers.RawSheet | None:
    if PLAN_SHEET in raw.sheets:
        return raw.sheets[PLAN_SHEET]
    return next(iter(raw.sheets.values()), None)


def read_plan_workbook(path: str, name: str) -> ParsedPlan:
    """Every item of a plan workbook, or every problem in it (by row and column); ``name``
    is the file's name as the user knows it."""
    try:
        raw = readers.read_raw(path)
    except LedgerInvalid as exc:
        return ParsedPlan([], [LedgerError(name, None, None, e.message) for e in exc.errors], name)
    sheet = _pick_sheet(raw)
    if sheet is None:
        return ParsedPlan([], [LedgerError(name, None, None, "工作簿中没有工作表")], name)
    index = {h: i for i, h in enumerate(sheet.headers) if h}
    missing = [h for _, h in PLAN_COLUMNS if h not in index]
    if missing:
        message = "缺少列：" + "、".join(missing) + "（请使用计划模板）"
        return ParsedPlan([], [LedgerError(sheet.title, 1, None, message)], name)
    errors: list[LedgerError] = list(_ledger_errors(sheet.problems, sheet.title))
    items: list[dict[str, Any]] = []
    for number, row in sheet.rows:
        values: dict[str, Any] = {}
        for key, header in PLAN_COLUMNS + OPTIONAL_COLUMNS:
            if header not in index:
                continue
            cell = row[index[header]] if index[header] < len(row) else None
            if _cell_text(cell) == "":
                values[key] = None if key in ("year", "planned_on") else ""
                continue
            try:
                values[key] = _parse_cell(key, cell)
            except ValueError as exc:
                errors.append(LedgerError(sheet.title, number, header, str(exc)))
                values[key] = None
        for key, header in (("kind", "类别"), ("industry", "行业"), ("year", "年度")):
            if values.get(key) in (None, "") and not _has_error(errors, number, header):
                errors.append(LedgerError(sheet.title, number, header, "必填"))
        headers = dict(PLAN_COLUMNS + OPTIONAL_COLUMNS)
        for key, message in city_plans.item_problems(values).items():
            if not _has_error(errors, number, headers[key]):
                errors.append(LedgerError(sheet.title, number, headers[key], message))
        items.append(values)
    if not items and not errors:
        errors.append(LedgerError(sheet.title, None, None, "工作表中没有计划事项"))
    return ParsedPlan(items if not errors else [], errors, name)


def _has_error(errors: Sequence[LedgerError], row: int, column: str) -> bool:
    return any(e.row == row and e.column == column for e in errors)


def _ledger_errors(problems: Iterable[Any], title: str) -> Iterable[LedgerError]:
    for p in problems:
        yield LedgerError(title, p.row, p.column, p.message)
