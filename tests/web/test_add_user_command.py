"""Administrators give access with `manage.py add_user`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from resolute.web.accounts.models import Profile
from resolute.web.accounts.scoping import enterprises_for


def test_a_city_officer_is_created_with_the_citys_scope(province_ledger: Any) -> None:
    call_command(
        "add_user", "zb2", "--role", "city", "--city", "淄博市", "--password", "x-12345678"
    )
    profile = Profile.objects.get(user__username="zb2")
    assert profile.city is not None and profile.city.name == "淄博"
    assert {e.city.name for e in enterprises_for(profile.user)} == {"淄博"}


def test_a_role_without_its_scope_is_refused(province_ledger: Any) -> None:
    with pytest.raises(CommandError, match="必须指定所属市"):
        call_command("add_user", "nobody", "--role", "city", "--password", "x-12345678")
    with pytest.raises(CommandError, match="没有名为"):
        call_command("add_user", "nobody", "--role", "city", "--city", "莱芜", "--password", "x")
    assert not Profile.objects.filter(user__username="nobody").exists()
