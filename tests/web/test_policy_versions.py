"""Published policy versions and the bundled ones make the history; drafts count for nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from resolute.core import policies
from resolute.core.policies import PolicyError
from resolute.web.audit.context import acting_as
from resolute.web.policies import services
from resolute.web.policies.models import PolicyVersion

BF_LINE = "    fails_if: {field: volume_m3, op: le, value: 400}\n"


def rulebook_text(label: str, value: int = 1200) -> str:
    text = policies.bundled("rulebook").text.replace('version: "2021.1"', f'version: "{label}"', 1)
    return text.replace(BF_LINE, BF_LINE.replace("value: 400", f"value: {value}"), 1)


def row(label: str, status: str, effective: dt.date | None, **extra: Any) -> PolicyVersion:
    return PolicyVersion.objects.create(
        dataset="rulebook", label=label, status=status, effective_from=effective,
        text=rulebook_text(label), doc_number="鲁政办字〔2023〕1号", doc_title="新标准",
        doc_date=dt.date(2022, 12, 1), publisher="山东省人民政府", **extra,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _actor(db: Any) -> Any:
    with acting_as(None, via="测试", name="测试"):
        yield


@pytest.mark.django_db
def test_only_published_versions_join_the_bundled_one_in_the_history() -> None:
    row("2023.1", PolicyVersion.PUBLISHED, dt.date(2023, 1, 1))
    row("2023.2", PolicyVersion.DRAFT, None)
    row("2023.3", PolicyVersion.SUBMITTED, None)
    row("2023.4", PolicyVersion.REJECTED, None)
    assert services.history("rulebook").labels() == ["2021.1", "2023.1"]
    assert services.in_force(dt.date(2022, 12, 31)).record()["rulebook"] == "2021.1"
    in_2023 = services.in_force(dt.date(2023, 1, 1))
    assert in_2023.record() == {**dict.fromkeys(policies.DATASETS, "2021.1"), "rulebook": "2023.1"}
    leaf = in_2023.rulebook.rule("steel.technology.blast_furnace_volume").fails_if
    assert leaf is not None and getattr(leaf, "value", None) == 1200
    assert in_2023["rulebook"].info.doc_number == "鲁政办字〔2023〕1号"
    with pytest.raises(PolicyError, match=re.escape("没有版本 2023.2")):
        services.by_label("rulebook", "2023.2")
    assert services.by_label("rulebook", "2021.1").digest == policies.bundled("rulebook").digest


@pytest.mark.django_db
def test_a_named_version_replaces_the_one_in_force_for_its_data_set() -> None:
    row("2023.1", PolicyVersion.PUBLISHED, dt.date(2023, 1, 1))
    chosen = services.in_force(dt.date(2022, 6, 30), rulebook="2023.1")
    assert chosen.record()["rulebook"] == "2023.1" and chosen.record()["targets"] == "2021.1"


@pytest.mark.django_db
def test_the_rows_label_and_document_are_what_the_version_states() -> None:
    published = row("2023.1", PolicyVersion.PUBLISHED, dt.date(2023, 1, 1))
    published.label = "2023.1a"
    published.save()
    version = services.by_label("rulebook", "2023.1a")
    assert version.content.version == "2023.1a" and version.info.effective == dt.date(2023, 1, 1)
    assert published.digest == policies.digest_of(published.text)


@pytest.mark.django_db
def test_a_version_published_elsewhere_or_edited_is_seen_at_once() -> None:
    services.history("rulebook")  # warm any cache
    later = row("2024.1", PolicyVersion.PUBLISHED, dt.date(2024, 1, 1))
    assert services.history("rulebook").labels() == ["2021.1", "2024.1"]
    PolicyVersion.objects.filter(pk=later.pk).update(text=rulebook_text("2024.1", value=900))
    leaf = services.by_label("rulebook", "2024.1").content.rule(
        "steel.technology.blast_furnace_volume").fails_if  # fmt: skip
    assert getattr(leaf, "value", None) == 900


@pytest.mark.django_db
def test_a_label_is_unique_per_data_set_and_published_needs_a_date() -> None:
    from django.db import IntegrityError, transaction

    row("2023.1", PolicyVersion.DRAFT, None)
    PolicyVersion.objects.create(dataset="targets", label="2023.1", text="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        row("2023.1", PolicyVersion.DRAFT, None)
    with pytest.raises(IntegrityError), transaction.atomic():
        row("2023.5", PolicyVersion.PUBLISHED, None)
