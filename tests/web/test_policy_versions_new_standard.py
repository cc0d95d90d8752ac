"""A successor standard cited without a developer: a rulebook draft gets a new document in its
list (文件目录) and a rule cites it; a rule citing a document not in the list is refused by
the loader, in Chinese, naming the rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from policy_drafts import post_entry

from resolute.web.policies import review
from resolute.web.policies.models import PolicyVersion

RULE = "steel.environment"
OLD_DOCS = "DB37/990-2019、GB13456-2012、DB37/3416-2018"
NEW_DOCS = "DB37/990-2023、GB13456-2012、DB37/3416-2018"


@pytest.fixture
def draft(client_for: Any) -> PolicyVersion:
    client_for("province").post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    return PolicyVersion.objects.get(label="2023.1")


def _add(client: Any, draft: PolicyVersion, code: str) -> str:
    draft.refresh_from_db()
    page = client.post(reverse("policies-add-document", args=[draft.pk]),
                       {"code": code, "title": "钢铁工业大气污染物排放标准（2023）",
                        "covers": "大气污染物排放", "digest": draft.digest}, follow=True)  # fmt: skip
    return page.content.decode()


def test_a_new_standard_is_added_and_cited(client_for: Any, draft: PolicyVersion) -> None:
    client = client_for("province")
    assert "整个草稿已通过检查" in _add(client, draft, "DB37/990-2023")
    page = post_entry(client, draft, RULE, {"引用文件": NEW_DOCS}).content.decode()
    assert "整个草稿已通过检查" in page
    draft.refresh_from_db()
    book = draft.version().content
    assert book.documents["DB37/990-2023"].covers == ("大气污染物排放",)
    assert book.rule(RULE).documents[0] == "DB37/990-2023"
    _, changes = review.changes(draft)
    cited = [c for c in changes if c.entry == RULE]
    assert cited and "DB37/990-2019" in cited[0].old and "DB37/990-2023" in cited[0].new
    assert any(c.section == "documents" and c.kind == "added" for c in changes)


def test_a_document_already_listed_is_refused(client_for: Any, draft: PolicyVersion) -> None:
    before = PolicyVersion.objects.get(pk=draft.pk).text
    assert "文件目录中已有 DB37/990-2019" in _add(client_for("province"), draft, "DB37/990-2019")
    assert PolicyVersion.objects.get(pk=draft.pk).text == before


def test_citing_a_document_not_in_the_list_cannot_be_submitted(client_for: Any,
                                                               draft: PolicyVersion) -> None:  # fmt: skip
    page = post_entry(client_for("province"), draft, RULE, {"引用文件": NEW_DOCS})
    text = page.content.decode()
    assert RULE in text and "不在文件目录中" in text
    draft.refresh_from_db()
    with pytest.raises(review.ReviewError, match="不在文件目录中"):
        review.submit(draft, draft.created_by)
