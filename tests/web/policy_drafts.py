"""Helpers of the policy-version tests: a second province administrator, a form posted the
way a browser posts it (every input with its shown value, some changed), and a successor of a
bundled version published as it stands (:func:`publish`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from province import make_user

from resolute.core import policies
from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.policies import editing, review
from resolute.web.policies.models import PolicyVersion

PASSWORD = "test-password-2021"
FURNACE_RULE = "steel.technology.blast_furnace_volume"


def second_admin() -> Any:
    return make_user("province2", PASSWORD, role=Role.PROVINCE, display_name="省办审核")


def entry_of(version: PolicyVersion, ident: str) -> editing.Entry:
    """The entry named ``ident`` (a rule's id, a target's id …) or of key ``ident``."""
    raw = review.raw_of(version)
    for e in editing.entries(version.dataset, raw):
        if ident in (e.ident, e.key):
            return e
    raise AssertionError(f"no entry {ident}")


def form_data(version: PolicyVersion, entry: editing.Entry,
              changes: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """The POST of ``entry``'s form with the values of fields whose label contains a key of
    ``changes`` replaced."""
    data: dict[str, Any] = {"digest": version.digest}
    for i, f in enumerate(entry.fields):
        value: Any = f.shown
        for part, new in changes.items():
            if part in f.label:
                value = new
        data[f"f{i}"] = value
    return data


def post_entry(client: Any, version: PolicyVersion, ident: str, changes: dict[str, Any]) -> Any:
    version.refresh_from_db()
    entry = entry_of(version, ident)
    url = reverse("policies-entry", args=[version.pk, entry.key])
    return client.post(url, form_data(version, entry, changes), follow=True)


def fill_info(client: Any, version: PolicyVersion, **overrides: Any) -> Any:
    version.refresh_from_db()
    data = {"label": version.label, "doc_number": "鲁政办字〔2023〕1号",
            "doc_title": "关于调整“三个坚决”淘汰标准的通知", "doc_date": "2023-01-10",
            "publisher": "山东省人民政府办公厅", "proposed": "", "digest": version.digest}  # fmt: skip
    data.update(overrides)
    return client.post(reverse("policies-info", args=[version.pk]), data, follow=True)


def publish(dataset: str, *edits: tuple[str, str], label: str = "2023.1",
            effective: dt.date = dt.date(2023, 1, 1)) -> PolicyVersion:  # fmt: skip
    """Store a published successor of the bundled ``dataset``: its text with ``edits`` (old,
    new) made once each, labelled ``label``, in force from ``effective``."""
    text = policies.bundled(dataset).text.replace('version: "2021.1"', f'version: "{label}"', 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    with acting_as(None, via="测试", name="测试数据"):
        return PolicyVersion.objects.create(
            dataset=dataset, label=label, status=PolicyVersion.PUBLISHED,
            effective_from=effective, text=text, doc_title="后续文件", publisher="山东省人民政府",
        )  # fmt: skip
