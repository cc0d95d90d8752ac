"""An enterprise's page: profile, figures, lines, the findings with their citations, exit
plans and verified exits, and the change history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as
from resolute.web.ledger import views
from resolute.web.ledger.models import ExitEvent, ExitEvidence, ExitPlan, Line


def page(client: Any, enterprise: Any) -> str:
    response = client.get(reverse("ledger-enterprise-detail", args=[enterprise.credit_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_profile_figures_and_lines(
    client_for: Any, province_ledger: Any
) -> None:
    html = page(client_for("zibo"), province_ledger.zibo_steel)
    assert "淄博齐鲁特钢有限公司" in html and "张店区" in html and "钢铁" in html
    assert "符合全省钢铁产业发展规划布局" in html
    assert "实缴税金" in html and "2020" in html  # the yearly figures
    assert "ZB-BF-1" in html and "ZB-BOF-1" in html
    assert "有效容积" in html and "380 立方米" in html
    assert "<dd>否</dd>" in html  # 提升无望 is a known “no”
    assert "尚未评估" in html


def test_unknown_values_are_shown_as_unknown(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    with acting_as(users["province"]):
        Line.objects.filter(line_id="ZB-BOF-1").update(nominal_t=None)
    html = page(client_for("province"), province_ledger.zibo_steel)
    assert '<dt>公称容量</dt><dd class="unknown">未知</dd>' in html


def test_after_a_run_each_finding_shows_its_value_threshold_wording_and_citation(
    client_for: Any, users: dict[str, Any], province_ledger: Any
) -> None:
    run = start_run(users["province"])
    html = page(client_for("enterprise_user"), province_ledger.zibo_steel)
    assert "400 立方米及以下炼铁高炉" in html
    assert "二(二)1" in html
    assert "≤ 400" in html and "立方米" in html and ">380<" in html
    assert "不符合" in html and "淘汰退出" in html and "国家标准" in html
    assert reverse("assessments-run-detail", args=[run.pk]) in html
    rule_url = reverse("ledger-rule-detail", args=["steel.technology.blast_furnace_volume"])
    assert rule_url in html
    assert "效益" in html  # the enterprise-level findings


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
    assert "关停" in html and "2022-12-31" in html and "淄博市工业和信息化局" in html
    assert "张三" in html
    assert "2021-06-30" in html and "拆除完毕" in html and "拆除验收照片" in html


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
