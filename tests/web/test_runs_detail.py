"""A run's page and export: counts and lists by outcome and basis, within the user's scope;
publishing is the province's."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger.models import Line


def detail(client: Any, run: AssessmentRun, **params: str) -> str:
    response = client.get(reverse("assessments-run-detail", args=[run.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, title: str) -> str:
    start = html.index(f">{title}（")
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


def test_lines_are_split_by_outcome_and_basis(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    html = detail(client_for("province"), run)
    national = section(html, "淘汰退出（国家标准）")
    provincial = section(html, "淘汰退出（省定标准）")
    assert "ZB-BF-1" in national and "ZB-CL-1" not in national
    assert "ZB-CL-1" in provincial and "LY-CO-1" in provincial
    assert "400 立方米及以下炼铁高炉" in national and "二(二)1" in national
    assert "（0 条）" in html  # nothing to rectify
    assert "ZB-BOF-1" not in html  # compliant lines are in no list


def test_counts_are_those_of_the_users_scope(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    html = detail(client_for("zibo"), run)
    counts = html[html.index("结论统计") : html.index("</table>", html.index("结论统计"))]
    assert '<td class="num outcome-eliminate">2</td>' in counts  # ZB-BF-1 and ZB-CL-1
    assert '<td class="num outcome-compliant">1</td>' in counts  # ZB-BOF-1


def test_rectification_and_insufficient_data_lists(client_for: Any, users: Any) -> None:
    with acting_as(users["province"]):
        Line.objects.filter(line_id="LY-BF-1").update(env_status="fail")
        Line.objects.filter(line_id="ZB-BOF-1").update(nominal_t=None)
    run = start_run(users["province"])
    html = detail(client_for("province"), run)
    assert "LY-BF-1" in section(html, "限期整改")
    insufficient = section(html, "数据不足")
    assert "ZB-BOF-1" in insufficient and "未知的标准" in insufficient


def test_lines_exited_when_assessed_are_left_out(client_for: Any, users: Any) -> None:
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-CL-1").update(status="exited")
    run = start_run(users["province"])
    assert "ZB-CL-1" not in detail(client_for("province"), run)


def test_long_lists_are_capped_with_a_link_to_all(
    client_for: Any, users: Any, province_ledger: Any
) -> None:
    with acting_as(None, via="测试"):
        Line.objects.create_recorded([
            Line(line_id=f"ZB-SMALL-{i:02d}", enterprise=province_ledger.zibo_steel,
                 equipment="blast_furnace", capacity=50.0, volume_m3=300.0, env_status="pass",
                 safety_status="pass", energy_status="pass", upgrade_hopeless=False)
            for i in range(25)
        ])  # fmt: skip
    run = start_run(users["province"])
    client = client_for("province")
    national = section(detail(client, run), "淘汰退出（国家标准）")
    assert "（26 条）" in national and "查看全部 26 条" in national
    assert national.count("ZB-SMALL-") == 19 * 2  # 20 rows: ZB-BF-1 and 19 others, 2 links each
    full = detail(client, run, section="eliminate_national")
    assert full.count("/ledger/lines/ZB-SMALL-") == 25
    assert "省定标准" not in full.split("<h2", 1)[1]
    assert client.get(reverse("assessments-run-detail", args=[run.pk]),
                      {"section": "nope"}).status_code == 404  # fmt: skip


def test_the_export_has_a_sheet_per_list_within_scope(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    response = client_for("zibo").get(reverse("assessments-run-export", args=[run.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["概况", "淘汰退出（国家标准）", "淘汰退出（省定标准）", "限期整改",
                             "数据不足", "全部生产线"]  # fmt: skip
    national = list(wb["淘汰退出（国家标准）"].iter_rows(values_only=True))
    assert national[0][0] == "市" and national[1][5] == "ZB-BF-1"
    assert "400 立方米及以下炼铁高炉（二(二)1）" in national[1]
    provincial = [r[5] for r in wb["淘汰退出（省定标准）"].iter_rows(min_row=2, values_only=True)]
    assert provincial == ["ZB-CL-1"]
    summary = dict(wb["概况"].iter_rows(values_only=True))
    assert summary["导出范围"] == "淄博市" and summary["生产线：淘汰退出"] == 2


def test_an_unfinished_run_has_no_export(client_for: Any, users: Any) -> None:
    run = AssessmentRun.objects.create(created_by=users["province"])
    url = reverse("assessments-run-export", args=[run.pk])
    assert client_for("province").get(url).status_code == 404


def test_only_the_province_publishes_and_unpublishes(client_for: Any, users: Any) -> None:
    run = start_run(users["province"])
    url = reverse("assessments-run-publish", args=[run.pk])
    for name in ("zibo", "industry", "enterprise_user", "no_role"):
        assert client_for(name).post(url, {"published": "1"}).status_code == 403
    assert client_for(None).post(url, {"published": "1"}).status_code == 302
    run.refresh_from_db()
    assert not run.published
    client = client_for("province")
    assert "公示淘汰名单" in detail(client, run)
    assert client.post(url, {"published": "1"}).status_code == 302
    run.refresh_from_db()
    assert run.published
    assert "撤销公示" in detail(client, run)
    client.post(url, {"published": "0"})
    run.refresh_from_db()
    assert not run.published
    assert client.get(url).status_code == 405


def test_an_unfinished_run_cannot_be_published(client_for: Any, users: Any) -> None:
    run = AssessmentRun.objects.create(created_by=users["province"])
    client_for("province").post(reverse("assessments-run-publish", args=[run.pk]),
                                {"published": "1"})  # fmt: skip
    run.refresh_from_db()
    assert not run.published
