"""Named users who differ in what they may see, and a small two-city ledger.

- ``province``: 省级办公室 — everything;
- ``industry``: 行业主管部门 for steel and coking;
- ``zibo``: 淄博 city officer;  ``linyi``: 临沂 city officer;
- ``enterprise_user``: user of the 淄博 steel enterprise;
- anonymous: the public.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from province import Province, build_province, make_user

from resolute.web.accounts.models import Role
from resolute.web.ledger.models import City

PASSWORD = "test-password-2021"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Background tasks run at once, in the caller, through the same task code as in
    # production (resolute.web.lib.background).
    settings.RESOLUTE_RUNS_INLINE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A worker started by a test queues no daily notices unless the test asks for them.
    settings.RESOLUTE_DAILY_TASKS = False
    # The real hasher takes ~0.3 s a user by design; tests need no such protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province_ledger(db: Any) -> Province:
    # A transactional test before this one (transaction=True, transactional_db) empties every
    # table when it ends, the cities the migrations loaded included: load them again.
    if not City.objects.exists():
        importlib.import_module("resolute.web.ledger.migrations.0002_cities").load(apps, None)
    return build_province()


@pytest.fixture
def users(province_ledger: Province) -> dict[str, Any]:
    return {
        "province": make_user("province", PASSWORD, role=Role.PROVINCE, display_name="省办"),
        "industry": make_user("industry", PASSWORD, role=Role.DEPARTMENT, industries=["steel", "coking"],
                          display_name="省工信厅"),
        "zibo": make_user("zibo", PASSWORD, role=Role.CITY, city=City.objects.get(name="淄博")),
        "linyi": make_user("linyi", PASSWORD, role=Role.CITY, city=City.objects.get(name="临沂")),
        "enterprise_user": make_user("enterprise_user", PASSWORD, role=Role.ENTERPRISE,
                                 enterprise=province_ledger.zibo_steel),
        "no_role": make_user("no_role", PASSWORD),
    }  # fmt: skip


@pytest.fixture
def client_for(users: dict[str, Any]) -> Any:
    """client_for("zibo") is a Client signed in as that user; client_for(None) is anonymous."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(users[name])
        return client

    return make


@pytest.fixture
def pin_today(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    """``pin_today(day)``: from then on ``timezone.localdate()`` is ``day`` (the day pages,
    tasks and the computed sets look at); a date of a given moment stays as it is."""
    real = timezone.localdate
    pinned: dict[str, dt.date] = {}

    def localdate(*args: Any, **kwargs: Any) -> dt.date:
        if not args and kwargs.get("value") is None:
            return pinned["day"]
        return real(*args, **kwargs)

    def pin(day: dt.date) -> None:
        pinned["day"] = day
        monkeypatch.setattr(timezone, "localdate", localdate)

    return pin
