"""Version files (issue #15, point 3): a version imported from YAML exports byte for byte as
it was uploaded, a bad file is refused with its problems in Chinese and stores nothing, and
the 对照表 circulates as a workbook and a PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from policy_drafts import FURNACE_RULE, post_entry

from resolute.core import policies, rulebook
from resolute.web.policies import review
from resolute.web.policies.models import PolicyVersion

#: A successor of the bundled evaluation scheme as an office would write it: comments, the
#: version block, one weight changed.
SUCCESSOR = re.sub(
    r"^version: .*$",
    'version: "2023.1"',
    policies.bundled("evaluation").text,
    count=1,
    flags=re.M,
).replace("  weight: 40\n", "  weight: 45   # 2023 年起加重\n", 1)


def _upload(client: Any, name: str, content: bytes, dataset: str = "evaluation") -> Any:
    return client.post(reverse("policies-import"),
                       {"dataset": dataset, "file": SimpleUploadedFile(name, content)},
                       follow=True)  # fmt: skip


def test_an_imported_file_exports_byte_for_byte(client_for: Any) -> None:
    client = client_for("province")
    content = SUCCESSOR.encode("utf-8")
    assert b"weight: 45" in content
    page = _upload(client, "evaluation-2023.1.yaml", content)
    assert "已导入" in page.content.decode()
    version = PolicyVersion.objects.get(dataset="evaluation", label="2023.1")
    exported = client.get(reverse("policies-export", args=["evaluation", "2023.1"]))
    assert exported.status_code == 200
    assert exported.content == content
    assert "attachment" in exported["Content-Disposition"]
    assert version.version().content.completion.weight == 45


def test_the_bundled_version_exports_as_shipped(client_for: Any) -> None:
    bundled = policies.bundled("rulebook")
    exported = client_for("province").get(
        reverse("policies-export", args=["rulebook", bundled.label])
    )
    assert exported.content == bundled.text.encode("utf-8")


def test_a_file_that_fails_the_checks_is_refused_and_stores_nothing(client_for: Any) -> None:
    broken = SUCCESSOR.replace("  weight: 45", "  weight: 很多", 1).encode("utf-8")
    page = _upload(client_for("province"), "evaluation.yaml", broken).content.decode()
    assert "文件未通过检查" in page and "应为数字" in page
    assert not PolicyVersion.objects.exists()


def test_a_file_with_a_label_already_taken_is_refused(client_for: Any) -> None:
    text = policies.bundled("evaluation").text.encode("utf-8")
    page = _upload(client_for("province"), "evaluation.yaml", text).content.decode()
    assert f"已有版本号 {policies.bundled('evaluation').label}" in page
    assert not PolicyVersion.objects.exists()


def test_an_oversized_or_undecodable_file_is_refused(client_for: Any) -> None:
    client = client_for("province")
    big = b"#" * (review.MAX_UPLOAD_BYTES + 1)
    assert "文件过大" in _upload(client, "evaluation.yaml", big).content.decode()
    assert "UTF-8" in _upload(client, "evaluation.yaml", "版本".encode("gbk")).content.decode()
    assert not PolicyVersion.objects.exists()


@pytest.fixture
def edited(client_for: Any) -> PolicyVersion:
    client = client_for("province")
    client.post(reverse("policies-new"), {"dataset": "rulebook", "label": "2023.1"})
    draft = PolicyVersion.objects.get(label="2023.1")
    post_entry(client, draft, FURNACE_RULE, {"阈值": "350"})
    draft.refresh_from_db()
    return draft


def test_the_comparison_table_workbook_has_the_changed_rows(client_for: Any,
                                                           edited: PolicyVersion) -> None:  # fmt: skip
    response = client_for("province").get(reverse("policies-table-xlsx", args=[edited.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["版本信息", "对照表"]
    rows = list(wb["对照表"].iter_rows(values_only=True))
    assert rows[0][:7] == ("序号", "类别", "条目", "修改方式", "项目", "原规定", "新规定")
    furnace = [r for r in rows[1:] if r[5] == "有效容积 ≤ 400 立方米"]
    assert len(furnace) == 1 and FURNACE_RULE not in str(rows)
    assert furnace[0][2] == rulebook.load().rule(FURNACE_RULE).wording
    assert furnace[0][5:8] == ("有效容积 ≤ 400 立方米", "有效容积 ≤ 350 立方米", "二(二)1")
    head = [r for r in wb["版本信息"].iter_rows(values_only=True)]
    assert ("版本号", "2021.1", "2023.1") in head


@pytest.mark.slow
def test_the_comparison_table_pdf_is_a_real_pdf(client_for: Any, edited: PolicyVersion) -> None:
    response = client_for("province").get(reverse("policies-table-pdf", args=[edited.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "对照表" in text and "350" in text
