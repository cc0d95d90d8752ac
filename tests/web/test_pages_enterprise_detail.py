"""An enterprise's page: profile, figures, lines, the findings with their citations, exit
plans and verified exits, and the change history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pages import Element, fact_elements, facts, parse, row_where, table_rows

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.front import ledger_views as views
from resolute.web.ledger.models import ExitEvent, ExitEvidence, ExitPlan, Line


def page(client: Any, enterprise: Any) -> str:
    response = client.get(reverse("ledger-enterprise-detail", args=[enterprise.credit_code]))
    assert response.status_code == 200
    return response.content.decode()


def line_card(html: str, line_id: str) -> Element:
    return parse(html).find("section", id=f"line-{line_id}")


def test_the_page_shows_the_profile_figures_and_lines(
    client_for: Any, province_ledger: Any
) -> None:
    html = page(client_for("zibo"), province_ledger.zibo_steel)
    assert "淄博齐鲁特钢有限公司" in parse(html).find("h1").text
    profile = facts(parse(html))
    assert (profile["县（市、区）"], profile["行业"]) == ("张店区", "钢铁")
    assert "符合全省钢铁产业发展规划布局" in profile
    years = parse(html).find("table", cls="auto")
    assert [th.text for th in years.iter("th")][2:] == ["2020"]  # the yearly figures
    assert "实缴税金" in [row["项目"].text for row in table_rows(years)]
    furnace = facts(line_card(html, "ZB-BF-1"))
    assert furnace["有效容积"] == "380 立方米"
    assert furnace["提升无望"] == "否"  # a known “no”
    assert line_card(html, "ZB-BOF-1").find("a").text == "ZB-BOF-1"
    assert "尚未评估" in html


def test_unknown_values_are_shown_as_unknown(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-BOF-1").update(nominal_t=None)
    card = line_card(page(client_for("province"), province_ledger.zibo_steel), "ZB-BOF-1")
    nominal = fact_elements(card)["公称容量"]
    assert (nominal.text, nominal.classes) == ("未知", {"unknown"})


def test_after_a_run_each_finding_shows_its_value_threshold_wording_and_citation(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    run = start_run(users["province"])
    html = page(client_for("enterprise_user"), province_ledger.zibo_steel)
    card = line_card(html, "ZB-BF-1")
    volume = row_where(table_rows(card, cls="findings"), "方案原文", "400 立方米及以下炼铁高炉")
    assert {k: volume[k].text for k in ("标准", "依据", "结果", "实测值", "不符合条件", "单位", "出处")} == {
        "标准": "技术", "依据": "国家标准", "结果": "不符合", "实测值": "380",
        "不符合条件": "≤ 400", "单位": "立方米", "出处": "二(二)1",
    }  # fmt: skip
    assert volume["规则"].href == reverse(
        "ledger-rule-detail", args=["steel.technology.blast_furnace_volume"]
    )
    assert "淘汰退出" in card.find("h3").text
    assert parse(html).links()[f"评估 #{run.pk}"] == reverse(
        "assessments-run-detail", args=[run.pk]
    )
    enterprise_level = table_rows(parse(html), cls="findings")  # the first: the enterprise's own
    assert "效益" in {row["标准"].text for row in enterprise_level}


def test_the_rule_page_explains_the_rule(client_for: Any, users: Any) -> None:
    url = reverse("ledger-rule-detail", args=["steel.technology.blast_furnace_volume"])
    html = client_for("zibo").get(url).content.decode()
    assert "400 立方米及以下炼铁高炉" in html and "不符合的条件" in html and "二(二)1" in html
    assert (
        client_for("zibo").get(reverse("ledger-rule-detail", args=["no.such"])).status_code == 404
    )


def test_exit_plan_and_verified_exits_with_evidence_are_shown(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    with acting_as(users["zibo"], via="网页"):
        ExitPlan(line=Line.objects.get(line_id="ZB-BF-1"), exit_method="close",
                 exit_deadline=dt.date(2022, 12, 31), responsible_unit="淄博市工业和信息化局",
                 responsible_person="张三").save()  # fmt: skip
        event = ExitEvent(line=Line.objects.get(line_id="ZB-BOF-1"),
                          exited_on=dt.date(2021, 6, 30), capacity=300.0, note="拆除完毕")  # fmt: skip
        event.save()
        ExitEvidence(event=event, title="拆除验收照片",
                     file=SimpleUploadedFile("photo.pdf", b"%PDF-1.4")).save()  # fmt: skip
    html = page(client_for("zibo"), province_ledger.zibo_steel)
    plan = facts(line_card(html, "ZB-BF-1"))
    assert plan["退出方式"] == "关停" and plan["退出时限"] == "2022-12-31"
    assert plan["责任单位"] == "淄博市工业和信息化局" and plan["责任人"] == "张三"
    exit_card = line_card(html, "ZB-BOF-1")
    verified = facts(exit_card)
    assert verified["实际退出日期"] == "2021-06-30" and verified["说明"] == "拆除完毕"
    assert verified["退出产能"] == "300 万吨钢/年"
    assert exit_card.links()["拆除验收照片"].startswith("/ledger/")


def test_history_shows_who_changed_what_from_what_to_what(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    line = Line.objects.get(line_id="ZB-BF-1")
    with acting_as(users["zibo"], via="网页"):
        line.volume_m3 = 420.0
        line.env_status = "fail"
        line.save()
    html = page(client_for("province"), province_ledger.zibo_steel)
    history = html[html.index("变更记录</h2>") :]
    assert "zibo" in history and "网页" in history and "修改" in history
    assert "有效容积：380 → 420" in history
    assert "环保标准达标情况：达标 → 不达标" in history
    assert history.index("修改") < history.index("新增")  # newest first
    assert "所在市：未知 → 淄博" in history  # the creation, with the city by name
    assert "企业：未知 → 淄博齐鲁特钢有限公司" in history  # a line's enterprise by name
    other = page(client_for("province"), province_ledger.linyi_steel)
    assert "有效容积：380 → 420" not in other


def test_an_unknown_or_out_of_scope_enterprise_is_not_found(
    client_for: Any, province_ledger: Any
) -> None:
    client = client_for("zibo")
    code = province_ledger.linyi_steel.credit_code
    assert client.get(reverse("ledger-enterprise-detail", args=[code])).status_code == 404
    missing = reverse("ledger-enterprise-detail", args=["91370300MA00000000"])
    assert client.get(missing).status_code == 404


def test_the_objection_thread_is_included_when_its_template_exists(
    client_for: Any, province_ledger: Any, settings: Any, tmp_path: Any
) -> None:
    folder = tmp_path / "templates" / "objections"
    folder.mkdir(parents=True)
    (folder / "_thread.html").write_text("THREAD-FOR {{ enterprise.credit_code }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    html = page(client_for("zibo"), province_ledger.zibo_steel)
    assert f"THREAD-FOR {province_ledger.zibo_steel.credit_code}" in html


def test_the_page_works_without_the_objection_thread(
    client_for: Any, province_ledger: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "OBJECTIONS_THREAD", "objections/_no_such_template.html")
    html = page(client_for("zibo"), province_ledger.zibo_steel)
    assert "<h2>异议</h2>" not in html
