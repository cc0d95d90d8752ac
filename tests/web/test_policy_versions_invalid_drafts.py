"""An invalid draft is saved (so that its author can go on correcting it) but can never be
submitted or approved, and says why in Chinese, naming the rule and the field: a threshold
without its clause, a comparison the loader refuses, a value that is not a number."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from policy_drafts import FURNACE_RULE, fill_info, post_entry

from resolute.web.policies import review
from resolute.web.policies.models import PolicyVersion


@pytest.fixture
def draft(client_for: Any) -> PolicyVersion:
    client_for("province").post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    version = PolicyVersion.objects.get(label="2023.1")
    fill_info(client_for("province"), version)
    return version


def _submit(client: Any, draft: PolicyVersion) -> str:
    page = client.post(reverse("policies-submit", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    return page.content.decode()


def test_a_threshold_without_its_clause_cannot_be_submitted(client_for: Any,
                                                           draft: PolicyVersion) -> None:  # fmt: skip
    client = client_for("province")
    saved = post_entry(client, draft, FURNACE_RULE, {"阈值": "350", "条款": ""}).content.decode()
    assert f"rules {FURNACE_RULE}：缺少条款" in saved  # shown at once, on the entry's page
    page = _submit(client, draft)
    assert draft.status == PolicyVersion.DRAFT
    assert "草稿有问题，不能提交审核" in page and f"rules {FURNACE_RULE}：缺少条款" in page
    with pytest.raises(review.ReviewError, match="缺少条款"):
        review.submit(draft, draft.created_by)


def test_a_comparison_the_loader_refuses_cannot_be_submitted(client_for: Any,
                                                            draft: PolicyVersion) -> None:  # fmt: skip
    client = client_for("province")
    # "Less than" a yes/no field: the loader accepts only eq or ne with true/false.
    saved = post_entry(client, draft, "steel.technology.power_freq_scrap", {"比较": "lt"})
    text = saved.content.decode()
    assert "steel.technology.power_freq_scrap" in text and "须用于数值字段" in text
    page = _submit(client, draft)
    assert draft.status == PolicyVersion.DRAFT and "须用于数值字段" in page


def test_a_value_that_is_not_a_number_is_refused_by_the_form(client_for: Any,
                                                            draft: PolicyVersion) -> None:  # fmt: skip
    before = draft.text
    page = post_entry(client_for("province"), draft, FURNACE_RULE, {"阈值": "四百"})
    assert "“四百”不是数字" in page.content.decode() and "阈值" in page.content.decode()
    draft.refresh_from_db()
    assert draft.text == before


def test_a_draft_without_its_document_cannot_be_submitted(client_for: Any) -> None:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": "evaluation", "label": "2023.1"})
    version = PolicyVersion.objects.get(dataset="evaluation")
    fill_info(client, version, doc_title="", publisher="")
    assert "请填写发文标题" in fill_info(client, version, doc_title="").content.decode()


def test_an_edit_over_a_newer_save_is_refused(client_for: Any, draft: PolicyVersion) -> None:
    from policy_drafts import entry_of, form_data

    client = client_for("province")
    entry = entry_of(draft, FURNACE_RULE)
    stale = form_data(draft, entry, {"阈值": "300"})
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    page = client.post(reverse("policies-entry", args=[draft.pk, entry.key]), stale)
    assert "已被修改" in page.content.decode()
    draft.refresh_from_db()
    assert draft.version().content.rule(FURNACE_RULE).fails_if.value == 350
