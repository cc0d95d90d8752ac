"""Objection pages: list, dispute a finding, and the thread with its decisions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from resolute.web.accounts.models import Role
from resolute.web.accounts.scoping import display_name, lines_for, profile_of
from resolute.web.ledger.services import EditConflict
from resolute.web.lib.files import download
from resolute.web.objections import services
from resolute.web.objections.forms import AcceptForm, MessageForm, ObjectionForm, RejectForm
from resolute.web.objections.models import Objection

PAGE_SIZE = 50


def _objection_or_404(user: Any, pk: int) -> Objection:
    qs = services.visible_objections(user).select_related(
        "enterprise__city", "line", "run", "reassessment", "assigned_to__profile__city",
        "created_by__profile", "decided_by__profile",
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


@login_required
def objection_list(request: HttpRequest) -> HttpResponse:
    """Enterprise users see their own, officers those of their city or industries."""
    qs = services.visible_objections(request.user).select_related(
        "enterprise__city", "assigned_to__profile__city"
    )
    status = request.GET.get("status", "")
    if status in Objection.Status.values:
        qs = qs.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(assigned_to=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "objections/list.html", {
        "page": page, "status": status, "mine": mine, "statuses": Objection.Status.choices,
        "query": urlencode({"status": status, **({"mine": "1"} if mine else {})}),
        "is_enterprise": _is_enterprise(request.user),
    })  # fmt: skip


def _is_enterprise(user: Any) -> bool:
    profile = profile_of(user)
    return profile is not None and profile.role == Role.ENTERPRISE


@login_required
def objection_new(request: HttpRequest) -> HttpResponse:
    """``?line=<line_id>&rule=<rule_id>`` (no line: a finding on the enterprise itself)."""
    profile = profile_of(request.user)
    if profile is None or profile.role != Role.ENTERPRISE or profile.enterprise is None:
        raise PermissionDenied("只有企业用户可以对本企业的评估结论提出异议")
    enterprise = profile.enterprise
    line_code = request.GET.get("line", "").strip()
    rule_id = request.GET.get("rule", "").strip()
    line = get_object_or_404(lines_for(request.user), line_id=line_code) if line_code else None
    disputed = services.latest_finding(enterprise, line, rule_id) if rule_id else None
    if disputed is None:
        raise Http404("最近一次评估中没有这项判定")
    existing = (
        services.visible_objections(request.user)
        .filter(enterprise=enterprise, line_code=line_code, rule_id=rule_id,
                status=Objection.Status.OPEN)
        .first()
    )  # fmt: skip
    if existing is not None:
        messages.info(request, "对这项判定的异议正在处理中，可在此补充说明或材料。")
        return redirect("objections-detail", pk=existing.pk)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        objection = services.open_objection(request.user, enterprise, disputed,
                                            form.cleaned_data["reason"],
                                            form.cleaned_data["attachment"])  # fmt: skip
        who = display_name(objection.assigned_to) if objection.assigned_to else "待分派"
        messages.success(request, f"异议已提交，由 {who} 办理。")
        return redirect("objections-detail", pk=objection.pk)
    return render(request, "objections/new.html", {
        "form": form, "disputed": disputed, "enterprise": enterprise, "line": line,
    }, status=400 if form.is_bound else 200)  # fmt: skip


def _detail(request: HttpRequest, objection: Objection, status: int = 200,
            **forms: Any) -> HttpResponse:  # fmt: skip
    user = request.user
    decide = objection.is_open and services.can_decide(user, objection)
    correctable = services.correctable_fields(objection) if decide else []
    context = {
        "objection": objection,
        "thread": objection.messages.select_related("author__profile__city")
        .prefetch_related("attachments"),
        "attachments": objection.attachments.filter(message__isnull=True),
        "is_party": services.is_party(user, objection),
        "can_decide": decide,
        "correctable": correctable,
        "reassessed": services.reassessed_finding(objection),
        "message_form": forms.get("message_form") or MessageForm(),
        "accept_form": forms.get("accept_form") or AcceptForm(correctable=correctable),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "assigned_name": display_name(objection.assigned_to)
        if objection.assigned_to else "",
        "decided_name": display_name(objection.decided_by)
        if objection.decided_by else "",
    }  # fmt: skip
    return render(request, "objections/detail.html", context, status=status)


@login_required
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _objection_or_404(request.user, pk))


@login_required
@require_POST
def objection_message(request: HttpRequest, pk: int) -> HttpResponse:
    objection = _objection_or_404(request.user, pk)
    if not services.is_party(request.user, objection):
        raise PermissionDenied("只有提出异议的企业和承办人可以留言")
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, objection, status=400, message_form=form)
    services.add_message(objection, request.user, form.cleaned_data["text"],
                         form.cleaned_data["attachment"])  # fmt: skip
    return redirect("objections-detail", pk=pk)


def _decidable(request: HttpRequest, pk: int) -> Objection:
    objection = _objection_or_404(request.user, pk)
    if not services.can_decide(request.user, objection):
        raise PermissionDenied("只有承办人或省级办公室可以处理异议")
    return objection


@login_required
@require_POST
def objection_accept(request: HttpRequest, pk: int) -> HttpResponse:
    objection = _decidable(request, pk)
    form = AcceptForm(request.POST, correctable=services.correctable_fields(objection))
    if not form.is_valid():
        return _detail(request, objection, status=400, accept_form=form)
    try:
        decided = services.accept(objection, request.user, form.values(),
                                  form.cleaned_data["decision_reason"].strip(),
                                  seen=form.cleaned_data.get("seen") or None)  # fmt: skip
    except services.NotOpen:
        messages.error(request, "该异议已由他人处理。")
        return redirect("objections-detail", pk=pk)
    except services.OutOfScope as exc:
        raise PermissionDenied(str(exc)) from None
    except EditConflict as exc:
        # Someone changed these values since the form was shown: show the current ones.
        messages.error(request, str(exc))
        return _detail(request, objection, status=409)
    run = decided.reassessment
    messages.success(request, f"已接受异议并更正台账，重新评估 #{run.pk if run else ''} 已发起。")
    return redirect("objections-detail", pk=pk)


@login_required
@require_POST
def objection_reject(request: HttpRequest, pk: int) -> HttpResponse:
    objection = _decidable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, objection, status=400, reject_form=form)
    try:
        services.reject(objection, request.user, form.cleaned_data["reason"])
    except services.NotOpen:
        messages.error(request, "该异议已由他人处理。")
        return redirect("objections-detail", pk=pk)
    messages.success(request, "已驳回异议，理由已告知企业。")
    return redirect("objections-detail", pk=pk)


@login_required
def objection_attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """Attachments are served only to those who may see the objection, and always as a
    download, so that an uploaded page can never run in the site's origin."""
    objection = _objection_or_404(request.user, pk)
    attachment = get_object_or_404(objection.attachments, pk=file_pk)
    return download(attachment.file, attachment.name)
