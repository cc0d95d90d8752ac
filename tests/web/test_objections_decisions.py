"""The officer answers an objection: accepting corrects the ledger (recorded as 异议处理) and
re-assesses; rejecting needs a reason, which stays on the thread. Only the assigned officer
or the province decides; the parties write on the thread."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from province import make_user

from resolute.web.accounts.models import Role
from resolute.web.assessments.models import AssessmentRun, LineResult
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import City, Line
from resolute.web.objections.forms import AcceptForm
from resolute.web.objections.models import Objection
from resolute.web.objections.services import correctable_fields

BF_RULE = "steel.technology.blast_furnace_volume"


@pytest.fixture
def steel_officer(users: dict[str, Any]) -> Any:
    return make_user("zibo_steel", "x" * 12, role=Role.CITY, city=City.objects.get(name="淄博"),
                     industries=["steel"], display_name="淄博市工信局冶金科")  # fmt: skip


@pytest.fixture
def objection(client_for: Any, users: dict[str, Any], steel_officer: Any) -> Objection:
    """The 淄博 steel enterprise disputes its blast furnace's volume finding (380 m³)."""
    with acting_as(users["province"]):
        start_run(users["province"])
    client_for("enterprise_user").post(
        f"/objections/new/?line=ZB-BF-1&rule={BF_RULE}",
        {"reason": "高炉已扩容改造，有效容积为 1080 立方米。"},
    )
    return Objection.objects.get()


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _finding(run: AssessmentRun, line_code: str, rule_id: str) -> dict[str, Any]:
    findings = LineResult.objects.get(run=run, line_code=line_code).findings
    return next(f for f in findings if f["rule_id"] == rule_id)


def test_the_officer_accepts_corrects_the_volume_and_the_line_is_reassessed(
    objection: Objection, steel_officer: Any
) -> None:
    officer = _as(steel_officer)
    page = officer.get(f"/objections/{objection.pk}/").content.decode()
    assert "有效容积（立方米）" in page and 'value="380.0"' in page
    response = officer.post(f"/objections/{objection.pk}/accept/",
                            {"volume_m3": "1080", "decision_reason": "经现场核实属实"})  # fmt: skip
    assert response.status_code == 302

    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 1080.0
    event = AuditEvent.objects.filter(model="line", object_pk=str(objection.line_id)).first()
    assert event is not None and event.via == "异议处理" and event.actor == steel_officer
    assert event.changes() == [("volume_m3", 380.0, 1080.0)]

    objection.refresh_from_db()
    assert objection.status == "accepted" and objection.decided_by == steel_officer
    assert objection.decision_reason == "经现场核实属实"
    assert (
        objection.corrections[0]["before"] == 380.0 and objection.corrections[0]["after"] == 1080.0
    )
    rerun = objection.reassessment
    assert rerun is not None and rerun.status == "done" and rerun.pk != objection.run.pk
    assert (rerun.scope_city.name, rerun.scope_industry) == ("淄博", "steel")
    assert _finding(objection.run, "ZB-BF-1", BF_RULE)["result"] == "fail"
    assert _finding(rerun, "ZB-BF-1", BF_RULE)["result"] == "pass"
    assert LineResult.objects.get(run=rerun, line_code="ZB-BF-1").outcome != "eliminate"

    thread = _as(objection.created_by).get(f"/objections/{objection.pk}/").content.decode()
    assert "有效容积由“380”更正为“1,080”" in thread and f"评估 #{rerun.pk}" in thread


def test_the_correction_form_follows_the_kind_of_the_field(
    objection: Objection, province_ledger: Any
) -> None:
    def form_for(field: str, line_id: str | None) -> AcceptForm:
        line = Line.objects.get(line_id=line_id) if line_id else None
        enterprise = line.enterprise if line else province_ledger.zibo_steel
        probe = Objection(enterprise=enterprise, line=line, finding={"field": field})
        return AcceptForm(correctable=correctable_fields(probe))

    number = form_for("volume_m3", "ZB-BF-1").fields["volume_m3"]
    assert type(number).__name__ == "FloatField"
    status = form_for("env_status", "LY-CO-1").fields["env_status"]
    assert list(status.choices) == [("", "未知"), ("pass", "达标"), ("fail", "不达标")]
    oven = form_for("oven_type", "LY-CO-1")
    assert oven.initial["oven_type"] == "stamp_charged"
    assert ("indigenous", "土法（含改良焦炉）") in oven.fields["oven_type"].choices
    layout = form_for("in_steel_layout", None)
    assert layout.initial["in_steel_layout"] == "1"
    bound = AcceptForm({"in_steel_layout": "0"}, correctable=layout.correctable)
    assert bound.is_valid() and bound.values() == {"in_steel_layout": False}
    # A computed figure is corrected through the two ledger figures it is computed from.
    assert set(form_for("tax_per_mu", None).fields) == {"tax_10k_yuan", "land_area_mu",
                                                        "decision_reason", "seen"}  # fmt: skip
    assert set(form_for("equipment", "ZB-BF-1").fields) == {"decision_reason", "seen"}


def test_a_bad_value_is_refused_and_nothing_changes(
    objection: Objection, steel_officer: Any
) -> None:
    response = _as(steel_officer).post(f"/objections/{objection.pk}/accept/", {"volume_m3": "-5"})
    assert response.status_code == 400
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0
    assert Objection.objects.get().status == "open"


def test_rejection_requires_a_reason_which_stays_on_the_thread(
    objection: Objection, steel_officer: Any, users: dict[str, Any]
) -> None:
    officer = _as(steel_officer)
    response = officer.post(f"/objections/{objection.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400 and "驳回必须说明理由" in response.content.decode()
    assert Objection.objects.get().status == "open"

    reason = "经核查设计文件和现场测量，有效容积仍为 380 立方米。"
    assert (
        officer.post(f"/objections/{objection.pk}/reject/", {"reason": reason}).status_code == 302
    )
    objection.refresh_from_db()
    assert objection.status == "rejected" and objection.decision_reason == reason
    assert objection.reassessment is None
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0
    page = _as(users["enterprise_user"]).get(f"/objections/{objection.pk}/").content.decode()
    assert "已驳回" in page and f"驳回异议。理由：{reason}" in page


def test_a_decided_objection_is_not_decided_again(objection: Objection, steel_officer: Any) -> None:
    officer = _as(steel_officer)
    officer.post(f"/objections/{objection.pk}/reject/", {"reason": "数据无误"})
    officer.post(f"/objections/{objection.pk}/accept/", {"volume_m3": "1080"})
    assert Objection.objects.get().status == "rejected"
    assert Line.objects.get(line_id="ZB-BF-1").volume_m3 == 380.0


@pytest.mark.parametrize("name", ["zibo", "industry", "enterprise_user"])
def test_only_the_assigned_officer_or_the_province_decides(
    objection: Objection, client_for: Any, name: str
) -> None:
    client = client_for(name)
    assert client.post(f"/objections/{objection.pk}/reject/", {"reason": "x"}).status_code == 403
    assert client.post(f"/objections/{objection.pk}/accept/", {}).status_code == 403
    assert "接受并重新评估" not in client.get(f"/objections/{objection.pk}/").content.decode()
    assert Objection.objects.get().status == "open"


def test_the_province_may_decide_and_another_city_may_not_even_see(
    objection: Objection, client_for: Any
) -> None:
    assert client_for("linyi").post(f"/objections/{objection.pk}/reject/",
                                    {"reason": "x"}).status_code == 404  # fmt: skip
    response = client_for("province").post(f"/objections/{objection.pk}/reject/",
                                           {"reason": "省级复核：数据无误"})  # fmt: skip
    assert response.status_code == 302 and Objection.objects.get().status == "rejected"


def test_the_parties_write_on_the_thread_and_others_only_read(
    objection: Objection, client_for: Any, steel_officer: Any
) -> None:
    url = f"/objections/{objection.pk}/messages/"
    photo = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff\xe0 jpeg", "image/jpeg")
    enterprise = client_for("enterprise_user")
    assert enterprise.post(url, {"text": "补充现场照片。", "attachment": photo}).status_code == 302
    assert _as(steel_officer).post(url, {"text": "已收到，将现场核实。"}).status_code == 302
    assert client_for("zibo").post(url, {"text": "路过"}).status_code == 403
    assert client_for("industry").post(url, {"text": "路过"}).status_code == 403
    page = client_for("industry").get(f"/objections/{objection.pk}/").content.decode()
    assert "补充现场照片。" in page and "已收到，将现场核实。" in page and "现场照片.jpg" in page
    assert "发送留言" not in page
    texts = list(objection.messages.values_list("text", flat=True))
    assert texts == ["补充现场照片。", "已收到，将现场核实。"]
