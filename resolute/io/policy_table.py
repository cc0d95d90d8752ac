"""The 对照表 of a policy version: what it changes against the version in force, entry by entry
(old → new) with clause and citation, headed by both versions' documents and dates — as a
workbook and as a PDF, for circulation before the version is approved.

Pure: built from :class:`resolute.core.policies.VersionInfo` and the changes of
:func:`resolute.core.policies.diff`; the PDF is set by WeasyPrint in Noto CJK as the bulletin
is (:func:`resolute.io.bulletin.pdf_bytes_of_html`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from resolute.core import words
from resolute.core.policies import Change, VersionInfo
from resolute.io.bulletin import SANS, SERIF, pdf_bytes_of_html
from resolute.io.xlsx import safe_cell, storable, write_table

TEMPLATES = Path(__file__).resolve().parent / "templates"
HEADERS = ("序号", "类别", "条目", "修改方式", "项目", "原规定", "新规定", "条款", "依据")
WIDTHS = (6, 12, 28, 9, 16, 45, 45, 10, 40)
NOT_YET = "待审核时确定"


@dataclass(frozen=True)
class Table:
    """What a 对照表 shows: both versions' version blocks, the changes, the version's state
    and the day the table was made."""

    old: VersionInfo
    new: VersionInfo
    changes: Sequence[Change]
    status: str
    made_on: dt.date

    @property
    def title(self) -> str:
        return f"{self.new.dataset_label}修订对照表（{self.old.label} → {self.new.label}）"


def rows(changes: Sequence[Change]) -> list[tuple[str | int, ...]]:
    """One row per change, in the diff's order; an entry named in words (a rule's wording, a
    target's indicator), as the version's pages name it, never by its key."""
    return [
        (i, c.section_label, c.entry_label or "—", c.kind_label, c.field_label or "—",
         c.old or "—", c.new or "—", c.clause or "—", c.citation or "—")
        for i, c in enumerate(changes, start=1)
    ]  # fmt: skip


def _day(day: dt.date | None, missing: str = "未注明") -> str:
    return day.isoformat() if day is not None else missing


def facts(t: Table) -> list[tuple[str, str, str]]:
    """(item, version in force, revised version) for the head of the table."""
    return [
        ("版本号", t.old.label, t.new.label),
        ("文号", t.old.doc_number or "未注明", t.new.doc_number or "未注明"),
        ("发文标题", t.old.doc_title or "未注明", t.new.doc_title or "未注明"),
        ("发文日期", _day(t.old.doc_date), _day(t.new.doc_date)),
        ("发布机关", t.old.publisher or "未注明", t.new.publisher or "未注明"),
        ("生效日期", _day(t.old.effective), _day(t.new.effective, NOT_YET)),
    ]


def xlsx_bytes(t: Table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "对照表"
    write_table(ws, HEADERS, rows(t.changes), WIDTHS)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    head = wb.create_sheet("版本信息", 0)
    head.append([t.title])
    head["A1"].font = Font(bold=True, size=14)
    head.append(
        [f"状态：{t.status}；生成日期：{t.made_on.isoformat()}；共 {len(t.changes)} 处修改"]
    )
    head.append([])
    head.append(["项目", "现行版本", "修订版本"])
    for cell in head[4]:
        cell.font = Font(bold=True)
    for item, old, new in facts(t):
        head.append([safe_cell(storable(v)) for v in (item, old, new)])
    for column, width in zip("ABC", (14, 50, 50), strict=True):
        head.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render_html(t: Table) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date_zh=words.date_text)
    return env.get_template("policy_table.html").render(
        t=t, facts=facts(t), rows=rows(t.changes),
        fonts={"serif": Markup(SERIF), "sans": Markup(SANS)},
    )  # fmt: skip


def pdf_bytes(t: Table) -> bytes:
    """The 对照表 as an A4 landscape PDF in Noto CJK (FontMissing when no such font is there)."""
    return pdf_bytes_of_html(render_html(t))
