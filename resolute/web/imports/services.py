"""The import flow: upload → (column mapping) → validation → preview → confirm or abandon.

Views call these functions and render what they return. Nothing here writes ledger data
except :func:`confirm`, which re-reads and re-plans the stored file and applies the plan in
one transaction only when it is exactly what the user was shown; any failure leaves the
ledger as it was and marks the batch failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from resolute.core import schema, words
from resolute.core.ledger import LedgerError, LedgerInvalid, visible
from resolute.core.schema import FieldSpec
from resolute.io import bounds, readers
from resolute.io.readers import ENTERPRISES, FIELDS, LINES, RawWorkbook
from resolute.web.accounts import scoping
from resolute.web.audit.context import acting_as
from resolute.web.imports.models import (
    ColumnMapping,
    ImportBatch,
    MappingScope,
    Status,
)
from resolute.web.ledger import services as ledger_services
from resolute.web.ledger.services import Change, ChangePlan, Progress
from resolute.web.lib.files import upload_limits as import_limits
from resolute.web.lib.progress import throttled

log = logging.getLogger(__name__)

SHEETS = (ENTERPRISES, LINES)
FIELD_BY_KEY: dict[str, dict[str, FieldSpec]] = {
    ENTERPRISES: schema.ENTERPRISE_FIELD_BY_KEY,
    LINES: schema.LINE_FIELD_BY_KEY,
}
#: How many errors and rows a page shows; the counts always cover all of them.
SHOWN_MAX = 500
VIA = "导入"
_SAMPLE_CHARS = 40


@dataclass(frozen=True)
class Notice:
    """A message for the user about what an action did (level: success, warning, error)."""

    level: str
    text: str


# ─── upload and examination ───────────────────────────────────────────────────


def upload(user: Any, file: UploadedFile) -> ImportBatch:
    """Store the file as a new batch for ``user`` and take it as far as it can go alone:
    to the mapping step, the error list or the preview."""
    batch = ImportBatch(user=user, original_name=visible((file.name or "")[-255:]))
    batch.file.save(file.name or "upload", file, save=False)
    batch.save()
    # Read in the background (a worker, resolute.web.lib.background), not in the request:
    # until then the batch is 已上传 and its page follows it.
    from resolute.web.imports.tasks import examine_upload

    examine_upload.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def examine_batch(batch_id: int) -> ImportBatch:
    """Take an uploaded batch as far as it can go alone (the background task's work)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != Status.UPLOADED:
        return batch  # already examined (a task run twice)
    report = recorder(batch_id)
    return _guarded(batch, lambda b: examine(b, progress=report))


#: At most how often (seconds) a background task stores its progress in the batch.
PROGRESS_INTERVAL = 1.0


def recorder(batch_id: int, interval: float | None = None,
             clock: Callable[[], float] = time.monotonic) -> Progress:  # fmt: skip
    """A ``progress`` callback that stores the stage and done/total in the batch (one small
    UPDATE of its ``progress`` field), at most once per ``interval`` seconds — except the
    first report of a new stage and the last of a stage (done = total), which are always
    stored. Inside a transaction the value shows once that transaction commits (a large
    import commits part by part)."""
    every = PROGRESS_INTERVAL if interval is None else interval
    batch = ImportBatch.objects.filter(pk=batch_id)
    return throttled(lambda progress: batch.update(progress=progress), every, clock)


def examine(batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Read the stored file: ask for a mapping when sheets or headers are not recognised,
    otherwise validate and plan. ``progress`` is told each stage as it starts."""
    report = progress or _silent
    report("读取文件", 0, 3)
    raw = _read(batch)
    if raw is None:
        return batch
    batch.workbook = describe(raw)
    if needs_mapping(batch):
        return _set(batch, Status.NEEDS_MAPPING)
    report("校验数据", 1, 3)
    _assess(batch, raw, progress=report)
    report("完成", 3, 3)
    return batch


def _silent(stage: str, done: int, total: int) -> None:
    pass


def _read(batch: ImportBatch) -> RawWorkbook | None:
    """The file's sheets as found, or None with the batch marked invalid."""
    try:
        return readers.read_raw(batch.file.path, import_limits())
    except LedgerInvalid as exc:
        # The stored name is ours; the user knows the file by its original name.
        errors = [LedgerError(batch.original_name, e.row, e.column, e.message) for e in exc.errors]
        _set(batch, Status.INVALID, errors=[_error_dict(e, {}) for e in errors])
        return None


def describe(raw: RawWorkbook) -> dict[str, Any]:
    """Sheets, headers and a sample value per header, for the mapping form."""
    sheets = []
    for sheet in raw.sheets.values():
        samples = []
        for index, _ in enumerate(sheet.headers):
            value = next((row[index] for _, row in sheet.rows
                          if index < len(row) and row[index] not in (None, "")), None)  # fmt: skip
            samples.append("" if value is None else str(value)[:_SAMPLE_CHARS])
        sheets.append({"title": sheet.title, "headers": sheet.headers, "samples": samples,
                       "rows": len(sheet.rows)})  # fmt: skip
    return {"sheets": sheets, "detected": readers.detect_sheets(raw)}


def sheet_lists(batch: ImportBatch) -> dict[str, list[str]]:
    """Which worksheets hold the enterprises and which the lines (several for a workbook
    of one sheet per industry): the user's choice for this file, else the standard names,
    else what the user chose before for worksheets of these very titles."""
    detected = dict(batch.workbook.get("detected") or {})
    chosen = dict(batch.mapping.get("sheets") or {})
    lists = {s: readers.titles_of(chosen.get(s) or detected.get(s)) for s in SHEETS}
    if "sheets" not in batch.mapping and not all(lists.values()) and batch.user_id is not None:
        lists = _remembered_lists(batch) or lists
    return lists


def _remembered_lists(batch: ImportBatch) -> dict[str, list[str]] | None:
    """The worksheets' roles as the user chose them for an earlier file, when every
    worksheet holding rows was chosen (or left out) then."""
    known = remembered(batch.user)[str(MappingScope.SHEET)]
    sheets = [s for s in batch.workbook.get("sheets", []) if s.get("rows")]
    if not sheets or any(s["title"] not in known for s in sheets):
        return None
    lists = {role: [s["title"] for s in sheets if known[s["title"]] == role] for role in SHEETS}
    return lists if all(lists.values()) else None


def sheet_titles(batch: ImportBatch) -> dict[str, str | None]:
    """Per sheet, its worksheets' titles as shown to the user (joined by 、), or None."""
    return {s: "、".join(titles) or None for s, titles in sheet_lists(batch).items()}


def headers_of(batch: ImportBatch, title: str | None) -> list[str]:
    for sheet in batch.workbook.get("sheets", []):
        if sheet["title"] == title:
            return list(sheet["headers"])
    return []


def role_headers(batch: ImportBatch, sheet: str) -> list[str]:
    """The headers of every worksheet chosen for ``sheet``, each once, in order."""
    out: list[str] = []
    for title in sheet_lists(batch)[sheet]:
        out.extend(h for h in headers_of(batch, title) if h not in out)
    return out


def unrecognised(batch: ImportBatch) -> dict[str, list[str]]:
    """Per sheet, the headers of its chosen worksheets that name no field."""
    return {s: readers.unrecognised_headers(s, role_headers(batch, s)) for s in SHEETS}


def sheets_settled(batch: ImportBatch) -> bool:
    lists = sheet_lists(batch)
    return all(lists[s] for s in SHEETS) and not set(lists[ENTERPRISES]) & set(lists[LINES])


def needs_mapping(batch: ImportBatch) -> bool:
    """Whether the user must say which sheet is which or what unknown columns hold."""
    if not sheets_settled(batch):
        # With fewer than two sheets there is nothing to choose: validation names the
        # missing sheet.
        return len(batch.workbook.get("sheets", [])) >= 2
    return "columns" not in batch.mapping and any(unrecognised(batch).values())


def can_remap(batch: ImportBatch) -> bool:
    """A batch whose mapping the user chose (now or for an earlier file) may go back to the
    mapping step."""
    detected = (batch.workbook.get("detected") or {}).values() if batch.workbook else ()
    chosen = bool(batch.mapping) or not all(detected)
    return chosen and not batch.is_final and bool(batch.workbook)


# ─── mapping ───────────────────────────────────────────────────────────────────


def remembered(user: Any) -> dict[str, dict[str, str]]:
    """The user's earlier choices: per scope, source text → key."""
    out: dict[str, dict[str, str]] = {scope: {} for scope in MappingScope.values}
    for row in ColumnMapping.objects.filter(user=user).values("scope", "source", "key"):
        out[row["scope"]][row["source"]] = row["key"]
    return out


def guess_sheets(batch: ImportBatch, user: Any) -> dict[str, list[str]]:
    """A first choice of worksheets for the form: the current or remembered choice, else
    the worksheets whose titles say what they hold (钢铁企业, 焦化生产线 …), else the
    worksheet whose headers name most fields of that sheet."""
    lists = sheet_lists(batch)
    known = remembered(user)[str(MappingScope.SHEET)]
    available = [s["title"] for s in batch.workbook.get("sheets", [])]
    by_title = readers.guess_roles(available)
    for sheet in SHEETS:
        if lists[sheet]:
            continue
        picks = [t for t in available if known.get(t) == sheet] or by_title[sheet]
        if picks:
            lists[sheet] = picks
            continue
        scored = sorted(available, key=lambda t: -_recognised_count(sheet, headers_of(batch, t)))
        lists[sheet] = scored[:1]
    return lists


def _recognised_count(sheet: str, headers: Iterable[str]) -> int:
    return sum(1 for h in headers if h and readers.header_key(sheet, h) is not None)


def choose_sheets(batch: ImportBatch, user: Any,
                  titles: Mapping[str, str | Sequence[str]]) -> ImportBatch:  # fmt: skip
    """Record which worksheets hold which sheet (and remember it: a worksheet left out is
    remembered as left out), then go on."""
    if batch.status != Status.NEEDS_MAPPING:
        return batch
    lists = {sheet: readers.titles_of(choice) for sheet, choice in titles.items()}
    batch.mapping = {**batch.mapping, "sheets": lists}
    batch.mapping.pop("columns", None)  # columns belong to the sheets they were chosen for
    chosen = {t: sheet for sheet, ts in lists.items() for t in ts}
    for described in batch.workbook.get("sheets", []):
        title = described["title"]
        _remember(user, MappingScope.SHEET, title, chosen.get(title, ""))
    return _guarded(batch, _continue)


def choose_columns(batch: ImportBatch, user: Any,
                   columns: Mapping[str, Mapping[str, str]]) -> ImportBatch:  # fmt: skip
    """Record what each unknown header holds ("" to ignore it), remember it, then go on."""
    if batch.status != Status.NEEDS_MAPPING:
        return batch
    batch.mapping = {**batch.mapping,
                     "columns": {s: dict(columns.get(s, {})) for s in SHEETS}}  # fmt: skip
    for sheet in SHEETS:
        for source, key in columns.get(sheet, {}).items():
            _remember(user, sheet, source, key)
    return _guarded(batch, _continue)


def remap(batch: ImportBatch) -> ImportBatch:
    """Back to the mapping step, keeping the choices made so far as the form's values."""
    if can_remap(batch):
        _set(batch, Status.NEEDS_MAPPING, errors=[], summary={})
    return batch


def _continue(batch: ImportBatch) -> ImportBatch:
    if needs_mapping(batch):
        return _set(batch, Status.NEEDS_MAPPING)
    raw = _read(batch)
    if raw is not None:
        _assess(batch, raw)
    return batch


def _guarded(batch: ImportBatch, step: Callable[[ImportBatch], ImportBatch]) -> ImportBatch:
    """Run a step that only reads the file and the ledger; an unexpected failure marks the
    batch failed with its reason rather than leaving it half-way."""
    try:
        return step(batch)
    except Exception as exc:
        log.exception("import %s failed while being examined", batch.pk)
        return _set(batch, Status.FAILED, message=str(exc) or type(exc).__name__)


def _remember(user: Any, scope: Any, source: str, key: str) -> None:
    ColumnMapping.objects.update_or_create(user=user, scope=scope, source=visible(source[:255]),
                                           defaults={"key": key})  # fmt: skip


# ─── validation and planning ───────────────────────────────────────────────────


def _assess(batch: ImportBatch, raw: RawWorkbook,
            progress: Progress | None = None) -> ChangePlan | None:  # fmt: skip
    """Validate and plan the batch; the plan when it can be applied, else None with the
    errors stored (invalid: the file's own errors; rejected: refused by the stored ledger
    or by the user's scope)."""
    titles = sheet_titles(batch)
    lists = sheet_lists(batch)
    columns = batch.mapping.get("columns") or {}
    shown = _label_lookup(lists, columns)
    try:
        ledger, numbers = readers.read_mapped(raw, columns, lists)
    except LedgerInvalid as exc:
        _set(batch, Status.INVALID, errors=_errors(exc.errors, lists, shown), summary={},
             omitted=exc.omitted)  # fmt: skip
        return None
    if progress is not None:
        progress("与台账比对", 2, 3)
    plan = ledger_services.plan_changes(
        ledger,
        scoping.write_scope(batch.user),
        sheets=(ENTERPRISES, LINES),  # put back on their worksheets by _at_source_row
        clear_blanks=clears_blanks(batch),
    )
    if plan.errors:
        located = [_at_source_row(e, numbers) for e in plan.errors]
        _set(batch, Status.REJECTED, errors=_errors(located, lists, shown), summary={})
        return None
    summary = summarise(plan, ledger.warnings, ledger.notes)
    summary["sheets"] = titles
    summary["clear_blanks"] = clears_blanks(batch)
    _set(batch, Status.PREVIEWED, errors=[], summary=summary)
    return plan


def _at_source_row(error: LedgerError,
                   numbers: Mapping[str, list[tuple[str, int]]]) -> LedgerError:  # fmt: skip
    """The plan names records by sheet (``enterprises``, ``lines``) and position from row 2;
    put the error on the worksheet and row where the record really is."""
    rows = numbers.get(error.sheet, [])
    if error.row is not None and 2 <= error.row < len(rows) + 2:
        title, row = rows[error.row - 2]
        return LedgerError(title, row, error.column, error.message)
    if error.sheet in SHEETS:
        return LedgerError(readers.SHEET_NAMES[error.sheet][1], error.row, error.column,
                           error.message)  # fmt: skip
    return error


def _label_lookup(lists: Mapping[str, list[str]],
                  columns: Mapping[str, Mapping[str, str]]) -> dict[tuple[str, str], str]:  # fmt: skip
    """(worksheet title, key) → the header the user's file calls it, where they mapped one."""
    out: dict[tuple[str, str], str] = {}
    for sheet in SHEETS:
        for source, key in (columns.get(sheet) or {}).items():
            if key:
                for title in lists[sheet]:
                    out[(title, key)] = source
    return out


def _errors(errors: Sequence[LedgerError], lists: Mapping[str, list[str]],
            shown: Mapping[tuple[str, str], str]) -> list[dict[str, Any]]:  # fmt: skip
    """Every error as stored and shown, in sheet and row order."""
    order = [t for s in SHEETS for t in lists[s]]
    rank = {t: i for i, t in enumerate(order)}
    ordered = sorted(errors, key=lambda e: (rank.get(e.sheet, -1), e.row or 0))
    sheet_of: dict[str | None, str] = {t: s for s in SHEETS for t in lists[s]}
    return [_error_dict(e, sheet_of, shown) for e in ordered]


def _error_dict(error: LedgerError, sheet_of: Mapping[str | None, str],
                shown: Mapping[tuple[str, str], str] | None = None) -> dict[str, Any]:  # fmt: skip
    label = ""
    if error.column:
        spec = FIELD_BY_KEY.get(sheet_of.get(error.sheet, ""), {}).get(error.column)
        label = spec.label if spec else error.column
        source = (shown or {}).get((error.sheet, error.column))
        if source and source != label:
            label = f"{label}（表中列“{source}”）"
    return {**error.as_dict(), "label": label}


# ─── the preview ───────────────────────────────────────────────────────────────


def summarise(plan: ChangePlan, warnings: Iterable[str] = (),
              notes: Iterable[str] = ()) -> dict[str, Any]:  # fmt: skip
    """What the preview shows, and a digest of the whole plan to compare on confirm.

    Besides the new and changed rows: ``kept`` counts the blank cells whose stored value
    stays, ``cleared`` lists every stored value the plan would clear (only when the user
    chose to clear blanks), ``protected`` the verified exits the file would have changed,
    ``notes`` what reading did (units converted, rows skipped)."""
    cleared, protected, kept = [], [], 0
    for sheet, changes in ((ENTERPRISES, plan.enterprises), (LINES, plan.lines)):
        specs = FIELD_BY_KEY[sheet]
        for c in changes:
            kept += len(c.kept)
            before = c.before or {}
            for k in c.changed_fields() if c.kind == "changed" else ():
                if c.after.get(k) is None:
                    cleared.append({"sheet": sheet, "key": c.key, "label": specs[k].label,
                                    "before": _shown(before.get(k), k)})  # fmt: skip
            if c.protected:
                labels = "、".join(specs[k].label for k in c.protected)
                protected.append({"key": c.key, "fields": labels})
    return {
        "counts": plan.counts(),
        ENTERPRISES: _sheet_summary(ENTERPRISES, plan.enterprises),
        LINES: _sheet_summary(LINES, plan.lines),
        "warnings": list(warnings),
        "notes": list(notes),
        "kept": kept,
        "cleared": cleared,
        "protected": protected,
        "digest": plan_digest(plan),
    }


def clears_blanks(batch: ImportBatch) -> bool:
    """Whether the user chose that blank cells clear stored values (以本文件为准)."""
    return bool(batch.mapping.get("clear_blanks"))


def choose_clear_blanks(batch: ImportBatch, clear: bool) -> ImportBatch:
    """Record the user's choice about blank cells and plan again; only a previewed batch."""
    if batch.status != Status.PREVIEWED:
        return batch
    batch.mapping = {**batch.mapping, "clear_blanks": bool(clear)}
    return _guarded(batch, _continue)


def plan_digest(plan: ChangePlan) -> str:
    """Changes the same only when every record's before and after are the same."""
    items = [[c.key, c.kind, c.before, c.after, c.version] for c in plan.enterprises + plan.lines]
    text = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _shown(value: Any, key: str) -> str:
    """A value of the file or the ledger in the preview: every digit, so no change hides."""
    return words.value_text(value, key, places=None)


def _sheet_summary(sheet: str, changes: Sequence[Change]) -> dict[str, Any]:
    specs = FIELD_BY_KEY[sheet]
    new, changed = [], []
    for c in changes:
        if c.kind == "new":
            new.append(_brief(sheet, c.after))
        elif c.kind == "changed":
            before = c.before or {}
            fields = [{"key": k, "label": specs[k].label if k in specs else k,
                       "before": _shown(before.get(k), k),
                       "after": _shown(c.after.get(k), k)}
                      for k in c.changed_fields()]  # fmt: skip
            changed.append({**_brief(sheet, c.after), "fields": fields})
    return {"new": new, "changed": changed}


def _brief(sheet: str, rec: Mapping[str, Any]) -> dict[str, Any]:
    """The few values that identify a row in the preview."""
    if sheet == ENTERPRISES:
        return {"key": rec.get("credit_code"), "name": rec.get("name") or "",
                "city": rec.get("city") or "",
                "industry": _shown(rec.get("industry"), "industry")}  # fmt: skip
    equipment = str(rec.get("equipment") or "")
    unit = schema.EQUIPMENT_BY_CODE[equipment].capacity_unit if equipment else ""
    return {"key": rec.get("line_id"), "credit_code": rec.get("credit_code"),
            "equipment": _shown(equipment, "equipment"),
            "capacity": _shown(rec.get("capacity"), "capacity"), "unit": unit,
            "status": _shown(rec.get("status") or "operating", "status")}  # fmt: skip


# ─── confirm and abandon ──────────────────────────────────────────────────────


def confirm(batch_id: int, user: Any,
            progress: Progress | None = None) -> tuple[ImportBatch, Notice]:  # fmt: skip
    """Apply the previewed import, all or nothing; ``progress`` is told the stages and how
    many objects are written.

    The file is read and planned again: if the stored ledger changed since the preview
    so that the plan differs, the new preview is shown instead of applying. Every change is
    recorded as made by ``user`` via 导入. If applying fails, nothing is written and the
    batch is marked failed with the reason.
    """
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id, user=user)
            if batch.status != Status.PREVIEWED:
                return batch, Notice("warning", "该导入不在待确认状态，未作任何修改。")
            if batch.summary.get("applying"):
                return batch, Notice("warning", "该导入正在分批写入，请稍候刷新本页。")
            previewed = batch.summary.get("digest")
            report = progress or _silent
            report("重新读取并核对", 0, 0)
            raw = _read(batch)
            plan = _assess(batch, raw, progress=report) if raw is not None else None
            if plan is None:
                return batch, Notice("error", "重新核对时发现错误，未导入，台账未作任何修改。")
            if batch.summary.get("digest") != previewed:
                return batch, Notice(
                    "warning", "自预览以来台账已有变化，以下是新的预览，请核对后再确认导入。"
                )
            if len(plan.enterprises) > settings.RESOLUTE_IMPORT_PART:
                # Large: written part by part after this transaction (see _apply_in_parts).
                batch.summary = {**batch.summary, "applying": True}
                batch.save(update_fields=["summary", "updated_at"])
                large = plan
            else:
                with acting_as(user, via=VIA):
                    written = ledger_services.apply_changes(plan, verified_by=user,
                                                            progress=progress)  # fmt: skip
                batch.summary = {**batch.summary, "applied": written}
                _set(batch, Status.APPLIED)
                large = None
        if large is not None:
            return _apply_in_parts(batch, user, large, progress)
    except ledger_services.EditConflict as exc:
        # Another import or correction got there first (it held the rows; this one waited,
        # then found them changed). Nothing was written: show a fresh preview.
        batch = ImportBatch.objects.get(pk=batch_id, user=user)
        raw = _read(batch)
        if raw is not None and _assess(batch, raw) is not None:
            return batch, Notice("warning", f"{exc} 以下是按最新台账重新生成的预览。")
        return batch, Notice("error", f"{exc} 重新核对时发现错误，台账未作任何修改。")
    except Exception as exc:  # any failure: the transaction above wrote nothing
        log.exception("import %s failed while applying", batch_id)
        batch = ImportBatch.objects.get(pk=batch_id, user=user)
        _set(batch, Status.FAILED, message=str(exc) or type(exc).__name__)
        return batch, Notice("error", f"导入失败，台账未作任何修改。原因：{batch.message}")
    return batch, Notice("success", applied_text(written))


def request_confirm(batch_id: int, user: Any) -> Notice:
    """Queue the confirmation of a previewed import as a background task (the write can take
    a while); with an immediate task backend it is done when this returns, and its notice
    is the answer. Confirming twice queues once."""
    from resolute.web.imports.tasks import confirm_import

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, user=user).first()
        if batch is None or batch.status != Status.PREVIEWED:
            return Notice("warning", "该导入不在待确认状态，未作任何修改。")
        if batch.summary.get("confirming"):
            return Notice("warning", "该导入正在写入，请稍候刷新本页。")
        batch.summary = {**batch.summary, "confirming": True}
        batch.progress = {}  # the preview's reading is done: the page follows the writing
        batch.save(update_fields=["summary", "progress", "updated_at"])
        confirm_import.enqueue(batch_id, user.pk)
    batch.refresh_from_db()
    notice = batch.summary.pop("notice", None)
    if notice is None:
        return Notice("success", "已确认，正在后台写入台账；本页会自动刷新。")
    batch.save(update_fields=["summary"])
    return Notice(notice["level"], notice["text"])


def confirm_batch(batch_id: int, user_id: int) -> None:
    """The background task's work: confirm, and leave the notice for the page."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    _, notice = confirm(batch_id, user, progress=recorder(batch_id))
    batch = ImportBatch.objects.get(pk=batch_id)
    summary = {k: v for k, v in batch.summary.items() if k != "confirming"}
    batch.summary = {**summary, "notice": {"level": notice.level, "text": notice.text}}
    batch.save(update_fields=["summary"])


def part_written(batch: ImportBatch, done: int, total: int) -> None:
    """Called between the parts of a large import, outside any transaction (a hook for
    tests: other users' writes go through here)."""


def _apply_in_parts(batch: ImportBatch, user: Any, plan: ChangePlan,
                    progress: Progress | None) -> tuple[ImportBatch, Notice]:  # fmt: skip
    """Write a large import part by part (``RESOLUTE_IMPORT_PART`` enterprises each, with
    their lines), each part in its own short transaction, so that on SQLite other users
    can sign in and write between parts instead of waiting for the whole import.

    Every part is checked against the versions it was planned with. If a part fails, the
    parts before it stay written (and recorded in the history) and the batch ends as
    failed saying so; uploading the same file again and confirming writes the rest — what
    was written shows as unchanged."""
    parts = ledger_services.parts_of(plan, settings.RESOLUTE_IMPORT_PART)
    totals: dict[str, dict[str, int]] = {}
    done = 0
    # Progress over the whole import, not per part: objects written by earlier parts + this.
    grand = sum(1 for c in plan.enterprises + plan.lines if c.kind != "unchanged")
    before = [0]

    def overall(stage: str, n: int, total: int) -> None:
        if progress is not None:
            progress(stage, min(before[0] + n, grand), grand)

    try:
        for part in parts:
            with acting_as(user, via=VIA):
                counts = ledger_services.apply_changes(part, verified_by=user, progress=overall)
            before[0] += sum(1 for c in part.enterprises + part.lines if c.kind != "unchanged")
            overall("写入台账", 0, grand)
            for sheet, kinds in counts.items():
                for kind, n in kinds.items():
                    totals.setdefault(sheet, {}).setdefault(kind, 0)
                    totals[sheet][kind] += n
            done += 1
            batch.summary = {**batch.summary, "applied_parts": [done, len(parts)]}
            # Only a small UPDATE per part (the page follows ``progress``; the stale-batch
            # check reads ``updated_at``): saving the whole preview summary again after every
            # part made a 100,000-line import quadratic.
            ImportBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now())
            part_written(batch, done, len(parts))
    except Exception as exc:
        log.exception("import %s failed in part %d of %d", batch.pk, done + 1, len(parts))
        written = sum(len(p.enterprises) for p in parts[:done])
        message = (f"写入第 {done + 1}/{len(parts)} 部分时失败：{exc or type(exc).__name__}。"
                   f"前 {done} 部分（{written} 家企业）已写入并记入变更记录，其余未写入；"
                   "重新上传同一文件并确认即可写入其余部分（已写入的显示为未变）。")  # fmt: skip
        summary = {**batch.summary, "applying": False, "applied": totals}
        _set(batch, Status.FAILED, message=message, summary=summary)
        return batch, Notice("error", message)
    _set(batch, Status.APPLIED, summary={**batch.summary, "applying": False, "applied": totals})
    return batch, Notice("success", applied_text(totals))


def applied_text(counts: Mapping[str, Mapping[str, int]]) -> str:
    ent, line = counts.get(ENTERPRISES, {}), counts.get(LINES, {})
    return (
        f"导入完成：新增企业 {ent.get('new', 0)} 家、修改 {ent.get('changed', 0)} 家；"
        f"新增生产线 {line.get('new', 0)} 条、修改 {line.get('changed', 0)} 条。"
    )


def abandon(batch: ImportBatch) -> Notice:
    """Give up an import that has not been applied; the ledger is not touched."""
    if batch.is_final:
        return Notice("warning", "该导入已结束，无需放弃。")
    _set(batch, Status.ABANDONED)
    return Notice("success", "已放弃本次导入，台账未作任何修改。")


# ─── downloads: the template and the user's ledger ───────────────────────────


def template_bytes() -> bytes:
    """The blank template, the same as ``resolute template`` writes."""
    from resolute.io.template import template_bytes as blank

    return blank()


def scope_export_bytes(user: Any) -> bytes:
    """The stored ledger of ``user``'s scope as an interchange workbook (both sheets, every
    field, Chinese headers), which imports back with no change."""
    from resolute.core.ledger import Ledger
    from resolute.web.accounts.scoping import enterprises_for
    from resolute.web.ledger.convert import records_for

    ents, lines = records_for(enterprises_for(user).order_by("city__code", "credit_code"))
    return readers.ledger_xlsx_bytes(Ledger.from_records(ents, lines))


# ─── helpers ───────────────────────────────────────────────────────────────────


def _set(batch: ImportBatch, status: Any, **fields: Any) -> ImportBatch:
    # ``status`` is a Status member (typed Any: Django's choices have no type information)
    batch.status = status
    omitted = int(fields.pop("omitted", 0))
    if "errors" in fields:
        # Keep what a person can read; count the rest (以下还有 N 处错误).
        fields["errors"], more = bounds.kept_errors(fields["errors"], import_limits())
        more += omitted
        summary = {k: v for k, v in dict(fields.get("summary", batch.summary)).items()
                   if k != "more_errors"}  # fmt: skip
        fields["summary"] = {**summary, "more_errors": more} if more else summary
    for name, value in fields.items():
        setattr(batch, name, _storable(value))
    batch.workbook = _storable(batch.workbook)
    batch.mapping = _storable(batch.mapping)
    batch.save()
    return batch


def _storable(value: Any) -> Any:
    """Text quoted from the user's file, with control characters made visible: PostgreSQL
    cannot store NUL in a JSON or text column, and no page should carry them."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


#: What a large import whose writing stopped (its process died between parts) says.
INTERRUPTED_WRITING = ("分批写入被中断（服务器进程已终止）：已写入的部分已记入变更记录，其余未写入；"
                       "重新上传同一文件并确认即可写入其余部分。")  # fmt: skip
#: What a batch left half-way by a process that died says.
INTERRUPTED = "处理被中断（服务器进程已终止），台账未作任何修改；请重新上传。"


def fail_interrupted(user: Any = None) -> int:
    """Mark failed, with the reason, every batch still being read long after it was
    uploaded (its process died: killed for memory, restarted): none stays 已上传 forever.
    The ledger is untouched — reading never writes it, and applying is one transaction."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.RESOLUTE_IMPORT_STALE_SECONDS)
    stale = ImportBatch.objects.filter(status=Status.UPLOADED, updated_at__lt=cutoff)
    writing = ImportBatch.objects.filter(status=Status.PREVIEWED, summary__applying=True,
                                         updated_at__lt=cutoff)  # fmt: skip
    if user is not None:
        stale, writing = stale.filter(user=user), writing.filter(user=user)
    count = writing.update(status=Status.FAILED, message=INTERRUPTED_WRITING,
                           updated_at=timezone.now())  # fmt: skip
    return count + stale.update(status=Status.FAILED, message=INTERRUPTED,
                                updated_at=timezone.now())  # fmt: skip


def recent(user: Any, limit: int = 20) -> list[ImportBatch]:
    fail_interrupted(user)
    return list(ImportBatch.objects.filter(user=user)[:limit])


def batch_for(user: Any, pk: int) -> ImportBatch | None:
    """The user's own batch; another user's batch is as if it did not exist."""
    fail_interrupted(user)
    return ImportBatch.objects.filter(user=user, pk=pk).first()


def recognised(batch: ImportBatch) -> dict[str, dict[str, str]]:
    """Per sheet, the headers of its chosen worksheets that name a field, and that field."""
    out: dict[str, dict[str, str]] = {}
    for sheet in SHEETS:
        out[sheet] = {}
        for header in role_headers(batch, sheet):
            key = readers.header_key(sheet, header) if header else None
            if key is not None:
                out[sheet][header] = key
    return out


def column_initial(batch: ImportBatch, user: Any) -> dict[str, dict[str, str]]:
    """The column form's first values: this batch's choices, else the user's earlier ones."""
    known = remembered(user)
    current = batch.mapping.get("columns") or {}
    out: dict[str, dict[str, str]] = {}
    for sheet, headers in unrecognised(batch).items():
        valid = {spec.key for spec in FIELDS[sheet]}
        out[sheet] = {}
        for header in headers:
            key = (current.get(sheet) or {}).get(header, known[sheet].get(header, ""))
            out[sheet][header] = key if key in valid else ""
    return out


def reset_sheets(batch: ImportBatch) -> ImportBatch:
    """Let the user pick the sheets again (their columns go with them)."""
    if batch.is_final:
        return batch
    mapping = dict(batch.mapping)
    mapping["sheets"] = {}  # an explicit "not chosen": earlier choices only pre-fill the form
    mapping.pop("columns", None)
    batch.mapping = mapping
    return _set(batch, Status.NEEDS_MAPPING, errors=[], summary={})


def samples(batch: ImportBatch) -> dict[str, dict[str, str]]:
    """Per sheet, a value found under each header, to help the user recognise a column."""
    lists = sheet_lists(batch)
    out: dict[str, dict[str, str]] = {}
    for sheet in SHEETS:
        out[sheet] = {}
        for described in batch.workbook.get("sheets", []):
            if described["title"] in lists[sheet]:
                for header, sample in zip(described["headers"], described["samples"],
                                          strict=False):  # fmt: skip
                    if sample and not out[sheet].get(header):
                        out[sheet][header] = sample
    return out
