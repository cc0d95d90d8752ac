"""Values, labels and findings in the words an official reads, in Chinese.

The one place where the software turns a value into words, for pages (through the
``words`` template filters), exports, reports and the CLI alike. Pure functions over plain
values and the findings JSON (``resolute.core.assessment``). One word per meaning, as
officials.md asks:

- :data:`UNKNOWN` (未知): a value that is missing, whether never entered, left blank in a
  file or cleared — in the ledger a blank is unknown, never zero and never compliant;
- :data:`UNREPORTED` (未填报): a figure a department has not reported;
- :data:`NOTHING` (—): a table cell with nothing to show because nothing applies (no
  deadline set, no previous year to compare with, no rank).

Booleans are 是/否, codes are their Chinese labels, numbers have no float noise, and each
finding states what was measured, against what, and why.

Figures as officials write them (officials.md, "Numbers, units, dates"); the template filters
of ``{% load words %}`` are named after them:

==========================  ===============  ==============================================
function                    filter           gives
==========================  ===============  ==============================================
:func:`figure_text`         ``thousands``    1,234,567.8 — separators, at most 2 decimals
:func:`money_text` (万元)   ``wan_yuan``     1,234.57 — 元 (or the unit named) in 万元,
                                             two decimals; the header says （万元）
:func:`money_text` (亿元)   ``yi_yuan``      12.35 — for province totals; header （亿元）
:func:`unit_figure_text`    ``in_unit``      a figure converted into the plan's unit
                                             (``"千瓦时>万千瓦时"``), with separators
:func:`percent_text`        ``pct``          74.7% — a percentage, one decimal
:func:`fraction_text`       ``ratio_pct``    74.7% — a fraction (0.747) as a percentage
:func:`date_text`           ``date_zh``      2022年12月31日 — documents and prose
:func:`date_iso`            ``date_iso``     2022-12-31 — tables and files
==========================  ===============  ==============================================

A missing stored value reads :data:`UNKNOWN`; a percentage or a date that does not apply
(no target to compare with, no deadline set) reads :data:`NOTHING`. Rounding is 四舍五入
(half away from zero) on the number as written, never the float's binary rounding, and a
result that rounds to zero never shows a minus sign. Spreadsheets keep figures as numbers:
:func:`xlsx_number_format` gives the cell format with separators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext
from typing import Any

from resolute.core import schema, units
from resolute.core.assessment import OUTCOME_LABELS, RESULT_LABELS
from resolute.core.rulebook import BASIS_LABELS, OP_SYMBOLS, STANDARD_LABELS
from resolute.core.schema import FieldSpec

UNKNOWN = "未知"
UNREPORTED = "未填报"
NOTHING = "—"
YES, NO = "是", "否"

_DIGITS = getcontext().prec  # quantize refuses results with more digits than this


def number_text(value: float | int | Decimal | None, places: int | None = 4, *,
                grouped: bool = False) -> str:  # fmt: skip
    """A quantity rounded to ``places`` decimals, without trailing zeros, float noise or
    exponent notation (350000000, 4.3, 0.125); ``places=None`` keeps every digit of the
    number as written (a Decimal, or the shortest form of a float). ``grouped`` puts in the
    thousands separators a reader expects (350,000,000). :data:`NOTHING` for None: a figure
    that cannot be computed (a growth rate without the year before)."""
    if value is None:
        return NOTHING
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if grouped else str(value)  # every digit, however many
    exact = _exact(value)
    if not exact.is_finite():
        return str(value)
    if places is not None:
        exact = _round(exact, places)
    text = f"{exact.normalize():,f}" if grouped else f"{exact.normalize():f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _exact(value: float | int | Decimal) -> Decimal:
    """The number as written: an int or Decimal as it is, a float by its shortest form."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _round(exact: Decimal, places: int) -> Decimal:
    """四舍五入 to ``places`` decimals (a number too long to carry them is whole already)."""
    if exact.adjusted() < _DIGITS - places:
        return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return exact


def _fixed(value: float | int | Decimal, places: int) -> str:
    """Exactly ``places`` decimals, with separators (1,234.50); never “-0.0”."""
    exact = _exact(value)
    if not exact.is_finite():
        return str(value)
    exact = _round(exact, places)
    if exact.is_zero():
        exact = abs(exact)
    return f"{exact:,.{places}f}"


Figure = float | int | Decimal | None


def figure_text(value: Figure, places: int = 2, *, missing: str = UNKNOWN) -> str:
    """A figure as a table or a document shows it: separators, at most ``places`` decimals
    (1,234,567.8); ``missing`` (未知) for None."""
    if value is None:
        return missing
    return number_text(value, places, grouped=True)


def in_unit(value: float | int | Decimal, source: str, target: str) -> Decimal:
    """``value`` in ``source`` expressed in ``target``, exactly (2,600,000 元 → 260 万元).
    Raises ValueError when the two units do not convert into each other: a figure is never
    shown under a unit it is not in."""
    by = units.factor(source, target)
    if by is None:
        raise ValueError(f"单位“{source}”不能换算为“{target}”")
    return _exact(value) * by


def unit_figure_text(value: Figure, source: str, target: str, places: int = 2, *,
                     missing: str = UNKNOWN) -> str:  # fmt: skip
    """A figure stored in ``source`` shown in ``target``, the unit the plan writes it in
    (120,650,739 千瓦时 → 12,065.07 万千瓦时); the unit itself goes in the header."""
    if value is None:
        return missing
    return figure_text(in_unit(value, source, target), places)


def money_text(value: Figure, unit: str = "万元", source: str = "元", places: int = 2, *,
               missing: str = UNKNOWN) -> str:  # fmt: skip
    """An amount of money in ``unit`` (万元 in tables, 亿元 for province totals) with
    separators and exactly ``places`` decimals (185,377.95); ``source`` is the unit the
    amount is stored in. The unit goes in the column header, not in the cell."""
    if value is None:
        return missing
    return _fixed(in_unit(value, source, unit), places)


def money_value(value: Figure, unit: str = "万元", source: str = "元",
                places: int = 2) -> Decimal | None:  # fmt: skip
    """An amount of money in ``unit`` rounded to ``places`` decimals, as a number for a
    spreadsheet cell (which keeps it a number; its format gives the separators); None stays
    None (an unknown amount is a blank cell, never 0)."""
    if value is None:
        return None
    exact = _round(in_unit(value, source, unit), places)
    return abs(exact) if exact.is_zero() else exact


def percent_text(value: Figure, places: int = 1) -> str:
    """A percentage (74.66 → “74.7%”), one decimal; :data:`NOTHING` when it cannot be
    computed. A completion above 100% shows as it is (officials.md)."""
    if value is None:
        return NOTHING
    return f"{_fixed(value, places)}%"


def fraction_text(value: Figure, places: int = 1) -> str:
    """A fraction as a percentage (0.7466 → “74.7%”)."""
    if value is None:
        return NOTHING
    return percent_text(_exact(value) * 100, places)


def date_text(value: dt.date | None) -> str:
    """A date as documents and prose write it: 2022年12月31日 (no leading zeros)."""
    if value is None:
        return NOTHING
    return f"{value.year}年{value.month}月{value.day}日"


def date_iso(value: dt.date | None) -> str:
    """A date as tables and files write it: 2022-12-31."""
    if value is None:
        return NOTHING
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else value.isoformat()


def xlsx_number_format(places: int = 0) -> str:
    """The cell format of a figure in a spreadsheet: separators and ``places`` decimals
    (``#,##0.00``), so the cell stays a number a reader can add up."""
    return "#,##0" + ("." + "0" * places if places else "")


def yes_no(value: bool) -> str:
    return YES if value else NO


def industry_label(code: str | None) -> str:
    """An industry's Chinese name (``steel`` → 钢铁); "" for none, an unknown code as it is."""
    industry = schema.INDUSTRY_BY_CODE.get(code or "")
    return industry.label if industry else (code or "")


def equipment_label(code: str | None) -> str:
    """An equipment's Chinese name (``blast_furnace`` → 炼铁高炉); "" for none, else as is."""
    equipment = schema.EQUIPMENT_BY_CODE.get(code or "")
    return equipment.label if equipment else (code or "")


def spec_of(key: str) -> FieldSpec | None:
    return schema.LINE_FIELD_BY_KEY.get(key) or schema.ENTERPRISE_FIELD_BY_KEY.get(key)


def value_text(value: Any, key: str = "", places: int | None = 4) -> str:
    """One stored value in words; ``key`` names its schema field, for enumeration labels.
    Numbers are rounded to ``places`` decimals; a change record (before → after) passes
    ``places=None`` so that no change is hidden by rounding."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float | Decimal):
        return number_text(value, places, grouped=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(value_text(v, key, places) for v in value)
    if key == "equipment":
        return equipment_label(str(value))
    if key == "industry":
        return industry_label(str(value))
    spec = spec_of(key)
    if spec is not None and spec.choices:
        return spec.label_of(str(value))
    return str(value)


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    text: str
    unit: str
    known: bool


#: Units a figure is stored in (as the ledger's files give it) and the unit officials write
#: it in on a page: electricity in 万千瓦时, money in 万元 (officials.md).
READING_UNITS: Mapping[str, str] = {"千瓦时": "万千瓦时", "元": "万元"}


def reading_unit(unit: str) -> str:
    """The unit a figure stored in ``unit`` is read in (千瓦时 → 万千瓦时; others as they are)."""
    return READING_UNITS.get(unit, unit)


def reading_text(value: Any, key: str, unit: str) -> str:
    """A stored value in words, a figure in its :func:`reading_unit` (120,650,739 千瓦时 reads
    12,065.07 万千瓦时)."""
    shown = reading_unit(unit)
    if shown != unit and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return unit_figure_text(value, unit, shown)
    return value_text(value, key)


def field_rows(specs: Iterable[FieldSpec], values: Mapping[str, Any],
               units: Mapping[str, str] | None = None) -> list[FieldRow]:  # fmt: skip
    """Label, value and unit of each field in ``specs``; ``units`` overrides a field's unit
    (a line's capacity takes the unit of its equipment). A figure reads in the unit
    officials write it in (:func:`reading_unit`)."""
    rows = []
    for spec in specs:
        value = values.get(spec.key)
        unit = (units or {}).get(spec.key, spec.unit)
        known = value is not None and value != ""
        rows.append(FieldRow(spec.key, spec.label, reading_text(value, spec.key, unit),
                             reading_unit(unit) if known else "", known))  # fmt: skip
    return rows


def line_specs(equipment: str) -> list[FieldSpec]:
    """The attributes shown for a line: the common ones, then its equipment's own."""
    common = [f for f in schema.LINE_FIELDS if not f.equipment and f.key in _LINE_COMMON]
    return common + list(schema.equipment_fields(equipment))


_LINE_COMMON = ("status", "capacity", "env_status", "safety_status", "energy_status",
                "unit_energy", "upgrade_hopeless")  # fmt: skip
ENTERPRISE_FLAG_KEYS = ("in_chemical_park", "permits_unfixable", "independent_coking", "plant_coking_capacity_10kt",
                        "in_steel_layout")  # fmt: skip


def quantity_text(value: float | int | Decimal | None, unit: str) -> str:
    """A figure followed by its unit (“300 万吨/年”); :data:`UNKNOWN` alone when missing."""
    if value is None or value == "":
        return UNKNOWN
    return f"{number_text(value, grouped=True)} {unit}".strip()


def capacity_text(capacity: float | None, equipment: str) -> str:
    unit = schema.EQUIPMENT_BY_CODE[equipment].capacity_unit if equipment else ""
    return quantity_text(capacity, unit)


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", "未评估")


def basis_label(basis: str | None) -> str:
    return BASIS_LABELS.get(basis or "", "")


def is_overdue(deadline: dt.date | None, status: str | None, today: dt.date) -> bool:
    """Past its exit deadline and not yet exited (二(四)9 信用约束 follows from this)."""
    return deadline is not None and deadline < today and status != "exited"


@dataclass(frozen=True)
class FindingView:
    rule_id: str
    standard: str
    standard_label: str
    basis_label: str
    result: str
    result_label: str
    value_text: str
    comparison: str
    threshold_text: str
    unit: str
    wording: str
    citation: str
    exemption: str
    condition: str
    numeric: bool
    #: 二(三)4: the retrofit the plan allows instead of exit ("" when none).
    retrofit: str = ""  # a measured quantity against a numeric limit, worth quoting in a list

    @property
    def failed(self) -> bool:
        return self.result == "fail"


def finding_view(f: Mapping[str, Any]) -> FindingView:
    """A finding from the run's JSON, worded for a page or a sheet."""
    field = str(f.get("field") or "")
    threshold = f.get("threshold")
    comparison = f.get("comparison")
    return FindingView(
        rule_id=str(f.get("rule_id", "")),
        standard=str(f.get("standard", "")),
        standard_label=STANDARD_LABELS.get(f.get("standard", ""), str(f.get("standard", ""))),
        basis_label=basis_label(f.get("basis")),
        result=str(f.get("result", "")),
        result_label=RESULT_LABELS.get(f.get("result", ""), str(f.get("result", ""))),
        value_text=value_text(f.get("value"), field),
        comparison=OP_SYMBOLS.get(comparison, "") if comparison else "",
        threshold_text="" if threshold is None else value_text(threshold, field),
        unit=str(f.get("unit") or ""),
        wording=str(f.get("wording", "")),
        citation=str(f.get("citation", "")),
        exemption=str(f.get("exemption") or ""),
        condition=_condition(field, comparison, threshold),
        numeric=isinstance(threshold, int | float) and not isinstance(threshold, bool),
        retrofit=str(f.get("retrofit") or ""),
    )


def _condition(field: str, comparison: str | None, threshold: Any) -> str:
    """What the value was held against, e.g. “≤ 400”; a determination is the authority's."""
    if threshold is not None:
        symbol = OP_SYMBOLS.get(comparison, "") if comparison else "限额"
        return f"{symbol} {value_text(threshold, field)}"
    if field.endswith("_status"):
        return "主管部门认定"
    return ""


def finding_views(findings: Iterable[Mapping[str, Any]]) -> list[FindingView]:
    return [finding_view(f) for f in findings]


def failed_rules_text(findings: Iterable[Mapping[str, Any]]) -> str:
    """The failing rules of a verdict on one line of text: wording（citation）; …"""
    return "；".join(f"{f.get('wording', '')}（{f.get('citation', '')}）"
                    for f in findings if f.get("result") == "fail")  # fmt: skip
