"""Which policy versions apply: the bundled version of each data set plus the published rows.

One place answers it for pages, API, CLI-in-web and background tasks: :func:`history`,
:func:`in_force` and :func:`by_label`. Drafts, submitted and rejected versions never count.

Parsed versions are cached in the process keyed by the row's id and digest (both stored in
the database), so a version published on another server is read on its first use here and
an edited row is never served stale. Within one request the published rows are read once
(:func:`histories`); saving or deleting a row in that request reads them afresh.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

from resolute.core import policies
from resolute.core.policies import History, PolicyError, PolicySet, Version
from resolute.web.policies.models import PolicyVersion

_CACHE: dict[tuple[int, str, str, str], Version] = {}
_LOCK = threading.Lock()


def _parsed(row: PolicyVersion) -> Version:
    key = (
        row.pk,
        row.digest,
        row.label,
        row.effective_from.isoformat() if row.effective_from else "",
    )
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit.info == row.info():
        return hit
    version = row.version()
    with _LOCK:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = version
    return version


def published(dataset: str | None = None) -> list[PolicyVersion]:
    """Published rows (of one data set or all), oldest effective date first. Their text is
    read only when a row is parsed (once per process: see :func:`_parsed`), so that the pages
    asking what is in force today do not read every version's YAML each time."""
    rows = PolicyVersion.objects.filter(status=PolicyVersion.PUBLISHED).defer("text")
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    return list(rows.order_by("effective_from", "approved_at", "pk"))


def history(dataset: str) -> History:
    """The versions of ``dataset`` that took effect: the bundled one and every published row,
    ordered by effective date."""
    policies.check_dataset(dataset)
    return History(dataset, [policies.bundled(dataset), *(_parsed(r) for r in published(dataset))])


#: The histories read in the request this thread serves: ``None`` outside a request (a
#: background task, a command), where every call reads the rows.
_REQUEST = threading.local()


def _request_started(**kwargs: object) -> None:
    _REQUEST.histories = {}


def _request_finished(**kwargs: object) -> None:
    _REQUEST.histories = None


def _version_changed(**kwargs: object) -> None:
    if getattr(_REQUEST, "histories", None):
        _REQUEST.histories = {}


request_started.connect(_request_started, dispatch_uid="policies-histories-start")
request_finished.connect(_request_finished, dispatch_uid="policies-histories-finish")
post_save.connect(_version_changed, sender=PolicyVersion, dispatch_uid="policies-saved")
post_delete.connect(_version_changed, sender=PolicyVersion, dispatch_uid="policies-deleted")


def histories() -> dict[str, History]:
    """Every data set's history; read once per request (pages ask :func:`in_force` several
    times), afresh after a version is saved or deleted in it."""
    memo: dict[str, dict[str, History]] | None = getattr(_REQUEST, "histories", None)
    if memo is not None and "all" in memo:
        return memo["all"]
    rows = published()
    found = {
        d: History(d, [policies.bundled(d), *(_parsed(r) for r in rows if r.dataset == d)])
        for d in policies.DATASETS
    }
    if memo is not None:
        memo["all"] = found
    return found


def in_force(as_of: dt.date, **chosen: str) -> PolicySet:
    """The versions of all six data sets in force on ``as_of``. ``chosen`` names a version by
    label for a data set instead (``rulebook="2023.1"``), e.g. an assessment started with a
    named rulebook version; it must be published (or bundled)."""
    hist = histories()
    result = policies.in_force(hist, as_of)
    for dataset, label in chosen.items():
        if label:
            policies.check_dataset(dataset)
            result = result.replace(hist[dataset].by_label(label))
    return result


def describe(dataset: str, label: str) -> policies.VersionInfo:
    """What is known of version ``label`` of ``dataset`` (its document and date) for a page;
    a label no longer on record (a run of an edited bundled file) is stated by itself."""
    if not label:
        return policies.VersionInfo(dataset=dataset, label="")
    try:
        return by_label(dataset, label).info
    except PolicyError:
        return policies.VersionInfo(dataset=dataset, label=label)


def current() -> PolicySet:
    """The versions in force today: what pages that show the standards as they stand use."""
    from django.utils import timezone

    return in_force(timezone.localdate())


def by_label(dataset: str, label: str) -> Version:
    """A published (or the bundled) version of ``dataset`` by its label."""
    return history(dataset).by_label(label)


__all__ = [
    "PolicyError",
    "PolicySet",
    "by_label",
    "describe",
    "histories",
    "history",
    "in_force",
    "published",
]
