"""The readers' column-mapping step: sheets and headers as found, then a mapping applied
and the usual validation, with every error at its sheet, row and key."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from builders import make_enterprise, make_line

from resolute.core.ledger import Ledger, LedgerInvalid
from resolute.io import readers


def _ledger() -> Ledger:
    ent = make_enterprise("steel", name="测试钢铁有限公司")
    return Ledger.from_records([ent], [make_line("blast_furnace", ent["credit_code"],
                                                 line_id="BF-1", volume_m3=500.0)])  # fmt: skip


def _renamed(tmp_path: Path, renames: dict[str, str], titles: dict[str, str]) -> Path:
    path = tmp_path / "book.xlsx"
    readers.write_ledger(_ledger(), path)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.value = renames.get(str(cell.value), cell.value)
    for old, new in titles.items():
        book[old].title = new
    book.save(path)
    return path


def test_a_raw_workbook_keeps_sheets_and_headers_as_found(tmp_path: Path) -> None:
    path = _renamed(tmp_path, {"有效容积": "高炉容积"}, {"企业": "单位"})

    raw = readers.read_raw(path)

    assert list(raw.sheets) == ["单位", "生产线"]
    assert readers.detect_sheets(raw) == {"enterprises": None, "lines": "生产线"}
    assert readers.unrecognised_headers("lines", raw.sheets["生产线"].headers) == ["高炉容积"]
    assert [n for n, _ in raw.sheets["生产线"].rows] == [2]


def test_a_mapping_names_columns_and_sheets_then_the_ledger_validates(tmp_path: Path) -> None:
    path = _renamed(tmp_path, {"有效容积": "高炉容积", "企业名称": "企业名"}, {"企业": "单位"})
    raw = readers.read_raw(path)

    ledger = readers.ledger_from_raw(
        raw, {"enterprises": {"企业名": "name"}, "lines": {"高炉容积": "volume_m3"}},
        {"enterprises": "单位"},
    )  # fmt: skip

    assert ledger.line_records()[0]["volume_m3"] == 500.0
    assert ledger.enterprise_records()[0]["name"] == "测试钢铁有限公司"
    assert ledger.warnings == ()


def test_errors_after_mapping_name_the_sheet_as_found_the_row_and_the_key(tmp_path: Path) -> None:
    path = _renamed(tmp_path, {"有效容积": "高炉容积"}, {"生产线": "设备"})
    book = openpyxl.load_workbook(path)
    book["设备"].insert_rows(2)  # a blank row: the line moves to row 3
    column = [c.value for c in book["设备"][1]].index("高炉容积") + 1
    book["设备"].cell(row=3, column=column, value="很大")
    book.save(path)

    with pytest.raises(LedgerInvalid) as caught:
        readers.read_mapped(readers.read_raw(path), {"lines": {"高炉容积": "volume_m3"}},
                            {"lines": "设备"})  # fmt: skip

    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [("设备", 3, "volume_m3")]


def test_row_numbers_of_records_are_given_as_found(tmp_path: Path) -> None:
    path = _renamed(tmp_path, {}, {})
    book = openpyxl.load_workbook(path)
    book["企业"].insert_rows(2, amount=2)
    book.save(path)

    _, numbers = readers.read_mapped(readers.read_raw(path))

    assert numbers == {"enterprises": [("企业", 4)], "lines": [("生产线", 2)]}


def test_unmapped_unknown_headers_are_ignored_with_a_warning_but_ignored_ones_silently(
    tmp_path: Path,
) -> None:
    path = _renamed(tmp_path, {"责任人": "联系人", "责任单位": "备注"}, {})

    ledger = readers.ledger_from_raw(readers.read_raw(path), {"lines": {"备注": ""}})

    assert ledger.warnings == ("工作表“生产线”有未识别的列：联系人，已忽略",)


def test_a_json_file_with_chinese_keys_can_be_mapped(tmp_path: Path) -> None:
    data = _ledger().to_json_dict()
    data["lines"][0]["高炉容积"] = data["lines"][0].pop("volume_m3")
    data["lines"].append("not an object")
    data["lines"].append({"line_id": "BF-2", "credit_code": data["enterprises"][0]["credit_code"],
                          "equipment": "blast_furnace", "高炉容积": [1, 2]})  # fmt: skip
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    raw = readers.read_raw(path)

    assert readers.unrecognised_headers("lines", raw.sheets["lines"].headers) == ["高炉容积"]
    with pytest.raises(LedgerInvalid) as caught:
        readers.ledger_from_raw(raw, {"lines": {"高炉容积": "volume_m3"}})

    assert [(e.sheet, e.row, e.column) for e in caught.value.errors] == [
        ("lines", 2, None),
        ("lines", 3, "volume_m3"),
    ]


@pytest.mark.parametrize("content", [b"garbage", b"PK\x03\x04 not really a zip"])
def test_an_unreadable_workbook_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)

    with pytest.raises(LedgerInvalid) as caught:
        readers.read_raw(path)

    [error] = caught.value.errors
    assert error.sheet == "bad.xlsx" and "无法读取Excel 工作簿" in error.message
