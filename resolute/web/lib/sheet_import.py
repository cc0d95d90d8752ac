"""Importing a small sheet filled from its template (quarter reports, key projects): upload,
preview, confirm.

The upload is checked as every upload is (``check_upload``: an Excel workbook by its content,
not only its name) and read within the import bounds (:mod:`resolute.io.bounds`, the settings
``RESOLUTE_IMPORT_MAX_*``). The app's ``plan`` checks every row against the stored records
and the user's scope, and says what would change; nothing is written. The preview travels to
the confirmation signed (for this user, this kind of import, an hour), so what is confirmed
is exactly what was previewed; the app's ``apply`` writes it in one transaction, and only if
none of the records it changes was changed by someone else meanwhile (else nothing is
written and the user is asked to upload again). These sheets hold at most a few thousand
rows (16 cities' quarters, a province's key projects a year), read in well under a second:
no background task.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from resolute.core.ledger import LedgerError, LedgerInvalid
from resolute.io import bounds, sheet_rows
from resolute.io.sheet_rows import Table
from resolute.web.lib.files import check_upload, upload_limits

#: Rows a sheet of this kind may hold (the ledger's limit is far larger): the preview is
#: carried in the confirmation form.
SHEET_ROWS_MAX = 20_000
#: How long a preview may be confirmed.
PREVIEW_MAX_AGE = 3600
#: Changes listed on the preview page (all are counted and written).
SHOWN_MAX = 200
STALE = "预览之后，系统中的数据已有变动（他人修改或已导入过），本次未作任何修改；请重新上传文件。"


@dataclass
class Change:
    """One row's change: what it is in words, the stored record (None: a new one), the
    stored values it replaces and the values it writes (JSON values, by field)."""

    row: int
    label: str
    pk: int | None
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.pk is None)

    @property
    def updated(self) -> int:
        return len(self.changes) - self.created


@dataclass(frozen=True)
class SheetImport:
    """One kind of sheet import, as its page and its app define it."""

    kind: str
    title: str
    #: The sheet read (else the workbook's first).
    sheet: str
    #: Field → column header, for the preview's changes.
    headers: Mapping[str, str]
    #: Every row checked against the stored records and the user's scope; nothing written.
    plan: Callable[[Any, Table], tuple[Plan, list[LedgerError]]]
    #: The plan written in one transaction; errors (nothing written) when it is stale.
    apply: Callable[[Any, Plan], list[LedgerError]]
    #: A field's value in words, for the preview.
    word: Callable[[str, Any], str]
    #: Where to go once written, and the page's links (URL names).
    done_url: str
    template_url: str
    export_url: str
    intro: str


class UploadForm(forms.Form):
    file = forms.FileField(
        label="工作簿（.xlsx）", error_messages={"required": "请选择要上传的文件。"}
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        try:
            check_upload(
                file, ("xlsx",), settings.RESOLUTE_UPLOAD_MAX_BYTES, "Excel 工作簿（.xlsx）"
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return file


def limits() -> bounds.Limits:
    """The import bounds of the settings, with at most :data:`SHEET_ROWS_MAX` rows."""
    return upload_limits(SHEET_ROWS_MAX)


def read_upload(file: Any, sheet: str) -> Table:
    """The uploaded workbook's sheet, through a temporary file (the reader takes paths);
    :class:`LedgerInvalid` when it is beyond the bounds or unreadable."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        return sheet_rows.read_table(tmp.name, sheet, limits())


def _salt(spec: SheetImport, user: Any) -> str:
    return f"resolute.sheet-import:{spec.kind}:{user.pk}"


def seal(spec: SheetImport, user: Any, plan: Plan) -> str:
    return signing.dumps(dataclasses.asdict(plan), salt=_salt(spec, user), compress=True)


def unseal(spec: SheetImport, user: Any, token: str) -> Plan | None:
    """The plan sealed for this user and kind of import, or None (forged, another user's,
    another import's, or older than :data:`PREVIEW_MAX_AGE`)."""
    try:
        data = signing.loads(token, salt=_salt(spec, user), max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    return Plan([Change(**c) for c in data["changes"]], data["unchanged"])


def page(request: HttpRequest, spec: SheetImport) -> HttpResponse:
    """The import page: the upload form; after an upload, its errors or its preview; after
    a confirmation, the write."""
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, spec)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[LedgerError] = []
    plan: Plan | None = None
    if request.method == "POST" and form.is_valid():
        try:
            table = read_upload(form.cleaned_data["file"], spec.sheet)
        except LedgerInvalid as exc:
            errors = list(exc.errors)
        else:
            plan, errors = spec.plan(request.user, table)
    failed = bool(form.errors or errors)
    return _render(
        request, spec, form, errors, None if failed else plan, status=400 if failed else 200
    )


def _confirm(request: HttpRequest, spec: SheetImport) -> HttpResponse:
    plan = unseal(spec, request.user, request.POST.get("token", ""))
    if plan is None:
        errors = [LedgerError("", None, None, "预览已过期或无效，请重新上传文件。")]
        return _render(request, spec, UploadForm(), errors, None, status=400)
    errors = spec.apply(request.user, plan)
    if errors:
        return _render(request, spec, UploadForm(), errors, None, status=400)
    messages.success(request, f"导入成功：新增 {plan.created} 项，修改 {plan.updated} 项，"
                              f"未变 {plan.unchanged} 项。")  # fmt: skip
    return redirect(spec.done_url)


def _render(request: HttpRequest, spec: SheetImport, form: UploadForm,
            errors: Sequence[LedgerError], plan: Plan | None, status: int) -> HttpResponse:  # fmt: skip
    kept, more = bounds.kept_errors(errors, limits())
    context: dict[str, Any] = {"spec": spec, "form": form, "errors": kept, "more_errors": more,
                               "error_count": len(errors), "plan": plan}  # fmt: skip
    if plan is not None:
        context["token"] = seal(spec, request.user, plan) if plan.changes else ""
        context["changes"] = [_shown(spec, c) for c in plan.changes[:SHOWN_MAX]]
        context["shown_max"] = SHOWN_MAX
    return render(request, "front/sheet_import.html", context, status=status)


def _shown(spec: SheetImport, change: Change) -> dict[str, Any]:
    """A change in words: the row, what it is, and each field that changes (before → after;
    a new record: its values)."""
    before = change.before or {}
    fields = [(spec.headers[k], spec.word(k, before[k]) if k in before else "",
               spec.word(k, v)) for k, v in change.after.items()
              if change.before is None or (k in before and before[k] != v)]  # fmt: skip
    return {"row": change.row, "label": change.label, "new": change.pk is None, "fields": fields}
