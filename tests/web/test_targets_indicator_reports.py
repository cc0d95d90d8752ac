"""Departments report the indicators of 三 and 四 by form: a figure per year or quarter, or
for a qualitative target an assessment with evidence; growth and status are computed."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.web.audit.models import AuditEvent
from resolute.web.targets.models import IndicatorReport

REVENUE = "high_end_chemicals.revenue.2022"  # 高端化工营业收入 不低于 9500 亿元
FINANCE = "finance.value_added_share.2022"  # 金融业增加值占比 6.5% 左右


def _report(client: Any, target_id: str, **data: Any) -> Any:
    return client.post(reverse("targets-indicator-report", args=[target_id]), data)


def _qualitative_id() -> str:
    from resolute.core import targets as targets_data

    return next(t.id for t in targets_data.default().targets
                if t.comparison == "qualitative" and t.clause.startswith("四"))  # fmt: skip


def test_a_department_reports_a_figure_and_its_growth_is_computed(
    client_for: Any, users: dict[str, Any]
) -> None:
    client = client_for("industry")

    assert _report(client, REVENUE, period="2021", value="8000").status_code == 302
    assert _report(client, REVENUE, period="2022年", value="9600").status_code == 302

    stored = IndicatorReport.objects.get(target_id=REVENUE, period="2022")
    assert stored.value == 9600 and stored.department == "省工信厅"
    assert stored.reported_by == users["industry"]
    response = client.get(reverse("targets-detail", args=[REVENUE]))
    lines = {r.report.period: r for r in response.context["reports"]}
    assert lines["2022"].growth == "20%" and lines["2021"].growth == "—"
    assert lines["2022"].reached_label == "达到" and lines["2021"].reached_label == "未达到"
    assert AuditEvent.objects.filter(model="indicatorreport", via="网页").count() == 2


def test_a_correction_keeps_the_earlier_figure_in_the_history(client_for: Any) -> None:
    client = client_for("province")
    _report(client, REVENUE, period="2022Q1", value="2000")
    _report(client, REVENUE, period="2022q1", value="2100")

    assert IndicatorReport.objects.get(target_id=REVENUE).value == 2100
    update = AuditEvent.objects.get(model="indicatorreport", action="update")
    assert update.before["value"] == 2000 and update.after["value"] == 2100


def test_a_share_of_gdp_is_shown_as_reported_and_about_means_within_five_percent(
    client_for: Any,
) -> None:
    client = client_for("province")
    _report(client, FINANCE, period="2021", value="6.0")
    _report(client, FINANCE, period="2022", value="6.3")

    response = client.get(reverse("targets-detail", args=[FINANCE]))
    lines = {r.report.period: r for r in response.context["reports"]}
    assert lines["2022"].value == "6.3" and lines["2022"].growth == "—"
    assert lines["2022"].reached_label == "达到"  # 6.3 is within 5 % of 6.5
    assert lines["2021"].reached_label == "未达到"  # 6.0 is not
    assert "本软件的默认设置" in response.content.decode()


def test_bad_values_are_refused_with_the_reason(client_for: Any) -> None:
    client = client_for("province")

    negative = _report(client, REVENUE, period="2022", value="-5")
    bad_period = _report(client, REVENUE, period="明年", value="5")

    assert negative.status_code == 400 and "不能为负数" in negative.content.decode()
    assert bad_period.status_code == 400 and "不是年份或季度" in bad_period.content.decode()
    assert not IndicatorReport.objects.exists()


def test_a_qualitative_target_carries_an_assessment_and_evidence(client_for: Any) -> None:
    target_id = _qualitative_id()
    evidence = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4 test", "application/pdf")

    response = client_for("province").post(
        reverse("targets-indicator-report", args=[target_id]),
        {"period": "2022", "assessment": "总体达到预期。", "rating": "mostly",
         "evidence": evidence},
    )  # fmt: skip

    assert response.status_code == 302
    report = IndicatorReport.objects.get(target_id=target_id)
    assert report.value is None and report.rating == "mostly" and report.evidence
    page = client_for("zibo").get(reverse("targets-detail", args=[target_id])).content.decode()
    assert "基本达到" in page and "总体达到预期。" in page


def test_only_province_and_department_officers_may_report(client_for: Any) -> None:
    url = reverse("targets-indicator-report", args=[REVENUE])
    for name in ("zibo", "enterprise_user", "no_role"):
        assert client_for(name).get(url).status_code == 403
        assert client_for(name).post(url, {"period": "2022", "value": "1"}).status_code == 403
    assert client_for("enterprise_user").get(reverse("targets-indicator-import")).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not IndicatorReport.objects.exists()


def test_a_computed_target_cannot_be_reported(client_for: Any) -> None:
    url = reverse("targets-indicator-report", args=["steel.pig_iron.2021.province"])
    assert client_for("province").get(url).status_code == 404


def test_the_indicator_list_shows_the_latest_report_of_each_target(client_for: Any) -> None:
    client = client_for("province")
    _report(client, REVENUE, period="2021", value="8000")
    _report(client, REVENUE, period="2022Q1", value="2500")

    response = client.get(reverse("targets-indicators"))

    rows = {r.target.id: r for r in response.context["rows"]}
    assert rows[REVENUE].latest.period == "2022Q1" and rows[REVENUE].latest.value == "2500"
    assert "steel.pig_iron.2021.province" not in rows  # computed, never reported
    assert "projects.provincial_key.yearly" not in rows  # counted from the key projects
    assert reverse("targets-indicator-import") in response.content.decode()
    assert client.get(reverse("targets-indicator-import")).status_code == 200
    assert client.get(reverse("targets-indicator-report", args=[REVENUE])).status_code == 200
