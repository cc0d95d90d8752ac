"""Workbooks as officials fill them: units in headers and cells converted exactly or refused,
the header found below title rows, totals, notes and blank rows skipped and reported, dates
in every usual spelling, numbers with separators, full-width digits and spaces."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import make_enterprise, make_line
from click.testing import CliRunner
from messy import COKING_A, EXPECTED_ENTERPRISES, EXPECTED_LINES, TITLE, messy_workbook

from resolute.cli import main
from resolute.core import schema, units
from resolute.core.ledger import CellError, Ledger, LedgerInvalid, parse_cell
from resolute.io.readers import read_ledger, write_ledger, xlsx_value


def _by(frame: Any, key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in frame.to_dicts()}


def test_the_hand_filled_workbook_reads_as_meant(tmp_path: Path) -> None:
    ledger = read_ledger(messy_workbook(tmp_path / "淄博焦化.xlsx"))

    ents = _by(ledger.enterprises, "credit_code")
    for code, expected in EXPECTED_ENTERPRISES.items():
        assert {k: ents[code][k] for k in expected} == expected
    lines = _by(ledger.lines, "line_id")
    assert set(lines) == set(EXPECTED_LINES)
    for line_id, expected in EXPECTED_LINES.items():
        assert {k: lines[line_id][k] for k in expected} == expected
    assert ents[COKING_A]["electricity_kwh"] is None  # the column is absent: unknown


def test_the_hand_filled_workbook_says_what_it_converted_and_skipped(tmp_path: Path) -> None:
    notes = "\n".join(read_ledger(messy_workbook(tmp_path / "a.xlsx")).notes)

    assert f"表头之上的第 1 行“{TITLE}”作为标题跳过" in notes
    assert "列“炭化室高度（毫米）”按 毫米→米 换算" in notes
    assert "列“实缴税金（元）”按 元→万元 换算" in notes
    assert "列“用地面积（公顷）”按 公顷→亩 换算" in notes
    assert "带单位“万吨标准煤”的单元格按 万吨标准煤→吨标准煤 换算（1 行：第 4 行）" in notes
    assert "工作表“企业”跳过：合计、小计或总计行 1 行（第 6 行）" in notes
    assert (
        "工作表“生产线”跳过：合计、小计或总计行 1 行（第 8 行）；注释、说明或签名行 2 行"
        "（第 9、10 行）；空白行 1 行（第 7 行）"
    ) in notes


def test_assess_prints_the_conversions(tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "a.xlsx")
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 0, result.output
    assert "列“炭化室高度（毫米）”按 毫米→米 换算" in result.stderr


# ─── units ────────────────────────────────────────────────────────────────────


def _one_line_workbook(path: Path, header: dict[str, str], cells: dict[str, Any],
                       equipment: str = "coke_oven") -> Path:  # fmt: skip
    """A template-shaped workbook with one enterprise and one line, some headers renamed
    (key → header text) and some cells replaced (key → raw cell)."""
    industry = schema.EQUIPMENT_BY_CODE[equipment].industry
    ent = make_enterprise(industry)
    line = make_line(equipment, ent["credit_code"], line_id="X-1")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, fields, rec in (("企业", schema.ENTERPRISE_FIELDS, ent),
                               ("生产线", schema.LINE_FIELDS, line)):  # fmt: skip
        sheet = book.create_sheet(title)
        sheet.append([header.get(f.key, f.label) for f in fields])
        sheet.append([cells[f.key] if f.key in cells else xlsx_value(f, rec.get(f.key))
                      for f in fields])  # fmt: skip
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("key", "header", "cell", "value"),
    [
        ("chamber_height_m", "炭化室高度（毫米）", 4300, 4.3),
        ("chamber_height_m", "炭化室高度(mm)", 300, 0.3),  # exact: not 0.30000000000000004
        ("chamber_height_m", "炭化室高度（米）", 5.5, 5.5),
        ("capacity", "产能（万吨/年）", 120, 120.0),
        ("capacity", "产能（吨/年）", 1_234_500, 123.45),
        ("capacity", "产能[万吨焦/年]", 80, 80.0),
    ],
)
def test_a_unit_in_a_header_is_read_or_converted_exactly(
    tmp_path: Path, key: str, header: str, cell: Any, value: float
) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {key: header}, {key: cell})
    assert read_ledger(path).lines[key].to_list() == [value]


@pytest.mark.parametrize(
    ("key", "header", "cell", "value"),
    [
        ("tax_10k_yuan", "实缴税金（亿元）", 1.5, 15000.0),
        ("tax_10k_yuan", "实缴税金（元）", "2,600,000", 260.0),
        ("land_area_mu", "用地面积（平方米）", 100000, 150.0),
        ("water_m3", "年用水量(m³)", 1200, 1200.0),
        ("electricity_kwh", "年用电量（万千瓦时）", 4229.2403, 42292403.0),
        ("energy_tce", "综合能源消费量（万吨标准煤）", 12, 120000.0),
    ],
)
def test_an_enterprise_header_unit_is_converted_exactly(
    tmp_path: Path, key: str, header: str, cell: Any, value: float
) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {key: header}, {key: cell})
    assert read_ledger(path).enterprises[key].to_list() == [value]


def test_a_coal_unit_capacity_in_megawatts_becomes_10k_kilowatts(tmp_path: Path) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {"capacity": "产能（兆瓦）"},
                              {"capacity": 660}, equipment="coal_unit")  # fmt: skip
    ledger = read_ledger(path)
    assert ledger.lines["capacity"].to_list() == [66.0]
    assert any("列“产能（兆瓦）”按 兆瓦→万千瓦 换算" in n for n in ledger.notes)


@pytest.mark.parametrize(
    ("key", "header", "words"),
    [
        (
            "chamber_height_m",
            "炭化室高度（吨）",
            "列“炭化室高度（吨）”的单位“吨”不能换算为该字段的单位",
        ),
        ("chamber_height_m", "炭化室高度（英尺）", "列“炭化室高度（英尺）”的单位“英尺”无法识别"),
        ("tax_10k_yuan", "实缴税金（美元）", "列“实缴税金（美元）”的单位“美元”无法识别"),
        ("capacity", "产能（万桶/年）", "列“产能（万桶/年）”的单位“万桶/年”无法识别"),
    ],
)
def test_a_header_unit_that_cannot_be_read_rejects_the_file_naming_sheet_column_and_unit(
    tmp_path: Path, key: str, header: str, words: str
) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {key: header}, {})
    with pytest.raises(LedgerInvalid) as caught:
        read_ledger(path)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (1, key)
    assert error.sheet in ("企业", "生产线")
    assert words in error.message


def test_a_capacity_unit_of_another_time_base_is_refused_row_by_row(tmp_path: Path) -> None:
    path = _one_line_workbook(
        tmp_path / "a.xlsx", {"capacity": "产能（吨/日）"}, {"capacity": 2000}
    )
    with pytest.raises(LedgerInvalid) as caught:
        read_ledger(path)
    (error,) = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("生产线", 2, "capacity")
    assert "“吨/日”不能换算为 万吨焦/年" in error.message


@pytest.mark.parametrize(
    ("cell", "value"),
    [("4.3米", 4.3), ("4300毫米", 4.3), ("4300 mm", 4.3), (" ４．３ 米 ", 4.3), ("430cm", 4.3)],
)
def test_a_unit_typed_in_a_cell_is_converted(cell: str, value: float) -> None:
    assert parse_cell(schema.LINE_FIELD_BY_KEY["chamber_height_m"], cell) == value


@pytest.mark.parametrize(
    ("cell", "unit", "words"),
    [
        ("120万吨", "万吨/年", "不能换算为 万吨/年"),
        ("4.3吨", "米", "不能换算为 米"),
        ("5头", "米", "无法识别"),
    ],
)
def test_a_unit_typed_in_a_cell_that_does_not_convert_is_refused(
    cell: str, unit: str, words: str
) -> None:
    spec = schema.LINE_FIELD_BY_KEY["capacity" if unit == "万吨/年" else "chamber_height_m"]
    with pytest.raises(CellError, match=words):
        parse_cell(spec, cell, unit if spec.key == "capacity" else None)


def test_a_cell_unit_in_a_workbook_is_noted(tmp_path: Path) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {}, {"capacity": "1,200,000吨/年"})
    ledger = read_ledger(path)
    assert ledger.lines["capacity"].to_list() == [120.0]
    assert any("带单位“吨/年”的单元格按 吨/年→万吨焦/年 换算" in n for n in ledger.notes)


def test_conversion_factors_are_exact_decimals() -> None:
    assert units.factor("毫米", "米") == units.factor("mm", "m")
    assert str(units.factor("平方米", "亩")) == "0.0015"
    assert units.factor("万吨/年", "吨/日") is None
    assert units.factor("万吨钢/年", "万吨铁/年") is None
    assert units.factor("万吨/年", "万吨铁/年") == 1


# ─── dates and numbers ────────────────────────────────────────────────────────

DEADLINE = schema.LINE_FIELD_BY_KEY["exit_deadline"]


@pytest.mark.parametrize(
    "raw",
    ["2021-12-31", "2021/12/31", "2021.12.31", "2021年12月31日", " 2021年12月31日 ", "２０２１-12-31",
     44561, 44561.0, dt.datetime(2021, 12, 31), dt.date(2021, 12, 31), "2021-12-31 00:00:00"],
)  # fmt: skip
def test_every_usual_date_spelling_is_read(raw: Any) -> None:
    assert parse_cell(DEADLINE, raw) == dt.date(2021, 12, 31)


@pytest.mark.parametrize("raw", ["31/12/2021", "2021年12月", "20211231", "2021-02-30", 2021,
                                 44561.5, "明年底"])  # fmt: skip
def test_anything_else_is_refused_with_an_example_of_what_is_accepted(raw: Any) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(DEADLINE, raw)
    assert "可填 2021-12-31、2021/12/31、2021.12.31、2021年12月31日" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2,600,000", 2600000.0), (" 120 ", 120.0), ("１２０", 120.0), ("１，２００．５", 1200.5),
     ("\u3000850\u3000", 850.0), (1e3, 1000.0), ("1e3", 1000.0)],
)  # fmt: skip
def test_numbers_with_separators_full_width_digits_and_spaces_are_read(
    raw: Any, value: float
) -> None:
    assert parse_cell(schema.LINE_FIELD_BY_KEY["volume_m3"], raw) == value


@pytest.mark.parametrize("raw", ["1,2", "12,34,567", "1.2.3", "约120"])
def test_a_misplaced_separator_is_refused(raw: str) -> None:
    with pytest.raises(CellError):
        parse_cell(schema.LINE_FIELD_BY_KEY["volume_m3"], raw)


# ─── layouts ──────────────────────────────────────────────────────────────────


def test_a_total_row_with_an_id_is_a_record_not_skipped(tmp_path: Path) -> None:
    ent = make_enterprise("steel", name="合计")
    path = tmp_path / "a.xlsx"
    write_ledger(Ledger.from_records([ent], [make_line("bof", ent["credit_code"])]), path)
    assert read_ledger(path).enterprises["name"].to_list() == ["合计"]


def test_a_note_row_with_values_in_the_id_column_is_validated(tmp_path: Path) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {}, {})
    book = openpyxl.load_workbook(path)
    book["生产线"].append(["X-2", "注：待补充"])
    book.save(path)
    with pytest.raises(LedgerInvalid) as caught:
        read_ledger(path)
    assert {(e.row, e.column) for e in caught.value.errors} >= {(3, "credit_code")}


def test_the_header_is_found_below_blank_rows_and_a_banner(tmp_path: Path) -> None:
    path = _one_line_workbook(tmp_path / "a.xlsx", {}, {})
    book = openpyxl.load_workbook(path)
    for title in ("企业", "生产线"):
        book[title].insert_rows(1, 3)
        book[title]["B2"] = "2021 年度"
    book.save(path)
    ledger = read_ledger(path)
    assert ledger.lines["line_id"].to_list() == ["X-1"]
    assert any("表头在第 4 行" in n for n in ledger.notes)
