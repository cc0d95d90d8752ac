"""The task API: Django's own (django.tasks, Django 6) when present, else the django-tasks
backport, so that moving to Django 6 changes only this file."""

from __future__ import annotations

try:  # Django 6
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
    from django.tasks.base import TaskResultStatus  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task  # type: ignore[no-redef,unused-ignore]
    from django_tasks.base import TaskResultStatus  # type: ignore[no-redef,unused-ignore]

RUNNING = TaskResultStatus.RUNNING

__all__ = ["RUNNING", "TaskResultStatus", "task"]
