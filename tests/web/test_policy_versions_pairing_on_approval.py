"""A rulebook whose enterprise totals the targets in force with it name no longer is not
published: approving it is refused in Chinese, naming the total, and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resolute.core import policies
from resolute.web.audit.context import acting_as
from resolute.web.policies import review
from resolute.web.policies.models import PolicyVersion

OLD, NEW = "ordinary_all_steel_radial_capacity", "ordinary_all_steel_radial_total"


def submitted(text: str) -> PolicyVersion:
    with acting_as(None, via="测试", name="测试数据"):
        return PolicyVersion.objects.create(
            dataset="rulebook", label="2023.1", status=PolicyVersion.SUBMITTED, text=text,
            doc_title="后续文件", publisher="山东省人民政府",
        )  # fmt: skip


def test_a_rulebook_the_targets_cannot_be_read_with_is_not_published(users: Any) -> None:
    text = policies.bundled("rulebook").text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    text = text.replace(f"  {OLD}:\n", f"  {NEW}:\n", 1).replace(
        f"{{field: {OLD},", f"{{field: {NEW},", 1
    )
    version = submitted(text)
    with pytest.raises(review.ReviewError, match=OLD), acting_as(users["province"], via="测试"):
        review.approve(version, users["province"], dt.date(2023, 1, 1))
    version.refresh_from_db()
    assert version.status == PolicyVersion.SUBMITTED and version.effective_from is None


def test_a_rulebook_the_targets_can_be_read_with_is_published(users: Any) -> None:
    text = policies.bundled("rulebook").text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    with acting_as(users["province"], via="测试"):
        version = review.approve(submitted(text), users["province"], dt.date(2023, 1, 1))
    assert version.status == PolicyVersion.PUBLISHED
