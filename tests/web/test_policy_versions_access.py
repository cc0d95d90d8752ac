"""Only province administrators draft, review and publish policy versions: the header's link
(政策版本) is shown exactly to those whose pages open; everyone else is refused, and the
pages speak Chinese to officials."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from resolute.web.policies.models import PolicyVersion

OTHERS = ["industry", "zibo", "enterprise_user", "no_role"]


def test_the_province_office_sees_the_link_and_the_pages(client_for: Any) -> None:
    client = client_for("province")
    assert 'href="/policies/"' in client.get(reverse("ledger-line-list")).content.decode()
    home = client.get(reverse("policies-home"))
    assert home.status_code == 200
    html = home.content.decode()
    for words in ("规则库", "目标任务", "现行版本", "新建草稿", "生效日期"):
        assert words in html
    for code in ("rulebook", "targets", "pricing"):
        assert client.get(reverse("policies-history", args=[code])).status_code == 200


@pytest.mark.parametrize("name", OTHERS)
def test_anyone_else_is_refused_and_sees_no_link(client_for: Any, name: str) -> None:
    client = client_for(name)
    assert 'href="/policies/"' not in client.get(reverse("ledger-line-list")).content.decode()
    assert client.get(reverse("policies-home")).status_code == 403
    assert (
        client.post(reverse("policies-new"), {"dataset": "rulebook", "label": "x1"}).status_code
        == 403
    )
    assert not PolicyVersion.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get(reverse("policies-home"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("dataset", ["rulebook", "targets", "pricing", "replacement", "classes",
                                     "evaluation"])  # fmt: skip
def test_every_entry_of_every_data_set_opens_in_a_form_without_english_labels(
    client_for: Any, dataset: str
) -> None:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": dataset, "label": "2099.1"})
    draft = PolicyVersion.objects.get(dataset=dataset)
    page = client.get(reverse("policies-version", args=[draft.pk])).content.decode()
    keys = re.findall(rf"/policies/{draft.pk}/entries/([^/]+)/", page)
    assert keys, "the draft lists its entries"
    for key in keys[:40]:
        html = client.get(reverse("policies-entry", args=[draft.pk, key])).content.decode()
        labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)
        assert labels, key
        assert not [lb for lb in labels if re.search(r"[A-Za-z_]{4,}", lb)], (key, labels)
