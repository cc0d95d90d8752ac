"""An enterprise is told when its objection is decided (issue #13 point 5): its users get a
notice in the app and, with an e-mail address, an e-mail, linking to the objection — once,
whatever the number of saves or daily runs; no one else is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.notices import services
from resolute.web.notices.models import Kind, Notice
from resolute.web.objections import services as objections
from resolute.web.objections.models import Objection

BF_RULE = "steel.technology.blast_furnace_volume"


@pytest.fixture
def objection(client_for: Any, users: dict[str, Any]) -> Objection:
    with acting_as(users["province"]):
        start_run(users["province"])
    users["enterprise_user"].email = "anquan@zbqlteg.example.org"
    users["enterprise_user"].save()
    response = client_for("enterprise_user").post(
        f"/objections/new/?line=ZB-BF-1&rule={BF_RULE}",
        {"reason": "该高炉已扩容改造，有效容积为 1080 立方米。"},
    )
    assert response.status_code == 302
    return Objection.objects.get()


def decided(user: Any) -> list[Notice]:
    return list(Notice.objects.filter(user=user, kind=Kind.DECIDED))


def test_a_rejected_objection_tells_the_enterprise_in_the_app_and_by_mail(
    client_for: Any, users: dict[str, Any], objection: Objection,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    assert AssessmentRun.objects.exists() and decided(users["enterprise_user"]) == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("zibo").post(f"/objections/{objection.pk}/reject/",
                                           {"reason": "经核实，扩容改造未经批准。"})  # fmt: skip
    assert response.status_code == 302
    [notice] = decided(users["enterprise_user"])
    assert notice.title == ("异议已处理：淄博齐鲁特钢有限公司对生产线 ZB-BF-1的判定提出的异议"
                            "已驳回，请查看处理意见")  # fmt: skip
    assert notice.url == f"/objections/{objection.pk}/" and notice.objection == objection
    [message] = [m for m in mail.outbox if m.to == ["anquan@zbqlteg.example.org"]]
    assert "异议已处理" in message.body
    assert f"http://127.0.0.1:8000/objections/{objection.pk}/" in message.body
    # The enterprise's user opens it and lands on the objection.
    opened = client_for("enterprise_user").get(f"/notices/{notice.pk}/")
    assert opened["Location"] == f"/objections/{objection.pk}/"
    for name in ("zibo", "linyi", "industry", "province", "no_role"):
        assert decided(users[name]) == [], name


def test_an_accepted_objection_tells_the_enterprise_once(
    users: dict[str, Any], objection: Objection,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        objections.accept(objection, users["zibo"], {}, "企业所述属实。")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.ACCEPTED
    [notice] = decided(users["enterprise_user"])
    assert notice.title == ("异议已处理：淄博齐鲁特钢有限公司对生产线 ZB-BF-1的判定提出的异议"
                            "已接受，请查看处理意见")  # fmt: skip
    assert any("异议已处理" in m.body for m in mail.outbox)
    sent = len(mail.outbox)
    objection.save()  # saved again (a later edit): nothing new
    services.run_daily()
    assert len(decided(users["enterprise_user"])) == 1 and len(mail.outbox) == sent


def test_an_open_objection_tells_the_enterprise_nothing(
    users: dict[str, Any], objection: Objection
) -> None:
    objection.save()
    assert decided(users["enterprise_user"]) == []
