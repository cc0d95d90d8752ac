"""Reading a city's "三个一批" plan workbook (resolute.io.city_plans): every item, or every
problem by sheet, row and column — and then no item at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from resolute.io.city_plans import PLAN_COLUMNS, PLAN_SHEET, read_plan_workbook

HEADERS = [h for _, h in PLAN_COLUMNS]


def _workbook(tmp_path: Path, rows: list[list[Any]], headers: list[str] = HEADERS,
              title: str = PLAN_SHEET) -> str:  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "计划.xlsx"
    book.save(path)
    return str(path)


def test_items_are_read_with_words_dates_and_years_as_officials_write_them(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [
        ["淘汰一批", "steel", "2022年", "ZB-BF-1", "", "2022年6月30日", "关停"],
        ["培育", "新材料", 2023, None, None, None, None],
    ])  # fmt: skip
    parsed = read_plan_workbook(path, "计划.xlsx")
    assert parsed.errors == [] and parsed.name == "计划.xlsx"
    first, second = parsed.items
    assert (first["kind"], first["industry"], first["year"]) == ("eliminate", "钢铁", 2022)
    assert first["planned_on"] == dt.date(2022, 6, 30) and first["line_id"] == "ZB-BF-1"
    assert (second["kind"], second["year"], second["planned_on"]) == ("cultivate", 2023, None)


def test_every_error_is_named_and_no_item_is_kept(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [
        ["淘汰", "钢铁", 2022, "ZB-BF-1", None, "2022-06-30", None],  # fine
        ["关停", "钢铁", 2022, "ZB-BOF-1", None, "2022-06-30", None],  # row 3: kind
        ["淘汰", "钢铁", 2019, None, "91370300ABC", "下月", None],  # row 4: four errors
        ["提升", None, None, None, None, None, None],  # row 5: industry, year
    ])  # fmt: skip
    parsed = read_plan_workbook(path, "计划.xlsx")
    assert parsed.items == []
    assert {(e.sheet, e.row, e.column) for e in parsed.errors} == {
        (PLAN_SHEET, 3, "类别"), (PLAN_SHEET, 4, "年度"), (PLAN_SHEET, 4, "生产线编号"),
        (PLAN_SHEET, 4, "统一社会信用代码"), (PLAN_SHEET, 4, "计划完成日期"),
        (PLAN_SHEET, 5, "行业"), (PLAN_SHEET, 5, "年度"),
    }  # fmt: skip


def test_a_workbook_without_the_plan_columns_names_them(tmp_path: Path) -> None:
    parsed = read_plan_workbook(_workbook(tmp_path, [["淘汰", "钢铁"]], headers=["类别", "行业"]),
                                "计划.xlsx")  # fmt: skip
    assert parsed.items == []
    (error,) = parsed.errors
    assert error.row == 1 and error.message.startswith("缺少列：年度、生产线编号")


def test_an_empty_plan_sheet_is_refused(tmp_path: Path) -> None:
    parsed = read_plan_workbook(_workbook(tmp_path, []), "计划.xlsx")
    assert [e.message for e in parsed.errors] == ["工作表中没有计划事项"]


def test_a_text_too_long_for_its_column_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["提升", "钢铁", 2022, "L" * 65, None, None, None]])
    (error,) = read_plan_workbook(path, "计划.xlsx").errors
    assert (error.row, error.column, error.message) == (2, "生产线编号", "不能超过 64 个字")
