"""A form save changes the draft's text only where the value changed (issue #15): an office's
imported file keeps its comments, quoting and layout, so that the exported file differs from
the imported one only in the line of the value changed in the form."""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from policy_drafts import FURNACE_RULE, post_entry

from resolute.core import policies
from resolute.web.policies.models import PolicyVersion

#: The bundled evaluation scheme as an office would send its successor: a version block, a
#: comment on a changed figure, the file's own comments.
SUCCESSOR = re.sub(
    r"^version: .*$", 'version: "2023.1"', policies.bundled("evaluation").text, count=1,
    flags=re.M,
).replace("  weight: 40\n", "  weight: 45   # 2023 年起加重\n", 1)  # fmt: skip


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]  # fmt: skip


def test_an_imported_file_keeps_its_comments_through_a_form_save(client_for: Any) -> None:
    client = client_for("province")
    assert SUCCESSOR.count("#") > 5
    client.post(reverse("policies-import"), {
        "dataset": "evaluation",
        "file": SimpleUploadedFile("evaluation-2023.1.yaml", SUCCESSOR.encode("utf-8")),
    })  # fmt: skip
    draft = PolicyVersion.objects.get(dataset="evaluation", label="2023.1")
    page = post_entry(client, draft, "timeliness", {"权重": "25"}).content.decode()
    assert "已保存" in page
    exported = client.get(reverse("policies-export", args=["evaluation", "2023.1"]))
    text = exported.content.decode("utf-8")
    assert _changed_lines(SUCCESSOR, text) == ["-  weight: 30", "+  weight: 25"]
    draft.refresh_from_db()
    assert draft.version().content.timeliness.weight == 25
    assert draft.version().content.completion.weight == 45


def test_a_rulebook_draft_keeps_the_bundled_comments(client_for: Any) -> None:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    draft = PolicyVersion.objects.get(label="2023.1")
    bundled = policies.bundled("rulebook").text
    comments = [line for line in bundled.splitlines() if line.lstrip().startswith("#")]
    assert all(c in draft.text for c in comments)
    before = draft.text
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    draft.refresh_from_db()
    assert _changed_lines(before, draft.text) == [
        "-    fails_if: {field: volume_m3, op: le, value: 400}",
        "+    fails_if: {field: volume_m3, op: le, value: 350}",
    ]
