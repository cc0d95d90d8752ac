"""The public page shows the elimination list of the latest published run, and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from pages import parse, table_rows

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import ExitPlan, Line


def public(client: Any, **params: str) -> str:
    response = client.get(reverse("assessments-public"), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> dict[str, dict[str, Any]]:
    page = parse(html)
    found = table_rows(page) if page.find_all("table") else []
    return {row["生产线编号"].text: row for row in found}


def listed(html: str) -> set[str]:
    return set(rows(html))


def publish(run: AssessmentRun) -> None:
    AssessmentRun.objects.filter(pk=run.pk).update(published=True)


def test_nothing_is_shown_before_a_run_is_published(client_for: Any, users: Any) -> None:
    start_run(users["province"])
    html = public(client_for(None))
    assert "目前没有公示的名单" in html and not listed(html)


def test_the_published_list_is_open_to_everyone(
    client_for: Any, users: Any, province_ledger: Any
) -> None:
    with acting_as(users["zibo"], via="网页"):
        ExitPlan(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="close",
                 exit_deadline=dt.date(2022, 12, 31), responsible_person="张三").save()  # fmt: skip
    publish(start_run(users["province"]))
    html = public(client_for(None))
    assert listed(html) == {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}
    furnace = {header: cell.text for header, cell in rows(html)["ZB-BF-1"].items()}
    assert furnace == {"企业名称": "淄博齐鲁特钢有限公司", "市": "淄博", "生产线编号": "ZB-BF-1",
                       "装置": "炼铁高炉", "依据": "国家标准", "退出时限": "2022-12-31"}  # fmt: skip
    # No measured values, citations, credit codes, responsible persons or history.
    assert "380" not in html and "二(二)1" not in html and "张三" not in html
    assert province_ledger.zibo_steel.credit_code not in html
    assert "变更记录" not in html


def test_a_later_unpublished_run_is_not_shown(client_for: Any, users: Any) -> None:
    publish(start_run(users["province"]))
    with acting_as(users["province"]):
        Line.objects.filter(line_id="LY-BF-1").update(volume_m3=300.0)
    start_run(users["province"])
    assert listed(public(client_for(None))) == {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}


def test_unpublishing_takes_the_list_down(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    publish(run)
    client_for("province").post(reverse("assessments-run-publish", args=[run.pk]),
                                {"published": "0"})  # fmt: skip
    assert not listed(public(client_for(None)))


def test_the_public_list_filters_by_city(client_for: Any, users: Any) -> None:
    publish(start_run(users["province"]))
    assert listed(public(client_for(None), city="临沂")) == {"LY-CO-1"}
