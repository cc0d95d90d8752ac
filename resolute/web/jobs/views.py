"""A user's long work: its progress, its files (kept, downloadable later), and retrying it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from resolute.web.jobs import services
from resolute.web.jobs.kinds import KINDS
from resolute.web.jobs.models import Job
from resolute.web.lib import background
from resolute.web.lib.export import content_disposition

RECENT = 50


def _own(request: HttpRequest, pk: int) -> Job:
    """The user's own job (another's is not found: it holds that user's scope)."""
    job = get_object_or_404(Job, pk=pk, user=request.user)
    if job.status == Job.Status.RUNNING and background.sweep_dead_workers():
        job.refresh_from_db()  # its worker died: the page says so at once
    return job


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(user=request.user)[:RECENT]
    return render(request, "jobs/list.html", {"jobs": jobs, "Status": Job.Status})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own(request, pk)
    kind = KINDS.get(job.kind)
    return render(request, "jobs/detail.html", {
        "job": job, "Status": Job.Status,
        "result_template": kind.result_template if kind else "",
    })  # fmt: skip


@login_required
def job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own(request, pk)
    return JsonResponse({"status": job.status, "progress": job.progress, "percent": job.percent,
                         "message": job.message})  # fmt: skip


@login_required
def job_file(request: HttpRequest, pk: int, index: int) -> FileResponse:
    job = _own(request, pk)
    if job.status != Job.Status.DONE or not 0 < index <= len(job.files):
        raise Http404("没有这个文件")
    entry = job.files[index - 1]
    path = Path(settings.MEDIA_ROOT) / entry["file"]
    if not path.is_file():
        raise Http404("文件已不存在")
    response = FileResponse(path.open("rb"), content_type=entry["content_type"])
    response["Content-Disposition"] = content_disposition(entry["name"])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # scoped data: never in a shared cache
    return response


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own(request, pk)
    if job.status != Job.Status.FAILED:
        messages.error(request, "只有失败的任务可以重试。")
        return redirect("jobs-detail", pk=job.pk)
    again = services.retry(job)
    messages.success(request, f"已重新发起：{again.title}。")
    return redirect("jobs-detail", pk=again.pk)
