"""An enterprise disputes a finding of its latest assessment; the objection goes to the
officer who answers for it, and stays within the scope of those who may see the enterprise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from province import make_user

from resolute.web.accounts.models import Role
from resolute.web.assessments.models import AssessmentRun, EnterpriseResult, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import City
from resolute.web.objections.models import Objection

BF_RULE = "steel.technology.blast_furnace_volume"
NEW_BF = f"/objections/new/?line=ZB-BF-1&rule={BF_RULE}"
REASON = "该高炉已于 2020 年扩容改造，有效容积为 1080 立方米，见附件检测报告。"


@pytest.fixture
def assessed(users: dict[str, Any]) -> AssessmentRun:
    with acting_as(users["province"]):
        return start_run(users["province"])


@pytest.fixture
def steel_officer(users: dict[str, Any]) -> Any:
    """A 淄博 officer in charge of steel: preferred over the city's general officer."""
    return make_user("zibo_steel", "x" * 12, role=Role.CITY, city=City.objects.get(name="淄博"),
                     industries=["steel"], display_name="淄博市工信局冶金科")  # fmt: skip


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("检测报告.pdf", b"%PDF-1.4 test report", "application/pdf")


def _dispute(client: Client, url: str = NEW_BF, **extra: Any) -> Any:
    return client.post(url, {"reason": REASON, "attachment": _pdf(), **extra})


def test_an_enterprise_user_disputes_a_finding_with_a_reason_and_an_attachment(
    client_for: Any, assessed: AssessmentRun, steel_officer: Any, province_ledger: Any
) -> None:
    client = client_for("enterprise_user")
    form = client.get(NEW_BF)
    assert form.status_code == 200
    assert "400 立方米及以下炼铁高炉" in form.content.decode()
    response = _dispute(client)
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/objections/{objection.pk}/"
    assert objection.enterprise == province_ledger.zibo_steel
    assert (objection.line_code, objection.rule_id, objection.run) == ("ZB-BF-1", BF_RULE, assessed)
    stored = LineResult.objects.get(run=assessed, line_code="ZB-BF-1").findings
    assert objection.finding == next(f for f in stored if f["rule_id"] == BF_RULE)
    assert objection.status == "open" and objection.reason == REASON
    assert objection.created_by.username == "enterprise_user"
    assert objection.assigned_to == steel_officer

    attachment = objection.attachments.get()
    assert attachment.name == "检测报告.pdf"
    assert attachment.file.name.startswith(f"objections/{objection.pk}/")
    assert (
        (Path(django_settings.MEDIA_ROOT) / attachment.file.name).read_bytes().startswith(b"%PDF")
    )
    page = client.get(f"/objections/{objection.pk}/").content.decode()
    assert REASON in page and "检测报告.pdf" in page and "淄博市工信局冶金科" in page
    download = client.get(f"/objections/{objection.pk}/files/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_without_an_officer_for_the_industry_any_officer_of_the_city_answers(
    client_for: Any, assessed: AssessmentRun, users: dict[str, Any]
) -> None:
    _dispute(client_for("enterprise_user"))
    assert Objection.objects.get().assigned_to == users["zibo"]


def test_without_any_officer_of_the_city_the_province_answers(
    client_for: Any, assessed: AssessmentRun, users: dict[str, Any]
) -> None:
    users["zibo"].is_active = False
    users["zibo"].save()
    _dispute(client_for("enterprise_user"))
    assert Objection.objects.get().assigned_to == users["province"]


def test_the_linyi_officer_cannot_see_a_zibo_objection(
    client_for: Any, assessed: AssessmentRun, steel_officer: Any
) -> None:
    _dispute(client_for("enterprise_user"))
    objection = Objection.objects.get()
    linyi = client_for("linyi")
    assert linyi.get(f"/objections/{objection.pk}/").status_code == 404
    attachment = objection.attachments.get()
    assert linyi.get(f"/objections/{objection.pk}/files/{attachment.pk}/").status_code == 404
    assert linyi.post(f"/objections/{objection.pk}/messages/", {"text": "?"}).status_code == 404
    assert "齐鲁特钢" not in linyi.get("/objections/").content.decode()
    for name in ("zibo", "province", "industry"):  # all of whom may see the enterprise
        assert client_for(name).get(f"/objections/{objection.pk}/").status_code == 200, name


def test_an_enterprise_user_cannot_dispute_another_enterprises_finding(
    client_for: Any, assessed: AssessmentRun
) -> None:
    client = client_for("enterprise_user")
    url = f"/objections/new/?line=LY-BF-1&rule={BF_RULE}"
    assert client.get(url).status_code == 404
    assert _dispute(client, url).status_code == 404
    assert not Objection.objects.exists()


@pytest.mark.parametrize("name", ["zibo", "province", "industry", "no_role"])
def test_only_enterprise_users_may_dispute(
    client_for: Any, assessed: AssessmentRun, name: str
) -> None:
    assert client_for(name).get(NEW_BF).status_code == 403
    assert _dispute(client_for(name)).status_code == 403
    assert not Objection.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(assessed: AssessmentRun) -> None:
    for url in (NEW_BF, "/objections/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_only_a_finding_of_the_latest_run_can_be_disputed(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("enterprise_user")
    assert client.get(NEW_BF).status_code == 404  # not assessed yet
    with acting_as(users["province"]):
        start_run(users["province"])
    assert client.get(NEW_BF).status_code == 200
    assert client.get("/objections/new/?line=ZB-BF-1&rule=cement.no.such").status_code == 404
    assert client.get("/objections/new/?line=ZB-BF-1").status_code == 404


def test_a_finding_on_the_enterprise_itself_can_be_disputed(
    client_for: Any, assessed: AssessmentRun, province_ledger: Any
) -> None:
    result = EnterpriseResult.objects.get(run=assessed, enterprise=province_ledger.zibo_steel)
    rule_id = result.findings[0]["rule_id"]
    response = _dispute(client_for("enterprise_user"), f"/objections/new/?rule={rule_id}")
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.line is None and objection.line_code == "" and objection.rule_id == rule_id


def test_a_reason_is_required_and_only_documents_may_be_attached(
    client_for: Any, assessed: AssessmentRun
) -> None:
    client = client_for("enterprise_user")
    response = client.post(NEW_BF, {"reason": "   "})
    assert response.status_code == 400 and "请填写异议理由" in response.content.decode()
    page = SimpleUploadedFile("说明.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(NEW_BF, {"reason": REASON, "attachment": page})
    assert response.status_code == 400 and "不接受“说明.html”这种文件" in response.content.decode()
    assert not Objection.objects.exists()


def test_a_second_dispute_of_the_same_finding_leads_to_the_open_one(
    client_for: Any, assessed: AssessmentRun
) -> None:
    client = client_for("enterprise_user")
    _dispute(client)
    objection = Objection.objects.get()
    response = client.get(NEW_BF)
    assert response.status_code == 302 and response["Location"] == f"/objections/{objection.pk}/"
    assert Objection.objects.count() == 1
