"""Pages of targets (目标): progress, obligations, reported indicators and key projects.

Figures computed from the ledger follow the user's scope; an out-of-scope line never shows.
Reporting indicators is for province and department officers, key projects for officials.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from resolute.core import indicators as ind
from resolute.core.obligations import STATUS_LABELS
from resolute.web.accounts import scoping
from resolute.web.accounts.permissions import permission_required
from resolute.web.lib import sheet_import
from resolute.web.lib.export import Sheet, xlsx_response
from resolute.web.lib.files import download
from resolute.web.lib.listing import export, listing, ordered, sort_key, workbook
from resolute.web.targets import project_import, services
from resolute.web.targets import registry as reg
from resolute.web.targets.forms import (
    AsOfForm,
    ImportForm,
    ObligationFilterForm,
    ProjectFilterForm,
    ProjectForm,
    RegistryEntryForm,
    RegistryFilterForm,
    RegistryImportForm,
    ReportForm,
)
from resolute.web.targets.indicator_template import template_sheets as indicator_template_sheets
from resolute.web.targets.models import IndicatorReport, KeyProject, RegistryEntry, Stage

reporter_required = permission_required(
    "report_indicators", "只有省级办公室和行业主管部门可以填报指标。"
)
official_required = permission_required(
    "manage_projects", "只有省、行业主管部门和市级用户可以管理重点项目。"
)


def _as_of(request: HttpRequest) -> tuple[AsOfForm, Any]:
    form = AsOfForm(request.GET)
    return form, form.day(timezone.localdate())


# ─── targets ─────────────────────────────────────────────────────────────────────


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    form, as_of = _as_of(request)
    snapshot, progress = services.progress_state(request.user, as_of)
    return render(request, "targets/target_list.html", {
        "sections": services.sections(request.user, as_of, progress or {}), "form": form,
        "as_of": as_of, "snapshot": snapshot,
        "scope_note": services.scope_note(request.user),
        "status_note": services.book().status_rules.note, "about_note": ind.ABOUT_NOTE,
    })  # fmt: skip


@login_required
def target_detail(request: HttpRequest, target_id: str) -> HttpResponse:
    target = services.find_target(target_id)
    if target is None:
        raise Http404("没有该目标")
    form, as_of = _as_of(request)
    context = services.target_detail(request.user, target, as_of)
    if "progress" in context:  # the lines behind the figure, a page at a time
        roles = services.roles_behind(context["progress"])
        found = listing(request, services.lines_behind_rows(request.user, roles),
                        services.LINE_COLUMNS, services.LINE_SORT)  # fmt: skip
        context["listing"] = found
        context["lines"] = [services.line_behind(line, roles[line.line_id]) for line in found.rows]
    context.update({
        "form": form, "as_of": as_of, "scope_note": services.scope_note(request.user),
        "can_report": services.can_report(request.user)
        and target.id in services.reportable(),
        "about_note": ind.ABOUT_NOTE,
    })  # fmt: skip
    return render(request, "targets/target_detail.html", context)


# ─── obligations ───────────────────────────────────────────────────────────────


@login_required
def obligations(request: HttpRequest) -> HttpResponse:
    form = ObligationFilterForm(request.GET)
    as_of = form.day(timezone.localdate())
    filters = services.ObligationFilters(**form.filters())
    if request.GET.get("format") == "xlsx":
        _, rows = services.obligation_rows(request.user, as_of, filters)
        return export(request, obligations_workbook, rows.count(), "逐线退出任务导出")
    page = services.obligations_for(request.user, as_of, filters, request)
    return render(request, "targets/obligations.html", {
        "form": form, "page": page, "as_of": as_of, "labels": STATUS_LABELS,
        "listing": page.listing, "snapshot": page.snapshot,
        "export_query": page.listing.export_url[1:] if page.listing else "format=xlsx",
        "scope_note": services.scope_note(request.user, "任务"),
    })  # fmt: skip


@workbook
def obligations_workbook(user: Any, query: QueryDict) -> tuple[str, list[Sheet]]:
    """The whole filtered list, in the list's order (also run by the list-export job)."""
    form = ObligationFilterForm(query)
    as_of = form.day(timezone.localdate())
    _, rows = services.obligation_rows(user, as_of, services.ObligationFilters(**form.filters()))
    sort = sort_key(query, services.OBLIGATION_COLUMNS, services.OBLIGATION_SORT)
    cells = (services.obligation_cells(services.obligation_of(r, as_of))
             for r in ordered(rows, services.OBLIGATION_COLUMNS, sort).iterator(chunk_size=2000))  # fmt: skip
    sheet = Sheet("退出任务", services.OBLIGATION_HEADERS, cells, services.OBLIGATION_WIDTHS)
    return f"退出任务-{as_of.isoformat()}.xlsx", [sheet]


# ─── indicators ───────────────────────────────────────────────────────────────────


@login_required
def indicator_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's evidence, as a download, to those with a role (who see the reports)."""
    if scoping.profile_of(request.user) is None:
        raise Http404("没有该文件")
    report = get_object_or_404(IndicatorReport.objects.exclude(evidence=""), pk=pk)
    return download(report.evidence, _evidence_name(report))


def _evidence_name(report: IndicatorReport) -> str:
    ext = report.evidence.name.rsplit(".", 1)[-1] if "." in report.evidence.name else ""
    return f"佐证材料-{report.target_id}-{report.period}.{ext}"


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    latest = services.latest_reports()
    rows = []
    for target in services.reportable().values():
        row = services.target_row(target)
        row.latest = latest.get(target.id)
        rows.append(row)
    return render(request, "targets/indicators.html", {
        "rows": rows,
        "about_note": ind.ABOUT_NOTE,
    })  # fmt: skip


@reporter_required
@require_http_methods(["GET", "POST"])
def indicator_report(request: HttpRequest, target_id: str) -> HttpResponse:
    target = services.reportable().get(target_id)
    if target is None:
        raise Http404("该目标不需填报")
    form = ReportForm(target, request.POST or None, request.FILES or None,
                      initial={"department": services.department_of(request.user)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        report = services.save_report(request.user, target, form.cleaned_data)
        messages.success(request, f"已保存“{target.indicator}” {report.period} 的填报。")
        return redirect("targets-detail", target_id=target.id)
    return render(request, "targets/indicator_form.html", {
        "form": form, "target": target, "row": services.target_row(target),
        "history": services.report_history(target),
    }, status=400 if form.errors else 200)  # fmt: skip


@reporter_required
@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_reports(request.user, form.cleaned_data["file"].read())
        if not result.errors:
            messages.success(request, f"导入成功：新增 {result.created} 条，"
                                      f"更新 {result.updated} 条。")  # fmt: skip
            return redirect("targets-indicators")
    failed = bool(form.errors or (result and result.errors))
    reportable = services.reportable()
    names = ind.report_names(reportable)
    return render(request, "targets/indicator_import.html", {
        "form": form, "errors": result.errors if result else [],
        "targets": [(t, names[t.id]) for t in reportable.values()],
    }, status=400 if failed else 200)  # fmt: skip


@reporter_required
def indicator_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response("指标数据填报模板.xlsx", indicator_template_sheets())


# ─── key projects ─────────────────────────────────────────────────────────────────


@official_required
def projects(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    rows = services.project_rows(request.user, form.filters())
    if request.GET.get("format") == "xlsx":
        return export(request, projects_workbook, rows.count(), "重点项目导出")
    found = listing(request, rows, services.PROJECT_COLUMNS, services.PROJECT_SORT,
                    totals=services.PROJECT_TOTALS)  # fmt: skip
    return render(request, "targets/projects.html", {
        "form": form, "listing": found, "projects": found.rows,
        "years": services.project_years(services.projects_for(request.user)),
        "cities": services.cities_for(request.user), "sectors": services.project_sectors(),
        "stages": Stage.choices, "city_user": scoping.role_of(request.user) == "city",
    })  # fmt: skip


@workbook
def projects_workbook(user: Any, query: QueryDict) -> tuple[str, list[Sheet]]:
    """The whole filtered list, in the list's order and the import template's columns, so it
    can be edited and imported back (also run by the list-export job)."""
    rows = services.project_rows(user, ProjectFilterForm(query).filters())
    sort = sort_key(query, services.PROJECT_COLUMNS, services.PROJECT_SORT)
    chosen = ordered(rows, services.PROJECT_COLUMNS, sort).iterator(chunk_size=2000)
    return "重点项目.xlsx", project_import.workbook(chosen)


def _project_form(request: HttpRequest, project: KeyProject | None) -> HttpResponse:
    form = ProjectForm(request.POST or None, instance=project,
                       cities=services.cities_for(request.user),
                       sectors=services.project_sectors())  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_project(request.user, form.save(commit=False))
        except ValidationError as exc:  # a concurrent save moved the stage on meanwhile
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存重点项目“{saved.name}”。")
            return redirect("targets-projects")
    history = services.project_history(project) if project is not None else []
    return render(request, "targets/project_form.html", {
        "form": form, "project": project, "history": history,
    }, status=400 if form.errors else 200)  # fmt: skip


@official_required
def project_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response("重点项目填报模板.xlsx", project_import.workbook([]))


@official_required
def project_export(request: HttpRequest) -> HttpResponse:
    """The projects the user may see, in the template's columns: edit and import back."""
    _, sheets = projects_workbook(request.user, QueryDict())
    return xlsx_response("重点项目（本范围）.xlsx", sheets)


@official_required
@require_http_methods(["GET", "POST"])
def project_upload(request: HttpRequest) -> HttpResponse:
    return sheet_import.page(request, project_import.SPEC)


@official_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    return _project_form(request, None)


@official_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, get_object_or_404(services.projects_for(request.user), pk=pk))


# ─── the registry of counted things ──────────────────────────────────────────────


@official_required
def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET)
    filters = form.filters()
    entries = reg.entries_for(request.user)
    if filters.get("target"):
        entries = entries.filter(target_id=filters["target"])
    if filters.get("city"):
        entries = entries.filter(city__name=filters["city"])
    counted = reg.counted()
    if request.GET.get("format") == "xlsx":
        sheet = Sheet("登记", reg.TEMPLATE_HEADERS, reg.entry_rows(entries), reg.TEMPLATE_WIDTHS)
        return xlsx_response("集群领军企业园区等登记.xlsx", [sheet])
    progress = reg.count_progress(timezone.localdate())
    rows = [(t, progress[t.id]) for t in counted.values()]
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(request, "targets/registry.html", {
        "form": form, "rows": rows,
        "entries": [(e, counted.get(e.target_id)) for e in entries],
        "targets": [(t.id, reg.target_label(t)) for t in counted.values()],
        "cities": reg.cities_for(request.user), "export_query": query.urlencode(),
        "city_user": reg.city_required(request.user),
    })  # fmt: skip


def _registry_form(request: HttpRequest, entry: RegistryEntry | None) -> HttpResponse:
    targets = [(t.id, reg.target_label(t)) for t in reg.counted().values()]
    initial = {"target_id": request.GET.get("target", "")} if entry is None else None
    form = RegistryEntryForm(request.POST or None, instance=entry, initial=initial,
                             targets=targets, cities=reg.cities_for(request.user),
                             city_required=reg.city_required(request.user))  # fmt: skip
    if request.method == "POST" and entry is not None and "delete" in request.POST:
        reg.delete_entry(request.user, entry)
        messages.success(request, f"已删除“{entry.name}”。")
        return redirect("targets-registry")
    if request.method == "POST" and form.is_valid():
        saved = reg.save_entry(request.user, form.save(commit=False))
        messages.success(request, f"已登记“{saved.name}”。")
        return redirect("targets-registry")
    return render(request, "targets/registry_form.html", {"form": form, "entry": entry},
                  status=400 if form.errors else 200)  # fmt: skip


@official_required
@require_http_methods(["GET", "POST"])
def registry_new(request: HttpRequest) -> HttpResponse:
    return _registry_form(request, None)


@official_required
@require_http_methods(["GET", "POST"])
def registry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _registry_form(request, get_object_or_404(reg.entries_for(request.user), pk=pk))


@official_required
def registry_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response("集群领军企业园区等登记模板.xlsx", reg.template_sheets())


@official_required
@require_http_methods(["GET", "POST"])
def registry_import(request: HttpRequest) -> HttpResponse:
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = reg.import_entries(request.user, form.cleaned_data["file"].read())
        if not result.errors:
            messages.success(request, f"导入成功：新增 {result.created} 项，更新 {result.updated} 项，"
                                      f"未变 {result.unchanged} 项。")  # fmt: skip
            return redirect("targets-registry")
    failed = bool(form.errors or (result and result.errors))
    return render(request, "targets/registry_import.html", {
        "form": form, "errors": result.errors if result else [],
    }, status=400 if failed else 200)  # fmt: skip
