"""Assessment reports for officials: the Chinese Excel workbook and the flat CSV."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from resolute.core import schema, words
from resolute.core.assessment import (
    OUTCOME_LABELS,
    OUTCOMES,
    RESULT_LABELS,
    Assessment,
    EnterpriseVerdict,
    Finding,
    LineVerdict,
)
from resolute.core.cities import city_sort_key
from resolute.core.ledger import Ledger
from resolute.core.rulebook import BASIS_LABELS, OP_SYMBOLS, STANDARD_LABELS, Rulebook
from resolute.io import csvfile
from resolute.io.files import write_bytes
from resolute.io.xlsx import save_workbook, write_table

FINDING_HEADERS = [
    "规则编号",
    "标准类别",
    "标准依据",
    "判定",
    "指标",
    "实测值",
    "比较",
    "阈值",
    "单位",
    "标准表述",
    "出处",
]
LINE_HEADERS = [
    "所在市",
    "县（市、区）",
    "企业名称",
    "统一社会信用代码",
    "行业",
    "生产线编号",
    "装置类型",
    "产能",
    "产能单位",
    "运行状态",
    "评估结论",
    "退出方式",
    "退出时限",
    "责任单位",
    "责任人",
]


def display(key: str | None, value: Any) -> Any:
    """A value for a report cell: figures and dates stay typed for the spreadsheet (figures
    rounded), the rest in words (:func:`resolute.core.words.value_text`)."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, int | dt.date) and not isinstance(value, bool):
        return value
    return words.value_text(value, key or "")


class _Context:
    """Lookups shared by the report's sheets."""

    def __init__(self, assessment: Assessment, book: Rulebook, ledger: Ledger) -> None:
        self.book = book
        self.rules = {r.id: r for r in book.rules}
        self.enterprises = {e.credit_code: e for e in assessment.enterprises}
        self.lines = {str(r["line_id"]): r for r in ledger.line_records()}

    def finding_cells(self, f: Finding, equipment: str | None) -> list[Any]:
        rule = self.rules[f.rule_id]
        measure = rule.measure
        key = rule.determination or (measure.field if measure else None)
        if rule.determination and f.threshold is not None and f.value is not None:
            key = "unit_energy"
        op = OP_SYMBOLS[measure.op] if measure and not rule.determination else ""
        threshold = f.threshold
        if measure and isinstance(measure.value, tuple):
            threshold = "、".join(str(display(key, v)) for v in measure.value)
        return [
            rule.id,
            STANDARD_LABELS[rule.standard],
            BASIS_LABELS[rule.basis],
            RESULT_LABELS[f.result],
            self.book.field_label(key) if key else "",
            display(key, f.value),
            op,
            display(key, threshold) if threshold is not None else "",
            self.book.field_unit(key, equipment) if key else "",
            rule.wording,
            rule.citation,
        ]

    def line_cells(self, v: LineVerdict) -> list[Any]:
        ent = self.enterprises[v.credit_code]
        rec = self.lines.get(v.line_id, {})
        eq = schema.EQUIPMENT_BY_CODE[v.equipment]
        return [
            ent.city,
            ent.county or "",
            ent.name,
            v.credit_code,
            schema.INDUSTRY_BY_CODE[v.industry].label,
            v.line_id,
            eq.label,
            display("capacity", rec.get("capacity")) if rec.get("capacity") is not None else "",
            eq.capacity_unit,
            display("status", v.status),
            OUTCOME_LABELS[v.outcome],
            display("exit_method", rec.get("exit_method")) if rec.get("exit_method") else "",
            rec.get("exit_deadline") or "",
            rec.get("responsible_unit") or "",
            rec.get("responsible_person") or "",
        ]

    def enterprise_cells(self, e: EnterpriseVerdict) -> list[Any]:
        return [
            e.city,
            e.county or "",
            e.name,
            e.credit_code,
            schema.INDUSTRY_BY_CODE[e.industry].label,
            "（企业）",
            "",
            "",
            "",
            "",
            OUTCOME_LABELS[e.outcome],
            "",
            "",
            "",
            "",
        ]


def _rows(
    ctx: _Context, assessment: Assessment, outcome: str, basis: str | None, result: str
) -> Iterator[list[Any]]:
    """One row per (active line in ``outcome``, finding with ``result``). The rectification
    and missing-data lists also carry each enterprise's own efficiency findings."""
    for v in assessment.lines:
        if v.outcome != outcome or v.status == "exited" or (basis and v.basis != basis):
            continue
        for f in v.findings:
            if f.result == result:
                yield ctx.line_cells(v) + ctx.finding_cells(f, v.equipment)
    if outcome == "eliminate":
        return
    for e in assessment.enterprises:
        if result == "unknown" and e.outcome != outcome:
            continue
        for f in e.findings:
            if f.result == result and ctx.rules[f.rule_id].enterprise_only:
                yield ctx.enterprise_cells(e) + ctx.finding_cells(f, None)


def summary_rows(assessment: Assessment) -> list[list[Any]]:
    """Enterprises and active lines by city × industry × outcome."""
    ents = Counter((e.city, e.industry, e.outcome) for e in assessment.enterprises)
    city_of = {e.credit_code: e.city for e in assessment.enterprises}
    lines = Counter(
        (city_of[v.credit_code], v.industry, v.outcome)
        for v in assessment.lines
        if v.status != "exited"
    )
    keys = sorted(
        {(c, i) for c, i, _ in ents} | {(c, i) for c, i, _ in lines},
        key=lambda k: (city_sort_key(k[0]), _industry_rank(k[1])),
    )
    rows = []
    for city, industry in keys:
        row: list[Any] = [city, schema.INDUSTRY_BY_CODE[industry].label]
        row += [ents[(city, industry, o)] for o in reversed(OUTCOMES)]
        row += [lines[(city, industry, o)] for o in reversed(OUTCOMES)]
        rows.append(row)
    return rows


def _industry_rank(code: str) -> int:
    return [i.code for i in schema.INDUSTRIES].index(code)


def write_xlsx(
    assessment: Assessment,
    book: Rulebook,
    ledger: Ledger,
    path: Path | str,
    generated: dt.datetime | None = None,
) -> None:
    """:func:`assessment_workbook`, saved to ``path``."""
    save_workbook(assessment_workbook(assessment, book, ledger, generated), path)


def assessment_workbook(
    assessment: Assessment, book: Rulebook, ledger: Ledger, generated: dt.datetime | None = None
) -> Workbook:
    """The Chinese assessment workbook: 汇总, the two 淘汰名单, 整改名单, 数据不足, 说明."""
    ctx = _Context(assessment, book, ledger)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    labels = [OUTCOME_LABELS[o] for o in reversed(OUTCOMES)]
    write_table(
        ws,
        ["所在市", "行业", *[f"企业·{x}" for x in labels], *[f"生产线·{x}" for x in labels]],
        summary_rows(assessment),
    )
    headers = LINE_HEADERS + FINDING_HEADERS
    sheets = [
        ("淘汰名单（国家标准）", "eliminate", "national", "fail"),
        ("淘汰名单（省定标准）", "eliminate", "provincial", "fail"),
        ("整改名单", "rectify", None, "fail"),
        ("数据不足", "insufficient_data", None, "unknown"),
    ]
    for title, outcome, basis, result in sheets:
        write_table(wb.create_sheet(title), headers, _rows(ctx, assessment, outcome, basis, result))
    about = wb.create_sheet("说明")
    stamp = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    write_table(
        about,
        ["项目", "内容"],
        [
            ["依据", book.plan],
            ["规则库版本", assessment.rulebook_version],
            ["生成时间", stamp],
            ["企业数", len(assessment.enterprises)],
            ["生产线数", len(assessment.lines)],
            [
                "阅读说明",
                "淘汰名单与整改名单每行对应一条不符合的标准；数据不足表列出无法判定的标准，"
                "补齐相应数据后重新评估。已退出的生产线不列入名单。",
            ],
        ],
        widths=[16, 100],
    )
    return wb


CSV_HEADERS = [
    "subject",
    "line_id",
    "credit_code",
    "name",
    "city",
    "industry",
    "equipment",
    "outcome",
    "basis",
    "rule_id",
    "standard",
    "rule_basis",
    "result",
    "value",
    "threshold",
    "wording",
    "citation",
]


def csv_text(assessment: Assessment, book: Rulebook) -> str:
    """Every finding as one CSV row (English keys, codes not labels), for scripts; cells that
    a spreadsheet would run as formulas are neutralised (:mod:`resolute.io.csvfile`)."""
    rules = {r.id: r for r in book.rules}
    ents = {e.credit_code: e for e in assessment.enterprises}

    def cells(f: Finding) -> list[Any]:
        rule = rules[f.rule_id]
        return [rule.id, rule.standard, rule.basis, f.result, f.value, f.threshold,
                rule.wording, rule.citation]  # fmt: skip

    def rows() -> Iterator[list[Any]]:
        for v in assessment.lines:
            e = ents[v.credit_code]
            for f in v.findings:
                yield ["line", v.line_id, v.credit_code, e.name, e.city, v.industry,
                       v.equipment, v.outcome, v.basis or "", *cells(f)]  # fmt: skip
        for e in assessment.enterprises:
            for f in e.findings:
                yield ["enterprise", "", e.credit_code, e.name, e.city, e.industry, "",
                       e.outcome, e.basis or "", *cells(f)]  # fmt: skip

    return csvfile.csv_text(CSV_HEADERS, rows())


def write_csv(assessment: Assessment, book: Rulebook, path: Path | str) -> None:
    write_bytes(path, csvfile.file_bytes(csv_text(assessment, book)))
