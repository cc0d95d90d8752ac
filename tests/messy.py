"""A workbook filled by hand the way officials fill them, built in code.

淄博's coking ledger: a merged title banner and a blank row above the header, units in the
headers (毫米, 元, 公顷, 万吨/年), a unit typed in a cell, Chinese and Excel-serial dates,
thousands separators, full-width digits and stray spaces, a 合计 row and 注 and 填表人 rows
at the bottom, and no 年用电量 or 实际退出日期 column at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from resolute.core.credit_code import complete

COKING_A = complete("91370303MA3C4D5E6")
COKING_B = complete("91370304MA3C4D5E7")

TITLE = "淄博市焦化企业台账（2021年4月）"

ENTERPRISE_HEADER = ["序号", "统一社会信用代码", "企业名称", "所在市", "县（市、区）", "行业",
                     "数据年度", "用地面积（公顷）", "实缴税金（元）", "综合能源消费量（吨标准煤）",
                     "年平均从业人员（人）", "独立焦化企业", "单独厂区焦化产能（万吨/年）"]  # fmt: skip
ENTERPRISES = [
    [1, COKING_A, "淄博甲焦化有限公司", "淄博市", "张店区", "焦化", 2020, 10, "2,600,000",
     "１２万吨标准煤", " ８５０ ", "是", "150"],
    [2, COKING_B, "淄博乙焦化有限公司", "淄博", "周村区", "焦化", 2020, "6.5", 1_800_000,
     90000, 640, "是", 80],
    ["合计", None, None, None, None, None, None, 16.5, 4_400_000, None, 1490, None, 230],
]  # fmt: skip

LINE_HEADER = ["序号", "生产线编号", "统一社会信用代码", "装置类型", "运行状态", "产能（万吨/年）",
               "焦炉炉型", "炭化室高度（毫米）", "环保标准达标情况", "退出方式", "退出时限",
               "责任单位", "责任人"]  # fmt: skip
LINES = [
    [1, "ZB-CO-1", COKING_A, "焦炉", "在产", 60, "顶装", 4300, "达标", "关停", "2021年12月31日",
     "张店区工信局", "李明"],
    [2, "ZB-CO-2", COKING_A, "焦炉", "在产", "90", "捣固", "5500", "达标", None, None, None, None],
    [3, "ZB-CO-3", COKING_B, "焦炉", "停产", 80, "捣固", "4.3米", "不达标", "压减",
     44926, "周村区工信局", "王芳"],  # 44926 is Excel's serial for 2022-12-31
    [None] * 13,
    ["小计", None, None, None, None, 230, None, None, None, None, None, None, None],
    ["注：产能单位为万吨/年，炭化室高度单位为毫米。"] + [None] * 12,
    ["填表人：赵六", None, None, None, "审核人：孙七"] + [None] * 8,
]  # fmt: skip


def messy_workbook(path: Path) -> Path:
    """Write the hand-filled workbook to ``path``."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in (("企业", ENTERPRISE_HEADER, ENTERPRISES),
                                ("生产线", LINE_HEADER, LINES)):  # fmt: skip
        sheet = book.create_sheet(title)
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book["企业"].cell(4, 1).value = 1  # the 序号 column is numbers, as typed
    book["生产线"]["K5"].number_format = "yyyy-mm-dd"
    book.save(path)
    return path


#: What the messy workbook means, in the fields' own units.
EXPECTED_ENTERPRISES = {
    COKING_A: {"land_area_mu": 150.0, "tax_10k_yuan": 260.0, "energy_tce": 120000.0,
               "employees": 850, "plant_coking_capacity_10kt": 150.0},
    COKING_B: {"land_area_mu": 97.5, "tax_10k_yuan": 180.0, "energy_tce": 90000.0,
               "employees": 640, "plant_coking_capacity_10kt": 80.0},
}  # fmt: skip
EXPECTED_LINES = {
    "ZB-CO-1": {"capacity": 60.0, "chamber_height_m": 4.3, "exit_deadline": dt.date(2021, 12, 31)},
    "ZB-CO-2": {"capacity": 90.0, "chamber_height_m": 5.5, "exit_deadline": None},
    "ZB-CO-3": {"capacity": 80.0, "chamber_height_m": 4.3, "exit_deadline": dt.date(2022, 12, 31)},
}
