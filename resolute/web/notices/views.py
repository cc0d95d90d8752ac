"""A user's notices: the list (unread first, or only unread), opening one (marks it read and
goes where it is dealt with) and marking read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from resolute.web.notices import services

PAGE_SIZE = 50


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    qs = services.notices_for(request.user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    qs = qs.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {
        "page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else "",
    })  # fmt: skip


@login_required
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(services.notices_for(request.user), pk=pk)
    services.mark_read(request.user, [notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notices-list")


@login_required
@require_POST
def notice_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (``pk``) or all of the user's notices read."""
    pk = request.POST.get("pk", "")
    if pk.isdigit():
        services.mark_read(request.user, [int(pk)])
    else:
        count = services.mark_read(request.user)
        messages.success(request, f"已将 {count} 条提醒标为已读。")
    return redirect("notices-list")
