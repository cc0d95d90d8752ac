"""Every change to what the public sees, or to who may see what, is in the history
(issue #11, point 8): publishing a run, roles and scopes, API tokens. Rate overrides are
recorded too (tests/web/test_pricing_rates.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from resolute.web.accounts.models import Profile, Role
from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import NoActor
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City


def test_publishing_and_withdrawing_a_run_are_recorded(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    url = reverse("assessments-run-publish", args=[run.pk])
    client = client_for("province")
    client.post(url, {"published": "1"})
    client.post(url, {"published": "0"})
    events = list(AuditEvent.objects.filter(model="assessmentrun", object_pk=str(run.pk))
                  .order_by("id"))  # fmt: skip
    assert [(e.before, e.after) for e in events] == [
        ({"published": False}, {"published": True}),
        ({"published": True}, {"published": False}),
    ]
    assert {(e.actor, e.via) for e in events} == {(users["province"], "网页")}
    assert not AssessmentRun.objects.get(pk=run.pk).published


def test_publishing_twice_records_one_change(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    url = reverse("assessments-run-publish", args=[run.pk])
    client_for("province").post(url, {"published": "1"})
    client_for("province").post(url, {"published": "1"})
    assert AuditEvent.objects.filter(model="assessmentrun").count() == 1


def test_a_refused_publication_records_nothing(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    response = client_for("zibo").post(reverse("assessments-run-publish", args=[run.pk]),
                                       {"published": "1"})  # fmt: skip
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(model="assessmentrun").exists()


def test_add_user_records_the_role_and_its_changes(province_ledger: Any) -> None:
    call_command("add_user", "zb2", "--role", "city", "--city", "淄博", "--password",
                 "x-12345678-q", stdout=io.StringIO())  # fmt: skip
    call_command("add_user", "zb2", "--role", "department", "--industries", "steel",
                 "--password", "x-12345678-q", stdout=io.StringIO())  # fmt: skip
    profile = Profile.objects.get(user__username="zb2")
    events = AuditEvent.objects.filter(model="profile", object_pk=str(profile.pk))
    created, changed = events.order_by("id")
    assert created.action == "create" and created.after["role"] == Role.CITY
    assert changed.action == "update"
    assert dict((k, (b, a)) for k, b, a in changed.changes()) == {
        "role": (Role.CITY, Role.DEPARTMENT),
        "city_id": (City.objects.get(name="淄博").pk, None),
        "industries": ([], ["steel"]),
    }
    assert created.via == "命令行" and created.actor_name.startswith("命令行（")
    accounts = AuditEvent.objects.filter(model="user", object_pk=str(profile.user.pk))
    assert [(e.action, e.after) for e in accounts.order_by("id")] == [
        ("create", {"username": "zb2", "password": "已设置"}),
        ("update", {"username": "zb2", "password": "已设置"}),
    ]  # the password itself is never recorded


def test_issuing_a_token_is_recorded_without_its_digest(users: Any) -> None:
    out = io.StringIO()
    call_command("issue_token", "zibo", "--name", "市平台对接", stdout=out, stderr=io.StringIO())
    (event,) = AuditEvent.objects.filter(model="apitoken")
    assert event.action == "create" and event.via == "命令行"
    assert event.after["user_id"] == users["zibo"].pk and event.after["name"] == "市平台对接"
    assert "digest" not in event.after
    assert out.getvalue().strip() not in str(event.after)


def test_a_role_cannot_change_without_someone_named(users: Any) -> None:
    profile = users["zibo"].profile
    profile.role = Role.PROVINCE
    with pytest.raises(NoActor):
        profile.save()
    assert Profile.objects.get(pk=profile.pk).role == Role.CITY
