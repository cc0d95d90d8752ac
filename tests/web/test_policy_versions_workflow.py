"""A rulebook draft from start to publication (issue #15, point 2): started from the version in
force, a threshold edited in its form, diffed rule by rule, its effect previewed on the
province as a background job, submitted, refused to its author, approved by a second
administrator with a future effective date and published — and until that date the version
in force is still the old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from policy_drafts import FURNACE_RULE, fill_info, post_entry, second_admin

from resolute.core import policies
from resolute.web.audit.models import AuditEvent
from resolute.web.jobs.models import Job
from resolute.web.policies import review, services
from resolute.web.policies.models import PolicyVersion


@pytest.fixture
def draft(client_for: Any) -> PolicyVersion:
    client = client_for("province")
    response = client.post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    assert response.status_code == 302
    return PolicyVersion.objects.get(dataset="rulebook", label="2023.1")


def test_a_draft_starts_from_the_version_in_force_and_changes_nothing(draft: PolicyVersion) -> None:
    assert draft.status == PolicyVersion.DRAFT
    assert draft.based_on is None  # the bundled version is in force
    bundled = policies.bundled("rulebook").content
    assert draft.version().content.rules == bundled.rules
    assert services.in_force(timezone.localdate()).rulebook.version == bundled.version


def test_a_threshold_edited_in_its_form_is_the_only_change(client_for: Any,
                                                          draft: PolicyVersion) -> None:  # fmt: skip
    page = post_entry(client_for("province"), draft, FURNACE_RULE, {"阈值": "350"})
    assert "整个草稿已通过检查" in page.content.decode()
    draft.refresh_from_db()
    rule = draft.version().content.rule(FURNACE_RULE)
    assert rule.fails_if.value == 350
    _base, changes = review.changes(draft)
    rules_changed = [c for c in changes if c.section == "rules"]
    assert [(c.entry, c.old, c.new) for c in rules_changed] == [
        (FURNACE_RULE, "有效容积 ≤ 400 立方米", "有效容积 ≤ 350 立方米")
    ]
    assert rules_changed[0].clause == "二(二)1"


def test_the_diff_page_shows_old_and_new_with_clause(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    html = client.get(reverse("policies-diff", args=[draft.pk])).content.decode()
    assert "有效容积 ≤ 400 立方米" in html and "有效容积 ≤ 350 立方米" in html
    assert "二(二)1" in html


def test_the_preview_runs_in_the_background_and_names_the_line_that_changes(
    client_for: Any, draft: PolicyVersion
) -> None:
    client = client_for("province")
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    response = client.post(reverse("policies-preview", args=[draft.pk]))
    job = Job.objects.get(kind="policy-preview")
    assert response.url == reverse("jobs-detail", args=[job.pk])
    assert job.status == Job.Status.DONE
    summary = job.result["difference"]["summary"]
    assert summary["lines_changed"] == 1 and summary["lines_no_longer_eliminated"] == 1
    assert [r["line_id"] for r in job.result["difference"]["line_rows"]] == ["ZB-BF-1"]
    assert [r["city"] for r in summary["by_city"]] == ["淄博"]
    page = client.get(reverse("jobs-detail", args=[job.pk])).content.decode()
    assert "ZB-BF-1" in page and "按市" in page
    assert "影响推演" in client.get(reverse("policies-version", args=[draft.pk])).content.decode()
    # A draft affects nothing: the assessment still uses the bundled rulebook.
    assert services.in_force(timezone.localdate()).rulebook.rule(FURNACE_RULE).fails_if.value == 400


def test_the_author_can_never_approve_their_own_draft(client_for: Any, users: Any,
                                                      draft: PolicyVersion) -> None:  # fmt: skip
    client = client_for("province")
    fill_info(client, draft)
    client.post(reverse("policies-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.SUBMITTED
    with pytest.raises(review.ReviewError, match="另一位省级管理员"):
        review.approve(draft, users["province"], dt.date(2030, 1, 1))
    page = client.post(reverse("policies-approve", args=[draft.pk]),
                       {"effective_from": "2030-01-01"}, follow=True).content.decode()  # fmt: skip
    assert "另一位省级管理员" in page
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.SUBMITTED and draft.approved_by is None


def test_an_administrator_who_edited_the_draft_cannot_approve_it(client_for: Any,
                                                                 draft: PolicyVersion) -> None:  # fmt: skip
    other = second_admin()
    client = client_for("province")
    from django.test import Client

    editor = Client()
    editor.force_login(other)
    post_entry(editor, draft, FURNACE_RULE, {"阈值": "350"})
    fill_info(client, draft)
    client.post(reverse("policies-submit", args=[draft.pk]))
    draft.refresh_from_db()
    with pytest.raises(review.ReviewError, match="另一位省级管理员"):
        review.approve(draft, other, dt.date(2030, 1, 1))


def test_a_second_administrator_publishes_it_from_a_future_date(client_for: Any, users: Any,
                                                                draft: PolicyVersion) -> None:  # fmt: skip
    from django.test import Client

    client = client_for("province")
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    fill_info(client, draft)
    client.post(reverse("policies-submit", args=[draft.pk]))
    reviewer = Client()
    reviewer.force_login(second_admin())
    today = timezone.localdate()
    start = today + dt.timedelta(days=30)
    page = reviewer.post(reverse("policies-approve", args=[draft.pk]),
                         {"effective_from": start.isoformat(), "note": "同意"}, follow=True)  # fmt: skip
    assert "已审核通过并发布" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.PUBLISHED and draft.effective_from == start
    assert draft.approved_by.username == "province2"
    # Before its date the old version applies; from it, the new one.
    assert services.in_force(today).rulebook.rule(FURNACE_RULE).fails_if.value == 400
    assert services.in_force(start).rulebook.rule(FURNACE_RULE).fails_if.value == 350
    assert services.in_force(start - dt.timedelta(days=1)).record()["rulebook"] == "2021.1"
    # The file states the date it applies from.
    assert draft.version().info.effective == start
    assert policies.parse("rulebook", draft.text).info.effective == start
    history = reviewer.get(reverse("policies-history", args=["rulebook"])).content.decode()
    assert "2023.1" in history and start.isoformat() in history and "鲁政办字〔2023〕1号" in history
    assert "尚未生效" in history
    # Submission and approval are recorded with who did them.
    events = AuditEvent.objects.filter(model="policyversion", object_pk=str(draft.pk))
    statuses = [(e.actor_name, (e.after or {}).get("status")) for e in events.order_by("at", "id")]
    assert ("province", "submitted") in statuses and ("province2", "published") in statuses


def test_a_returned_draft_carries_the_note_and_can_be_submitted_again(
    client_for: Any, draft: PolicyVersion
) -> None:
    from django.test import Client

    client = client_for("province")
    fill_info(client, draft)
    client.post(reverse("policies-submit", args=[draft.pk]))
    reviewer = Client()
    reviewer.force_login(second_admin())
    reviewer.post(reverse("policies-return", args=[draft.pk]), {"note": "请补充文号依据"})
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.REJECTED and draft.review_note == "请补充文号依据"
    page = client.get(reverse("policies-version", args=[draft.pk])).content.decode()
    assert "已退回" in page and "请补充文号依据" in page
    post_entry(client, draft, FURNACE_RULE, {"阈值": "360"})
    client.post(reverse("policies-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.SUBMITTED
    # The reviewer who returned it did not write it, and may approve it now.
    assert review.may_approve(draft, draft.approved_by)
