"""An assessment uses the rulebook in force on its as-of date and records the versions, so a
2022 assessment re-run after a 2023 version is published gives exactly the same findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from resolute.core import policies
from resolute.core.policies import PolicyError
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.policies.models import PolicyVersion

BF_LINE = "    fails_if: {field: volume_m3, op: le, value: 400}\n"
END_2022, START_2023 = dt.date(2022, 12, 31), dt.date(2023, 1, 1)


def publish_2023(status: str = PolicyVersion.PUBLISHED) -> PolicyVersion:
    """A successor rulebook from 2023-01-01 that eliminates furnaces up to 2000 m³."""
    text = policies.bundled("rulebook").text.replace('version: "2021.1"', 'version: "2023.1"', 1)
    text = text.replace(BF_LINE, BF_LINE.replace("value: 400", "value: 2000"), 1)
    with acting_as(None, via="测试", name="测试数据"):
        return PolicyVersion.objects.create(
            dataset="rulebook", label="2023.1", status=status,
            effective_from=START_2023 if status == PolicyVersion.PUBLISHED else None,
            text=text, doc_number="鲁政办字〔2023〕9号", doc_title="关于提高炼铁高炉淘汰标准的通知",
            doc_date=dt.date(2022, 11, 20), publisher="山东省人民政府",
        )  # fmt: skip


def findings(run: AssessmentRun) -> dict[str, Any]:
    return {
        r.line_code: (r.outcome, r.findings)
        for r in LineResult.objects.filter(run=run).order_by("line_code")
    }


def run_of(user: Any, as_of: dt.date, version: str = "") -> AssessmentRun:
    run = start_run(user, as_of=as_of, rulebook_version=version)
    run.refresh_from_db()
    assert run.status == AssessmentRun.Status.DONE, run.message
    return run


def test_a_2022_assessment_is_reproduced_after_a_2023_version_is_published(users: Any) -> None:
    province = users["province"]
    before = run_of(province, END_2022)
    assert before.policy_versions == dict.fromkeys(policies.DATASETS, "2021.1")
    assert before.as_of == END_2022 and before.rulebook_label == "2021.1"

    publish_2023()
    again = run_of(province, END_2022)
    assert findings(again) == findings(before)
    assert again.rulebook_version == before.rulebook_version
    assert again.policy_versions == before.policy_versions

    after = run_of(province, START_2023)
    assert after.policy_versions["rulebook"] == "2023.1"
    assert after.rulebook_version.startswith("2023.1+")
    assert findings(after)["LY-BF-1"][0] == "eliminate" != findings(before)["LY-BF-1"][0]
    # … and the bundled version is still there to name, whatever the date.
    bundled = run_of(province, START_2023, version="2021.1")
    assert findings(bundled) == findings(before)
    assert bundled.policy_versions["rulebook"] == "2021.1"
    assert bundled.requested_rulebook == "2021.1"


def test_a_draft_or_submitted_version_changes_nothing(users: Any) -> None:
    publish_2023(PolicyVersion.SUBMITTED)
    run = run_of(users["province"], dt.date(2024, 6, 30))
    assert run.policy_versions["rulebook"] == "2021.1"
    with pytest.raises(PolicyError, match=r"没有版本 2023\.1"):
        start_run(users["province"], as_of=dt.date(2024, 6, 30), rulebook_version="2023.1")


def test_a_date_with_no_version_in_force_is_refused_before_anything_starts(users: Any) -> None:
    with pytest.raises(PolicyError, match="2020-06-30 没有生效的版本"):
        start_run(users["province"], as_of=dt.date(2020, 6, 30))
    assert not AssessmentRun.objects.exists()


def test_the_start_form_takes_a_date_and_a_version(client_for: Any, users: Any) -> None:
    publish_2023()
    client = client_for("province")
    response = client.post(reverse("assessments-run-list"),
                           {"as_of": "2023-03-01", "rulebook_version": "2021.1"})  # fmt: skip
    run = AssessmentRun.objects.get()
    assert response.status_code == 302
    assert (run.as_of, run.requested_rulebook) == (dt.date(2023, 3, 1), "2021.1")
    assert run.policy_versions["rulebook"] == "2021.1"
    page = client.get(reverse("assessments-run-list")).content.decode()
    assert "2023.1" in page and "鲁政办字〔2023〕9号" in page
    refused = client.post(reverse("assessments-run-list"), {"as_of": "2020-01-01"})
    assert refused.status_code == 200 and "没有生效的版本" in refused.content.decode()
    assert AssessmentRun.objects.count() == 1


def test_pages_state_the_rulebook_version_and_its_document(client_for: Any, users: Any) -> None:
    from resolute.web.assessments.services import publish_run

    publish_2023()
    run = run_of(users["province"], START_2023)
    with acting_as(users["province"], via="测试"):
        publish_run(run, True)
    detail = client_for("province").get(reverse("assessments-run-detail", args=[run.pk]))
    text = detail.content.decode()
    assert "评估基准日</b>2023-01-01" in text
    assert (
        "规则库版本</b>2023.1（《关于提高炼铁高炉淘汰标准的通知》（鲁政办字〔2023〕9号），2023-01-01 起施行）"
        in text
    )
    public = client_for(None).get(reverse("assessments-public")).content.decode()
    assert (
        "评估适用的规则库为 2023.1 版，依据《关于提高炼铁高炉淘汰标准的通知》（鲁政办字〔2023〕9号），自 2023年1月1日 起施行。"
        in public
    )
    assert "+" not in public.split("评估适用的规则库为")[1].split("</p>")[0]


def test_the_api_starts_a_run_on_a_date_and_with_a_version(users: Any) -> None:
    from django.test import Client
    from province import issue_test_token

    publish_2023()
    token = issue_test_token(users["province"])[1]

    def post(body: dict[str, Any]) -> Any:
        return Client().post("/api/runs", body, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip

    run = post({"as_of": "2023-01-01"}).json()
    assert run["as_of"] == "2023-01-01" and run["policy_versions"]["rulebook"] == "2023.1"
    run = post({"as_of": "2023-01-01", "rulebook_version": "2021.1"}).json()
    assert run["policy_versions"]["rulebook"] == "2021.1"
    refused = post({"rulebook_version": "2030.1"})
    assert refused.status_code == 422 and "规则库没有版本 2030.1" in refused.json()["detail"]
    assert AssessmentRun.objects.count() == 2
