"""Each role's objection list, and the thread the enterprise page includes: nobody is shown
an objection about an enterprise outside their scope; the enterprise is shown how to object."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.objections.models import Objection

BF_RULE = "steel.technology.blast_furnace_volume"


@pytest.fixture
def objection(client_for: Any, users: dict[str, Any]) -> Objection:
    with acting_as(users["province"]):
        start_run(users["province"])
    client_for("enterprise_user").post(
        f"/objections/new/?line=ZB-BF-1&rule={BF_RULE}", {"reason": "有效容积数据有误。"}
    )
    return Objection.objects.get()


def _thread(user: Any, enterprise: Any) -> str:
    request = RequestFactory().get("/ledger/enterprises/x/")
    request.user = user
    return render_to_string("objections/_thread.html", {"enterprise": enterprise}, request=request)


@pytest.mark.parametrize(
    ("name", "sees"),
    [("enterprise_user", True), ("zibo", True), ("province", True), ("industry", True),
     ("linyi", False), ("no_role", False)],
)  # fmt: skip
def test_the_list_shows_an_objection_only_to_those_who_may_see_the_enterprise(
    objection: Objection, client_for: Any, name: str, sees: bool
) -> None:
    page = client_for(name).get("/objections/").content.decode()
    assert (f"/objections/{objection.pk}/" in page) is sees


def test_the_list_filters_by_status_and_by_who_answers(
    objection: Objection, client_for: Any
) -> None:
    zibo = client_for("zibo")
    assert f"/objections/{objection.pk}/" in zibo.get("/objections/?mine=1").content.decode()
    assert (
        f"/objections/{objection.pk}/"
        not in zibo.get("/objections/?status=rejected").content.decode()
    )
    province = client_for("province").get("/objections/?mine=1").content.decode()
    assert f"/objections/{objection.pk}/" not in province


def test_the_enterprise_thread_shows_its_objections_and_how_to_object(
    objection: Objection, users: dict[str, Any], province_ledger: Any
) -> None:
    own = _thread(users["enterprise_user"], province_ledger.zibo_steel)
    assert f"/objections/{objection.pk}/" in own and "有效容积数据有误。" in own and "待处理" in own
    assert f"/objections/new/?line=ZB-BF-1&amp;rule={BF_RULE}" in own  # the failed finding
    assert "提出异议" in own

    officer = _thread(users["zibo"], province_ledger.zibo_steel)
    assert f"/objections/{objection.pk}/" in officer and "提出异议" not in officer


def test_the_thread_shows_the_decision(
    objection: Objection, users: dict[str, Any], province_ledger: Any, client_for: Any
) -> None:
    client_for("zibo").post(f"/objections/{objection.pk}/reject/", {"reason": "数据经核实无误"})
    page = _thread(users["enterprise_user"], province_ledger.zibo_steel)
    assert "已驳回" in page and "数据经核实无误" in page


def test_the_thread_of_an_enterprise_outside_the_scope_is_empty(
    objection: Objection, users: dict[str, Any], province_ledger: Any
) -> None:
    for user in (users["linyi"], AnonymousUser()):
        page = _thread(user, province_ledger.zibo_steel)
        assert f"/objections/{objection.pk}/" not in page and "暂无异议" in page
        assert "提出异议" not in page
