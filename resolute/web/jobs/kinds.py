"""The kinds of long work a page may hand to a worker, each by the function that does it.

A kind's function takes the :class:`~resolute.web.jobs.models.Job` (its user and params) and
a ``progress(stage, done, total)`` callback, and returns a :class:`Done`: the files to keep
and the figures to show. It reads as the job's user (scope) and writes nothing but what it
returns; :mod:`resolute.web.jobs.services` stores the files and finishes the job in one
step, so a job either has all its files or none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Output:
    """One file of a job's result: the name it is downloaded under and its content."""

    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Done:
    files: list[Output] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)


class JobRefused(Exception):
    """The work cannot be done, for a reason the user is told as it is (Chinese, no codes)."""


@dataclass(frozen=True)
class Kind:
    """What a kind of job runs (a dotted path, imported when a worker needs it), what removes
    whatever it may have left outside its own folder when it fails or its worker dies, and the
    template that shows its result on the job's page."""

    run: str
    cleanup: str = ""
    result_template: str = ""


KINDS: dict[str, Kind] = {
    "ledger-export": Kind("resolute.web.front.ledger_exports.export_job"),
    "run-export": Kind("resolute.web.assessments.exports.export_job"),
    "list-export": Kind("resolute.web.lib.listing.export_job"),
    "bulletin-issue": Kind(
        "resolute.web.bulletins.jobs.issue_job", cleanup="resolute.web.bulletins.jobs.cleanup_job"
    ),
    "whatif": Kind(
        "resolute.web.whatif.jobs.whatif_job", result_template="whatif/_job_result.html"
    ),
    "policy-preview": Kind(
        "resolute.web.policies.jobs.preview_job", result_template="whatif/_job_result.html"
    ),
}


def runner(kind: str) -> Callable[[Any, Progress], Done]:
    """The function that does ``kind``; KeyError for a kind that does not exist."""
    return import_string(KINDS[kind].run)


def cleanup(job: Any) -> None:
    """Remove what a failed or interrupted job of this kind may have left."""
    kind = KINDS.get(job.kind)
    if kind is not None and kind.cleanup:
        import_string(kind.cleanup)(job)
