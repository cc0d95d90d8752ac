"""The demo users have e-mail addresses (in example.org, which reaches no one), so that on
`make run` the daily notices' e-mails show on the console of the worker."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from resolute.web.notices import services

pytestmark = pytest.mark.django_db

DEMO_USERS = ("province", "industry", "zibo", "linyi", "enterprise")
EXAMPLE = re.compile(r"^[a-z0-9._-]+@([a-z0-9-]+\.)*example\.org$")


def test_every_demo_user_has_an_example_address_and_their_notices_print_on_the_console(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    call_command("load_demo", lines=1500, seed=1, stdout=out)
    emails = dict(get_user_model().objects.filter(username__in=DEMO_USERS)
                  .values_list("username", "email"))  # fmt: skip
    assert sorted(emails) == sorted(DEMO_USERS)
    for username, email in emails.items():
        assert EXAMPLE.match(email), (username, email)
    assert len(set(emails.values())) == len(DEMO_USERS)
    assert f"（邮箱 {emails['zibo']}）" in out.getvalue()
    # `make run` uses the settings' default backend, the console: the daily run prints mail.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    capsys.readouterr()
    summary = services.run_daily(timezone.localdate())
    printed = capsys.readouterr().out
    assert summary["mails"] >= 1
    for officer in ("zibo", "linyi", "industry"):  # each answers for lines past their deadline
        assert f"To: {emails[officer]}" in printed, officer
    assert "Subject: =?utf-8?" in printed and "noreply@localhost" in printed


def test_a_second_load_keeps_the_addresses_and_gives_one_to_a_user_without() -> None:
    call_command("load_demo", lines=300, seed=1, stdout=io.StringIO())
    zibo = get_user_model().objects.get(username="zibo")
    zibo.email = ""
    zibo.save()
    call_command("load_demo", lines=300, seed=1, stdout=io.StringIO())
    zibo.refresh_from_db()
    assert EXAMPLE.match(zibo.email)
