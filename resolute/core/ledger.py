"""The ledger (台账) as typed tables, and the validation that admits rows into it.

Readers of Excel, JSON and CSV turn their containers into :class:`RawRow` objects (a sheet
name, a row number as the user sees it, and the cells by English key). :func:`validate`
checks every cell and every cross-row rule and returns either a :class:`Ledger` or the full
list of :class:`LedgerError`; nothing half-valid ever leaves this module.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, overload

import polars as pl

from resolute.core import cities, credit_code, schema, units
from resolute.core.schema import FieldSpec, Kind

TRUE_WORDS = frozenset({"true", "1", "是", "yes", "y", "t"})
FALSE_WORDS = frozenset({"false", "0", "否", "no", "n", "f"})

#: The Polars type each kind of field is held in (the row-wise and column-wise readers alike).
DTYPES: dict[Kind, pl.DataType] = {
    Kind.TEXT: pl.String(),
    Kind.ENUM: pl.String(),
    Kind.CREDIT_CODE: pl.String(),
    Kind.CITY: pl.String(),
    Kind.NUMBER: pl.Float64(),
    Kind.INTEGER: pl.Int64(),
    Kind.BOOL: pl.Boolean(),
    Kind.DATE: pl.Date(),
}

ENTERPRISE_SCHEMA: dict[str, pl.DataType] = {
    f.key: DTYPES[f.kind] for f in schema.ENTERPRISE_FIELDS
}
LINE_SCHEMA: dict[str, pl.DataType] = {f.key: DTYPES[f.kind] for f in schema.LINE_FIELDS}

Value = str | float | int | bool | dt.date | None


@dataclass(frozen=True, slots=True)
class LedgerError:
    """One problem in an input sheet, located as the user sees it: the ledger's sheets, and
    every other sheet people upload (city plans, indicator reports, the registry). ``sheet``
    is "" where a file has one sheet of interest, ``row`` None for the sheet as a whole, and
    ``column`` a ledger key (named with its Chinese label) or a header as written."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            label = _label(self.sheet, self.column)
            column = f"列 {self.column}（{label}）" if label else f"列“{self.column}”"
            where += f"，{column}" if where else column
        return f"{where}：{self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def _label(sheet: str, column: str) -> str:
    specs = (
        schema.ENTERPRISE_FIELD_BY_KEY
        if sheet in schema.ENTERPRISE_SHEETS
        else schema.LINE_FIELD_BY_KEY
    )
    spec = specs.get(column)
    return spec.label if spec and spec.label != column else ""


_NO_UNITS: Mapping[str, tuple[str, str]] = MappingProxyType({})


@dataclass(slots=True)
class RawRow:
    """A row as read from a file: cells by English key, not yet checked.

    ``units`` gives, for a column whose header named a unit (``炭化室高度（毫米）``), that
    unit and the header as written; the sheet's rows share one mapping."""

    sheet: str
    row: int
    cells: dict[str, Any]
    units: Mapping[str, tuple[str, str]] = field(default_factory=lambda: _NO_UNITS)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a row came from: its sheet and its row as the user sees it."""

    sheet: str
    row: int


class RawTable(Sequence[RawRow]):
    """The rows of one sheet held as columns (a list of cells per key) rather than as one
    dict per row: what a large workbook is read into, so that validation takes each column
    whole. Indexing gives the :class:`RawRow` the reference rules expect."""

    __slots__ = ("columns", "numbers", "sheet", "units")

    def __init__(self, sheet: str, numbers: list[int], columns: dict[str, list[Any]],
                 units: Mapping[str, tuple[str, str]] = _NO_UNITS) -> None:  # fmt: skip
        self.sheet = sheet
        self.numbers = numbers
        self.columns = columns
        self.units = units

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> RawRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[RawRow]: ...
    def __getitem__(self, index: int | slice) -> RawRow | list[RawRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        cells = {key: column[index] for key, column in self.columns.items()}
        return RawRow(self.sheet, self.numbers[index], cells, self.units)

    def column(self, key: str) -> list[Any]:
        """The cells of ``key``, one per row (None throughout for a column not read)."""
        found = self.columns.get(key)
        return found if found is not None else [None] * len(self.numbers)

    def cell_row(self, index: int, key: str) -> RawRow:
        """Row ``index`` holding only the cell of ``key``: enough for :func:`typed_cell`."""
        return RawRow(self.sheet, self.numbers[index], {key: self.column(key)[index]}, self.units)


def locations(rows: Sequence[RawRow]) -> Sequence[RawRow | Where]:
    """Where each of ``rows`` came from, without building a :class:`RawTable`'s rows."""
    if isinstance(rows, RawTable):
        return [Where(rows.sheet, n) for n in rows.numbers]
    return rows


#: Errors validation keeps; beyond them it only counts (a file of a million bad rows must
#: not hold millions of messages in memory).
KEPT_ERRORS = 10_000


class ErrorList(list[LedgerError]):
    """A list of errors that keeps the first ``KEPT_ERRORS`` and counts the rest."""

    def __init__(self, errors: Iterable[LedgerError] = (), omitted: int = 0) -> None:
        super().__init__()
        self.omitted = omitted
        self.extend(errors)

    def append(self, error: LedgerError) -> None:
        if len(self) < KEPT_ERRORS:
            super().append(error)
        else:
            self.omitted += 1

    def extend(self, errors: Iterable[LedgerError]) -> None:
        for error in errors:
            self.append(error)
        self.omitted += getattr(errors, "omitted", 0)


class LedgerInvalid(Exception):
    """The input has errors; ``errors`` lists them (the first ``KEPT_ERRORS``) and
    ``omitted`` counts the others."""

    def __init__(self, errors: Sequence[LedgerError], omitted: int = 0) -> None:
        kept = ErrorList(errors, omitted)
        self.errors: list[LedgerError] = kept
        self.omitted = kept.omitted
        super().__init__(f"{len(self.errors) + self.omitted} 处错误")


@dataclass(frozen=True)
class Ledger:
    """Validated enterprises and lines as Polars tables with the schema's dtypes."""

    enterprises: pl.DataFrame
    lines: pl.DataFrame
    warnings: tuple[str, ...] = field(default=())
    #: What reading did that the user should know: units converted, rows skipped.
    notes: tuple[str, ...] = field(default=())
    #: Per sheet (``enterprises``, ``lines``), the keys the source file had a column for;
    #: empty when not known (built in code). An import changes only these.
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Where the records of one sheet came from worksheets with different columns (one per
    #: industry), the keys each record's worksheet had, in the records' order.
    row_columns: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)

    @classmethod
    def from_records(
        cls,
        enterprises: Iterable[Mapping[str, Value]],
        lines: Iterable[Mapping[str, Value]],
        warnings: Iterable[str] = (),
        notes: Iterable[str] = (),
        columns: Mapping[str, frozenset[str]] | None = None,
    ) -> Ledger:
        """Build from already-typed records (missing keys are unknown).

        A number above :data:`schema.NUMBER_MAX` (which validation refuses, but a record
        stored before the bound existed may hold) raises :class:`ValueError` naming it: the
        exact comparisons could overflow on it, and a silently wrong verdict is worse."""
        ents, rows = _frame(enterprises, ENTERPRISE_SCHEMA), _frame(lines, LINE_SCHEMA)
        _within_range(ents, schema.ENTERPRISE_FIELDS, "企业")
        _within_range(rows, schema.LINE_FIELDS, "生产线")
        return cls(ents, rows, tuple(warnings), tuple(notes), dict(columns or {}))

    def enterprise_records(self) -> list[dict[str, Value]]:
        return self.enterprises.to_dicts()

    def line_records(self) -> list[dict[str, Value]]:
        return self.lines.to_dicts()

    def to_json_dict(self) -> dict[str, list[dict[str, Any]]]:
        """The interchange JSON form: unknown values are left out."""

        def clean(rows: list[dict[str, Value]]) -> list[dict[str, Any]]:
            return [
                {
                    k: (v.isoformat() if isinstance(v, dt.date) else v)
                    for k, v in r.items()
                    if v is not None
                }
                for r in rows
            ]

        return {
            "enterprises": clean(self.enterprise_records()),
            "lines": clean(self.line_records()),
        }


def _within_range(frame: pl.DataFrame, fields: Iterable[FieldSpec], table: str) -> None:
    numbers = [f for f in fields if f.kind is Kind.NUMBER and f.key in frame.columns]
    if not numbers or frame.is_empty():
        return
    largest = frame.select(pl.col(f.key).abs().max() for f in numbers).row(0)
    for f, value in zip(numbers, largest, strict=True):
        if value is not None and value > schema.NUMBER_MAX:
            raise ValueError(
                f"{table}表“{f.label}”有数值 {value:g} 超出数值的范围"
                f"（不大于 {schema.NUMBER_MAX:,}），请更正台账后再计算"
            )


def _frame(rows: Iterable[Mapping[str, Value]], dtypes: dict[str, pl.DataType]) -> pl.DataFrame:
    columns: dict[str, list[Value]] = {k: [] for k in dtypes}
    for r in rows:
        for k, col in columns.items():
            col.append(r.get(k))
    return pl.DataFrame(columns, schema=dtypes)


# ─── cell parsing ──────────────────────────────────────────────────────────────


class CellError(ValueError):
    pass


def _show(raw: Any) -> str:
    """A raw value quoted for a message; invisible characters shown as U+FFFD, so that a
    message can be stored and displayed anywhere (PostgreSQL refuses NUL in text)."""
    return f"“{visible(str(raw))}”"


def visible(text: str) -> str:
    """``text`` with every control character (other than tab and line breaks) replaced by
    U+FFFD, for messages and descriptions that quote what a user supplied."""
    if _INVISIBLE.search(text) is None:
        return text
    return "".join("\ufffd" if _invisible(c) else c for c in text)


DATE_EXAMPLES = "2021-12-31、2021/12/31、2021.12.31、2021年12月31日"
# Excel stores dates as days since 1899-12-30; only serials of 1990–2099 are taken as
# dates, so that a year (2021) or a quantity typed in a date column is refused, not read as
# a date of 1905.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (
    (dt.date(1990, 1, 1) - _EXCEL_EPOCH).days,
    (dt.date(2099, 12, 31) - _EXCEL_EPOCH).days,
)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# 1,234,567.5: commas only between groups of three digits
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)


def normalise_text(raw: str) -> str:
    """A cell's text as compared: full-width digits, letters and punctuation folded (NFKC)
    and surrounding spaces (also ideographic ones) removed."""
    return unicodedata.normalize("NFKC", raw).strip()


def parse_cell(
    spec: FieldSpec,
    raw: Any,
    unit: str | None = None,
    column_unit: str | None = None,
) -> Value:
    """Turn one raw cell into a typed value; empty means unknown (None).

    ``unit`` is the unit the value is stored in when it is not the field's own (the
    capacity unit of the line's equipment); ``column_unit`` the unit the column's header
    named. A quantity in another unit — the column's, or one typed in the cell
    (``"4300毫米"``) — is converted exactly to the stored unit, or refused when it cannot be.

    Raises :class:`CellError` with a Chinese message when the cell is unusable.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            return None
    kind = spec.kind
    if kind is Kind.TEXT:
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        return check_text(spec, text)
    if kind in (Kind.NUMBER, Kind.INTEGER):
        target = spec.unit if unit is None else unit
        return _parse_number(raw, kind is Kind.INTEGER, target, column_unit)
    if kind is Kind.BOOL:
        return _parse_bool(raw)
    if kind is Kind.ENUM:
        return _parse_choice(spec, raw)
    if kind is Kind.DATE:
        return _parse_date(raw)
    if kind is Kind.CREDIT_CODE:
        code = normalise_text(str(raw)).upper()
        problem = credit_code.problem(code)
        if problem:
            raise CellError(f"{_show(raw)}：{problem}")
        return code
    if kind is Kind.CITY:
        city = schema.normalise_city(normalise_text(str(raw)))
        if city is None:
            raise CellError(f"{_show(raw)} 不是山东省 16 市之一")
        return city
    raise AssertionError(kind)


#: The characters :func:`_invisible` names, as one pattern (a fast first look in ``visible``):
#: Cc is exactly U+0000–U+001F and U+007F–U+009F; Cs is U+D800–U+DFFF.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _invisible(char: str) -> bool:
    """A character no page, workbook or database column should carry: control characters
    (C0 such as NUL or U+000B, DEL, C1), surrogates and the non-characters U+FFFE/U+FFFF.
    Tab and line breaks are kept: a workbook cell may hold them and every output can."""
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def check_text(spec: FieldSpec, text: str) -> str:
    """``text`` if a TEXT field may hold it, else :class:`CellError` saying why.

    The same limits hold on every path into the ledger (files, forms, the API, objection
    corrections) and on every database: no control characters, at most
    ``spec.max_length`` characters, and for an identifier only letters, digits and
    ``schema.IDENTIFIER_SEPARATORS``.
    """
    bad = next((c for c in text if _invisible(c)), None)
    if bad is not None:
        raise CellError(f"含有不可见的控制字符 U+{ord(bad):04X}，请删除后重新填写")
    if len(text) > spec.max_length:
        raise CellError(f"长度为 {len(text)} 个字符，超过上限 {spec.max_length} 个字符")
    if spec.identifier:
        odd = [c for c in text if not (c.isalnum() or c in schema.IDENTIFIER_SEPARATORS)]
        if odd:
            shown = "、".join(f"“{c}”" for c in dict.fromkeys(odd))
            raise CellError(
                f"{_show(text)} 含有字符 {shown}；{spec.label}只能由字母、数字和"
                f" {' '.join(schema.IDENTIFIER_SEPARATORS)} 组成"
            )
        if not text[0].isalnum():
            raise CellError(f"{_show(text)} 应以字母或数字开头")
    return text


def cell_unit(raw: Any) -> str:
    """The unit typed after the number in a text cell (``"120万吨/年"`` → ``"万吨/年"``)."""
    if not isinstance(raw, str):
        return ""
    return units.split_number(normalise_text(raw))[1]


def _decimal(raw: int | float) -> Decimal:
    """A cell's number exactly as written (a float as its shortest decimal form)."""
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise CellError(f"{_show(raw)} 不是有限的数字")
        return Decimal(repr(raw))
    raise AssertionError(type(raw))


def _parse_number(raw: Any, integer: bool, target: str, column_unit: str | None) -> float | int:
    source = column_unit or target
    if isinstance(raw, bool):
        raise CellError(f"{_show(raw)} 不是数字")
    if isinstance(raw, int | float):
        if source == target:  # the common case, without decimal arithmetic
            return _checked(raw, float(raw), integer)
        number = _decimal(raw)
    elif not isinstance(raw, str):
        raise CellError(f"{_show(raw)} 不是数字")
    else:
        text, typed = units.split_number(normalise_text(raw))
        if typed:
            if not target:
                raise CellError(f"{_show(raw)} 带有单位“{typed}”，但该字段没有单位，请只填数字")
            source = typed
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            raise CellError(f"{_show(raw)} 不是数字")
        if source == target or units.same(source, target):
            return _checked(raw, float(text), integer)
        number = Decimal(text)
    by = units.factor(source, target)
    if by is None:
        if units.parse(source) is None:
            raise CellError(f"{_show(raw)} 的单位“{source}”无法识别（应为 {target}）")
        raise CellError(f"{_show(raw)} 的单位“{source}”不能换算为 {target}")
    number = number * by
    if integer:
        if number != number.to_integral_value():
            raise CellError(f"{_show(raw)} 换算为 {target} 后不是整数")
        return _checked(raw, float(number), integer)
    return _checked(raw, float(number), integer)


def _checked(raw: Any, number: float, integer: bool) -> float | int:
    if not math.isfinite(number):
        raise CellError(f"{_show(raw)} 不是有限的数字")
    if number < 0:
        raise CellError(f"{_show(raw)} 为负数，数量不能为负")
    if integer:
        if not number.is_integer():
            raise CellError(f"{_show(raw)} 应为整数")
        if number > schema.INTEGER_MAX:
            raise CellError(f"{_show(raw)} 超出整数的范围（不大于 {schema.INTEGER_MAX:,}）")
        return int(number)
    if number > schema.NUMBER_MAX:
        raise CellError(f"{_show(raw)} 超出数值的范围（不大于 {schema.NUMBER_MAX:,}）")
    return number


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = normalise_text(str(raw)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{_show(raw)} 不是是/否（可填 是、否、true、false、1、0）")


def _parse_choice(spec: FieldSpec, raw: Any) -> str:
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    for choice in spec.choices:
        if text in (choice.code, choice.label):
            return choice.code
    folded = normalise_text(text)
    for choice in spec.choices:
        if folded in (choice.code, normalise_text(choice.label)):
            return choice.code
    allowed = "、".join(c.label for c in spec.choices)
    raise CellError(f"{_show(raw)} 不是可选值（可选：{allowed}）")


def _parse_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        low, high = _SERIAL_RANGE
        if float(raw).is_integer() and low <= raw <= high:
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise CellError(f"{_show(raw)} 不是日期（可填 {DATE_EXAMPLES}）")
    text = normalise_text(str(raw))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise CellError(f"{_show(raw)} 不是日期（可填 {DATE_EXAMPLES}）")


# ─── whole-ledger validation ───────────────────────────────────────────────────


def validate(
    enterprise_rows: Sequence[RawRow],
    line_rows: Sequence[RawRow],
    warnings: Iterable[str] = (),
    notes: Iterable[str] = (),
    columns: Mapping[str, frozenset[str]] | None = None,
) -> Ledger:
    """Check every cell and every cross-row rule; raise :class:`LedgerInvalid` on any error.

    ``notes`` and ``columns`` are carried into the ledger (see :class:`Ledger`). Cells are
    typed column by column in Polars where that is certain (:mod:`resolute.core.columnar`),
    else cell by cell; :func:`validate_reference` does everything row by row and gives the
    same ledger and the same errors."""
    from resolute.core.columnar import typed_columns

    errors: list[LedgerError] = ErrorList()
    converted: dict[tuple[str, str, str, str, str], list[int]] = {}
    ents = typed_columns(enterprise_rows, schema.ENTERPRISE_FIELDS, errors, converted)
    lines = typed_columns(line_rows, schema.LINE_FIELDS, errors, converted)
    notes = [*notes, *conversion_notes(converted)]

    industry_of: dict[str, str | None] = {}
    ent_keys = ("city", "county", "credit_code", "industry")
    for raw, values in zip(locations(enterprise_rows), zip(*(ents[k].to_list() for k in ent_keys), strict=True),
                           strict=True):  # fmt: skip
        errors.extend(_enterprise_errors(raw, dict(zip(ent_keys, values, strict=True)),
                                         industry_of))  # fmt: skip

    inapplicable = _inapplicable(lines)
    seen_lines: dict[str, int] = {}
    line_keys = ("line_id", "credit_code", "equipment", "process", "exited_on", "status")
    for position, (raw, values) in enumerate(
        zip(
            locations(line_rows),
            zip(*(lines[k].to_list() for k in line_keys), strict=True),
            strict=True,
        )
    ):
        rec = dict(zip(line_keys, values, strict=True))
        errors.extend(_line_errors(raw, rec, industry_of, seen_lines,
                                   inapplicable.get(position, ())))  # fmt: skip

    if errors:
        raise LedgerInvalid(errors)
    return Ledger(
        pl.DataFrame(ents, schema=ENTERPRISE_SCHEMA),
        pl.DataFrame(lines, schema=LINE_SCHEMA),
        tuple(warnings),
        tuple(notes),
        dict(columns or {}),
    )


def validate_reference(
    enterprise_rows: Sequence[RawRow],
    line_rows: Sequence[RawRow],
    warnings: Iterable[str] = (),
    notes: Iterable[str] = (),
    columns: Mapping[str, frozenset[str]] | None = None,
) -> Ledger:
    """:func:`validate` done plainly, cell by cell and row by row: the reference that the
    column-wise validation must agree with."""
    errors: list[LedgerError] = ErrorList()
    converted: dict[tuple[str, str, str, str, str], list[int]] = {}
    enterprises = _typed_rows(enterprise_rows, schema.ENTERPRISE_FIELDS, errors, converted)
    lines = _typed_rows(line_rows, schema.LINE_FIELDS, errors, converted)
    notes = [*notes, *conversion_notes(converted)]
    industry_of: dict[str, str | None] = {}
    for raw, rec in zip(enterprise_rows, enterprises, strict=True):
        errors.extend(_enterprise_errors(raw, rec, industry_of))
    seen_lines: dict[str, int] = {}
    for raw, rec in zip(line_rows, lines, strict=True):
        errors.extend(_line_errors(raw, rec, industry_of, seen_lines))
    if errors:
        raise LedgerInvalid(errors)
    return Ledger.from_records(enterprises, lines, warnings, notes, columns)


def _enterprise_errors(
    raw: RawRow | Where, rec: Mapping[str, Value], industry_of: dict[str, str | None]
) -> list[LedgerError]:
    errors = []
    problem = county_problem(rec.get("city"), rec.get("county"))
    if problem:
        errors.append(LedgerError(raw.sheet, raw.row, "county", problem))
    code = rec.get("credit_code")
    if isinstance(code, str):
        if code in industry_of:
            errors.append(
                LedgerError(raw.sheet, raw.row, "credit_code", f"统一社会信用代码 {code} 重复")
            )
        industry = rec.get("industry")
        industry_of[code] = industry if isinstance(industry, str) else None
    return errors


def _inapplicable(lines: Mapping[str, pl.Series]) -> dict[int, list[str]]:
    """Per line position, the fields holding a value that do not apply to its equipment
    (in the schema's order)."""
    equipment = lines["equipment"]
    found: dict[int, list[str]] = {}
    for spec in schema.LINE_FIELDS:
        if not spec.equipment:
            continue
        wrong = lines[spec.key].is_not_null() & equipment.is_not_null() & \
            ~equipment.is_in(list(spec.equipment))  # fmt: skip
        for position in wrong.arg_true().to_list():
            found.setdefault(position, []).append(spec.key)
    return found


def county_problem(city: Value, county: Value) -> str | None:
    """Why ``county`` cannot stand in ``city`` (a county-level division of another city, or
    none at all), or None when it can or either is unknown."""
    if not isinstance(city, str) or not isinstance(county, str):
        return None
    try:
        found = cities.city(city)
    except KeyError:
        return None  # the city's own error is reported on its cell
    if any(c.name == county for c in found.counties):
        return None
    elsewhere = [c.name for c in cities.load_cities() if any(x.name == county for x in c.counties)]
    if elsewhere:
        return f"“{county}”属于{elsewhere[0]}市，不属于所填的{found.name}市"
    return f"“{county}”不是{found.name}市的县（市、区）（应填全称，如“{found.counties[0].name}”）"


_QUANTITIES = (Kind.NUMBER, Kind.INTEGER)
#: How many row numbers a conversion note lists before "等".
_NOTE_ROWS = 5


def stored_unit(spec: FieldSpec, rec: Mapping[str, Value]) -> str | None:
    """The unit a quantity is stored in for this record, when not the field's own: the
    capacity unit of the line's equipment (None while the equipment is unknown)."""
    if spec.key != "capacity":
        return spec.unit
    equipment = rec.get("equipment")
    if isinstance(equipment, str) and equipment in schema.EQUIPMENT_BY_CODE:
        return schema.EQUIPMENT_BY_CODE[equipment].capacity_unit
    return None


def _typed_rows(
    rows: Sequence[RawRow],
    specs: Sequence[FieldSpec],
    errors: list[LedgerError],
    converted: dict[tuple[str, str, str, str, str], list[int]],
) -> list[dict[str, Value]]:
    """Each row's typed record; errors and unit conversions are collected as found.

    ``converted`` gathers, per (sheet, key, header or "", source unit, stored unit), the
    rows whose value was converted: the header's unit when the header is given, else the
    unit typed in the cell."""
    typed: list[dict[str, Value]] = []
    for raw in rows:
        rec: dict[str, Value] = {}
        for spec in specs:
            rec[spec.key] = typed_cell(spec, raw, rec, errors, converted)
        typed.append(rec)
    return typed


def typed_cell(
    spec: FieldSpec,
    raw: RawRow,
    rec: Mapping[str, Value],
    errors: list[LedgerError],
    converted: dict[tuple[str, str, str, str, str], list[int]],
) -> Value:
    """One cell of ``raw`` typed by the reference (per-cell) rules; ``rec`` holds the row's
    earlier fields (the equipment, for the capacity's unit). An error is appended and the
    value is None."""
    cell = raw.cells.get(spec.key)
    try:
        if spec.kind in _QUANTITIES and cell is not None:
            unit = stored_unit(spec, rec)
            column = raw.units.get(spec.key)
            if unit is None and (column or cell_unit(cell)):
                raise CellError(f"{_show(cell)} 带有单位，但装置类型未知，无法确定产能单位")
            target = unit or ""
            value = parse_cell(spec, cell, target, column[0] if column else None)
            typed_unit = cell_unit(cell)
            source, header = (typed_unit, "") if typed_unit else column or ("", "")
            if source and not units.same(source, target):
                converted.setdefault((raw.sheet, spec.key, header, source, target),
                                     []).append(raw.row)  # fmt: skip
        else:
            value = parse_cell(spec, cell)
    except CellError as exc:
        errors.append(LedgerError(raw.sheet, raw.row, spec.key, str(exc)))
        return None
    if spec.required and value is None:
        errors.append(LedgerError(raw.sheet, raw.row, spec.key, "必填项为空"))
    return value


def conversion_notes(converted: Mapping[tuple[str, str, str, str, str], list[int]]) -> list[str]:
    """One note per column and pair of units: 列“炭化室高度（毫米）”按 毫米→米 换算."""
    notes = []
    for (sheet, key, header, source, target), rows in converted.items():
        if header:
            what = f"工作表“{sheet}”列“{header}”按 {source}→{target} 换算"
        else:
            label = _label(sheet, key) or key
            what = f"工作表“{sheet}”列“{label}”中带单位“{source}”的单元格按 {source}→{target} 换算"
        shown = "、".join(str(r) for r in rows[:_NOTE_ROWS]) + (
            "等" if len(rows) > _NOTE_ROWS else ""
        )
        notes.append(f"{what}（{len(rows)} 行：第 {shown} 行）")
    return notes


def _line_errors(
    raw: RawRow | Where,
    rec: Mapping[str, Value],
    industry_of: Mapping[str, str | None],
    seen_lines: dict[str, int],
    inapplicable: Sequence[str] | None = None,
) -> list[LedgerError]:
    """The cross-row errors of one line. ``inapplicable`` gives the fields that do not apply
    to its equipment when already known (column-wise); without it ``rec`` must hold every
    field."""
    errors: list[LedgerError] = []

    def err(column: str, message: str) -> None:
        errors.append(LedgerError(raw.sheet, raw.row, column, message))

    line_id = rec.get("line_id")
    if isinstance(line_id, str):
        if line_id in seen_lines:
            err("line_id", f"生产线编号 {line_id} 重复（与第 {seen_lines[line_id]} 行相同）")
        else:
            seen_lines[line_id] = raw.row
    code = rec.get("credit_code")
    equipment = rec.get("equipment")
    if isinstance(code, str) and code not in industry_of:
        err("credit_code", f"企业表中没有统一社会信用代码为 {code} 的企业")
    elif isinstance(code, str) and isinstance(equipment, str):
        industry = industry_of[code]
        owner = schema.EQUIPMENT_BY_CODE[equipment].industry
        if industry is not None and owner != industry:
            err(
                "equipment",
                f"装置类型“{schema.EQUIPMENT_BY_CODE[equipment].label}”不属于该企业所在行业"
                f"“{schema.INDUSTRY_BY_CODE[industry].label}”",
            )
    if isinstance(equipment, str):
        if inapplicable is None:
            inapplicable = [
                spec.key
                for spec in schema.LINE_FIELDS
                if spec.equipment and equipment not in spec.equipment
                and rec.get(spec.key) is not None
            ]  # fmt: skip
        for key in inapplicable:
            err(key, f"该字段不适用于装置类型“{schema.EQUIPMENT_BY_CODE[equipment].label}”")
        process = rec.get("process")
        allowed = schema.PROCESS_BY_EQUIPMENT.get(equipment, ())
        if isinstance(process, str) and allowed and process not in allowed:
            err(
                "process",
                f"工艺“{schema.LINE_FIELD_BY_KEY['process'].label_of(process)}”"
                f"不属于装置类型“{schema.EQUIPMENT_BY_CODE[equipment].label}”",
            )
    if rec.get("exited_on") is not None and rec.get("status") != "exited":
        err("exited_on", "填写了实际退出日期，但运行状态不是“已退出”")
    return errors
