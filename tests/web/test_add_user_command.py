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


@pytest.mark.parametrize("password", ["1", "12345678901", "password123", "zb-weak"])
def test_a_weak_password_is_refused_and_nothing_is_created(province_ledger: Any,
                                                           password: str) -> None:  # fmt: skip
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("add_user", "zb3", "--role", "city", "--city", "淄博", "--password", password)
    assert not Profile.objects.filter(user__username="zb3").exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="zb3").exists()


def test_a_weak_password_leaves_an_existing_user_as_it_was(province_ledger: Any) -> None:
    call_command("add_user", "zb4", "--role", "city", "--city", "淄博", "--password",
                 "x-12345678-q")  # fmt: skip
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("add_user", "zb4", "--role", "province", "--password", "1")
    profile = Profile.objects.get(user__username="zb4")
    assert profile.role == "city" and profile.user.check_password("x-12345678-q")
