"""Pages of the import flow. Each view parses the request, calls one function of
:mod:`resolute.web.imports.services` and renders; only officials import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from resolute.io.readers import ENTERPRISES, LINES
from resolute.web.accounts.permissions import permission_required
from resolute.web.imports import services
from resolute.web.imports.forms import SHEET_LABELS, ColumnForm, SheetForm, UploadForm
from resolute.web.imports.models import ImportBatch, Status
from resolute.web.lib.export import XLSX_CONTENT_TYPE, content_disposition

official_required = permission_required("import", "只有省、行业主管部门和市级用户可以导入台账。")


@official_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = services.upload(request.user, form.cleaned_data["file"])
        return redirect("imports-detail", pk=batch.pk)
    recent = services.recent(request.user)
    return render(request, "imports/upload.html", {"form": form, "batches": recent},
                  status=400 if form.errors else 200)  # fmt: skip


@official_required
@require_http_methods(["GET"])
def template(request: HttpRequest) -> HttpResponse:
    """The blank ledger template (the same as ``resolute template``)."""
    return _xlsx("台账模板.xlsx", services.template_bytes())


@official_required
@require_http_methods(["GET"])
def scope_export(request: HttpRequest) -> HttpResponse:
    """The user's ledger in the interchange format: edit it and import it back."""
    return _xlsx("台账（本范围）.xlsx", services.scope_export_bytes(request.user))


def _xlsx(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"  # scoped data: never in a shared cache
    return response


@official_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = services.batch_for(request.user, pk)
    if batch is None:
        raise Http404("没有该导入记录")
    sheet_form = column_form = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "sheets":
            sheet_form = _sheet_form(batch, request.user, request.POST)
            if sheet_form.is_valid():
                services.choose_sheets(batch, request.user, sheet_form.titles())
                return redirect("imports-detail", pk=batch.pk)
        elif action == "columns":
            column_form = _column_form(batch, request.user, request.POST)
            if column_form.is_valid():
                services.choose_columns(batch, request.user, column_form.choices())
                return redirect("imports-detail", pk=batch.pk)
        elif action in _ACTIONS:
            _ACTIONS[action](request, batch)
            return redirect("imports-detail", pk=batch.pk)
        else:
            return HttpResponseBadRequest("未知的操作")
    context = _context(batch, request.user, sheet_form, column_form)
    return render(request, "imports/detail.html", context,
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _confirm(request: HttpRequest, batch: ImportBatch) -> None:
    notice = services.request_confirm(batch.pk, request.user)
    messages.add_message(request, _LEVELS[notice.level], notice.text)


def _abandon(request: HttpRequest, batch: ImportBatch) -> None:
    notice = services.abandon(batch)
    messages.add_message(request, _LEVELS[notice.level], notice.text)


def _remap(request: HttpRequest, batch: ImportBatch) -> None:
    services.remap(batch)


def _reset_sheets(request: HttpRequest, batch: ImportBatch) -> None:
    services.reset_sheets(batch)


def _clear_blanks(request: HttpRequest, batch: ImportBatch) -> None:
    services.choose_clear_blanks(batch, True)


def _keep_blanks(request: HttpRequest, batch: ImportBatch) -> None:
    services.choose_clear_blanks(batch, False)


_ACTIONS: dict[str, Callable[[HttpRequest, ImportBatch], None]] = {
    "confirm": _confirm,
    "abandon": _abandon,
    "remap": _remap,
    "reset_sheets": _reset_sheets,
    "clear_blanks": _clear_blanks,
    "keep_blanks": _keep_blanks,
}
_LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "error": messages.ERROR}


def _sheet_form(batch: ImportBatch, user: Any, data: Any = None) -> SheetForm:
    titles = [s["title"] for s in batch.workbook.get("sheets", [])]
    return SheetForm(titles, data, initial=services.guess_sheets(batch, user))


def _column_form(batch: ImportBatch, user: Any, data: Any = None) -> ColumnForm:
    unknown = services.unrecognised(batch)
    chosen = services.column_initial(batch, user)
    initial = {ColumnForm.name_of(sheet, i): chosen[sheet].get(header, "")
               for sheet, headers in unknown.items() for i, header in enumerate(headers)}  # fmt: skip
    return ColumnForm(unknown, services.recognised(batch), data, initial=initial)


def _context(batch: ImportBatch, user: Any, sheet_form: SheetForm | None,
             column_form: ColumnForm | None) -> dict[str, Any]:  # fmt: skip
    """What the page shows for the batch's current step."""
    context: dict[str, Any] = {"batch": batch, "Status": Status,
                               "can_remap": services.can_remap(batch)}  # fmt: skip
    if batch.status == Status.NEEDS_MAPPING:
        if not services.sheets_settled(batch):
            context["sheet_form"] = sheet_form or _sheet_form(batch, user)
        else:
            form = column_form or _column_form(batch, user)
            context["column_form"] = form
            context["column_sections"] = _column_sections(batch, form)
            detected = (batch.workbook.get("detected") or {}).values()
            context["can_reset_sheets"] = not all(detected)
    errors = batch.errors or []
    context["errors"] = errors[: services.SHOWN_MAX]
    context["more_errors"] = int((batch.summary or {}).get("more_errors") or 0)
    context["error_count"] = len(errors) + context["more_errors"]
    summary = batch.summary or {}
    shown = services.SHOWN_MAX
    for sheet in (ENTERPRISES, LINES):
        part = summary.get(sheet) or {}
        context[f"{sheet}_new"] = (part.get("new") or [])[:shown]
        context[f"{sheet}_changed"] = (part.get("changed") or [])[:shown]
    context["shown_max"] = shown
    context["counts"] = summary.get("counts") or {}
    context["applied"] = summary.get("applied") or {}
    context["cleared"] = (summary.get("cleared") or [])[:shown]
    context["cleared_count"] = len(summary.get("cleared") or [])
    return context


def _column_sections(batch: ImportBatch, form: ColumnForm) -> list[dict[str, Any]]:
    """Per sheet: its title, the headers to map with a sample value, the headers known."""
    titles = services.sheet_titles(batch)
    samples = services.samples(batch)
    recognised = services.recognised(batch)
    sections = []
    for sheet in (ENTERPRISES, LINES):
        specs = services.FIELD_BY_KEY[sheet]
        sections.append({
            "label": SHEET_LABELS[sheet],
            "title": titles[sheet],
            "rows": [(h, f, samples[sheet].get(h, "")) for h, f in form.rows(sheet)],
            "known": [(h, specs[k].label) for h, k in recognised[sheet].items()],
        })  # fmt: skip
    return sections
