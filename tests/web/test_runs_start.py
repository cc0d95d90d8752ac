"""Starting an assessment run: who may, for which scope, and how its progress is seen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.ledger.models import City


def start(client: Any, **data: Any) -> Any:
    return client.post(reverse("assessments-run-list"), data)


def test_the_province_starts_a_run_and_gets_results(client_for: Any, users: Any) -> None:
    response = start(client_for("province"))
    run = AssessmentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments-run-detail", args=[run.pk])
    assert run.status == AssessmentRun.Status.DONE and run.created_by == users["province"]
    assert run.scope_city is None and run.scope_industry == ""
    assert LineResult.objects.filter(run=run).count() == 5
    assert run.counts["line_outcomes"]["eliminate"] == 3


def test_the_province_may_choose_any_city_and_industry(client_for: Any, users: Any) -> None:
    linyi = City.objects.get(name="临沂")
    start(client_for("province"), city=linyi.pk, industry="coking")
    run = AssessmentRun.objects.get()
    assert (run.scope_city, run.scope_industry) == (linyi, "coking")
    assert list(LineResult.objects.filter(run=run).values_list("line_code", flat=True)) == [
        "LY-CO-1"
    ]


def test_a_city_officer_always_assesses_its_own_city(client_for: Any, users: Any) -> None:
    start(client_for("zibo"), city=City.objects.get(name="临沂").pk)
    run = AssessmentRun.objects.get()
    assert run.scope_city == City.objects.get(name="淄博")
    codes = set(LineResult.objects.filter(run=run).values_list("line_code", flat=True))
    assert codes == {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"}


def test_a_department_assesses_only_its_industries(client_for: Any, users: Any) -> None:
    client = client_for("industry")
    response = start(client, industry="cement")
    assert response.status_code == 200 and not AssessmentRun.objects.exists()
    start(client, industry="steel")
    assert AssessmentRun.objects.get().scope_industry == "steel"


@pytest.mark.parametrize("name", ["enterprise_user", "no_role"])
def test_others_may_not_start_a_run(client_for: Any, users: Any, name: str) -> None:
    assert start(client_for(name)).status_code == 403
    assert not AssessmentRun.objects.exists()


def test_anonymous_visitors_must_sign_in_to_start_a_run(client_for: Any, users: Any) -> None:
    assert start(client_for(None)).status_code == 302
    assert not AssessmentRun.objects.exists()


def test_the_form_is_offered_to_officials_only(client_for: Any, users: Any) -> None:
    assert "开始评估" in client_for("zibo").get(reverse("assessments-run-list")).content.decode()
    html = client_for("enterprise_user").get(reverse("assessments-run-list")).content.decode()
    assert "开始评估" not in html


def test_the_run_list_shows_runs_with_counts_of_the_users_scope(
    client_for: Any, users: Any
) -> None:
    start(client_for("province"))
    run = AssessmentRun.objects.get()
    html = client_for("linyi").get(reverse("assessments-run-list")).content.decode()
    link = reverse("assessments-run-detail", args=[run.pk])
    assert link in html and "全省" in html and "已完成" in html and "省办" in html
    row = html[html.index(link) :]
    # 临沂 sees its two lines: one eliminated (LY-CO-1) and one compliant (LY-BF-1).
    assert '<td class="num outcome-eliminate">1</td>' in row
    assert '<td class="num">2</td>' in row


def test_progress_is_reported_as_json(client_for: Any, users: Any) -> None:
    start(client_for("province"))
    run = AssessmentRun.objects.get()
    url = reverse("assessments-run-progress", args=[run.pk])
    data = client_for("zibo").get(url).json()
    assert data == {"status": "done", "progress": 100, "message": "完成"}


def test_a_running_run_page_polls_its_progress(client_for: Any, users: Any) -> None:
    run = AssessmentRun.objects.create(created_by=users["province"], progress=40,
                                       message="保存结果", status=AssessmentRun.Status.RUNNING)  # fmt: skip
    client = client_for("province")
    assert client.get(reverse("assessments-run-progress", args=[run.pk])).json() == {
        "status": "running", "progress": 40, "message": "保存结果",
    }  # fmt: skip
    html = client.get(reverse("assessments-run-detail", args=[run.pk])).content.decode()
    assert reverse("assessments-run-progress", args=[run.pk]) in html
    assert "assessments/run_progress.js" in html and 'data-progress="40"' in html
    assert "保存结果" in html and "40%" in html


def test_outside_tests_the_run_is_queued_for_the_worker(
    client_for: Any, users: Any, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = start(client_for("province"))
    assert response.status_code == 302
    run = AssessmentRun.objects.get()
    assert run.status == AssessmentRun.Status.PENDING
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "resolute.web.assessments.tasks.run_assessment"
    assert task.args_kwargs["args"] == [run.pk] and task.status == "READY"


def test_a_user_without_a_role_sees_no_runs(client_for: Any, users: Any) -> None:
    start(client_for("province"))
    run = AssessmentRun.objects.get()
    html = client_for("no_role").get(reverse("assessments-run-list")).content.decode()
    assert "尚未分配角色" in html
    assert reverse("assessments-run-detail", args=[run.pk]) not in html
