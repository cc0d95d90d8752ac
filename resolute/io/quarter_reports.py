"""The quarterly-report workbook (季度调度, 五(四)): its columns, the figures as one cell of
“名称：数值” lines, and reading a sheet into reports with every problem named by row and
column. Who may file which city is decided by the caller (resolute.web.quarters)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from resolute.core import schema
from resolute.core.ledger import LedgerError
from resolute.io import sheet_rows
from resolute.io.sheet_rows import Table

SHEET = "季度调度"
CITY, QUARTER, NARRATIVE, FIGURES = "市", "季度", "工作进展", "主要数据"
#: Field → header, in the template's order.
COLUMNS: dict[str, str] = {"city": CITY, "quarter": QUARTER, "narrative": NARRATIVE,
                           "figures": FIGURES}  # fmt: skip
HEADERS = tuple(COLUMNS.values())
WIDTHS = (8, 10, 80, 40)
_NAMES = {"city": (CITY, "所在市"), "quarter": (QUARTER, "报告期"),
          "narrative": (NARRATIVE, "工作进展情况"), "figures": (FIGURES,)}  # fmt: skip
_REQUIRED = {"quarter": QUARTER, "narrative": NARRATIVE}
_FIGURE_LINE = re.compile(r"^([^:：=]+)[:：=]\s*(.+)$")


def parse_figures(text: str) -> dict[str, str]:
    """“名称：数值” lines, one a line, as a mapping (the text is kept as written)."""
    figures: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _FIGURE_LINE.match(line)
        if not match:
            raise ValueError(f"“{line}”应写作“名称：数值”")
        figures[match.group(1).strip()] = match.group(2).strip()
    return figures


def figures_text(figures: Mapping[str, str]) -> str:
    """The figures as the form and the workbook write them, one “名称：数值” a line."""
    return "\n".join(f"{name}：{value}" for name, value in figures.items())


@dataclass(frozen=True)
class ReportRow:
    row: int
    #: The city's short name (淄博).
    city: str
    quarter: str
    narrative: str
    figures: dict[str, str] = field(default_factory=dict)


def read_rows(table: Table, quarter_problem: Callable[[str], str | None], own_city: str | None
              ) -> tuple[list[ReportRow], list[LedgerError]]:  # fmt: skip
    """The sheet's reports that read well, and every problem of the others (the sheet may be
    imported only without any): an unknown city, a quarter
    ``quarter_problem`` refuses, an empty narrative, a figure line not “名称：数值”, the same
    city and quarter twice. A blank city is ``own_city`` (a city officer's), else refused."""
    found, errors = table.locate(_NAMES, _REQUIRED)
    if errors:
        return [], errors
    rows: list[ReportRow] = []
    seen: dict[tuple[str, str], int] = {}

    def problem(number: int, column: str, message: str) -> None:
        errors.append(LedgerError(table.title, number, column, message))

    for number, values in table.rows:
        city_text = sheet_rows.text(sheet_rows.cell(values, found.get("city")))
        city = schema.normalise_city(city_text) if city_text else own_city
        if city is None:
            problem(number, CITY, f"“{city_text}”不是山东省的设区市" if city_text else "市为空")
        quarter = sheet_rows.text(sheet_rows.cell(values, found["quarter"])).upper()
        wrong = quarter_problem(quarter) if quarter else "季度为空"
        if wrong:
            problem(number, QUARTER, wrong)
        narrative = sheet_rows.text(sheet_rows.cell(values, found["narrative"]))
        if not narrative:
            problem(number, NARRATIVE, "工作进展为空")
        try:
            figures = parse_figures(sheet_rows.text(sheet_rows.cell(values, found.get("figures"))))
        except ValueError as exc:
            problem(number, FIGURES, str(exc))
            figures = {}
        if city is None or wrong or not narrative:
            continue
        key = (city, quarter)
        if key in seen:
            problem(number, QUARTER, f"{city}市 {quarter} 与第 {seen[key]} 行重复")
            continue
        seen[key] = number
        rows.append(ReportRow(number, city, quarter, narrative, figures))
    return rows, errors
