"""Read and write the ledger interchange containers: Excel workbook, JSON file, CSV folder.

Reading turns a container into :class:`~resolute.core.ledger.RawRow` lists and hands them
to :func:`~resolute.core.ledger.validate`, so every container is checked by the same rules
and reports errors the same way: sheet, row as the user sees it (the Excel row, the 1-based
position in a JSON array, the line of a CSV file), column and reason. Problems with the
container itself — a missing or corrupt file, a missing sheet or required column — are
reported the same way, as :class:`~resolute.core.ledger.LedgerInvalid`. Readers never write.

For files whose sheets or headers differ from the template, :func:`read_raw` gives the
sheets and headers as found; once a person has said which sheet and column is which,
:func:`ledger_from_raw` applies that mapping and validates by the same rules.

Writing produces files that read back into an equal ledger. Every file is written to a
temporary file in the target directory and moved into place with :func:`os.replace`, so a
crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
import python_calamine
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from resolute.core import schema, units
from resolute.core.ledger import (
    Ledger,
    LedgerError,
    LedgerInvalid,
    RawRow,
    RawTable,
    Value,
    normalise_text,
    validate,
)
from resolute.core.schema import FieldSpec, Kind
from resolute.io import bounds
from resolute.io.files import replace_all_atomically, replace_atomically, writing
from resolute.io.xlsx import DATE_FORMAT, HEADER_FILL, HEADER_FONT, REQUIRED_HEADER_FONT

ENTERPRISES = "enterprises"
LINES = "lines"

#: Each sheet: its English name (JSON key, CSV file stem) and its Chinese name (Excel sheet).
SHEET_NAMES: dict[str, tuple[str, str]] = {
    ENTERPRISES: schema.ENTERPRISE_SHEETS,
    LINES: schema.LINE_SHEETS,
}
FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    ENTERPRISES: schema.ENTERPRISE_FIELDS,
    LINES: schema.LINE_FIELDS,
}

TRUE_LABEL = "是"
FALSE_LABEL = "否"

_SUFFIXES_READ = ".xlsx 工作簿、.json 文件或包含 enterprises.csv 与 lines.csv 的文件夹"
# A trailing "(unit)" or "[unit]" after a label, as in 有效容积（立方米） or 有效容积(m³);
# full-width brackets are folded to ASCII by NFKC before this applies.
_TRAILING_GROUP = re.compile(r"\s*[(\[][^()\[\]]*[)\]]$")


# ─── headers ───────────────────────────────────────────────────────────────────


def _fold(text: str) -> str:
    """Header text as compared: NFKC, no whitespace, no required-marker stars, lower case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).strip("*").lower()


def _header_lookup(fields: Sequence[FieldSpec]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for spec in fields:
        lookup[_fold(spec.key)] = spec.key
        lookup[_fold(spec.label)] = spec.key
    # A label with its own parenthetical dropped (县, 主营业务收入) also names the field,
    # unless that would be ambiguous.
    for spec in fields:
        short = _TRAILING_GROUP.sub("", _fold(spec.label))
        lookup.setdefault(short, spec.key)
    return lookup


_LOOKUPS: dict[str, dict[str, str]] = {sheet: _header_lookup(f) for sheet, f in FIELDS.items()}
_KEYS: dict[str, frozenset[str]] = {
    sheet: frozenset(spec.key for spec in f) for sheet, f in FIELDS.items()
}


def header_key(sheet: str, header: Any) -> str | None:
    """The English key a header names in ``sheet`` (``enterprises`` or ``lines``), or None.

    A header may be the key or the Chinese label, with surrounding whitespace and with a
    unit in parentheses after it: ``有效容积``, ``volume_m3``, ``有效容积（立方米）`` and
    ``有效容积(m³)`` all name ``volume_m3``.
    """
    return header_key_and_unit(sheet, header)[0]


def header_key_and_unit(sheet: str, header: Any) -> tuple[str | None, str]:
    """The key a header names and the bracketed text right after the label (the unit, as
    in ``炭化室高度（毫米）``; "" when there is none)."""
    if header is None:
        return None, ""
    lookup = _LOOKUPS[sheet]
    text = _fold(str(header))
    group = ""
    while text:
        if text in lookup:
            return lookup[text], group
        match = _TRAILING_GROUP.search(text)
        if match is None:
            return None, ""
        group = match.group().strip()[1:-1]
        text = text[: match.start()]
    return None, ""


def trailing_group(header: str) -> str:
    """The bracketed text at the end of a header ("" when there is none)."""
    match = _TRAILING_GROUP.search(_fold(header))
    return match.group().strip()[1:-1] if match else ""


@dataclass
class _Columns:
    """Which key each column index holds, and what was wrong with the header row."""

    keys: dict[int, str] = field(default_factory=dict)
    errors: list[LedgerError] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: key → (unit, header as written) for a quantity whose header names a unit
    units: dict[str, tuple[str, str]] = field(default_factory=dict)


_QUANTITIES = (Kind.NUMBER, Kind.INTEGER)
#: Headers of columns that only number the rows: left out without a question or warning.
ROW_NUMBER_HEADERS = frozenset({"序号", "序", "行号", "no", "no."})
_SPECS: dict[str, dict[str, FieldSpec]] = {
    sheet: {spec.key: spec for spec in f} for sheet, f in FIELDS.items()
}


def _map_header(
    sheet: str,
    shown: str,
    headers: Sequence[Any],
    chosen: Mapping[str, str | None] | None = None,
    row: int = 1,
) -> _Columns:
    """Map the header row (row ``row``); ``shown`` is the sheet name used in errors.

    ``chosen`` maps a header text as found to the key the user said it holds (None or ""
    to ignore it); it takes precedence over recognising the header by its key or label.
    A unit in brackets after a quantity's label is compared with the field's unit: the
    same unit is read as is, a convertible one is converted (see :mod:`resolute.core.units`),
    any other is an error naming the column and the unit.
    """
    columns = _Columns()
    header_of: dict[str, str] = {}
    chosen = chosen or {}
    for index, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        if not text:
            continue
        if text in chosen:
            picked = chosen[text]
            if not picked:
                continue  # deliberately ignored: no warning
            key: str | None = picked if picked in _KEYS[sheet] else None
            group = trailing_group(text)
            if units.parse(group) is None:
                group = ""  # a note in brackets, not a unit: the user said what it holds
        else:
            key, group = header_key_and_unit(sheet, text)
        if key is None and _fold(text) in ROW_NUMBER_HEADERS:
            continue
        if key is None:
            if text not in columns.unknown:
                columns.unknown.append(text)
        elif key in header_of:
            columns.errors.append(
                LedgerError(shown, row, key, f"列“{text}”与列“{header_of[key]}”重复")
            )
        else:
            header_of[key] = text
            columns.keys[index] = key
            if group:
                _header_unit(_SPECS[sheet][key], text, group, shown, row, columns)
    for spec in FIELDS[sheet]:
        if spec.required and spec.key not in header_of:
            columns.errors.append(
                LedgerError(shown, row, spec.key, f"缺少必需的列“{spec.label}”（{spec.key}）")
            )
    return columns


def _header_unit(spec: FieldSpec, text: str, group: str, shown: str, row: int,
                 columns: _Columns) -> None:  # fmt: skip
    """Take the unit a quantity's header names, or record why it cannot be taken."""
    if spec.kind not in _QUANTITIES:
        return  # 县（市、区）, 运行状态（在产/停产）: a note, not a unit
    if spec.key == "capacity":  # its unit follows the equipment: compared row by row
        if units.parse(group) is None:
            message = f"列“{text}”的单位“{group}”无法识别（产能的单位随装置类型，见填表说明）"
            columns.errors.append(LedgerError(shown, row, spec.key, message))
        else:
            columns.units[spec.key] = (group, text)
        return
    if not spec.unit:
        return  # 数据年度 and the like have no unit to compare
    by = units.factor(group, spec.unit)
    if by is None:
        reason = "无法识别" if units.parse(group) is None else "不能换算为该字段的单位"
        message = f"列“{text}”的单位“{group}”{reason}（{spec.label}的单位是 {spec.unit}）"
        columns.errors.append(LedgerError(shown, row, spec.key, message))
    elif by != 1:
        columns.units[spec.key] = (group, text)


def _unknown_warning(shown: str, unknown: Sequence[str], noun: str = "列") -> list[str]:
    if not unknown:
        return []
    return [f"工作表“{shown}”有未识别的{noun}：{'、'.join(unknown)}，已忽略"]


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: Rows searched for the header: title rows, a merged banner and blank rows may come first.
HEADER_SEARCH_ROWS = 20
_ID_KEY = {ENTERPRISES: "credit_code", LINES: "line_id"}
_TOTAL = re.compile(r"^(?:.{0,12})(?:合计|小计|总计)[:：]?$")
_NOTE = re.compile(
    r"^(?:注|备注|说明|填表说明|填表人|审核人|填报人|制表人|负责人|单位负责人|填报单位|填表单位"
    r"|填报日期|填表日期|联系人|联系电话)\d*(?:[:：、.．]|$)"
)
_SKIP_REASONS = {"total": "合计、小计或总计行", "note": "注释、说明或签名行", "blank": "空白行"}


def find_header(table: Sequence[tuple[int, Sequence[Any]]], sheet: str | None = None) -> int:
    """The index in ``table`` of the header row among the first rows.

    The header is the row naming most fields (of ``sheet``, or of either sheet); when no
    row names any, the first row with at least two filled cells and at least half as many
    as the widest row — a title banner fills one cell, a header fills many.
    """
    head = table[:HEADER_SEARCH_ROWS]
    sheets = [sheet] if sheet else list(FIELDS)
    best, best_score = -1, 0
    for index, (_, values) in enumerate(head):
        score = max(sum(1 for v in values if not _is_blank(v) and header_key(s, v) is not None)
                    for s in sheets)  # fmt: skip
        if score > best_score:
            best, best_score = index, score
    if best >= 0:
        return best
    filled = [sum(1 for v in values if not _is_blank(v)) for _, values in head]
    widest = max(filled, default=0)
    for index, count in enumerate(filled):
        if count >= 2 and count * 2 >= widest:
            return index
    return 0


def _skip_reason(values: Sequence[Any], id_index: int | None) -> str | None:
    """Why a row below the header is not a record: blank, a total, a note or signature
    (told by its first filled cell, and only while the record's id cell is empty or is
    that cell), or None for a record."""
    return _classify(values, id_index)[0]


def _classify(values: Sequence[Any], id_index: int | None) -> tuple[str | None, int]:
    """:func:`_skip_reason`, and the index of the row's first filled cell (-1: none)."""
    first = next(((i, v) for i, v in enumerate(values) if not _is_blank(v)), None)
    if first is None:
        return "blank", -1
    index, value = first
    if not isinstance(value, str):
        return None, index
    if id_index is not None and id_index != index and id_index < len(values) \
            and not _is_blank(values[id_index]):  # fmt: skip
        return None, index
    if value.isascii():
        return None, index  # totals and notes are told by Chinese words (an id, a code: a record)
    text = "".join(normalise_text(value).split())
    if _TOTAL.match(text):
        return "total", index
    if _NOTE.match(text):
        return "note", index
    return None, index


@dataclass
class _Skipped:
    """Rows left out of a sheet, by reason, for the notes."""

    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, reason: str, row: int) -> None:
        self.rows.setdefault(reason, []).append(row)

    def notes(self, shown: str) -> list[str]:
        parts = []
        for reason in ("total", "note", "blank"):
            rows = self.rows.get(reason)
            if rows:
                listed = "、".join(str(r) for r in rows[:10]) + ("等" if len(rows) > 10 else "")
                parts.append(f"{_SKIP_REASONS[reason]} {len(rows)} 行（第 {listed} 行）")
        return [f"工作表“{shown}”跳过：{'；'.join(parts)}"] if parts else []


def _title_notes(shown: str, above: Sequence[tuple[int, Sequence[Any]]]) -> list[str]:
    """A note for the filled rows above the header (titles, banners)."""
    texts = [
        f"第 {n} 行“{'　'.join(str(v).strip() for v in values if not _is_blank(v))[:60]}”"
        for n, values in above
        if any(not _is_blank(v) for v in values)
    ]
    return [f"工作表“{shown}”表头在第 {above[-1][0] + 1} 行，表头之上的{'、'.join(texts)}作为标题跳过"] \
        if texts else []  # fmt: skip


def _rows(
    sheet: str,
    shown: str,
    columns: _Columns,
    numbered: Iterable[tuple[int, Sequence[Any]]],
    skipped: _Skipped,
) -> list[RawRow]:
    """Records below the header, cells by key; blank, total and note rows are skipped."""
    return [
        RawRow(
            shown,
            number,
            {key: values[index] for index, key in columns.keys.items() if index < len(values)},
            columns.units,
        )
        for number, values in _records(sheet, columns, numbered, skipped)
    ]


def _table(
    sheet: str,
    shown: str,
    columns: _Columns,
    numbered: Iterable[tuple[int, Sequence[Any]]],
    skipped: _Skipped,
) -> RawTable:
    """:func:`_rows` held as columns (a list per key), without a dict per row."""
    kept = _records(sheet, columns, numbered, skipped)
    cells: dict[str, list[Any]] = {}
    for index, key in columns.keys.items():
        try:
            cells[key] = [values[index] for _, values in kept]
        except IndexError:  # a short row (CSV): its missing cells are empty
            cells[key] = [values[index] if index < len(values) else None for _, values in kept]
    return RawTable(shown, [number for number, _ in kept], cells, columns.units)


def _records(
    sheet: str,
    columns: _Columns,
    numbered: Iterable[tuple[int, Sequence[Any]]],
    skipped: _Skipped,
) -> list[tuple[int, Sequence[Any]]]:
    """The rows below the header that are records (see :func:`_rows`)."""
    kept: list[tuple[int, Sequence[Any]]] = []
    id_index = next((i for i, k in columns.keys.items() if k == _ID_KEY[sheet]), None)
    mapped = frozenset(columns.keys)
    for number, values in numbered:
        reason, first = _classify(values, id_index)
        if reason is not None:
            skipped.add(reason, number)
            continue
        if first not in mapped and all(_is_blank(values[i]) for i in mapped if i < len(values)):
            skipped.add("blank", number)  # filled only in columns that are not read
            continue
        kept.append((number, values))
    return kept


# ─── reading ───────────────────────────────────────────────────────────────────


@dataclass
class _Sheets:
    """What a container yielded: rows per sheet, warnings, and errors.

    ``errors`` are about the container and stop reading; ``cell_errors`` are about single
    values the rows cannot carry and are reported together with the validation errors.
    """

    rows: dict[str, Sequence[RawRow]] = field(default_factory=dict)
    errors: list[LedgerError] = field(default_factory=list)
    cell_errors: list[LedgerError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, frozenset[str]] = field(default_factory=dict)

    def add_table(self, sheet: str, shown: str, table: Sequence[tuple[int, Sequence[Any]]]) -> None:
        """Take a sheet given as numbered rows; the header is found among the first rows."""
        at = find_header(table, sheet) if table else 0
        headers = table[at][1] if table else ()
        row = table[at][0] if table else 1
        columns = _map_header(sheet, shown, headers, row=row)
        self.errors.extend(columns.errors)
        self.warnings.extend(_unknown_warning(shown, columns.unknown))
        self.notes.extend(_title_notes(shown, table[:at]))
        self.columns[sheet] = frozenset(columns.keys.values())
        skipped = _Skipped()
        self.rows[sheet] = _table(sheet, shown, columns, table[at + 1 :], skipped)
        self.notes.extend(skipped.notes(shown))


def read_ledger(path: str | Path, limits: bounds.Limits = bounds.DEFAULT) -> Ledger:
    """Read and validate a ledger from an ``.xlsx`` workbook, a ``.json`` file or a folder
    holding ``enterprises.csv`` and ``lines.csv``.

    Raises :class:`LedgerInvalid` listing every error, whether in the container (missing
    file, corrupt file, missing sheet or required column, duplicate column) or in the data.
    Unknown columns are not errors; they are listed in ``Ledger.warnings``. A file beyond
    ``limits`` (size, inflated size, rows, columns, cell length) is refused before or while
    it is read (:mod:`resolute.io.bounds`).
    """
    path = Path(path)
    if not path.exists():
        raise LedgerInvalid([LedgerError(path.name, None, None, f"文件不存在：{path}")])
    bounds.check_file(path, limits)
    if path.is_dir():
        sheets = _read_csv_folder(path, limits)
    elif path.suffix.lower() == ".xlsx":
        sheets = _read_xlsx(path, limits)
    elif path.suffix.lower() == ".json":
        sheets = _read_json(path, limits)
    else:
        raise LedgerInvalid(
            [LedgerError(path.name, None, None,
                         f"不支持的文件类型“{path.suffix}”，请提供 {_SUFFIXES_READ}")]
        )  # fmt: skip
    return _validated(sheets)


def _validated(sheets: _Sheets) -> Ledger:
    """The ledger the rows make, or :class:`LedgerInvalid` with every error found."""
    if sheets.errors:
        raise LedgerInvalid(sheets.errors)
    try:
        ledger = validate(sheets.rows[ENTERPRISES], sheets.rows[LINES], warnings=sheets.warnings,
                          notes=sheets.notes, columns=sheets.columns)  # fmt: skip
    except LedgerInvalid as exc:
        raise LedgerInvalid([*sheets.cell_errors, *exc.errors], exc.omitted) from None
    if sheets.cell_errors:
        raise LedgerInvalid(sheets.cell_errors)
    return ledger


def _unreadable(path: Path, exc: BaseException, what: str = "Excel 工作簿") -> LedgerError:
    return LedgerError(path.name, None, None, f"无法读取{what}（文件损坏或格式不符）：{exc}")


def xlsx_tables(
    path: Path, limits: bounds.Limits = bounds.DEFAULT
) -> dict[str, list[tuple[int, list[Any]]]]:
    """Every worksheet of a workbook, in file order: its rows numbered as Excel numbers
    them, empty cells as None, trailing blank rows left out.

    Read with calamine (Rust): values as cached in the file (a formula gives its last
    result), numbers as floats, date cells as dates. Raises :class:`LedgerInvalid` when
    the file cannot be read as a workbook, or when a sheet's extent is beyond ``limits``
    (checked before its cells become Python values).
    """
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        tables: dict[str, list[tuple[int, list[Any]]]] = {}
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # a chart sheet holds no data
            found = workbook.get_sheet_by_name(meta.name)
            bounds.check_extent(path, meta.name, found.total_height, found.total_width, limits)
            grid = found.to_python(skip_empty_area=False)
            rows = [[None if v == "" else v for v in values] for values in grid]
            while rows and all(v is None for v in rows[-1]):
                rows.pop()
            tables[meta.name] = bounds.bounded_table(path, meta.name, rows, limits)
    except LedgerInvalid:
        raise
    except Exception as exc:  # calamine reports a corrupt file in several ways
        raise LedgerInvalid([_unreadable(path, exc)]) from None
    return tables


def _read_xlsx(path: Path, limits: bounds.Limits = bounds.DEFAULT) -> _Sheets:
    try:
        tables = xlsx_tables(path, limits)
    except LedgerInvalid as exc:
        return _Sheets(errors=exc.errors)
    sheets = _Sheets()
    titles = {title.strip().lower(): title for title in tables}
    for sheet, names in SHEET_NAMES.items():
        found = [name for name in names if name.lower() in titles]
        shown = found[0] if found else names[1]
        if not found:
            sheets.errors.append(
                LedgerError(shown, None, None,
                            f"工作簿中没有工作表“{names[1]}”（或“{names[0]}”）")
            )  # fmt: skip
            continue
        if len(found) > 1:
            sheets.errors.append(
                LedgerError(names[1], None, None,
                            f"工作表“{names[1]}”与“{names[0]}”同时存在，只能保留一个")
            )  # fmt: skip
            continue
        sheets.add_table(sheet, shown, tables[titles[shown.lower()]])
    return sheets


def _read_json(path: Path, limits: bounds.Limits = bounds.DEFAULT) -> _Sheets:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return _Sheets(errors=[_unreadable(path, exc, "JSON 文件（应为 UTF-8 编码）")])
    except json.JSONDecodeError as exc:
        message = f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}"
        return _Sheets(errors=[LedgerError(path.name, None, None, message)])
    except OSError as exc:
        return _Sheets(errors=[_unreadable(path, exc, "文件")])
    if not isinstance(data, dict):
        message = 'JSON 顶层应为对象：{"enterprises": [...], "lines": [...]}'
        return _Sheets(errors=[LedgerError(path.name, None, None, message)])

    sheets = _Sheets()
    extra = [str(k) for k in data if k not in SHEET_NAMES]
    if extra:
        sheets.warnings.append(f"JSON 文件有未识别的键：{'、'.join(extra)}，已忽略")
    for sheet in SHEET_NAMES:
        items = data.get(sheet)
        if items is None:
            sheets.errors.append(LedgerError(sheet, None, None, f"JSON 中缺少“{sheet}”列表"))
            continue
        if not isinstance(items, list):
            sheets.errors.append(LedgerError(sheet, None, None, f"“{sheet}”应为列表"))
            continue
        bounds.check_items(path, sheet, len(items), limits)
        sheets.rows[sheet] = _json_rows(sheet, items, sheets)
        sheets.columns[sheet] = frozenset(k for r in sheets.rows[sheet] for k in r.cells)
    return sheets


def _json_rows(sheet: str, items: list[Any], sheets: _Sheets) -> list[RawRow]:
    known = {spec.key for spec in FIELDS[sheet]}
    unknown: list[str] = []
    rows: list[RawRow] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            sheets.errors.append(LedgerError(sheet, number, None, "应为对象（键为英文字段名）"))
            continue
        cells: dict[str, Any] = {}
        for key, value in item.items():
            if key not in known:
                if key not in unknown:
                    unknown.append(str(key))
            elif isinstance(value, dict | list):
                sheets.cell_errors.append(
                    LedgerError(sheet, number, key, "应为单个值，不能是对象或列表")
                )
            else:
                cells[key] = value
        rows.append(RawRow(sheet, number, cells))
    sheets.warnings.extend(_unknown_warning(sheet, unknown, "字段"))
    return rows


def _read_csv_folder(folder: Path, limits: bounds.Limits = bounds.DEFAULT) -> _Sheets:
    sheets = _Sheets()
    for sheet in SHEET_NAMES:
        file = folder / f"{sheet}.csv"
        if not file.is_file():
            sheets.errors.append(LedgerError(sheet, None, None, f"文件夹中缺少 {file.name}"))
            continue
        try:
            bounds.check_file(file, limits)
            table = bounds.bounded_numbered(file, file.name, _csv_table(file), limits)
        except UnicodeDecodeError:
            message = f"{file.name} 不是 UTF-8 编码（在 Excel 中另存为时请选择“CSV UTF-8”）"
            sheets.errors.append(LedgerError(sheet, None, None, message))
            continue
        except (OSError, csv.Error) as exc:
            sheets.errors.append(_unreadable(file, exc, "CSV 文件"))
            continue
        sheets.add_table(sheet, sheet, table)
    return sheets


def _csv_table(file: Path) -> list[tuple[int, Sequence[Any]]]:
    """Records of a CSV file, each numbered by the line it starts on (the header is 1)."""
    table: list[tuple[int, Sequence[Any]]] = []
    with file.open(encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    if "\x00" in text:
        # A NUL byte never belongs in a text file: the file is binary, or damaged.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise csv.Error(f"第 {line} 行含有空字符（NUL），这不是文本格式的 CSV 文件")
    with io.StringIO(text, newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        for record in reader:
            table.append((start, record))
            start = reader.line_num + 1
    return table


# ─── raw reading, for a column-mapping step ──────────────────────────────────


@dataclass
class RawSheet:
    """One sheet as found: its title, its header texts and its non-empty rows.

    ``headers`` holds the stripped text of every header cell ("" for a blank one), so a
    value's index in a row is its column. ``problems`` are rows the container could not
    carry at all (a JSON item that is not an object); they are reported with the data's
    errors if the sheet is used.
    """

    title: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    problems: list[LedgerError] = field(default_factory=list)
    #: the row the header was found on, and what was left out above it
    header_row: int = 1
    notes: list[str] = field(default_factory=list)


@dataclass
class RawWorkbook:
    """What an ``.xlsx`` or ``.json`` file holds before anyone says which column is what."""

    name: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)  # by title, in file order


def read_raw(path: str | Path, limits: bounds.Limits = bounds.DEFAULT) -> RawWorkbook:
    """Read every sheet of an ``.xlsx`` workbook (or every list of a ``.json`` file) with
    its headers as found, without deciding what the columns mean.

    Raises :class:`LedgerInvalid` when the file itself cannot be read: missing, of another
    type, corrupt, or beyond ``limits`` (:mod:`resolute.io.bounds`, checked before
    reading). What the sheets and columns mean is decided later, by
    :func:`detect_sheets`, :func:`unrecognised_headers` and :func:`ledger_from_raw`.
    """
    path = Path(path)
    if not path.is_file():
        raise LedgerInvalid([LedgerError(path.name, None, None, f"文件不存在：{path}")])
    bounds.check_file(path, limits)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _raw_xlsx(path, limits)
    if suffix == ".json":
        return _raw_json(path, limits)
    raise LedgerInvalid(
        [LedgerError(path.name, None, None,
                     f"不支持的文件类型“{path.suffix}”，请提供 .xlsx 工作簿或 .json 文件")]
    )  # fmt: skip


def _header_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _raw_xlsx(path: Path, limits: bounds.Limits = bounds.DEFAULT) -> RawWorkbook:
    raw = RawWorkbook(path.name)
    for title, table in xlsx_tables(path, limits).items():
        at = find_header(table) if table else 0
        headers = [_header_text(v) for v in table[at][1]] if table else []
        sheet = RawSheet(title, headers, header_row=table[at][0] if table else 1)
        sheet.rows = [(n, v) for n, v in table[at + 1 :]]
        sheet.notes = _title_notes(title, table[:at])
        raw.sheets[title] = sheet
    return raw


def _raw_json(path: Path, limits: bounds.Limits = bounds.DEFAULT) -> RawWorkbook:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LedgerInvalid([_unreadable(path, exc, "JSON 文件（应为 UTF-8 编码）")]) from None
    except json.JSONDecodeError as exc:
        message = f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}"
        raise LedgerInvalid([LedgerError(path.name, None, None, message)]) from None
    if not isinstance(data, dict):
        message = 'JSON 顶层应为对象：{"enterprises": [...], "lines": [...]}'
        raise LedgerInvalid([LedgerError(path.name, None, None, message)])
    raw = RawWorkbook(path.name)
    for title, items in data.items():
        if isinstance(items, list):
            bounds.check_items(path, str(title), len(items), limits)
            raw.sheets[str(title)] = _raw_json_sheet(str(title), items)
    return raw


def _raw_json_sheet(title: str, items: list[Any]) -> RawSheet:
    headers: list[str] = []
    for item in items:
        if isinstance(item, dict):
            headers.extend(str(k) for k in item if str(k) not in headers)
    sheet = RawSheet(title, headers)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            sheet.problems.append(LedgerError(title, number, None, "应为对象（键为字段名）"))
            continue
        by_text = {str(k): v for k, v in item.items()}
        sheet.rows.append((number, [by_text.get(h) for h in headers]))
    return sheet


def detect_sheets(raw: RawWorkbook) -> dict[str, str | None]:
    """The title of the enterprises sheet and of the lines sheet, by their standard names
    (``企业``/``enterprises``, ``生产线``/``lines``, any case); None where there is not
    exactly one such sheet."""
    found: dict[str, str | None] = {}
    for sheet, names in SHEET_NAMES.items():
        wanted = {name.lower() for name in names}
        titles = [t for t in raw.sheets if t.strip().lower() in wanted]
        found[sheet] = titles[0] if len(titles) == 1 else None
    return found


def unrecognised_headers(sheet: str, headers: Iterable[str]) -> list[str]:
    """Headers (as found, each once) that name no field of ``sheet`` by key or label."""
    out: list[str] = []
    for text in headers:
        if (text and header_key(sheet, text) is None and text not in out
                and _fold(text) not in ROW_NUMBER_HEADERS):  # fmt: skip
            out.append(text)
    return out


#: For each of ``enterprises`` and ``lines``: header text as found → key ("" or None: ignore).
ColumnChoices = Mapping[str, Mapping[str, str | None]]


def ledger_from_raw(
    raw: RawWorkbook,
    columns: ColumnChoices | None = None,
    sheets: SheetChoices | None = None,
) -> Ledger:
    """Validate the ledger that ``raw`` holds once its columns are mapped.

    ``sheets`` says which title is the enterprises sheet and which the lines sheet (by
    default the standard names, see :func:`detect_sheets`); ``columns`` maps, per sheet,
    header texts to keys, overriding recognition by key or label. Headers neither mapped
    nor recognised are ignored with a warning. Raises :class:`LedgerInvalid` listing every
    error with the sheet's title, the row as found, the key and the reason.
    """
    return read_mapped(raw, columns, sheets)[0]


#: Per sheet (``enterprises``, ``lines``): the title of the sheet holding it, or several
#: titles (one sheet per industry, say) whose rows are read one after the other.
SheetChoices = Mapping[str, "str | Sequence[str] | None"]


def titles_of(choice: str | Sequence[str] | None) -> list[str]:
    """A sheet choice as a list of titles."""
    if not choice:
        return []
    return [choice] if isinstance(choice, str) else [t for t in choice if t]


def read_mapped(
    raw: RawWorkbook,
    columns: ColumnChoices | None = None,
    sheets: SheetChoices | None = None,
) -> tuple[Ledger, dict[str, list[tuple[str, int]]]]:
    """Like :func:`ledger_from_raw`, also giving, for each record of each sheet in the
    ledger's order, the sheet title and the row (as found) it came from.

    A sheet may be given several titles (one worksheet per industry): their rows are read
    one after the other, each worksheet with its own header row; the column choices apply
    to all of them. A column that one of them lacks changes nothing for its records
    (``Ledger.row_columns``)."""
    chosen_titles = {**detect_sheets(raw), **(sheets or {})}
    found = _Sheets()
    numbers: dict[str, list[tuple[str, int]]] = {}
    row_columns: dict[str, tuple[frozenset[str], ...]] = {}
    for sheet, names in SHEET_NAMES.items():
        titles = titles_of(chosen_titles.get(sheet))
        if not titles or any(t not in raw.sheets for t in titles):
            found.errors.append(
                LedgerError(names[1], None, None,
                            f"工作簿中没有工作表“{names[1]}”（或“{names[0]}”）")
            )  # fmt: skip
            continue
        records: list[RawRow] = []
        found.rows[sheet], numbers[sheet] = records, []
        present: list[frozenset[str]] = []
        per_row: list[frozenset[str]] = []
        for title in titles:
            source = raw.sheets[title]
            chosen = (columns or {}).get(sheet)
            mapped = _map_header(sheet, title, source.headers, chosen, row=source.header_row)
            found.errors.extend(mapped.errors)
            found.cell_errors.extend(source.problems)
            found.warnings.extend(_unknown_warning(title, mapped.unknown))
            found.notes.extend(source.notes)
            rows = _raw_rows(sheet, title, mapped, source.rows, found)
            records.extend(rows)
            numbers[sheet].extend((title, r.row) for r in rows)
            keys = frozenset(mapped.keys.values())
            present.append(keys)
            per_row.extend([keys] * len(rows))
        found.columns[sheet] = frozenset().union(*present)
        if len(set(present)) > 1:
            row_columns[sheet] = tuple(per_row)
    ent_titles = set(titles_of(chosen_titles.get(ENTERPRISES)))
    shared = ent_titles & set(titles_of(chosen_titles.get(LINES)))
    for title in sorted(shared):
        found.errors.append(LedgerError(title, None, None, "企业表和生产线表不能是同一个工作表"))
    ledger = _validated(found)
    if row_columns:
        ledger = dataclasses.replace(ledger, row_columns=row_columns)
    return ledger, numbers


def guess_roles(titles: Iterable[str]) -> dict[str, list[str]]:
    """Sheets whose titles say what they hold (钢铁企业, 焦化企业台账, 钢铁生产线 …), per sheet."""
    out: dict[str, list[str]] = {ENTERPRISES: [], LINES: []}
    for title in titles:
        text = _fold(title).removesuffix("台账").removesuffix("表").removesuffix("清单")
        if text.endswith(("企业", "enterprises")):
            out[ENTERPRISES].append(title)
        elif text.endswith(("生产线", "装置", "lines", "机组", "设备")):
            out[LINES].append(title)
    return out


def _raw_rows(
    sheet: str,
    title: str,
    columns: _Columns,
    numbered: Sequence[tuple[int, Sequence[Any]]],
    found: _Sheets,
) -> list[RawRow]:
    """Records below the header (blank, total and note rows skipped, see :func:`_rows`); a
    list or object in a mapped cell (possible in JSON) is an error at that cell."""
    skipped = _Skipped()
    rows = _rows(sheet, title, columns, numbered, skipped)
    found.notes.extend(skipped.notes(title))
    for row in rows:
        for key, value in row.cells.items():
            if isinstance(value, dict | list):
                found.cell_errors.append(
                    LedgerError(title, row.row, key, "应为单个值，不能是对象或列表")
                )
                row.cells[key] = None
    return rows


# ─── writing ───────────────────────────────────────────────────────────────────


def write_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write ``ledger`` as ``.json``, ``.xlsx`` or, for a folder, ``enterprises.csv`` and
    ``lines.csv``; reading the result back gives an equal ledger.

    A path that is an existing directory or has no suffix is taken as a CSV folder (created
    when missing). Each file is replaced atomically. Raises :class:`LedgerInvalid` when a
    text holds a control character that a workbook cannot store.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(ledger.to_json_dict(), ensure_ascii=False, indent=1) + "\n"
        replace_atomically(path, writing(text.encode("utf-8")))
    elif suffix == ".xlsx":
        workbook = _ledger_workbook(ledger)
        replace_atomically(path, workbook.save)
    elif path.is_dir() or suffix == "":
        _write_csv_folder(ledger, path)
    else:
        raise ValueError(f"不支持的输出格式“{path.suffix}”：请使用 .xlsx、.json 或文件夹（CSV）")


def ledger_xlsx_bytes(ledger: Ledger) -> bytes:
    """``ledger`` as the bytes of an ``.xlsx`` workbook in the interchange format (both
    sheets, every field, Chinese headers): what :func:`write_ledger` writes, for a download
    that imports back unchanged."""
    buffer = io.BytesIO()
    _ledger_workbook(ledger).save(buffer)
    return buffer.getvalue()


def _write_csv_folder(ledger: Ledger, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    frames = {ENTERPRISES: ledger.enterprise_records(), LINES: ledger.line_records()}
    writers: dict[Path, Callable[[IO[bytes]], Any]] = {}
    for sheet, records in frames.items():
        writers[folder / f"{sheet}.csv"] = writing(_csv_bytes(FIELDS[sheet], records))
    replace_all_atomically(writers)


def _csv_bytes(fields: Sequence[FieldSpec], records: Sequence[Mapping[str, Value]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spec.key for spec in fields])
    for rec in records:
        writer.writerow([_csv_text(rec.get(spec.key)) for spec in fields])
    return buffer.getvalue().encode("utf-8")


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: a CJK character is two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_width(label: str) -> float:
    return float(min(40, max(10, display_width(label) + 4)))


def xlsx_value(spec: FieldSpec, value: Value) -> Value:
    """A typed value as an Excel cell shows it: 是/否 for booleans, labels for choices."""
    if value is None:
        return None
    if spec.kind is Kind.BOOL:
        return TRUE_LABEL if value else FALSE_LABEL
    if spec.kind is Kind.ENUM:
        return spec.label_of(str(value))
    return value


def _ledger_workbook(ledger: Ledger) -> openpyxl.Workbook:
    frames = {ENTERPRISES: ledger.enterprise_records(), LINES: ledger.line_records()}
    _check_storable_in_xlsx(frames)
    workbook = openpyxl.Workbook(write_only=True)
    for sheet, records in frames.items():
        fields = FIELDS[sheet]
        worksheet = workbook.create_sheet(SHEET_NAMES[sheet][1])
        worksheet.freeze_panes = "A2"
        for index, spec in enumerate(fields, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column_width(spec.label)
        header = []
        for spec in fields:
            cell = WriteOnlyCell(worksheet, spec.label)
            cell.font = REQUIRED_HEADER_FONT if spec.required else HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        worksheet.append(header)
        for rec in records:
            worksheet.append([_xlsx_cell(worksheet, spec, rec.get(spec.key)) for spec in fields])
    return workbook


def _check_storable_in_xlsx(frames: Mapping[str, Sequence[Mapping[str, Value]]]) -> None:
    """Refuse, before any file is touched, text holding control characters Excel cannot keep."""
    errors = [
        LedgerError(SHEET_NAMES[sheet][1], number, key, "含有 Excel 无法保存的控制字符")
        for sheet, records in frames.items()
        for number, rec in enumerate(records, start=2)
        for key, value in rec.items()
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value)
    ]
    if errors:
        raise LedgerInvalid(errors)


def _xlsx_cell(worksheet: Any, spec: FieldSpec, value: Value) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, xlsx_value(spec, value))
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    return cell
