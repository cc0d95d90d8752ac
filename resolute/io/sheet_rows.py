"""Small import sheets filled from a template (quarter reports, key projects): the workbook
read within :mod:`resolute.io.bounds`, its sheet found by title, its columns by their Chinese
headers, and the cells read as text, years, numbers and yes/no — every refusal in Chinese,
placed by the caller at its row and column."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resolute.core.ledger import FALSE_WORDS, TRUE_WORDS, LedgerError, LedgerInvalid
from resolute.io import bounds, readers
from resolute.io.xlsx import unquoted

_YEAR = re.compile(r"^(\d{4})\s*年?$")
YEAR_MIN, YEAR_MAX = 2000, 2100
UNREADABLE = "无法读取该文件（文件损坏或不是 Excel 工作簿），请上传 Excel 工作簿（.xlsx）"


@dataclass
class Table:
    """One sheet as read: its title, the headers of its first non-blank row, and every
    non-blank row below with its Excel row number."""

    title: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]

    def columns(self, wanted: Mapping[str, Sequence[str]]) -> dict[str, int]:
        """Field → index of the first header that is one of the field's names."""
        found: dict[str, int] = {}
        for key, names in wanted.items():
            index = next((i for i, h in enumerate(self.headers) if h in names), None)
            if index is not None:
                found[key] = index
        return found

    def locate(self, wanted: Mapping[str, Sequence[str]], required: Mapping[str, str]
               ) -> tuple[dict[str, int], list[LedgerError]]:  # fmt: skip
        """:meth:`columns`, and the sheet's own problems: one error naming every required
        column (field → header) it lacks, else one when it has no data row."""
        found = self.columns(wanted)
        absent = [header for key, header in required.items() if key not in found]
        if absent:
            message = "缺少列：" + "、".join(absent) + "（请使用下载的模板，表头不要改动）"
            return found, [LedgerError(self.title, 1, None, message)]
        if not self.rows:
            return found, [LedgerError(self.title, None, None, "工作表中没有数据行")]
        return found, []


def read_table(path: str | Path, title: str, limits: bounds.Limits = bounds.DEFAULT) -> Table:
    """The sheet named ``title`` of an ``.xlsx`` workbook (else its first sheet), within
    ``limits``. Raises :class:`LedgerInvalid` when the file is too large, of another type or
    unreadable, or holds no sheet."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise LedgerInvalid([LedgerError("", None, None, "请上传 Excel 工作簿（.xlsx）")])
    bounds.check_file(path, limits)
    try:
        tables = readers.xlsx_tables(path, limits)
    except LedgerInvalid as exc:  # the reader's own words may be English (calamine's)
        raise LedgerInvalid([LedgerError("", None, None, UNREADABLE) if e.message.startswith("无法读取")
                             else e for e in exc.errors]) from None  # fmt: skip
    if not tables:
        raise LedgerInvalid([LedgerError("", None, None, "工作簿中没有工作表")])
    name = title if title in tables else next(iter(tables))
    numbered = [(n, v) for n, v in tables[name] if any(not blank(x) for x in v)]
    if not numbered:
        return Table(name, [], [])
    headers = [text(h) for h in numbered[0][1]]
    return Table(name, headers, numbered[1:])


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell(values: Sequence[Any], index: int | None) -> Any:
    """The cell at ``index`` (None when the row is shorter or the column absent)."""
    if index is None or index >= len(values):
        return None
    return values[index]


def text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates as 2022-12-31, trimmed, and text
    that an export quoted against formula injection (``'=…``) as it was."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return unquoted(str(value).strip())


def year(value: Any) -> int:
    """A year cell (2021, 2021.0, "2021", "2021年"); ValueError with the reason otherwise."""
    found = _YEAR.match(text(value))
    if not found or not YEAR_MIN <= int(found.group(1)) <= YEAR_MAX:
        raise ValueError(f"“{text(value)}”不是年度，请写作 2021")
    return int(found.group(1))


def number(value: Any) -> float:
    """A number cell, thousands separators allowed; ValueError with the reason otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"“{text(value)}”不是数字")
    try:
        found = (
            float(value) if isinstance(value, int | float) else float(text(value).replace(",", ""))
        )
    except ValueError:
        raise ValueError(f"“{text(value)}”不是数字，请只填数字，不带单位") from None
    if not math.isfinite(found):
        raise ValueError(f"“{text(value)}”不是数字")
    return found


def yes_no(value: Any) -> bool:
    """是/否 (also 1/0, true/false); ValueError with the reason otherwise."""
    word = text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"“{text(value)}”应填“是”或“否”")
