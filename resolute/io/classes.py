"""The efficiency classification as a workbook (``resolute classes --format xlsx`` and the
classes page's download): the publication list (公示名单), each indicator's part, the
benchmarks and weights, the bands and the measures, with Chinese headers."""

from __future__ import annotations

from typing import Any

from resolute.core import defaults, words
from resolute.core.classes import Classification

#: A named table of a workbook: title, headers, rows.
Table = tuple[str, tuple[str, ...], list[list[Any]]]

LIST_HEADERS = ("企业名称", "统一社会信用代码", "所在市", "县（市、区）", "行业", "得分（按软件缺省值，待核实）", "名次",
                "类别", "类别名称", "说明", "公示日期", "申诉截止日期")  # fmt: skip


def tables(result: Classification) -> list[Table]:
    """The publication list (公示名单), the per-indicator breakdown and the benchmarks with
    their weights, as named tables (title, headers, rows) for a workbook."""
    book = result.book
    published = result.published.isoformat() if result.published else ""
    deadline = result.appeal_deadline.isoformat() if result.appeal_deadline else ""
    order = sorted(result.enterprises, key=lambda e: (e.rank is None, e.rank or 0, e.credit_code))
    listing = [
        [e.name, e.credit_code, e.city, e.county, words.industry_label(e.industry), e.score, e.rank, e.code,
         book.label_of(e.code), e.reason, published, deadline]
        for e in order
    ]  # fmt: skip
    labels = {i.key: i for i in book.indicators}
    detail = [
        [e.name, e.credit_code, e.code, labels[p.key].label, p.value, labels[p.key].unit,
         p.benchmark, p.ratio, "是" if p.capped else "否", round(p.weight, 4),
         None if p.points is None else round(p.points, 4)]
        for e in order
        for p in e.indicators
    ]  # fmt: skip
    weights = book.weights()
    bench = [
        [i.label, i.unit, "是" if i.available else "否（不参与计分）", i.weight,
         round(weights[i.key], 4) if i.key in weights else None, result.benchmarks.get(i.key),
         defaults.marked("录入", True) if i.benchmark is not None else "参评企业平均", i.source]
        for i in book.indicators
    ]  # fmt: skip
    measures = [
        [code, book.label_of(code), m.area, m.text, m.source]
        for code, items in book.measures.items()
        for m in items
    ]
    bands = [[b.code, b.label, b.up_to_pct] for b in book.classes]
    return [
        ("公示名单", LIST_HEADERS, listing),
        (
            "指标明细",
            (
                "企业名称",
                "统一社会信用代码",
                "类别",
                "指标",
                "指标值",
                "单位",
                "基准值",
                "指标值÷基准值",
                _marked(f"封顶（{book.cap:g}）"),
                _marked("权重"),
                _marked("得分"),
            ),
            detail,
        ),
        (
            "基准与权重",
            (
                "指标",
                "单位",
                "参与计分",
                _marked("文件权重"),
                _marked("归一后权重"),
                "基准值",
                "基准来源",
                "来源",
            ),
            bench,
        ),
        ("分类界线", ("类别", "类别名称", _marked("至全省名次的百分比")), bands),
        ("差别化措施", ("类别", "类别名称", "方面", _marked("措施"), "来源"), measures),
    ]


def _marked(header: str) -> str:
    return defaults.marked(header, True)
