"""The Excel template (台账填报模板) that cities and enterprises fill in.

Sheets 企业 and 生产线 carry the Chinese labels as headers (what :func:`read_ledger` reads),
a note on each header with its kind, unit and meaning, and data validation on rows
2 to :data:`LAST_ROW`: drop-down lists for choices, yes/no and cities, non-negative numbers,
dates and 18-character credit codes. Drop-down values live on a hidden sheet ``_lists``
behind defined names, because an inline list may not exceed 255 characters. Sheet 填表说明
documents every field and every kind of equipment, in Chinese only: the English keys that
other systems may use instead of the labels (the interchange format, shared/spec/ledger.md)
are listed in docs/ledger.md, not in the workbook officials fill.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from resolute.core import schema
from resolute.core.schema import FieldSpec, Kind
from resolute.io.files import replace_atomically
from resolute.io.readers import (
    ENTERPRISES,
    FALSE_LABEL,
    FIELDS,
    LINES,
    SHEET_NAMES,
    TRUE_LABEL,
    column_width,
    display_width,
)
from resolute.io.xlsx import DATE_FORMAT, HEADER_FILL, HEADER_FONT, REQUIRED_HEADER_FONT

LAST_ROW = 5000
LISTS_SHEET = "下拉选项"
GUIDE_SHEET = "填表说明"
COMMENT_AUTHOR = "resolute"

KIND_LABELS: dict[Kind, str] = {
    Kind.TEXT: "文本",
    Kind.NUMBER: "数字（≥0）",
    Kind.INTEGER: "整数（≥0）",
    Kind.BOOL: "是/否",
    Kind.ENUM: "可选值",
    Kind.DATE: "日期（如 2022-12-31）",
    Kind.CREDIT_CODE: "统一社会信用代码（18 位）",
    Kind.CITY: "市（全省 16 市之一）",
}

CAPACITY_UNIT_NOTE = "随装置类型，见下方装置表"

GUIDE_HEADERS = ("工作表", "字段", "类型", "单位", "可选值", "说明", "示例")
EQUIPMENT_HEADERS = ("装置类型", "所属行业", "产能单位", "专属字段")

GUIDE_NOTES = (
    "每个企业在“企业”表填一行；每条生产线（装置、机组、矿井）在“生产线”表填一行，"
    "以统一社会信用代码与企业关联。",
    "空白表示“未知”，不是零，也不表示达标。",
    "数字按列注中的单位填写；用其他单位时在表头括号中注明（如“炭化室高度（毫米）”）或写在数字后"
    "（如“4300毫米”），可换算的精确换算，不能换算的整份文件不予导入；数量不能为负。",
    "是/否列填“是”或“否”（也接受 1、0）；可选值列从下拉列表中选择。",
    "日期写作 2022-12-31（也接受 2022/12/31、2022.12.31、2022年12月31日和 Excel 日期）。",
    "装置专属字段只为适用的装置填写，其余留空。",
    "表头请勿改动；多出的列会被忽略。",
    "整个文件有任何错误都不会导入，错误清单列出工作表、行、列和原因。",
)


def write_template(path: str | Path) -> None:
    """Write the blank ledger template to ``path`` (an ``.xlsx`` file), atomically."""
    replace_atomically(Path(path), template_workbook().save)


def template_bytes() -> bytes:
    """The blank ledger template as the bytes of an ``.xlsx`` file (for a download)."""
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    return buffer.getvalue()


def template_workbook() -> openpyxl.Workbook:
    """The blank ledger template: both sheets with drop-downs, and the guide."""
    workbook = openpyxl.Workbook()
    default = workbook.active
    lists = _ListSheet(workbook)
    for sheet in (ENTERPRISES, LINES):
        worksheet = workbook.create_sheet(SHEET_NAMES[sheet][1])
        _data_sheet(worksheet, FIELDS[sheet], lists, sheet)
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    workbook.remove(default)
    workbook.move_sheet(LISTS_SHEET, offset=len(workbook.sheetnames))
    workbook.active = 0
    return workbook


class _ListSheet:
    """The hidden sheet of drop-down values, one column per list, each behind a name."""

    def __init__(self, workbook: openpyxl.Workbook) -> None:
        self.workbook = workbook
        self.sheet = workbook.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, title: str, caption: str, values: Sequence[str]) -> str:
        """The defined name of a list holding ``values`` (``caption`` heads its column);
        lists are shared when equal."""
        key = tuple(values)
        if key in self.names:
            return self.names[key]
        column = len(self.names) + 1
        letter = get_column_letter(column)
        self.sheet.cell(1, column, caption).font = HEADER_FONT
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row, column, value)
        self.sheet.column_dimensions[letter].width = column_width(max(values, key=display_width))
        name = f"list_{title.replace('.', '_')}"
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=ref)
        self.names[key] = name
        return name


def _choice_values(spec: FieldSpec) -> tuple[str, list[str]] | None:
    """The list title and values of a drop-down field, or None for a free one."""
    if spec.kind is Kind.BOOL:
        return "bool", [TRUE_LABEL, FALSE_LABEL]
    if spec.kind is Kind.CITY:
        return "city", list(schema.CITIES)
    if spec.kind is Kind.ENUM:
        return spec.key, [c.label for c in spec.choices]
    return None


def _validation(spec: FieldSpec, lists: _ListSheet, sheet: str) -> DataValidation | None:
    choice = _choice_values(spec)
    if choice is not None:
        title, values = choice
        caption = (
            spec.label if title in ("bool", "city") else f"{SHEET_NAMES[sheet][1]}：{spec.label}"
        )
        name = lists.name_for(title if title in ("bool", "city") else f"{sheet}.{title}", caption,
                              values)  # fmt: skip
        dv = DataValidation(type="list", formula1=name, allow_blank=True)
        dv.error = "请从下拉列表中选择"
    elif spec.kind is Kind.NUMBER:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True)  # fmt: skip
        dv.error = "请填写不小于 0 的数字，不要带单位"
    elif spec.kind is Kind.INTEGER:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True)  # fmt: skip
        dv.error = "请填写不小于 0 的整数"
    elif spec.kind is Kind.DATE:
        dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True)  # fmt: skip
        dv.error = "请填写日期，写作 2022-12-31"
    elif spec.kind is Kind.CREDIT_CODE:
        dv = DataValidation(type="textLength", operator="equal", formula1="18",
                            allow_blank=True)  # fmt: skip
        dv.error = "统一社会信用代码应为 18 位"
    else:
        return None
    dv.errorTitle = f"“{spec.label}”填写有误"
    dv.showErrorMessage = True
    return dv


def _data_sheet(
    worksheet: Worksheet, fields: Sequence[FieldSpec], lists: _ListSheet, sheet: str
) -> None:
    worksheet.freeze_panes = "A2"
    for column, spec in enumerate(fields, start=1):
        letter = get_column_letter(column)
        cell = worksheet.cell(1, column, spec.label)
        cell.font = REQUIRED_HEADER_FONT if spec.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        comment = Comment(_header_note(spec), COMMENT_AUTHOR)
        comment.width = 260
        comment.height = 150
        cell.comment = comment
        dimension = worksheet.column_dimensions[letter]
        dimension.width = column_width(spec.label)
        # Text format keeps all-digit codes from turning into 9.1E+17 as they are typed.
        if spec.kind in (Kind.TEXT, Kind.CREDIT_CODE):
            dimension.number_format = "@"
        elif spec.kind is Kind.DATE:
            dimension.number_format = DATE_FORMAT
        dv = _validation(spec, lists, sheet)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            worksheet.add_data_validation(dv)


def _header_note(spec: FieldSpec) -> str:
    lines = [f"类型：{KIND_LABELS[spec.kind]}"]
    unit = _unit(spec)
    if unit:
        lines.append(f"单位：{unit}")
    if spec.required:
        lines.append("必填")
    if spec.equipment:
        lines.append(f"适用装置：{_equipment_labels(spec.equipment)}")
    if spec.note:
        lines.append(f"说明：{spec.note}")
    if spec.example:
        lines.append(f"示例：{spec.example}")
    return "\n".join(lines)


def _unit(spec: FieldSpec) -> str:
    return CAPACITY_UNIT_NOTE if spec.key == "capacity" else spec.unit


def _equipment_labels(codes: Sequence[str]) -> str:
    return "、".join(schema.EQUIPMENT_BY_CODE[code].label for code in codes)


def _choices_text(spec: FieldSpec) -> str:
    if spec.kind is Kind.BOOL:
        return f"{TRUE_LABEL}、{FALSE_LABEL}"
    if spec.kind is Kind.CITY:
        return "、".join(schema.CITIES)
    return "、".join(c.label for c in spec.choices)


def _meaning(spec: FieldSpec) -> str:
    parts = []
    if spec.required:
        parts.append("必填。")
    if spec.equipment:
        parts.append(f"仅适用于：{_equipment_labels(spec.equipment)}。")
    if spec.note:
        parts.append(spec.note)
    return "".join(parts)


def _guide_sheet(worksheet: Worksheet) -> None:
    worksheet.cell(1, 1, "填表说明").font = Font(bold=True, size=14)
    row = 2
    for number, note in enumerate(GUIDE_NOTES, start=1):
        worksheet.cell(row, 1, f"{number}. {note}")
        row += 1

    row += 1
    _guide_header(worksheet, row, GUIDE_HEADERS)
    for sheet in (ENTERPRISES, LINES):
        for spec in FIELDS[sheet]:
            row += 1
            values: tuple[Any, ...] = (
                SHEET_NAMES[sheet][1], spec.label, KIND_LABELS[spec.kind],
                _unit(spec), _choices_text(spec), _meaning(spec), spec.example,
            )  # fmt: skip
            for column, value in enumerate(values, start=1):
                worksheet.cell(row, column, value).alignment = Alignment(wrap_text=True)

    row += 2
    _guide_header(worksheet, row, EQUIPMENT_HEADERS)
    for equipment in schema.EQUIPMENT:
        row += 1
        own = "、".join(f.label for f in schema.equipment_fields(equipment.code))
        values = (
            equipment.label, schema.INDUSTRY_BY_CODE[equipment.industry].label,
            equipment.capacity_unit or "—", own or "—",
        )  # fmt: skip
        for column, value in enumerate(values, start=1):
            worksheet.cell(row, column, value).alignment = Alignment(wrap_text=True)

    for column, width in enumerate((12, 26, 16, 18, 40, 40, 20), start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width


def _guide_header(worksheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = worksheet.cell(row, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
