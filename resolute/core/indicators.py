"""Reported indicators (三、四): periods, growth rates, status against a target, sheet rows.

The targets app stores reports and calls these to word and check them, so that the form,
the Excel import and the pages agree on what a period is, what counts as reached and which
values are refused. Reading the uploaded workbook is :func:`resolute.io.sheets.read_sheet`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from resolute.core.ledger import LedgerError
from resolute.core.targets import COMPARISON_LABELS, Target, Targets
from resolute.core.words import number_text

#: "左右" is read as within ±5 % of the figure. This is the software's default, not the plan's.
ABOUT_TOLERANCE = 0.05
ABOUT_NOTE = "“左右”按目标值上下 5% 以内判定，这是本软件的默认设置，不是方案的规定。"

#: Float noise allowed at the edge of a tolerance (6.5 × 1.05 is 6.825000000000001).
_EPSILON = 1e-9
#: Words that make a % indicator a rate of change, which may be negative.
GROWTH_WORDS = ("增速", "增长")

Reached = Literal["met", "not_met"]
REACHED_LABELS: dict[str, str] = {"met": "达到", "not_met": "未达到"}
RATING_CHOICES = [("met", "达到"), ("mostly", "基本达到"), ("not_met", "未达到")]
RATING_LABELS = dict(RATING_CHOICES)

_PERIOD = re.compile(r"^\s*(\d{4})\s*年?\s*(?:[Qq第]\s*([1-4])\s*(?:季度)?)?\s*$")
_QUARTER_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")
FREQUENCY_LABELS = {"once": "", "yearly": "每年", "annual_average": "年均", "quarterly": "每季度"}

#: Headers of an import sheet, in the words officials use.
#: The columns of an indicator sheet as the template writes them (and errors name them);
#: the other spellings each accepts follow.
ID_COLUMN, INDICATOR_COLUMN, PERIOD_COLUMN, VALUE_COLUMN = "目标编号", "指标", "报告期", "数值"
ID_HEADERS = (ID_COLUMN, "编号", "target_id")
INDICATOR_HEADERS = (INDICATOR_COLUMN, "指标名称", "indicator")
PERIOD_HEADERS = (PERIOD_COLUMN, "期间", "时期", "period")
VALUE_HEADERS = (VALUE_COLUMN, "值", "完成值", "value")


class PeriodError(ValueError):
    pass


def period_label(raw: Any) -> str:
    """A period as stored: ``2021`` for a year, ``2022Q1`` for a quarter.

    Accepts what officials type or Excel stores: ``2022``, ``2022.0``, ``2022年``,
    ``2022Q1``, ``2022q1``, ``2022年第1季度``.
    """
    if isinstance(raw, bool):
        raise PeriodError("报告期应为年份（如 2021）或季度（如 2022Q1）")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer():
            raw = str(int(raw))
        else:
            raise PeriodError(f"“{raw}” 不是年份或季度，应写作 2021 或 2022Q1")
    text = "" if raw is None else str(raw)
    found = _PERIOD.match(text)
    if not found:
        raise PeriodError(f"“{text}” 不是年份或季度，应写作 2021 或 2022Q1")
    year, quarter = found.groups()
    if not 2000 <= int(year) <= 2100:
        raise PeriodError(f"年份“{year}”超出范围")
    return f"{year}Q{quarter}" if quarter else year


def period_sort_key(label: str) -> tuple[int, int]:
    """Years sort after their quarters: 2021Q1 < … < 2021Q4 < 2021."""
    found = _QUARTER_PERIOD.match(label)
    if found:
        return int(found.group(1)), int(found.group(2))
    return int(label), 5


def previous_year(label: str) -> str:
    """The same period a year earlier: 2022 → 2021, 2022Q1 → 2021Q1."""
    found = _QUARTER_PERIOD.match(label)
    if found:
        return f"{int(found.group(1)) - 1}Q{found.group(2)}"
    return str(int(label) - 1)


def growth_rate(current: float | None, previous: float | None) -> float | None:
    """Percentage change on the previous year's value; None when either is missing or the
    previous value is zero (no rate can be stated)."""
    if current is None or previous is None or previous == 0:
        return None
    return 100.0 * (current - previous) / abs(previous)


def reached(target: Target, value: float | None) -> Reached | None:
    """Whether a reported value reaches the target by its comparison; None when the target
    has no figure to compare with (qualitative) or nothing was reported."""
    if value is None:
        return None
    goal = target.target
    if target.comparison in ("at_least", "all") and goal is not None:
        return "met" if value >= goal else "not_met"
    if target.comparison == "at_most" and goal is not None:
        return "met" if value <= goal else "not_met"
    if target.comparison == "about" and goal is not None:
        slack = ABOUT_TOLERANCE * abs(goal) + _EPSILON * max(1.0, abs(goal))
        return "met" if abs(value - goal) <= slack else "not_met"
    if target.comparison == "range" and target.value_min is not None:
        high = target.value_max if target.value_max is not None else math.inf
        return "met" if target.value_min <= value <= high else "not_met"
    return None


def allows_negative(target: Target) -> bool:
    """Only a rate of change may fall below zero (增速、增长 in %); amounts, counts and
    shares not."""
    return target.unit == "%" and any(word in target.indicator for word in GROWTH_WORDS)


def figure_text(target: Target) -> str:
    """The target's figure in words, with separators: 不低于 9,500 亿元, 3–5 个, 左右 6.5 %."""
    unit = target.unit
    if target.comparison == "range":
        return f"{number_text(target.value_min, grouped=True)}–{number_text(target.value_max, grouped=True)} {unit}".strip()
    if target.target is None:
        return COMPARISON_LABELS.get(target.comparison, "")
    figure = f"{number_text(target.target, grouped=True)} {unit}".strip()
    if target.comparison == "about":
        return f"{figure}左右"
    return f"{COMPARISON_LABELS[target.comparison]} {figure}"


# ─── import sheets ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReportRow:
    row: int
    target_id: str
    period: str
    value: float


@dataclass(frozen=True)
class SheetRows:
    """An import sheet as read: the headers of row 1, then each non-blank row with its Excel
    row number."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def _column(headers: Sequence[str], names: Iterable[str]) -> int | None:
    wanted = {n.lower() for n in names}
    for index, header in enumerate(headers):
        if header.lower() in wanted:
            return index
    return None


def _cell(values: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    value = values[index]
    return value.strip() if isinstance(value, str) else value


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    try:
        value = float(str(raw).replace(",", "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def reportable(book: Targets, computed: Iterable[str] = ()) -> dict[str, Target]:
    """Targets a department reports: those that neither the ledger (a measure) nor another
    register of the system (``computed``, e.g. the key projects) computes."""
    skip = set(computed)
    return {t.id: t for t in book.targets if t.measure is None and t.id not in skip}


def report_names(targets: Mapping[str, Target]) -> dict[str, str]:
    """The Chinese name each reportable target goes by in a sheet (target id → name): its
    indicator, or, where several targets share one indicator, the indicator with the clause
    (“高端化工营业收入（三(二)1）”), so that every name picks one target."""
    shared: dict[str, int] = {}
    for t in targets.values():
        shared[t.indicator] = shared.get(t.indicator, 0) + 1
    return {t.id: t.indicator if shared[t.indicator] == 1 else f"{t.indicator}（{t.clause}）"
            for t in targets.values()}  # fmt: skip


def validate_rows(sheet: SheetRows, book: Targets,
                  computed: Iterable[str] = ()) -> tuple[list[ReportRow], list[LedgerError]]:  # fmt: skip
    """Every row of an indicator sheet checked; the rows are usable only when no error is
    returned. Each target is found by its Chinese name (:func:`report_names`), or, in an
    older sheet with a 目标编号 column, by its id."""
    errors: list[LedgerError] = []
    id_col = _column(sheet.headers, ID_HEADERS)
    name_col = _column(sheet.headers, INDICATOR_HEADERS)
    period_col = _column(sheet.headers, PERIOD_HEADERS)
    value_col = _column(sheet.headers, VALUE_HEADERS)
    if id_col is None and name_col is None:
        errors.append(LedgerError("", None, INDICATOR_COLUMN, "缺少“指标”列"))
    if period_col is None:
        errors.append(LedgerError("", None, PERIOD_COLUMN, "缺少“报告期”列"))
    if value_col is None:
        errors.append(LedgerError("", None, VALUE_COLUMN, "缺少“数值”列"))
    if errors:
        return [], errors
    if not sheet.rows:
        return [], [LedgerError("", None, "", "工作表中没有数据行")]
    targets = reportable(book, computed)
    names = _Names(targets, book)
    found: list[ReportRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in sheet.rows:
        target = _target_of(number, values, id_col, name_col, targets, names, book, errors)
        period = None
        try:
            period = period_label(_cell(values, period_col))
        except PeriodError as exc:
            errors.append(LedgerError("", number, PERIOD_COLUMN, str(exc)))
        value = _value_of(number, _cell(values, value_col), target, errors)
        if target is None or period is None or value is None:
            continue
        key = (target.id, period)
        if key in seen:
            errors.append(LedgerError("", number, PERIOD_COLUMN, f"“{target.indicator}”的报告期 {period} "
                                                     f"与第 {seen[key]} 行重复"))  # fmt: skip
            continue
        seen[key] = number
        found.append(ReportRow(number, target.id, period, value))
    return (found if not errors else []), errors


class _Names:
    """The targets by the names a sheet may use: each target's own name, and an indicator
    shared by several (refused as ambiguous) or computed by the system (refused)."""

    def __init__(self, targets: Mapping[str, Target], book: Targets) -> None:
        self.own = {name: targets[tid] for tid, name in report_names(targets).items()}
        self.shared: dict[str, int] = {}
        for t in targets.values():
            self.shared[t.indicator] = self.shared.get(t.indicator, 0) + 1
        self.computed = {t.indicator for t in book.targets if t.id not in targets}

    def problem(self, name: str) -> str:
        if self.shared.get(name, 0) > 1:
            return (f"指标“{name}”对应 {self.shared[name]} 个目标，请按“可填报指标”工作表写作"
                    f"“{name}（条款）”")  # fmt: skip
        if name in self.computed:
            return f"“{name}” 由系统自动计算，不需填报"
        return f"没有名为“{name}”的填报指标，请从“可填报指标”工作表复制指标名称"


def _target_of(number: int, values: Sequence[Any], id_col: int | None, name_col: int | None,
               targets: Mapping[str, Target], names: _Names, book: Targets,
               errors: list[LedgerError]) -> Target | None:  # fmt: skip
    target_id = _cell(values, id_col)
    if target_id not in (None, ""):
        text = str(target_id)
        if text in targets:
            return _numeric(number, ID_COLUMN, targets[text], errors)
        known = any(t.id == text for t in book.targets)
        errors.append(LedgerError("", number, ID_COLUMN,
                               f"“{text}” 由系统自动计算，不需填报" if known
                               else f"没有编号为“{text}”的目标"))  # fmt: skip
        return None
    name = _cell(values, name_col)
    if name in (None, ""):
        errors.append(LedgerError("", number, INDICATOR_COLUMN, "指标为空"))
        return None
    target = names.own.get(str(name))
    if target is not None:
        return _numeric(number, INDICATOR_COLUMN, target, errors)
    errors.append(LedgerError("", number, INDICATOR_COLUMN, names.problem(str(name))))
    return None


def _numeric(number: int, column: str, target: Target, errors: list[LedgerError]) -> Target | None:
    if target.comparison == "qualitative":
        errors.append(LedgerError("", number, column,
                               f"“{target.indicator}”是定性目标，请在网页上填写评估意见"))  # fmt: skip
        return None
    return target


def _value_of(number: int, raw: Any, target: Target | None,
              errors: list[LedgerError]) -> float | None:  # fmt: skip
    if raw in (None, ""):
        errors.append(LedgerError("", number, VALUE_COLUMN, "数值为空"))
        return None
    value = _number(raw)
    if value is None:
        errors.append(LedgerError("", number, VALUE_COLUMN, f"“{raw}” 不是数字"))
        return None
    if value < 0 and target is not None and not allows_negative(target):
        errors.append(LedgerError("", number, VALUE_COLUMN, f"“{number_text(value)}” 不能为负数"))
        return None
    return value
