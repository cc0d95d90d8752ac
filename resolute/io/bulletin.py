"""The quarterly bulletin and the final report as files: a web page, a PDF with Chinese fonts
embedded, a workbook.

The page is one self-contained HTML file (styles inline, charts as inline SVG drawn here:
no script and no external resource), so that it reads the same in a browser, in a mail
attachment and, rendered by WeasyPrint, as the PDF. Numbers are rounded here, for display
only; the data and its hash live in :mod:`resolute.core.bulletin`.

Both documents are laid out as official documents (GB/T 9704-2012, templates/document.html):
版头 with the red issuing office and the issue number, body, signature and date of issue,
版记 with 报送/抄送 and the printing office, page numbers "— 1 —". The printed bulletin
(the PDF) carries the overdue obligations counted by city; their full list is the annex, in
the workbook and on the web page — a province's two thousand overdue lines would otherwise
make a hundred pages that take WeasyPrint most of a minute.

WeasyPrint falls back silently to any font it finds, and a PDF set in a font without
Chinese glyphs is unreadable. :func:`pdf_bytes` therefore refuses to produce a PDF in which
no Noto CJK font (Debian's ``fonts-noto-cjk``) was embedded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from openpyxl import Workbook

from resolute.core import words
from resolute.core.bulletin import Bulletin, Issue, bulletin_json, canonical_json, content_hash
from resolute.core.final_report import (
    ABOUT_NOTE,
    FinalReport,
    FinalTarget,
    final_issue,
    report_json,
)
from resolute.core.final_report import content_hash as final_hash
from resolute.io.files import replace_all_atomically, replace_atomically, writing
from resolute.io.xlsx import write_table

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Stands for 仿宋 and 宋体 (body, page numbers) and, in bold, for 小标宋 (issuing office, title).
SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", serif'
#: Stands for 黑体 (一级标题, table headers).
SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Serif CJK SC", sans-serif'
#: GB/T 9704 版心 width in points (156 mm), which the issuing office's name must fit.
TEXT_WIDTH_PT = 156 / 25.4 * 72
#: The issuing office at most this size (a 2号-sized name looks thin in a red 版头 of one word).
MASTHEAD_MAX_PT = 42.0
#: The families a readable PDF embeds at least one of.
CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
FILES = {
    "html": "bulletin.html",
    "pdf": "bulletin.pdf",
    "xlsx": "bulletin.xlsx",
    "json": "bulletin.json",
}
STATUS_COLOURS = {
    "met": "#2e7d32",
    "on_track": "#1f4e99",
    "at_risk": "#e08a00",
    "behind": "#c62828",
}


class FontMissing(RuntimeError):
    """No Chinese font could be embedded in the PDF."""


# ─── display ─────────────────────────────────────────────────────────────────


def fig(value: float | int | None, places: int = 2) -> str:
    """A figure for reading: at most ``places`` decimals, digit groups, — when there is none
    (:func:`resolute.core.words.figure_text`, as pages write it)."""
    return words.figure_text(value, places, missing=words.NOTHING)


def words_kept(text: str) -> Markup:
    """``text`` that may break between its space-separated parts but not within one (a figure
    and its unit: "206.65 万千瓦")."""
    return Markup(" ").join(Markup('<span class="d">{}</span>').format(p) for p in text.split(" "))


def masthead_size(office: str) -> float:
    """The issuing office's font size in points: one line as wide as the 版心 at most
    (a CJK character is one em wide, anything else about half)."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in office) or 1.0
    return round(min(MASTHEAD_MAX_PT, TEXT_WIDTH_PT * 0.98 / ems), 2)


# ─── charts (inline SVG) ─────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    colour: str = "#1f4e99"


def bar_chart(bars: Sequence[Bar], *, scale_max: float, unit_note: str = "") -> Markup:
    """A horizontal bar chart: one row per bar, its label left, its figure right of the bar.

    Values above ``scale_max`` are drawn full length (their figure still says the value).
    """
    label_w, bar_w, text_w, row_h, top = 300, 330, 70, 20, 22
    width = label_w + bar_w + text_w
    height = top + row_h * len(bars) + 8
    font = escape(SANS, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{font}" font-size="11" '
        f'role="img">'
    ]
    for i in range(5):
        x = label_w + bar_w * i / 4
        tick = fig(scale_max * i / 4, 1)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" '
            f'stroke="#ccc" stroke-width="0.6"/>'
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="#555" '
            f'font-size="9">{escape(tick)}</text>'
        )
    if unit_note:
        parts.append(
            f'<text x="{label_w - 6}" y="{top - 8}" text-anchor="end" fill="#555" '
            f'font-size="9">{escape(unit_note)}</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        share = 0.0 if scale_max <= 0 else min(max(bar.value / scale_max, 0.0), 1.0)
        length = bar_w * share
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(_fit(bar.label, label_w - 10))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
            f'fill="{escape(bar.colour, quote=True)}"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + 14}">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _fit(text: str, room: float, size: float = 11.0) -> str:
    """``text`` cut with an ellipsis to about ``room`` pixels (a CJK character is one em,
    anything else about half)."""

    def width(s: str) -> float:
        return sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in s)

    if width(text) <= room:
        return text
    while text and width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _charts(b: Bulletin) -> list[dict[str, Any]]:
    cities = b.city_chart()
    most_overdue = max((c["overdue"] for c in cities), default=0)
    targets = b.target_chart()
    return [
        {
            "caption": "各市到期退出任务完成率",
            "svg": bar_chart(
                [Bar(c["city"], c["score"] or 0.0, words.percent_text(c["score"])) for c in cities],
                scale_max=100.0,
                unit_note="完成率（%）",
            ),
        },
        {
            "caption": "各市逾期未完成退出任务数",
            "svg": bar_chart(
                [Bar(c["city"], c["overdue"], f"{c['overdue']}", "#c62828") for c in cities],
                scale_max=_nice_ceiling(most_overdue),
                unit_note="项",
            ),
        },
        {
            "caption": "二(三)各项产能退出目标完成率（序号同第二部分表格；超过 100% 的按 100% 绘制）",
            "svg": bar_chart(
                [
                    Bar(
                        f"{i}. {t['indicator']}",
                        t["percent"],
                        words.percent_text(t["percent"]),
                        STATUS_COLOURS[t["status"]],
                    )
                    for i, t in enumerate(targets, start=1)
                ],
                scale_max=100.0,
                unit_note="完成率（%）",
            ),
        },
    ]


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (at least 4)."""
    if value <= 4:
        return 4.0
    step = 1.0
    while True:
        for m in (1.0, 2.0, 2.5, 5.0):
            if m * step >= value:
                return m * step
        step *= 10


# ─── renderers ───────────────────────────────────────────────────────────────


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        fig=fig, pct=words.percent_text, date_zh=words.date_text, words_kept=words_kept
    )
    return env


def render_html(
    b: Bulletin, digest: str | None = None, issue: Issue | None = None, *, printed: bool = False
) -> str:
    """The bulletin as one self-contained HTML page (Chinese, official layout): the web page
    with the full list of overdue lines as its annex, or with ``printed`` the page the PDF
    is set from, which names the annex instead."""
    labels = {t.status: t.status_label for t in b.targets}
    counted = Counter(t.status for t in b.targets)
    status_counts = [
        {"label": labels[s], "count": counted[s]}
        for s in ("met", "on_track", "at_risk", "behind")
        if counted[s]
    ]
    issue = issue or Issue()
    by_city, province = b.overdue_by_city()
    template = _environment().get_template("bulletin.html")
    return template.render(
        b=b,
        t=b.totals,
        status_counts=status_counts,
        charts=_charts(b),
        by_city=by_city,
        province=province,
        printed=printed,
        issue=issue,
        masthead_pt=masthead_size(issue.office),
        digest=digest or content_hash(b),
        fonts={"serif": Markup(SERIF), "sans": Markup(SANS)},
    )


def pdf_bytes(b: Bulletin, *, digest: str | None = None, issue: Issue | None = None) -> bytes:
    """The bulletin as PDF (the printed page: overdue lines counted by city, the full list in
    the annex), set in Noto CJK; :class:`FontMissing` when no such font is there. (Keyword
    arguments: this is not the web page, whose HTML earlier callers passed here.)"""
    return pdf_bytes_of_html(render_html(b, digest, issue, printed=True))


def pdf_bytes_of_html(html: str) -> bytes:
    """A page of ours as PDF, set in Noto CJK; :class:`FontMissing` when no such font is there."""
    from weasyprint import HTML  # slow to import: only when a PDF is wanted

    document = HTML(string=html).render()
    data: bytes = document.write_pdf()
    fonts = getattr(document, "fonts", None)
    if isinstance(fonts, dict):  # WeasyPrint's embedded fonts, known after writing
        families = {str(getattr(f, "family", "")) for f in fonts.values()}
        if not {_collection(f) for f in families} & {_collection(f) for f in CJK_FAMILIES}:
            raise FontMissing(
                "PDF 中没有嵌入中文字体（需要 Noto CJK 字体，Debian 软件包 fonts-noto-cjk）；"
                f"实际使用的字体：{'、'.join(sorted(families)) or '无'}"
            )
    return data


def _collection(family: str) -> str:
    """The font collection a family belongs to: "Noto Sans CJK SC" → "Noto Sans CJK".

    Debian ships Noto CJK as one .ttc per weight holding the JP, KR, SC, TC and HK faces with
    the same glyphs for Chinese text; WeasyPrint may report the collection's first face name
    (JP) for the SC face it set the text in, depending on which face the process opened first.
    """
    head, _, region = family.rpartition(" ")
    return head if region in {"SC", "TC", "HK", "JP", "KR"} else family


def write_pdf(b: Bulletin, path: Path | str, issue: Issue | None = None) -> None:
    replace_atomically(Path(path), writing(pdf_bytes(b, issue=issue)))


def _issue_rows(issue: Issue) -> list[tuple[str, str]]:
    return [
        ("发文机关", issue.office),
        ("期号", issue.number_label or "未编号"),
        ("印发日期", issue.issued_on.isoformat() if issue.issued_on else "未印发"),
    ]


def _workbook(b: Bulletin, digest: str, issue: Issue | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "总体进展"
    write_table(
        ws,
        ["行业", "指标", "条款", "单位", "本季度退出", "累计退出", "本季度生产线（条）",
         "累计生产线（条）", "上季度退出"],
        [
            [h.industry, h.label, h.clause, h.unit, h.quarter, h.cumulative, h.quarter_lines,
             h.cumulative_lines, h.previous_quarter]
            for h in b.headline
        ],
        widths=[8, 36, 10, 8, 12, 12, 12, 12, 12],
    )  # fmt: skip
    t = b.totals
    ws.append([])
    for label, value in (
        ("本季度退出生产线（条）", t.lines_exited_quarter),
        ("累计退出生产线（条）", t.lines_exited_cumulative),
        ("逐条退出任务（项）", t.obligations),
        ("已到期（项）", t.obligations_due),
        ("已到期且已完成（项）", t.obligations_done),
        ("逾期未完成（项）", t.obligations_overdue),
        ("逾期生产线（条）", t.overdue_lines),
    ):
        ws.append([label, value])
    ws.append([])
    for label, text in (
        ("通报", b.title),
        *_issue_rows(issue or Issue()),
        ("数据截至", b.as_of.isoformat()),
        ("目标数据版本", b.targets_version),
        ("内容校验码（SHA-256）", digest),
        ("说明", b.headline_note),
    ):
        ws.append([label, text])

    write_table(
        wb.create_sheet("目标完成情况"),
        ["条款", "指标", "范围", "期限起", "期限止", "目标", "已完成", "完成率（%）", "预计",
         "单位", "状态"],
        [
            [r.clause, r.indicator, r.scope, r.period_start, r.period_end, r.target, r.achieved,
             r.percent, r.forecast, r.unit, r.status_label]
            for r in b.targets
        ],
        widths=[10, 36, 24, 12, 12, 10, 10, 10, 10, 8, 10],
    )  # fmt: skip
    ranking = wb.create_sheet("各市排名")
    write_table(
        ranking,
        ["名次", "市", "到期任务（项）", "已完成（项）", "逾期未完成（项）", "完成率（%）",
         "上期名次"],
        [
            [r.rank, r.city, r.obligations_due, r.done, r.overdue, r.score, r.previous_rank]
            for r in b.ranking
        ],
        widths=[8, 10, 14, 12, 14, 12, 10],
    )  # fmt: skip
    ranking.append([])
    ranking.append(["排名规则", b.ranking_rule])
    write_table(
        wb.create_sheet("逾期生产线"),
        ["市", "县（市、区）", "企业", "统一社会信用代码", "生产线编号", "设备", "条款", "任务",
         "期限", "逾期天数"],
        [
            [o.city, o.county, o.enterprise, o.credit_code, o.line_id, o.equipment, o.clause,
             o.action, o.deadline, o.days_overdue]
            for o in b.overdue
        ],
        widths=[8, 14, 32, 22, 18, 14, 10, 20, 12, 10],
    )  # fmt: skip
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, float):
                    cell.number_format = words.xlsx_number_format(2)
                elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    cell.number_format = words.xlsx_number_format()
    return wb


def xlsx_bytes(b: Bulletin, digest: str | None = None, issue: Issue | None = None) -> bytes:
    out = io.BytesIO()
    _workbook(b, digest or content_hash(b), issue).save(out)
    return out.getvalue()


def write_xlsx(b: Bulletin, path: Path | str, issue: Issue | None = None) -> None:
    wb = _workbook(b, content_hash(b), issue)
    replace_atomically(Path(path), wb.save)


def write_all(b: Bulletin, out_dir: Path | str, issue: Issue | None = None) -> dict[str, Path]:
    """bulletin.html, .pdf, .xlsx and .json in ``out_dir``, all written or none."""
    issue = issue or Issue()
    data = bulletin_json(b)
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
    html = render_html(b, digest, issue)
    pdf = pdf_bytes(b, digest=digest, issue=issue)
    return _write_document(out_dir, FILES, data, digest, html, pdf, _workbook(b, digest, issue),
                           issue)  # fmt: skip


def _write_document(out_dir: Path | str, names: dict[str, str], data: dict[str, Any],
                    digest: str, html: str, pdf: bytes, workbook: Workbook,
                    issue: Issue) -> dict[str, Path]:  # fmt: skip
    """A document's four files (HTML, PDF, XLSX, JSON with its hash), all written or none.
    The JSON carries how the document was issued beside the content its hash covers."""
    folder = Path(out_dir)
    paths = {kind: folder / name for kind, name in names.items()}
    sheet = io.BytesIO()
    workbook.save(sheet)
    document = json.dumps({"content_hash": digest, "issue": issue.as_json(), **data},
                          ensure_ascii=False, indent=1)  # fmt: skip
    writers: dict[Path, Callable[[IO[bytes]], Any]] = {
        paths["html"]: writing(html.encode("utf-8")),
        paths["pdf"]: writing(pdf),
        paths["xlsx"]: writing(sheet.getvalue()),
        paths["json"]: writing((document + "\n").encode("utf-8")),
    }
    replace_all_atomically(writers)
    return paths


def read_json_hash(path: Path | str) -> tuple[str, str]:
    """The hash a bulletin.json states and the hash of its content, recomputed: equal
    when the file is as issued (how it was issued, ``issue``, is not part of the content)."""
    stored = json.loads(Path(path).read_text(encoding="utf-8"))
    claimed = str(stored.pop("content_hash"))
    stored.pop("issue", None)
    return claimed, hashlib.sha256(canonical_json(stored).encode("utf-8")).hexdigest()


# ─── the final report (总结报告) ──────────────────────────────────────────────

FINAL_FILES = {
    "html": "final-report.html",
    "pdf": "final-report.pdf",
    "xlsx": "final-report.xlsx",
    "json": "final-report.json",
}
SOURCE_LABELS = {"ledger": "台账", "registry": "登记册", "report": "填报", "none": "—"}


def _figure_text(t: FinalTarget) -> str:
    if t.comparison == "range":
        return f"{fig(t.value_min)}—{fig(t.value_max)} {t.unit}".strip()
    if t.target is None:
        return "定性"
    text = f"{fig(t.target)} {t.unit}".strip()
    return f"{text}左右" if t.comparison == "about" else text


def render_final_html(r: FinalReport, digest: str | None = None, issue: Issue | None = None) -> str:
    """The final report as one self-contained HTML page, laid out as the bulletin is."""
    issue = issue or final_issue()
    template = _environment().get_template("final_report.html")
    return template.render(
        issue=issue,
        masthead_pt=masthead_size(issue.office),
        r=r,
        p=r.totals(),
        counts=r.state_counts(),
        figure=_figure_text,
        sources=SOURCE_LABELS,
        about_note=ABOUT_NOTE,
        digest=digest or final_hash(r),
        fonts={"serif": Markup(SERIF), "sans": Markup(SANS)},
    )


def _final_workbook(r: FinalReport, digest: str, issue: Issue | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "目标完成情况"
    write_table(
        ws,
        ["条款", "指标", "范围", "目标", "单位", "期限止", "最终完成", "完成率（%）", "来源",
         "来源期间", "结论"],
        [
            [t.clause, t.indicator, t.scope, _figure_text(t), t.unit, t.period_end, t.achieved,
             t.percent, SOURCE_LABELS[t.source], t.source_period, t.state_label]
            for t in r.targets
        ],
        widths=[10, 36, 20, 16, 8, 12, 12, 10, 8, 12, 8],
    )  # fmt: skip
    ws.append([])
    for label, text in (
        ("报告", r.title),
        *_issue_rows(issue or final_issue()),
        ("数据截至", r.as_of.isoformat()),
        ("目标数据版本", r.targets_version),
        ("内容校验码（SHA-256）", digest),
        ("说明", ABOUT_NOTE),
    ):
        ws.append([label, text])
    p = r.totals()
    write_table(
        wb.create_sheet("各市完成情况"),
        ["市", "任务（项）", "按期完成", "逾期完成", "仍未完成", "完成率（%）", "最长逾期天数"],
        [
            [c.city, c.duties, c.on_time, c.late, c.open, c.percent, c.longest_overdue_days]
            for c in (*r.cities, p)
        ],
        widths=[10, 12, 12, 12, 12, 12, 14],
    )  # fmt: skip
    write_table(
        wb.create_sheet("仍未退出的生产线"),
        ["市", "县（市、区）", "企业", "统一社会信用代码", "生产线编号", "设备", "条款", "任务",
         "期限", "逾期天数"],
        [
            [o.city, o.county, o.enterprise, o.credit_code, o.line_id, o.equipment, o.clause,
             o.action, o.deadline if o.deadline else "未定期限", o.days_overdue]
            for o in (*r.open_lines, *r.open_undated)
        ],
        widths=[8, 14, 32, 22, 18, 14, 10, 28, 12, 10],
    )  # fmt: skip
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, float):
                    cell.number_format = words.xlsx_number_format(2)
                elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    cell.number_format = words.xlsx_number_format()
    return wb


def final_xlsx_bytes(r: FinalReport) -> bytes:
    out = io.BytesIO()
    _final_workbook(r, final_hash(r)).save(out)
    return out.getvalue()


def write_final_all(
    r: FinalReport, out_dir: Path | str, issue: Issue | None = None
) -> dict[str, Path]:
    """final-report.html, .pdf, .xlsx and .json in ``out_dir``, all written or none."""
    issue = issue or final_issue()
    data = report_json(r)
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
    html = render_final_html(r, digest, issue)
    return _write_document(out_dir, FINAL_FILES, data, digest, html, pdf_bytes_of_html(html),
                           _final_workbook(r, digest, issue), issue)  # fmt: skip
