"""Pages ask which versions are in force several times a request (issue #12 point 2): the
published rows are read once per request, and a version saved in that request is seen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from policy_drafts import publish

from resolute.web.audit.context import acting_as
from resolute.web.policies import services
from resolute.web.policies.models import PolicyVersion

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 1)


@contextmanager
def _request() -> Iterator[None]:
    """A request's start and end as the server signals them (the database connection kept,
    as the test client keeps it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _label() -> str:
    return services.in_force(DAY).pricing.version


def test_a_request_reads_the_published_versions_once(django_assert_num_queries: Any) -> None:
    with _request(), django_assert_num_queries(1):
        assert _label() == _label() == services.in_force(DAY).pricing.version
    with django_assert_num_queries(2):  # outside a request every call reads them
        _label(), _label()


def test_a_version_published_or_withdrawn_in_the_request_is_seen() -> None:
    with _request():
        assert _label() == "2021.1"
        row = publish("pricing")
        assert _label() == "2023.1"
        row.status = PolicyVersion.REJECTED
        row.effective_from = None
        with acting_as(None, via="测试", name="测试数据"):
            row.save()
        assert _label() == "2021.1"
        publish("pricing", label="2023.2")
        assert _label() == "2023.2"
        with acting_as(None, via="测试", name="测试数据"):
            PolicyVersion.objects.get(label="2023.2").delete()
        assert _label() == "2021.1"


def test_the_next_request_reads_them_afresh() -> None:
    row = publish("pricing")
    with _request():
        assert _label() == "2023.1"
    # A change no signal tells of (another server's, or an update in SQL).
    with acting_as(None, via="测试", name="测试数据"):
        PolicyVersion.objects.filter(pk=row.pk).update(status=PolicyVersion.REJECTED,
                                                       effective_from=None)  # fmt: skip
    with _request():
        assert _label() == "2021.1"
