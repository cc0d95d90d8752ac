"""Bounds on what an uploaded ledger file may hold, checked before it is read.

A small file can demand a great deal: an ``.xlsx`` is a zip archive, and one cell of a few
bytes compressed can inflate to a gigabyte; a sheet can declare a million rows. Every
reader of ledger files (the web import, the CLI) checks the file here first, so that such
a file is refused with a Chinese message instead of exhausting the server's memory.

The archive is first judged from its central directory (the sizes each entry declares):
a bomb is refused before a single byte is inflated. An archive that passes is then
inflated once, as a stream in small pieces with constant memory, to prove that every
entry holds exactly what it declares (Python's :mod:`zipfile` never yields more than the
declared size and fails the entry's checksum otherwise) — so the reader that follows, in
whatever language, cannot be made to inflate more than was declared and checked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar, cast

from resolute.core.ledger import LedgerError, LedgerInvalid

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one ledger file may hold. The defaults admit a province's ledger many times
    over: the demo province of 100,000 lines (``resolute demo-data --lines 100000``) is an
    11.6 MB workbook that inflates to 94 MB, no entry more than 10 times its compressed size."""

    #: Size of the file as uploaded.
    file_bytes: int = 50 * MB
    #: Sum of the declared sizes of the archive's entries once inflated.
    unzipped_bytes: int = 400 * MB
    #: Entries in the archive (a workbook has a dozen or so, plus one per sheet).
    entries: int = 1000
    #: Inflated size ÷ compressed size of any one large entry.
    ratio: int = 200
    #: Rows of one sheet, the header included.
    rows: int = 200_000
    #: Columns of one row.
    columns: int = 500
    #: Characters in one cell (Excel's own limit is 32,767).
    cell_chars: int = 32_767
    #: Errors kept and shown; the rest are counted (以下还有 N 处错误).
    errors: int = 500


DEFAULT = Limits()


def _refuse(path: Path, message: str) -> LedgerInvalid:
    return LedgerInvalid([LedgerError(path.name, None, None, message)])


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n:,} 字节"


def check_file(path: str | Path, limits: Limits = DEFAULT) -> None:
    """Refuse (:class:`LedgerInvalid`) a file too large, or an ``.xlsx`` whose archive would
    inflate beyond the limits, without inflating anything. A file that is not a zip archive
    is left to the reader, which reports it as unreadable."""
    path = Path(path)
    if not path.is_file():
        return  # a folder (CSV) or a missing file: the reader reports it
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise _refuse(path, f"文件过大（{_size(size)}），上限为 {_size(limits.file_bytes)}")
    if path.suffix.lower() != ".xlsx" or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            check_entries(path, entries, limits)
            _inflate_as_declared(path, archive, entries)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # the reader reports a corrupt workbook
    except RuntimeError:  # an encrypted entry
        raise _refuse(path, "工作簿已加密，请取消密码后重新上传") from None


def _inflate_as_declared(
    path: Path, archive: zipfile.ZipFile, entries: Sequence[zipfile.ZipInfo]
) -> None:
    """Inflate every entry in pieces, keeping nothing, and refuse one whose content is not
    what its directory entry declares (size and checksum)."""
    for info in entries:
        seen = 0
        try:
            with archive.open(info) as stream:
                while piece := stream.read(MB):
                    seen += len(piece)
        except zipfile.BadZipFile:
            raise _refuse(path, f"工作簿中的“{info.filename}”与其声明的大小或校验和不符，"
                                "文件已损坏或被篡改") from None  # fmt: skip
        if seen != info.file_size:
            raise _refuse(
                path, f"工作簿中的“{info.filename}”与其声明的大小不符，文件已损坏或被篡改"
            )


def check_entries(path: Path, entries: Sequence[zipfile.ZipInfo], limits: Limits = DEFAULT) -> None:
    """The archive's central directory against the limits (see :func:`check_file`)."""
    if len(entries) > limits.entries:
        raise _refuse(path, f"工作簿包含 {len(entries):,} 个部件，超过上限 {limits.entries:,}，"
                            "不像是台账工作簿")  # fmt: skip
    total = sum(e.file_size for e in entries)
    if total > limits.unzipped_bytes:
        raise _refuse(path, f"工作簿解压后有 {_size(total)}，超过上限 {_size(limits.unzipped_bytes)}；"
                            "请删除多余的工作表、行和格式后重新上传")  # fmt: skip
    for e in entries:
        if e.file_size > MB and e.file_size > limits.ratio * max(e.compress_size, 1):
            raise _refuse(path, f"工作簿中的“{e.filename}”压缩比异常（{_size(e.compress_size)} "
                                f"解压为 {_size(e.file_size)}），不予读取")  # fmt: skip


Row = TypeVar("Row", bound=Sequence[Any])


def bounded_rows(
    path: Path, title: str, rows: Iterable[tuple[int, Row]], limits: Limits = DEFAULT
) -> Iterator[tuple[int, Row]]:
    """``rows`` (numbered as in the sheet) as they are read, refusing the file as soon as a
    row lies beyond the row limit, has too many columns or a cell too long."""
    for number, values in rows:
        if number > limits.rows:
            raise _refuse(path, f"工作表“{title}”超过 {limits.rows:,} 行，超过上限；"
                                "请分批导入或删除多余的行")  # fmt: skip
        if len(values) > limits.columns:
            last = max((i for i, v in enumerate(values) if v not in (None, "")), default=-1)
            if last >= limits.columns:
                raise _refuse(path, f"工作表“{title}”第 {number} 行有 {last + 1:,} 列，"
                                    f"超过上限 {limits.columns:,} 列")  # fmt: skip
            values = cast(Row, values[: limits.columns])
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > limits.cell_chars:
                raise _refuse(path, f"工作表“{title}”第 {number} 行第 {index + 1} 列的单元格有 "
                                    f"{len(value):,} 个字符，超过上限 {limits.cell_chars:,}")  # fmt: skip
        yield number, values


def bounded_table(
    path: Path, title: str, rows: list[Row], limits: Limits = DEFAULT
) -> list[tuple[int, Row]]:
    """A sheet's rows (row 1 first) numbered, refused as :func:`bounded_rows` refuses them.

    The whole sheet is judged at once first (row count, widest row, longest text, each in
    one pass in C); only a sheet beyond a limit is gone through row by row, to report the
    first row at fault exactly as :func:`bounded_rows` does."""
    if _within(rows, limits):
        return list(enumerate(rows, 1))
    return list(bounded_rows(path, title, enumerate(rows, 1), limits))


def bounded_numbered(
    path: Path, title: str, rows: list[tuple[int, Row]], limits: Limits = DEFAULT
) -> list[tuple[int, Row]]:
    """:func:`bounded_table` for rows already numbered (the lines of a CSV file)."""
    if (not rows or rows[-1][0] <= limits.rows) and _within([v for _, v in rows], limits):
        return rows
    return list(bounded_rows(path, title, rows, limits))


def _within(rows: Sequence[Sequence[Any]], limits: Limits) -> bool:
    """Whether no row lies beyond the row limit, none is wider than the column limit and no
    text is longer than the cell limit (then :func:`bounded_rows` would pass every row)."""
    if len(rows) > limits.rows or max(map(len, rows), default=0) > limits.columns:
        return False
    texts = filter(str.__instancecheck__, chain.from_iterable(rows))
    return max(map(len, texts), default=0) <= limits.cell_chars


def check_extent(path: Path, title: str, rows: int, columns: int, limits: Limits = DEFAULT) -> None:
    """A sheet's extent (from its cells' positions, before they become values)."""
    if rows > limits.rows:
        raise _refuse(path, f"工作表“{title}”有 {rows:,} 行，超过 {limits.rows:,} 行的上限；"
                            "请分批导入或删除多余的行")  # fmt: skip
    if columns > limits.columns:
        raise _refuse(path, f"工作表“{title}”有 {columns:,} 列，超过上限 {limits.columns:,} 列")


def check_items(path: Path, title: str, count: int, limits: Limits = DEFAULT) -> None:
    """A JSON list or CSV table of ``count`` records against the row limit."""
    if count + 1 > limits.rows:
        raise _refuse(path, f"“{title}”有 {count:,} 条记录，超过上限 {limits.rows - 1:,} 条；"
                            "请分批导入")  # fmt: skip


def kept_errors(errors: Sequence[Any], limits: Limits = DEFAULT) -> tuple[list[Any], int]:
    """The errors to keep and show, and how many more there are (以下还有 N 处错误)."""
    kept = list(errors[: limits.errors])
    return kept, len(errors) - len(kept)
