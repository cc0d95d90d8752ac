"""Pages of the policy versions (政策版本): the versions in force and awaiting review, the
history of each data set, a draft's entries edited in forms, its diff against the version in
force, its effect (rulebook: a background what-if over the province), submission, approval
by a second administrator, and the version files (YAML, 对照表 as Excel and PDF).

Every step goes through resolute.web.policies.review; only province administrators
(permission ``policies``) see these pages.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from resolute.core import policies, rulebook
from resolute.core.policies import PolicyError
from resolute.io import policy_table
from resolute.web.accounts.permissions import permission_required
from resolute.web.jobs import services as jobs
from resolute.web.jobs.models import Job
from resolute.web.lib.export import XLSX_CONTENT_TYPE, content_disposition
from resolute.web.policies import editing, lists, review, services
from resolute.web.policies.forms import (
    AddEntryForm,
    ApproveForm,
    DocumentForm,
    EntryForm,
    ImportForm,
    InfoForm,
    NewDraftForm,
    PartForm,
    ReturnForm,
)
from resolute.web.policies.models import PolicyVersion
from resolute.web.policies.review import ReviewError

admin_required = permission_required(
    "policies", "只有省级办公室的管理员可以起草、审核和发布政策版本。"
)

PDF_CONTENT_TYPE = "application/pdf"
YAML_CONTENT_TYPE = "application/yaml; charset=utf-8"


def _dataset(code: str) -> str:
    if code not in policies.DATASETS:
        raise Http404("没有这个数据集")
    return code


def _rows() -> Any:
    return PolicyVersion.objects.select_related("created_by", "submitted_by", "approved_by")


def _problems(form: Any) -> str:
    """A refused form's problems in one line, for a message above the page."""
    return "；".join(e for errs in form.errors.values() for e in errs)


@admin_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sets = []
    for code, label in policies.DATASETS.items():
        current = review.in_force(code, today)
        upcoming = _rows().filter(dataset=code, status=PolicyVersion.PUBLISHED,
                                  effective_from__gt=today).order_by("effective_from")  # fmt: skip
        sets.append({"code": code, "label": label, "current": current.version.info,
                     "row": current.row, "upcoming": list(upcoming)})  # fmt: skip
    open_rows = _rows().exclude(status=PolicyVersion.PUBLISHED).order_by("-updated_at")
    return render(request, "policies/home.html", {
        "sets": sets, "open_rows": open_rows, "new_form": NewDraftForm(),
        "import_form": ImportForm(),
    })  # fmt: skip


@admin_required
def history(request: HttpRequest, dataset: str) -> HttpResponse:
    code = _dataset(dataset)
    today = timezone.localdate()
    current = review.in_force(code, today)
    rows = {r.label: r for r in _rows().filter(dataset=code, status=PolicyVersion.PUBLISHED)}
    versions = [{"info": v.info, "row": rows.get(v.label), "current": v.label == current.version.label,
                 "future": v.effective is not None and v.effective > today}
                for v in services.history(code).versions]  # fmt: skip
    others = _rows().filter(dataset=code).exclude(status=PolicyVersion.PUBLISHED)
    return render(request, "policies/history.html", {
        "code": code, "label": policies.DATASETS[code], "versions": versions[::-1],
        "others": others,
    })  # fmt: skip


@admin_required
@require_POST
def new_draft(request: HttpRequest) -> HttpResponse:
    form = NewDraftForm(request.POST)
    if form.is_valid():
        try:
            draft = review.start_draft(request.user, form.cleaned_data["dataset"],
                                       form.cleaned_data["label"])  # fmt: skip
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已新建{draft.dataset_label}草稿 {draft.label}。")
            return redirect("policies-version", pk=draft.pk)
    else:
        messages.error(request, _problems(form))
    return redirect("policies-home")


@admin_required
@require_http_methods(["GET", "POST"])
def import_version(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = review.import_draft(request.user, form.cleaned_data["dataset"], upload.name,
                                        upload.read(review.MAX_UPLOAD_BYTES + 1))  # fmt: skip
        except ReviewError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request, f"已导入{draft.dataset_label}版本 {draft.label}，作为草稿保存。"
            )
            return redirect("policies-version", pk=draft.pk)
    return render(request, "policies/import.html", {"form": form})


def _latest_preview(version: PolicyVersion) -> Job | None:
    return (
        Job.objects.filter(kind="policy-preview", params__version=version.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


@admin_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(_rows(), pk=pk)
    problems = review.problems(version)
    raw = review.raw_of(version)
    entries = editing.entries(version.dataset, raw) if isinstance(raw, dict) else []
    sections: dict[str, list[editing.Entry]] = {}
    for e in entries:
        sections.setdefault(e.section_label, []).append(e)
    preview = _latest_preview(version) if version.dataset == "rulebook" else None
    editable = version.status in review.EDITABLE
    return render(request, "policies/version.html", {
        "v": version, "problems": problems, "sections": sections, "editable": editable,
        "proposed": review.proposed_effective(version),
        "may_approve": version.status == PolicyVersion.SUBMITTED
        and review.may_approve(version, request.user),
        "approve_form": ApproveForm(initial={"effective_from": review.proposed_effective(version)}),
        "return_form": ReturnForm(), "preview": preview,
        "document_form": DocumentForm(initial={"digest": version.digest}),
        "preview_current": preview is not None and preview.result.get("digest") == version.digest,
        "base_label": _base_label(version),
        "add_forms": [AddEntryForm(section, word, entries, initial={"digest": version.digest})
                      for section, word in lists.ADDABLE[version.dataset].items()]
        if editable else [],
    })  # fmt: skip


def _base_label(version: PolicyVersion) -> str:
    try:
        return review.base_of(version).label
    except PolicyError:
        return ""


@admin_required
@require_http_methods(["GET", "POST"])
def version_info(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    if version.status not in review.EDITABLE:
        messages.error(request, f"{version.get_status_display()}的版本不能修改。")
        return redirect("policies-version", pk=pk)
    initial = {"label": version.label, "doc_number": version.doc_number,
               "doc_title": version.doc_title, "doc_date": version.doc_date,
               "publisher": version.publisher, "proposed": review.proposed_effective(version),
               "digest": version.digest}  # fmt: skip
    form = InfoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = review.save_info(version, request.user, label=data["label"],
                                     doc_number=data["doc_number"], doc_title=data["doc_title"],
                                     doc_date=data["doc_date"], publisher=data["publisher"],
                                     proposed=data["proposed"], digest=data["digest"])  # fmt: skip
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            _saved(request, found)
            return redirect("policies-version", pk=pk)
    return render(request, "policies/info.html", {"v": version, "form": form})


def _saved(request: HttpRequest, found: list[str]) -> None:
    if found:
        messages.warning(
            request, "已保存。草稿仍有以下问题，改正前不能提交审核：" + "；".join(found)
        )
    else:
        messages.success(request, "已保存，整个草稿已通过检查。")


def _book(version: PolicyVersion) -> rulebook.Rulebook:
    """The rulebook whose fields, figures and classes a draft's conditions may name: the
    draft's own where it reads, else the bundled one."""
    if version.dataset == "rulebook":
        try:
            return cast(rulebook.Rulebook, version.version().content)
        except PolicyError:
            pass
    return rulebook.default()


def _entry_or_404(version: PolicyVersion, raw: Any, key: str) -> editing.Entry:
    try:
        return editing.entry(version.dataset, raw, key)
    except editing.EntryNotFound:
        raise Http404("没有这个条目") from None


def _entry_page(request: HttpRequest, version: PolicyVersion, key: str,
                form: EntryForm | None = None,
                bound: tuple[int, PartForm] | None = None) -> HttpResponse:  # fmt: skip
    raw = review.raw_of(version)
    entry = _entry_or_404(version, raw, key)
    editable = version.status in review.EDITABLE
    parts = lists.parts(version.dataset, raw, key, _book(version))
    initial = {"digest": version.digest}
    part_forms = [(i, p, bound[1] if bound and bound[0] == i else
                   PartForm(p, prefix=f"part{i}", initial=initial))
                  for i, p in enumerate(parts)]  # fmt: skip
    return render(request, "policies/entry.html", {
        "v": version, "entry": entry, "editable": editable,
        "form": form or EntryForm(entry, initial=initial), "parts": part_forms,
        "removable": entry.section in lists.REMOVABLE[version.dataset],
        "problems": review.problems(version),
    })  # fmt: skip


@admin_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    if request.method != "POST":
        return _entry_page(request, version, key)
    entry = _entry_or_404(version, review.raw_of(version), key)
    if version.status not in review.EDITABLE:
        messages.error(request, f"{version.get_status_display()}的版本不能修改。")
        return redirect("policies-version", pk=pk)
    form = EntryForm(entry, request.POST)
    if form.is_valid():
        try:
            found = review.save_entry(version, request.user, key, form.values,
                                      form.cleaned_data.get("digest", ""))  # fmt: skip
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            if not form.values:
                messages.info(request, "没有修改任何内容。")
            else:
                _saved(request, found)
            return redirect("policies-entry", pk=pk, key=key)
    return _entry_page(request, version, key, form=form)


@admin_required
@require_POST
def entry_part_add(request: HttpRequest, pk: int, key: str, index: int) -> HttpResponse:
    """Add an item to part ``index`` of entry ``key`` (a condition, a limit value …)."""
    version = get_object_or_404(PolicyVersion, pk=pk)
    book = _book(version)
    parts = lists.parts(version.dataset, review.raw_of(version), key, book)
    if not 0 <= index < len(parts):
        raise Http404("该条目没有这一部分")
    form = PartForm(parts[index], request.POST, prefix=f"part{index}")
    if form.is_valid():
        try:
            review.change(version, request.user, form.cleaned_data.get("digest", ""),
                          lambda raw: lists.add_item(version.dataset, raw, key, index,
                                                     form.values(), book))  # fmt: skip
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已新增{parts[index].label}，整个草稿已通过检查。")
            return redirect("policies-entry", pk=pk, key=key)
    return _entry_page(request, version, key, bound=(index, form))


@admin_required
@require_POST
def entry_part_remove(request: HttpRequest, pk: int, key: str, index: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    book = _book(version)
    ref = request.POST.get("item", "")
    try:
        words = review.change(version, request.user, request.POST.get("digest", ""),
                              lambda raw: lists.remove_item(version.dataset, raw, key, index,
                                                            ref, book))  # fmt: skip
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除：{words}。")
    return redirect("policies-entry", pk=pk, key=key)


@admin_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        title = review.change(version, request.user, request.POST.get("digest", ""),
                              lambda raw: lists.remove_entry(version.dataset, raw, key))  # fmt: skip
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("policies-entry", pk=pk, key=key)
    messages.success(request, f"已删除“{title}”。")
    return redirect("policies-version", pk=pk)


@admin_required
@require_POST
def entry_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """A new entry of ``section``: a copy of the chosen one under a new code, opened in its
    form to be changed."""
    version = get_object_or_404(PolicyVersion, pk=pk)
    word = lists.ADDABLE.get(version.dataset, {}).get(section)
    if word is None:
        raise Http404("这一部分不能新增条目")
    raw = review.raw_of(version)
    entries = editing.entries(version.dataset, raw) if isinstance(raw, dict) else []
    form = AddEntryForm(section, word, entries, request.POST)
    if not form.is_valid():
        messages.error(request, _problems(form))
        return redirect("policies-version", pk=pk)
    data = form.cleaned_data
    try:
        key = review.change(version, request.user, data["digest"],
                            lambda raw: lists.add_entry(version.dataset, raw, section,
                                                        data["template"], data["code"]))  # fmt: skip
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("policies-version", pk=pk)
    messages.success(request, f"已新增{word} {data['code']}，请修改其内容。")
    return redirect("policies-entry", pk=pk, key=key)


@admin_required
@require_POST
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk, dataset="rulebook")
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _problems(form))
        return redirect("policies-version", pk=pk)
    try:
        found = review.add_document(version, request.user, form.cleaned_data["code"],
                                    form.cleaned_data["title"], form.covers_list(),
                                    form.cleaned_data["digest"])  # fmt: skip
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        _saved(request, found)
    return redirect("policies-version", pk=pk)


@admin_required
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        base, changes = review.changes(version)
    except PolicyError as exc:
        return render(request, "policies/diff.html", {"v": version, "problems": exc.problems})
    return render(request, "policies/diff.html", {
        "v": version, "base": base.info, "changes": changes, "problems": [],
    })  # fmt: skip


@admin_required
@require_POST
def version_preview(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk, dataset="rulebook")
    try:
        version.version()
    except PolicyError as exc:
        messages.error(request, "草稿有问题，改正后才能推演：" + "；".join(exc.problems))
        return redirect("policies-version", pk=pk)
    job = jobs.submit(request.user, "policy-preview", f"规则库草稿 {version.label} 的影响推演",
                      {"version": version.pk})  # fmt: skip
    return redirect("jobs-detail", pk=job.pk)


@admin_required
@require_POST
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        review.submit(version, request.user)
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交审核，须由另一位省级管理员审核。")
    return redirect("policies-version", pk=pk)


@admin_required
@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _problems(form))
        return redirect("policies-version", pk=pk)
    try:
        done = review.approve(version, request.user, form.cleaned_data["effective_from"],
                              form.cleaned_data["note"])  # fmt: skip
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        day = done.effective_from.isoformat() if done.effective_from else ""
        messages.success(request, f"已审核通过并发布，自 {day} 起生效。")
    return redirect("policies-version", pk=pk)


@admin_required
@require_POST
def version_return(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _problems(form))
        return redirect("policies-version", pk=pk)
    try:
        review.send_back(version, request.user, form.cleaned_data["note"])
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已退回起草人。")
    return redirect("policies-version", pk=pk)


@admin_required
@require_POST
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        review.discard(version, request.user)
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("policies-version", pk=pk)
    messages.success(request, f"已删除草稿 {version.label}。")
    return redirect("policies-home")


# ─── files ────────────────────────────────────────────────────────────────────


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["Cache-Control"] = "private, no-store"
    return response


@admin_required
def export_yaml(request: HttpRequest, dataset: str, label: str) -> HttpResponse:
    """Any version's file as stored: bundled, published, or a draft (by its label)."""
    code = _dataset(dataset)
    row = PolicyVersion.objects.filter(dataset=code, label=label).first()
    if row is not None:
        text = row.text
    elif label == policies.bundled(code).label:
        text = policies.bundled(code).text
    else:
        raise Http404("没有这个版本")
    return _file(text.encode("utf-8"), YAML_CONTENT_TYPE, f"{code}-{label}.yaml")


def _table(version: PolicyVersion) -> policy_table.Table:
    try:
        base, changes = review.changes(version)
    except PolicyError as exc:
        raise ReviewError("；".join(exc.problems)) from exc
    return policy_table.Table(base.info, version.info(), changes,
                              version.get_status_display(), timezone.localdate())  # fmt: skip


@admin_required
def table_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    try:
        table = _table(version)
    except ReviewError as exc:
        messages.error(request, f"草稿有问题，无法生成对照表：{exc}")
        return redirect("policies-version", pk=pk)
    name = f"{version.dataset_label}修订对照表-{version.label}"
    if fmt == "xlsx":
        return _file(policy_table.xlsx_bytes(table), XLSX_CONTENT_TYPE, f"{name}.xlsx")
    return _file(policy_table.pdf_bytes(table), PDF_CONTENT_TYPE, f"{name}.pdf")
