"""Bad input (ledger.md "Bad input"): every error is reported with sheet, row and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from resolute.core.credit_code import complete
from resolute.core.ledger import LedgerError, LedgerInvalid
from resolute.io.readers import read_ledger

STEEL = complete("91370300MA3C00001")
COKING = complete("91370800MA3C00002")
CEMENT = complete("91371300MA3C00003")
UNKNOWN = complete("91370100MA3C99999")

ENTERPRISE_HEADER = ["统一社会信用代码", "企业名称", "所在市", "行业", "年平均从业人员"]
LINE_HEADER = [
    "生产线编号", "统一社会信用代码", "装置类型", "运行状态", "产能", "有效容积（立方米）",
    "焦炉炉型",
]  # fmt: skip


def enterprise_rows() -> list[list[Any]]:
    """Excel rows 2–4."""
    return [
        [STEEL, "淄博某钢铁有限公司", "淄博", "钢铁", 1200],
        [COKING, "济宁某焦化有限公司", "济宁市", "焦化", 300],
        [CEMENT, "临沂某水泥有限公司", "临沂", "水泥", None],
    ]


def line_rows() -> list[list[Any]]:
    """Excel rows 2–4."""
    return [
        ["BF-01", STEEL, "炼铁高炉", "在产", 120, 1080, None],
        ["BOF-01", STEEL, "炼钢转炉", "停产", 100, None, None],
        ["CO-01", COKING, "焦炉", "在产", 60, None, "顶装"],
    ]


def workbook(
    path: Path,
    enterprises: list[list[Any]] | None = None,
    lines: list[list[Any]] | None = None,
    enterprise_header: list[Any] | None = None,
    line_header: list[Any] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in (
        ("企业", enterprise_header or ENTERPRISE_HEADER, enterprises or enterprise_rows()),
        ("生产线", line_header or LINE_HEADER, line_rows() if lines is None else lines),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def errors_of(path: Path) -> list[LedgerError]:
    with pytest.raises(LedgerInvalid) as caught:
        read_ledger(path)
    return caught.value.errors


def locations(errors: list[LedgerError]) -> list[tuple[str, int | None, str | None]]:
    return [(e.sheet, e.row, e.column) for e in errors]


def test_the_valid_base_workbook_reads(tmp_path: Path) -> None:
    ledger = read_ledger(workbook(tmp_path / "a.xlsx"))
    assert (ledger.enterprises.height, ledger.lines.height) == (3, 3)


# ─── one bad cell each ─────────────────────────────────────────────────────────

# (sheet, data row index, column index, bad value, reported column, words in the message)
ONE_BAD_CELL = [
    pytest.param("企业", 2, 0, CEMENT[:17] + "0", "credit_code", "校验码", id="check-character"),
    pytest.param("生产线", 1, 1, STEEL[:17] + "0", "credit_code", "校验码", id="line-check-char"),
    pytest.param("企业", 1, 2, "青州", "city", "16 市", id="unknown-city"),
    pytest.param("企业", 0, 3, "化工", "industry", "不是可选值", id="unknown-industry"),
    pytest.param("生产线", 2, 1, STEEL, "equipment", "不属于该企业所在行业", id="wrong-industry"),
    pytest.param("生产线", 1, 0, "BF-01", "line_id", "重复", id="duplicate-line-id"),
    pytest.param("生产线", 0, 1, UNKNOWN, "credit_code", "没有", id="unknown-enterprise"),
    pytest.param("生产线", 0, 4, -5, "capacity", "负数", id="negative-quantity"),
    pytest.param("企业", 0, 4, "-3", "employees", "负数", id="negative-count"),
    pytest.param("生产线", 0, 5, "abc", "volume_m3", "不是数字", id="not-a-number"),
    pytest.param("生产线", 0, 5, "1080吨", "volume_m3", "不能换算为 立方米", id="number-with-unit"),
    pytest.param("生产线", 0, 3, "暂停", "status", "不是可选值", id="unknown-status"),
    pytest.param("生产线", 2, 6, "平顶", "oven_type", "不是可选值", id="unknown-oven-type"),
    pytest.param("企业", 0, 1, None, "name", "必填项为空", id="missing-required-value"),
]


@pytest.mark.parametrize(("sheet", "index", "column", "value", "key", "words"), ONE_BAD_CELL)
def test_one_bad_cell_is_reported_at_its_sheet_row_and_column(
    tmp_path: Path, sheet: str, index: int, column: int, value: Any, key: str, words: str
) -> None:
    enterprises, lines = enterprise_rows(), line_rows()
    (enterprises if sheet == "企业" else lines)[index][column] = value
    errors = errors_of(workbook(tmp_path / "a.xlsx", enterprises, lines))
    assert locations(errors) == [(sheet, index + 2, key)]
    assert words in errors[0].message


def test_a_non_number_is_reported_at_the_excel_row_past_empty_rows(tmp_path: Path) -> None:
    blank = [None] * len(LINE_HEADER)
    lines = line_rows()
    lines[2][5] = "abc"
    path = workbook(tmp_path / "a.xlsx", lines=[lines[0], blank, lines[1], blank, lines[2]])
    (error,) = errors_of(path)
    assert (error.sheet, error.row, error.column) == ("生产线", 6, "volume_m3")
    assert str(error) == "工作表“生产线”第 6 行，列 volume_m3（有效容积）：“abc” 不是数字"


def test_a_file_with_several_errors_lists_every_one(tmp_path: Path) -> None:
    enterprises, lines = enterprise_rows(), line_rows()
    enterprises[0][0] = STEEL[:17] + "0"  # bad check character: its two lines lose their owner
    enterprises[1][2] = "苏州"
    lines[0][5] = "abc"
    lines[2][4] = -60
    lines.append(["CO-01", COKING, "焦炉", "关停", None, None, None])
    errors = errors_of(workbook(tmp_path / "a.xlsx", enterprises, lines))
    assert sorted(locations(errors)) == sorted([
        ("企业", 2, "credit_code"),
        ("企业", 3, "city"),
        ("生产线", 2, "volume_m3"),
        ("生产线", 2, "credit_code"),
        ("生产线", 3, "credit_code"),
        ("生产线", 4, "capacity"),
        ("生产线", 5, "status"),
        ("生产线", 5, "line_id"),
    ])  # fmt: skip
    assert len(errors) == 8


def test_the_same_errors_are_found_in_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    data = {
        "enterprises": [
            {"credit_code": STEEL, "name": "某钢铁", "city": "淄博", "industry": "steel"},
            {"credit_code": COKING, "name": "某焦化", "city": "上海", "industry": "coking"},
        ],
        "lines": [
            {"line_id": "BF-01", "credit_code": STEEL, "equipment": "coke_oven"},
            {"line_id": "BF-02", "credit_code": STEEL, "equipment": "blast_furnace",
             "volume_m3": "abc", "env_status": "ok"},
            {"line_id": "BF-03", "credit_code": STEEL, "equipment": "blast_furnace",
             "capacity": {"value": 1}},
        ],
    }  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert sorted(locations(errors_of(path))) == [
        ("enterprises", 2, "city"),
        ("lines", 1, "equipment"),
        ("lines", 2, "env_status"),
        ("lines", 2, "volume_m3"),
        ("lines", 3, "capacity"),
    ]


def test_the_same_errors_are_found_in_a_csv_folder_at_their_file_lines(tmp_path: Path) -> None:
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "enterprises.csv").write_text(
        "credit_code,name,city,industry\n"
        f"{STEEL},某钢铁,淄博市,steel\n"
        "\n"
        f'{COKING},"某焦化\n（二厂）",济宁,焦化\n'
        f"{CEMENT},某水泥,临沂,水泥厂\n",
        encoding="utf-8",
    )
    (folder / "lines.csv").write_text(
        f"line_id,credit_code,equipment,volume_m3\nBF-01,{STEEL},blast_furnace,abc\n",
        encoding="utf-8",
    )
    assert locations(errors_of(folder)) == [
        ("enterprises", 6, "industry"),
        ("lines", 2, "volume_m3"),
    ]


# ─── bad containers ────────────────────────────────────────────────────────────


def test_garbage_named_xlsx_is_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"\x00\x01 this is not a workbook \xff" * 10)
    (error,) = errors_of(path)
    assert (error.sheet, error.row, error.column) == ("台账.xlsx", None, None)
    assert "无法读取" in error.message


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path / "没有.xlsx")
    assert error.sheet == "没有.xlsx"
    assert "不存在" in error.message


def test_a_file_of_another_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "台账.xls"
    path.write_bytes(b"old excel")
    (error,) = errors_of(path)
    assert error.sheet == "台账.xls"
    assert "不支持的文件类型" in error.message


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    del book["生产线"]
    book.save(path)
    assert locations(errors_of(path)) == [("生产线", None, None)]


def test_both_names_of_one_sheet_are_ambiguous(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    book.copy_worksheet(book["企业"]).title = "enterprises"
    book.save(path)
    (error,) = errors_of(path)
    assert error.sheet == "企业"
    assert "同时存在" in error.message


def test_a_missing_required_column_is_named_by_its_key(tmp_path: Path) -> None:
    header = [h if h != "统一社会信用代码" else "企业代码" for h in LINE_HEADER]
    errors = errors_of(workbook(tmp_path / "a.xlsx", line_header=header))
    assert locations(errors) == [("生产线", 1, "credit_code")]
    assert "统一社会信用代码" in errors[0].message


def test_every_missing_required_column_of_both_sheets_is_listed(tmp_path: Path) -> None:
    errors = errors_of(
        workbook(tmp_path / "a.xlsx", enterprise_header=["企业名称"], line_header=["产能"])
    )
    assert locations(errors) == [
        ("企业", 1, "credit_code"),
        ("企业", 1, "city"),
        ("企业", 1, "industry"),
        ("生产线", 1, "line_id"),
        ("生产线", 1, "credit_code"),
        ("生产线", 1, "equipment"),
    ]


def test_a_column_named_twice_is_an_error(tmp_path: Path) -> None:
    header = [*LINE_HEADER, "volume_m3"]
    errors = errors_of(workbook(tmp_path / "a.xlsx", line_header=header))
    assert locations(errors) == [("生产线", 1, "volume_m3")]
    assert "重复" in errors[0].message


@pytest.mark.parametrize(
    ("text", "sheet", "row", "words"),
    [
        ('{"enterprises": [', "ledger.json", None, "JSON 格式错误"),
        ('[{"credit_code": "x"}]', "ledger.json", None, "顶层应为对象"),
        ('{"enterprises": []}', "lines", None, "缺少"),
        ('{"enterprises": {}, "lines": []}', "enterprises", None, "应为列表"),
        ('{"enterprises": [], "lines": ["BF-01"]}', "lines", 1, "应为对象"),
    ],
)
def test_a_json_file_of_the_wrong_shape_is_reported(
    tmp_path: Path, text: str, sheet: str, row: int | None, words: str
) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(text, encoding="utf-8")
    (error,) = errors_of(path)
    assert (error.sheet, error.row) == (sheet, row)
    assert words in error.message


def test_a_csv_folder_without_lines_csv_is_reported(tmp_path: Path) -> None:
    (tmp_path / "enterprises.csv").write_text("credit_code,name,city,industry\n", encoding="utf-8")
    assert locations(errors_of(tmp_path)) == [("lines", None, None)]


def test_a_csv_file_not_in_utf_8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "enterprises.csv").write_bytes(
        f"credit_code,name,city,industry\n{STEEL},某钢铁,淄博,steel\n".encode("gbk")
    )
    (tmp_path / "lines.csv").write_text("line_id,credit_code,equipment\n", encoding="utf-8")
    (error,) = errors_of(tmp_path)
    assert error.sheet == "enterprises"
    assert "UTF-8" in error.message


def test_a_rejected_file_leaves_nothing_behind(tmp_path: Path) -> None:
    lines = line_rows()
    lines[0][5] = "abc"
    path = workbook(tmp_path / "a.xlsx", lines=lines)
    errors_of(path)
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]
