"""After the plan's period (2021–2022, the cement tail to 2024): quarter pickers run
2021Q2–2024Q4, the annual evaluation opens on 2022, pages say the period has ended, and the
final report is on the web with its files."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from resolute.web.bulletins import services

AFTER = dt.date(2026, 11, 29)


@pytest.fixture
def after_the_plan(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: AFTER)
    return AFTER


def test_bulletins_may_be_issued_for_the_plans_quarters_only(
    client_for: Any, after_the_plan: dt.date
) -> None:
    page = client_for("province").get(reverse("supervision-bulletin-list"))
    issuable = page.context["issuable"]
    assert issuable[0] == "2024Q4" and issuable[-1] == "2021Q2" and len(issuable) == 15
    for quarter, words in (("2025Q1", "2021Q2—2024Q4"), ("2021Q1", "2021Q2—2024Q4")):
        with pytest.raises(services.BulletinRefused, match=words):
            services.issue_bulletin(quarter, None, AFTER)


def test_the_quarterly_dispatch_opens_on_the_last_quarter_and_offers_only_the_plans(
    client_for: Any, after_the_plan: dt.date
) -> None:
    page = client_for("province").get(reverse("supervision-quarter-list"))
    assert page.context["quarter"] == "2024Q4"
    assert page.context["quarters"][0] == "2024Q4" and page.context["quarters"][-1] == "2021Q2"
    late = client_for("zibo").post(reverse("supervision-quarter-submit"),
                                   {"quarter": "2025Q1", "narrative": "x", "figures": ""})  # fmt: skip
    assert late.status_code == 400 and "2021Q2—2024Q4" in late.content.decode()


def test_the_annual_evaluation_opens_on_2022_and_offers_the_years_with_duties_due(
    client_for: Any, after_the_plan: dt.date
) -> None:
    client = client_for("province")
    page = client.get(reverse("supervision-evaluation"))
    assert (page.context["year"], page.context["years"]) == (2022, [2021, 2022, 2024])
    assert client.get(reverse("supervision-evaluation"), {"year": "2023"}).status_code == 404
    assert client.get(reverse("supervision-evaluation"), {"year": "2024"}).status_code == 200


def test_pages_say_the_plan_period_has_ended(client_for: Any, after_the_plan: dt.date) -> None:
    for name in ("supervision-home", "targets-list", "targets-obligations"):
        html = client_for("province").get(reverse(name)).content.decode()
        assert "方案实施期（2021年1月1日—2022年12月31日）已经结束" in html, name
        assert "实施情况总结报告" in html


def test_during_the_plan_no_such_notice(client_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2022, 6, 30))
    html = client_for("province").get(reverse("targets-list")).content.decode()
    assert "已经结束" not in html


def test_the_final_report_lists_open_lines_with_days_overdue_to_the_day(
    client_for: Any, after_the_plan: dt.date
) -> None:
    client = client_for("province")
    page = client.get(reverse("supervision-final-report"))
    assert page.status_code == 200
    report = page.context["report"]
    open_lines = {o.line_id: o.days_overdue for o in report.open_lines}
    # LY-CO-1: a coke oven of 4.3 m, due 2021-12-31 and still there.
    assert open_lines["LY-CO-1"] == (AFTER - dt.date(2021, 12, 31)).days
    assert [c.city for c in report.cities][:3] == ["济南", "青岛", "淄博"]
    html = client.get(reverse("supervision-final-report-html")).content.decode()
    assert "实施情况总结报告" in html and "LY-CO-1" in html
    later = client.get(reverse("supervision-final-report"), {"as_of": "2026-12-29"})
    assert {o.line_id: o.days_overdue for o in later.context["report"].open_lines}[
        "LY-CO-1"
    ] == open_lines["LY-CO-1"] + 30


def test_the_final_report_downloads_as_excel_and_json(
    client_for: Any, after_the_plan: dt.date
) -> None:
    client = client_for("province")
    xlsx = client.get(reverse("supervision-final-report-file", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["目标完成情况", "各市完成情况", "仍未退出的生产线"]
    data = json.loads(client.get(reverse("supervision-final-report-file", args=["json"])).content)
    assert data["as_of"] == "2026-11-29" and len(data["content_hash"]) == 64
    assert client.get(reverse("supervision-final-report-file", args=["doc"])).status_code == 404


def test_the_final_report_is_for_officials(client_for: Any, after_the_plan: dt.date) -> None:
    assert client_for("enterprise_user").get(reverse("supervision-final-report")).status_code == 403
    assert client_for("zibo").get(reverse("supervision-final-report")).status_code == 200


def test_the_key_project_target_takes_its_weakest_year_from_the_register(
    client_for: Any, after_the_plan: dt.date
) -> None:
    from resolute.web.audit.context import acting_as
    from resolute.web.ledger.models import City
    from resolute.web.targets.models import KeyProject

    city = City.objects.get(name="淄博")
    with acting_as(None, via="测试"):
        for year, stage, n in ((2021, "started", 3), (2022, "operating", 2), (2022, "reserve", 4)):
            for i in range(n):
                KeyProject(name=f"{year}{stage}{i}", city=city, sector="高端化工", year=year,
                           stage=stage, emerging_or_shortfall=(i == 0)).save()  # fmt: skip
    report = client_for("province").get(reverse("supervision-final-report")).context["report"]
    found = {t.target_id: t for t in report.targets}
    count = found["projects.provincial_key.yearly"]
    assert (count.achieved, count.source, count.state) == (2.0, "report", "not_met")
    share = found["projects.emerging_share"]  # 2021: 1 of 3; 2022: 2 of 6
    assert round(share.achieved or 0, 1) == 33.3 and share.state == "not_met"
