"""Sign-in: lockout after repeated failures, sessions that end when idle (issue #11, point 7)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from web.conftest import PASSWORD

from resolute.web.front.middleware import LAST_SEEN


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("front-login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_after_five_wrong_passwords_even_the_right_one_is_refused(users: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "zibo", "wrong-password").status_code == 200
    locked = sign_in(client, "zibo", "wrong-password")
    assert locked.status_code == 429
    response = sign_in(client, "zibo", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    text = response.content.decode()
    assert "连续 5 次密码错误" in text and "暂停登录 30 分钟" in text


def test_a_name_locked_out_from_one_address_is_locked_from_another(users: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), "zibo", "wrong-password")
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(other, "zibo", PASSWORD).status_code == 429
    assert not signed_in(other)


def test_fewer_failures_then_success_signs_in_and_starts_afresh(users: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "linyi", "wrong-password")
    assert sign_in(client, "linyi", PASSWORD).status_code == 302 and signed_in(client)
    again = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(again, "linyi", "wrong-password")
    assert sign_in(again, "linyi", PASSWORD).status_code == 302  # the count was reset


def _age_session(key: str, seconds_since_refresh: int, expires_in: dt.timedelta) -> None:
    """As if the session's last refresh was that long ago and it expires that soon."""
    store = SessionStore(session_key=key)
    store[LAST_SEEN] = int(time.time()) - seconds_since_refresh
    store.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + expires_in)


def test_a_session_ends_after_two_idle_hours_and_use_extends_it(users: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    client = Client()
    assert sign_in(client, "zibo", PASSWORD).status_code == 302
    key = client.session.session_key
    # Used a minute after its last refresh: no write, the expiry stays.
    _age_session(key, 60, dt.timedelta(minutes=30))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("ledger-line-list")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]
                and q["sql"].lstrip().upper().startswith("UPDATE")]  # fmt: skip
    assert Session.objects.get(session_key=key).expire_date < timezone.now() + dt.timedelta(hours=1)
    # Used five minutes after its last refresh: two hours from now.
    _age_session(key, settings.RESOLUTE_SESSION_REFRESH_SECONDS, dt.timedelta(minutes=30))
    assert client.get(reverse("ledger-line-list")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(hours=1, minutes=59)
    # Not used for two hours: signed out.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    response = client.get(reverse("ledger-line-list"))
    assert response.status_code == 302 and reverse("front-login") in response["Location"]
