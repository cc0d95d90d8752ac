"""The workbook an official fills to report indicator figures: the sheet the importer reads
first (Chinese headers, as :mod:`resolute.core.indicators` reads them), the targets that may
be reported, and how to fill it."""

from __future__ import annotations

from resolute.core import indicators as ind
from resolute.web.lib.export import Sheet, instructions_sheet
from resolute.web.targets import services

HEADERS = (ind.INDICATOR_COLUMN, ind.PERIOD_COLUMN, ind.VALUE_COLUMN)
WIDTHS = (40, 12, 14)
LIST_HEADERS = (ind.INDICATOR_COLUMN, "条款", "范围", "计量单位")
INSTRUCTIONS = (
    "第一个工作表“指标数据”每行填报一个目标在一个报告期的数值；其余工作表不导入。",
    f"“{ind.INDICATOR_COLUMN}”：从“可填报指标”工作表复制指标名称，一字不差；名称有误或对应多个目标的行不予导入。",
    f"“{ind.PERIOD_COLUMN}”：年份写作 2021，季度写作 2022Q1。",
    f"“{ind.VALUE_COLUMN}”：按“可填报指标”所列的计量单位填写数字，不带单位和千分位以外的符号。",
    "同一目标、同一报告期已填报过的，再次导入即为更正。",
    "上传时逐行检查，有任何错误则整个文件不导入，网页列出每处错误所在的行和列。",
)


def template_sheets() -> list[Sheet]:
    """An empty sheet to fill (no example row: one left in by mistake would be stored), the
    targets that may be reported by their names, and the instructions."""
    reportable = services.reportable()
    names = ind.report_names(reportable)
    targets = [(names[t.id], t.clause, t.scope.as_json()["label"], t.unit or "定性")
               for t in reportable.values()]  # fmt: skip
    return [
        Sheet("指标数据", HEADERS, [], WIDTHS),
        Sheet("可填报指标", LIST_HEADERS, targets, (40, 12, 16, 12)),
        instructions_sheet(INSTRUCTIONS),
    ]
