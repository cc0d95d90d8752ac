"""The quarterly-report workbook (季度调度) for the pages: the template, the export of the
reports a user may read, and the import of a city's reports (resolute.web.lib.sheet_import).

Only a city's own officers file its reports: a row of another city is refused, whether it
would add a report or change one. A row whose narrative and figures equal the stored ones
changes nothing (the report keeps its time and who filed it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from resolute.core.ledger import LedgerError
from resolute.io import quarter_reports as qio
from resolute.io.sheet_rows import Table
from resolute.web.accounts import scoping
from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.lib.export import Sheet, instructions_sheet
from resolute.web.lib.sheet_import import STALE, Change, Plan, SheetImport
from resolute.web.plans.services import official_cities
from resolute.web.quarters import services
from resolute.web.quarters.models import QuarterlyReport

VIA_IMPORT = "导入"
INSTRUCTIONS = (
    f"第一个工作表“{qio.SHEET}”每行是本市一个季度的调度情况；表头请勿改动。",
    f"“{qio.CITY}”：本市名称，如 淄博 或 淄博市；留空即为本市。只能报送本市的季度调度。",
    f"“{qio.QUARTER}”：写作 2022Q4（年份加 Q 加季度 1—4），在方案实施期内。",
    f"“{qio.NARRATIVE}”：本季度工作进展，必填。",
    f"“{qio.FIGURES}”：可不填；每行一项，写作“名称：数值”，如“退出炼钢产能（万吨）：120”"
    "（单元格内换行按 Alt+Enter）。",
    "已报送的季度再次导入即为更正，原内容保留在变更记录中；与已报送内容相同的行不作修改。文件中没有的季度不受影响。",
    "上传后逐行检查：有任何错误则整个文件不导入，网页列出每处错误所在的行和列；无误时先预览，确认后才写入。",
)


def can_import(user: Any) -> bool:
    profile = scoping.profile_of(user)
    return profile is not None and profile.role == Role.CITY and profile.city_id is not None


def reports_for(user: Any) -> QuerySet[QuarterlyReport]:
    """The reports the user may read, by quarter and the cities' official order."""
    return (QuarterlyReport.objects.filter(city__in=official_cities(user))
            .select_related("city").order_by("quarter", "city__code"))  # fmt: skip


def workbook(reports: Iterable[QuarterlyReport]) -> list[Sheet]:
    """The reports in the template's columns (none: the blank template), and how to fill it."""
    rows = [(r.city.name, r.quarter, r.narrative, qio.figures_text(r.figures or {}))
            for r in reports]  # fmt: skip
    return [Sheet(qio.SHEET, qio.HEADERS, rows, qio.WIDTHS), instructions_sheet(INSTRUCTIONS)]


def _state(report: QuarterlyReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {"city": report.city_id, "quarter": report.quarter, "narrative": report.narrative,
            "figures": report.figures or {}}  # fmt: skip


def _own_city(user: Any) -> City | None:
    profile = scoping.profile_of(user)
    return profile.city if can_import(user) and profile is not None else None


def plan(user: Any, table: Table) -> tuple[Plan, list[LedgerError]]:
    """Every row checked (the city, the quarter in the plan's term, the narrative, the
    figures) against the user's city; what would be added or corrected."""
    own = _own_city(user)
    rows, errors = qio.read_rows(table, services.quarter_problem, own.name if own else None)
    cities = {c.name: c for c in City.objects.all()}
    stored = {(r.city.name, r.quarter): r for r in QuarterlyReport.objects.filter(
        quarter__in={r.quarter for r in rows}).select_related("city")}  # fmt: skip
    found = Plan()
    for row in rows:
        report = stored.get((row.city, row.quarter))
        city = cities[row.city]
        # Scope on the value written and on the report it replaces (one and the same city
        # here, as a report is known by its city and quarter).
        if own is None or city.pk != own.pk or (report is not None and report.city_id != own.pk):
            errors.append(LedgerError(table.title, row.row, qio.CITY,
                                      f"只能报送本市的季度调度，不能报送{row.city}市的"))  # fmt: skip
            continue
        after = {"city": city.pk, "quarter": row.quarter, "narrative": row.narrative,
                 "figures": row.figures}  # fmt: skip
        before = _state(report)
        if before == after:
            found.unchanged += 1
            continue
        found.changes.append(Change(row.row, f"{row.city}市 {row.quarter}",
                                    report.pk if report else None, before, after))  # fmt: skip
    return (found if not errors else Plan()), sorted(errors, key=lambda e: e.row or 0)


def apply(user: Any, found: Plan) -> list[LedgerError]:
    """Write the previewed reports in one transaction, unless one changed since (or the
    user's city did)."""
    own = _own_city(user)
    with transaction.atomic(), acting_as(user, via=VIA_IMPORT):
        for change in found.changes:
            values = change.after
            report = (QuarterlyReport.objects.select_for_update()
                      .filter(city_id=values["city"], quarter=values["quarter"]).first())  # fmt: skip
            if own is None or own.pk != values["city"] or _state(report) != change.before:
                transaction.set_rollback(True)
                return [LedgerError("", change.row, None, STALE)]
            services.submit_report(own, values["quarter"], values["narrative"], values["figures"],
                                   user)  # fmt: skip
    return []


def word(key: str, value: Any) -> str:
    if key == "figures":
        return qio.figures_text(value).replace("\n", "；") or "（无）"
    if key == "city":
        return str(City.objects.filter(pk=value).values_list("name", flat=True).first() or "")
    return str(value)


SPEC = SheetImport(
    kind="quarters", title="从 Excel 导入季度调度", sheet=qio.SHEET,
    headers={"city": qio.CITY, "quarter": qio.QUARTER, "narrative": qio.NARRATIVE,
             "figures": qio.FIGURES},
    plan=plan, apply=apply, word=word, done_url="supervision-quarter-list",
    template_url="supervision-quarter-template", export_url="supervision-quarter-export",
    intro=f"每行一个季度：{'、'.join(qio.HEADERS)}。只能报送本市的季度调度；已报送的季度再次导入即为更正。",
)  # fmt: skip
