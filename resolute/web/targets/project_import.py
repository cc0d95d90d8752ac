"""The key-project workbook (省级重点项目) for the pages: the template, the export of the
projects a user may see, and the import (resolute.web.lib.sheet_import).

A project is known by its name, city and year (resolute.io.key_projects). A city officer
writes only their city's projects: a row is refused when the city it names, or the city of
the stored project it would change, is another. The stage only moves forward (储备→签约→
开工→投产), as on the form; the sector is one of the plan's (or the project's own).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from resolute.core.ledger import LedgerError
from resolute.core.words import number_text
from resolute.io import key_projects as kio
from resolute.io.sheet_rows import Table
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.lib.export import Sheet, instructions_sheet
from resolute.web.lib.sheet_import import STALE, Change, Plan, SheetImport
from resolute.web.targets import services
from resolute.web.targets.models import KeyProject, Stage, stage_index

STAGES = {label: code for code, label in Stage.choices}
#: The fields a row may change (its key aside), as the model names them.
FIELDS = ("sector", "stage", "investment", "emerging_or_shortfall")


def instructions() -> tuple[str, ...]:
    return (
        f"第一个工作表“{kio.SHEET}”每行一个省级重点项目；表头请勿改动。",
        f"“{kio.NAME}”“{kio.CITY}”“{kio.YEAR}”三项相同的视为同一项目：已有的项目按本行修改，没有的新增；"
        "项目改名或改市请在网页上修改。市级用户只能导入本市的项目。",
        f"“{kio.SECTOR}”：" + "、".join(services.project_sectors()) + "。",
        f"“{kio.STAGE}”：" + "、".join(STAGES) + "；只能向前推进，不能退回。",
        f"“{kio.INVESTMENT}”：数字，单位亿元，不带单位。",
        f"“{kio.EMERGING}”：填“是”或“否”。",
        f"新增项目须填写“{kio.SECTOR}”和“{kio.STAGE}”；已有项目的空白单元格保留原值。文件中没有的项目不受影响。",
        "上传后逐行检查：有任何错误则整个文件不导入，网页列出每处错误所在的行和列；无误时先预览，确认后才写入。",
    )


def workbook(projects: Iterable[KeyProject]) -> list[Sheet]:
    """The projects in the template's columns (none: the blank template), and how to fill it."""
    rows = [(p.name, p.city.name, p.sector, p.year, p.get_stage_display(), p.investment,
             "是" if p.emerging_or_shortfall else "否") for p in projects]  # fmt: skip
    return [Sheet(kio.SHEET, kio.HEADERS, rows, kio.WIDTHS), instructions_sheet(instructions())]


def _state(project: KeyProject) -> dict[str, Any]:
    return {"sector": project.sector, "stage": project.stage, "investment": project.investment,
            "emerging_or_shortfall": project.emerging_or_shortfall}  # fmt: skip


def plan(user: Any, table: Table) -> tuple[Plan, list[LedgerError]]:
    """Every row checked against the stored projects and the user's cities; what would be
    added or changed."""
    rows, errors = kio.read_rows(table, STAGES)
    allowed = {c.pk for c in services.cities_for(user)}
    cities = {c.name: c for c in City.objects.all()}
    sectors = set(services.project_sectors())
    stored: dict[tuple[str, str, int], list[KeyProject]] = {}
    for p in KeyProject.objects.filter(name__in={r.name for r in rows}).select_related("city"):
        stored.setdefault((p.name, p.city.name, p.year), []).append(p)
    found = Plan()

    def problem(number: int, column: str, message: str) -> None:
        errors.append(LedgerError(table.title, number, column, message))

    for row in rows:
        start = len(errors)
        matches = stored.get(row.key, [])
        project = matches[0] if len(matches) == 1 else None
        city = cities[row.city]
        # Scope on the new value (the row's city) and on the old (the stored project's).
        if city.pk not in allowed or (project is not None and project.city_id not in allowed):
            problem(row.row, kio.CITY, f"只能导入本市的重点项目，不能导入{row.city}市的")
            continue
        if len(matches) > 1:
            problem(row.row, kio.NAME, f"系统中有 {len(matches)} 个同名、同市、同年度的项目，"
                                       "无法确定是哪一个，请在网页上修改")  # fmt: skip
            continue
        before = _state(project) if project is not None else None
        given = {k: v for k, v in row.values.items() if v is not None}
        after = {**(before or {"investment": None, "emerging_or_shortfall": False}), **given}
        if project is None:
            for key, header in (("sector", kio.SECTOR), ("stage", kio.STAGE)):
                if key not in given:
                    problem(row.row, header, f"新增项目须填写{header}")
        if "sector" in given and given["sector"] not in sectors and (
                before is None or given["sector"] != before["sector"]):  # fmt: skip
            problem(row.row, kio.SECTOR, f"“{given['sector']}”不是方案中的产业领域")
        if before is not None and "stage" in given \
                and stage_index(given["stage"]) < stage_index(before["stage"]):  # fmt: skip
            problem(row.row, kio.STAGE, f"项目阶段只能向前推进，不能从“{Stage(before['stage']).label}”"
                                        f"退回“{Stage(given['stage']).label}”")  # fmt: skip
        if len(errors) > start:
            continue
        if before == after:
            found.unchanged += 1
            continue
        identity = {"name": row.name, "city": city.pk, "year": row.year}
        label = f"{row.name}（{row.city}，{row.year} 年）"
        found.changes.append(Change(row.row, label, project.pk if project else None, before,
                                    {**identity, **after}))  # fmt: skip
    return (found if not errors else Plan()), sorted(errors, key=lambda e: e.row or 0)


def apply(user: Any, found: Plan) -> list[LedgerError]:
    """Write the previewed projects in one transaction, unless one changed since (or the
    user's cities did)."""
    allowed = {c.pk for c in services.cities_for(user)}
    with transaction.atomic(), acting_as(user, via=services.VIA_IMPORT):
        for change in found.changes:
            values = change.after
            same = KeyProject.objects.select_for_update().filter(
                name=values["name"], city_id=values["city"], year=values["year"])  # fmt: skip
            project = same.first() if change.pk is not None else None
            current = _state(project) if project is not None else None
            if values["city"] not in allowed or current != change.before \
                    or (change.pk is None and same.exists()) \
                    or (project is not None and project.pk != change.pk):  # fmt: skip
                transaction.set_rollback(True)
                return [LedgerError("", change.row, None, STALE)]
            if project is None:
                project = KeyProject(
                    name=values["name"], city_id=values["city"], year=values["year"]
                )
            for key in FIELDS:
                setattr(project, key, values[key])
            project.save()
    return []


def word(key: str, value: Any) -> str:
    if value is None:
        return "（空）"
    if key == "stage":
        return str(Stage(value).label)
    if key == "emerging_or_shortfall":
        return "是" if value else "否"
    if key == "investment":
        return number_text(value, grouped=True)
    if key == "city":
        return str(City.objects.filter(pk=value).values_list("name", flat=True).first() or "")
    return str(value)


SPEC = SheetImport(
    kind="projects", title="从 Excel 导入重点项目", sheet=kio.SHEET, headers=kio.COLUMNS,
    plan=plan, apply=apply, word=word, done_url="targets-projects",
    template_url="targets-project-template", export_url="targets-project-export",
    intro=f"每行一个项目：{'、'.join(kio.HEADERS)}。项目名称、所在市、年度相同的视为同一项目，"
          "已有的按本行修改，没有的新增；空白单元格保留原值。",
)  # fmt: skip
