"""Files that would exhaust memory are refused before they are read (resolute/io/bounds.py):
a workbook that inflates far beyond its size, a declared gigabyte, too many rows, columns or
characters in a cell. Built in code, small: the checks look at the archive's directory."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest
from builders import make_enterprise, make_line

from resolute.core import ledger as core_ledger
from resolute.core.ledger import Ledger, LedgerInvalid, RawRow, validate
from resolute.io import bounds, readers
from resolute.io.readers import read_ledger, read_raw, write_ledger


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    ent = make_enterprise("steel")
    path = tmp_path / "台账.xlsx"
    write_ledger(Ledger.from_records([ent], [make_line("bof", ent["credit_code"])]), path)
    return path


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open the workbook with a reader fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was read")

    class Refusing:
        from_path = staticmethod(refuse)

    monkeypatch.setattr(readers.python_calamine, "CalamineWorkbook", Refusing)


def _message(caught: pytest.ExceptionInfo[LedgerInvalid]) -> str:
    [error] = caught.value.errors
    return error.message


def test_a_plain_workbook_passes_the_bounds(workbook: Path) -> None:
    bounds.check_file(workbook)
    assert read_ledger(workbook).lines.height == 1


def test_a_decompression_bomb_is_refused_without_inflating_it(
    workbook: Path, no_reading: None
) -> None:
    # 64 MB of zeros deflate to about 64 KB: a ratio of ~1000, far beyond any real sheet.
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet9.xml", "w") as entry:  # fmt: skip
        chunk = b"\0" * (1024 * 1024)
        for _ in range(64):
            entry.write(chunk)
    assert workbook.stat().st_size < 1024 * 1024
    for read in (read_raw, read_ledger):
        with pytest.raises(LedgerInvalid) as caught:
            read(workbook)
        assert "压缩比异常" in _message(caught) and "sheet9.xml" in _message(caught)


def _declare(path: Path, size: int) -> None:
    """Rewrite the central directory so that its first entry declares ``size`` bytes."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, size)  # uncompressed size
    path.write_bytes(bytes(data))


def test_the_default_bounds_refuse_a_declared_gigabyte_without_reading(
    workbook: Path, no_reading: None
) -> None:
    _declare(workbook, 1024 * 1024 * 1024)
    with pytest.raises(LedgerInvalid) as caught:
        read_raw(workbook)
    assert "解压后" in _message(caught) and "超过上限" in _message(caught)


def test_an_entry_holding_more_than_it_declares_is_refused(
    workbook: Path, no_reading: None
) -> None:
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet9.xml", b"<x/>" * 100_000)
    data = bytearray(workbook.read_bytes())
    at = data.rindex(b"PK\x01\x02")  # the entry just added is the last in the directory
    struct.pack_into("<I", data, at + 24, 1000)  # declares 1,000 bytes instead of 400,000
    workbook.write_bytes(bytes(data))
    with pytest.raises(LedgerInvalid) as caught:
        read_raw(workbook)
    assert "sheet9.xml" in _message(caught) and "不符" in _message(caught)


def test_a_file_larger_than_the_upload_limit_is_refused(workbook: Path, no_reading: None) -> None:
    with pytest.raises(LedgerInvalid) as caught:
        bounds.check_file(workbook, bounds.Limits(file_bytes=100))
    assert "文件过大" in _message(caught)


def test_a_sheet_beyond_the_row_limit_is_refused_while_it_is_read(tmp_path: Path) -> None:
    ent = make_enterprise("steel")
    lines = [make_line("bof", ent["credit_code"]) for _ in range(30)]
    path = tmp_path / "rows.xlsx"
    write_ledger(Ledger.from_records([ent], lines), path)
    limits = bounds.Limits(rows=20)
    for read in (read_raw, read_ledger):
        with pytest.raises(LedgerInvalid) as caught:
            read(path, limits)
        assert "超过 20 行" in _message(caught)
    assert read_raw(path, bounds.Limits(rows=31)).sheets["生产线"].rows


def test_a_json_file_beyond_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps({"enterprises": [{}] * 30, "lines": []}), encoding="utf-8")
    with pytest.raises(LedgerInvalid) as caught:
        read_raw(path, bounds.Limits(rows=20))
    assert "超过上限 19 条" in _message(caught)


def test_too_many_columns_and_too_long_a_cell_are_refused() -> None:
    where = Path("a.xlsx")
    rows = [(1, ["a"] * 5), (2, [None] * 10), (3, ["a"] * 6)]
    with pytest.raises(LedgerInvalid) as caught:
        list(bounds.bounded_rows(where, "生产线", rows, bounds.Limits(columns=5)))
    assert "第 3 行有 6 列" in _message(caught)
    with pytest.raises(LedgerInvalid) as caught:
        list(bounds.bounded_rows(where, "企业", [(2, ["x" * 11])], bounds.Limits(cell_chars=10)))
    assert "第 2 行第 1 列" in _message(caught) and "11 个字符" in _message(caught)


@pytest.mark.parametrize(
    ("rows", "limits"),
    [
        ([["a"] * 5, [None] * 10, ["a"] * 6], bounds.Limits(columns=5)),
        ([["a"], ["a", "x" * 11], ["a"] * 9], bounds.Limits(columns=5, cell_chars=10)),
        ([["a"]] * 21, bounds.Limits(rows=20)),
        ([["a"]] * 19 + [["x" * 11]] * 5, bounds.Limits(rows=20, cell_chars=10)),
        ([["a", 1.5, None], [None, "x" * 11]], bounds.Limits(cell_chars=10)),
        ([["a", 1.5, None]] * 3, bounds.Limits(rows=3, columns=3, cell_chars=1)),
    ],
)
def test_a_sheet_judged_whole_is_refused_or_kept_as_row_by_row(
    rows: list[list[object]], limits: bounds.Limits
) -> None:
    where = Path("a.xlsx")

    def outcome(read: object) -> object:
        try:
            return read()  # type: ignore[operator]
        except LedgerInvalid as exc:
            return [(e.row, e.message) for e in exc.errors]

    expected = outcome(lambda: list(bounds.bounded_rows(where, "表", enumerate(rows, 1), limits)))
    assert outcome(lambda: bounds.bounded_table(where, "表", rows, limits)) == expected
    numbered = list(enumerate(rows, 1))
    assert outcome(lambda: bounds.bounded_numbered(where, "表", numbered, limits)) == expected


def test_validation_keeps_the_first_errors_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(core_ledger, "KEPT_ERRORS", 3)
    rows = [RawRow("企业", n, {"credit_code": "bad"}) for n in range(2, 12)]
    with pytest.raises(LedgerInvalid) as caught:
        validate(rows, [])
    # Each row lacks a name, a city and an industry and has a bad credit code.
    assert len(caught.value.errors) == 3 and caught.value.omitted == 4 * 10 - 3
