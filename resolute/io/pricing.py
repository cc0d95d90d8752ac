"""The surcharge export as officials receive it: the rows for the grid company (电网企业)
and the water utility (供水单位), and the totals by city and industry, with Chinese headers
(``resolute surcharges --format xlsx/csv`` and the surcharges page's downloads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from resolute.core.defaults import marked
from resolute.core.pricing import CATEGORY_LABELS, OUTCOME_CATEGORY, SurchargeReport, Total
from resolute.core.words import UNKNOWN, industry_label, money_value

#: A named table of a workbook: title, headers, rows.
Table = tuple[str, tuple[str, ...], list[list[Any]]]

EXPORT_HEADERS = (
    "企业名称",
    "统一社会信用代码",
    "所在市",
    "行业",
    "计费期间",
    "加价类别",
    "费率",
    "计费量",
    "加价金额（元）",
    "依据（文号）",
    "规则",
)


def export_rows(report: SurchargeReport, utility: Literal["grid", "water"]) -> list[list[Any]]:
    """Rows for a grid company (电网企业) or water utility (供水单位): charged and unknown
    enterprises only (an unknown amount is left blank, never written as 0)."""
    book = report.book
    rows: list[list[Any]] = []
    for s in report.enterprises:
        period = f"{s.period}-01-01—{s.period}-12-31" if s.period else UNKNOWN
        if utility == "grid":
            e = s.electricity
            if e.status == "none":
                continue
            sched = book.schedule(e.schedule_id) if e.schedule_id else None
            rows.append([
                s.name, s.credit_code, s.city, industry_label(s.industry), period,
                CATEGORY_LABELS.get(e.category or "", UNKNOWN),
                f"{e.rate:g} 元/千瓦时" if e.rate is not None else "",
                s.electricity_kwh, e.amount, sched.document if sched else "", e.reason,
            ])  # fmt: skip
        else:
            w = s.water
            if w.status == "none":
                continue
            rate = marked(
                "；".join(f"超 {t.from_pct:g}% 起加价 {t.surcharge_pct:g}%" for t in w.tiers),
                not book.water.confirmed and bool(w.tiers),
            )
            rows.append([
                s.name, s.credit_code, s.city, industry_label(s.industry), period,
                CATEGORY_LABELS.get(OUTCOME_CATEGORY.get(s.outcome) or "", UNKNOWN),
                rate, w.excess_m3, w.amount, book.water.document, w.reason,
            ])  # fmt: skip
    return rows


#: The totals' headers: sums in 万元, as the surcharges page shows them (an enterprise's own
#: amount, which the utility bills, stays in 元 to the fen).
TOTAL_HEADERS = ("汇总", "企业数", "电价加价（万元）", "水价加价（万元）", "电价加价企业", "水价加价企业", "金额未知企业")  # fmt: skip


def tables(report: SurchargeReport) -> list[Table]:
    """The export as named tables (title, headers, rows) for a workbook: what goes to the
    grid company, to the water utility, and the totals by city and industry. Known sums
    only; the 金额未知企业 column says how many enterprises they leave out. Water amounts
    computed from default tiers say so in their header."""
    headers: tuple[str, ...] = TOTAL_HEADERS
    if not report.book.water.confirmed:
        headers = tuple(
            marked("水价加价（万元）", True) if h == "水价加价（万元）" else h
            for h in TOTAL_HEADERS
        )

    def totals(items: Iterable[Total], name: Callable[[str], str] = str) -> list[list[Any]]:
        return [
            [name(t.key) if t is not report.total else t.key, t.enterprises,
             money_value(t.electricity), money_value(t.water), t.electricity_charged,
             t.water_charged, t.unknown]
            for t in items
        ]  # fmt: skip

    return [
        ("电价加价（供电网企业）", EXPORT_HEADERS, export_rows(report, "grid")),
        ("水价加价（供供水单位）", EXPORT_HEADERS, export_rows(report, "water")),
        ("按市汇总", headers, totals((*report.by_city, report.total))),
        ("按行业汇总", headers, totals((*report.by_industry, report.total), industry_label)),
    ]
