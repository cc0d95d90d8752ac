"""One type locates every problem of an uploaded sheet (ledger, city plan, indicators, registry)."""

from __future__ import annotations

from pathlib import Path

import pytest

import resolute
from resolute.core.ledger import LedgerError


@pytest.mark.parametrize(
    "error,text",
    [
        (LedgerError("生产线", 6, "volume_m3", "“abc” 不是数字"),
         "工作表“生产线”第 6 行，列 volume_m3（有效容积）：“abc” 不是数字"),
        (LedgerError("计划", 4, "完成时限", "不是日期"), "工作表“计划”第 4 行，列“完成时限”：不是日期"),
        (LedgerError("", 3, "名称", "请填写名称"), "第 3 行，列“名称”：请填写名称"),
        (LedgerError("", None, "所在市", "缺少“所在市”列"), "列“所在市”：缺少“所在市”列"),
        (LedgerError("", None, "", "工作簿是空的"), "工作簿是空的"),
        (LedgerError("计划", None, None, "工作表中没有计划事项"), "工作表“计划”：工作表中没有计划事项"),
    ],
)  # fmt: skip
def test_a_problem_reads_sheet_row_column_and_what(error: LedgerError, text: str) -> None:
    assert str(error) == text


def test_no_other_row_error_type() -> None:
    root = Path(resolute.__file__).parent
    defined = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("class ") and ("RowError" in line or "RowProblem" in line)
    }
    assert defined == set()
