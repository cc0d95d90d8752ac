"""Cities submit their quarter's progress (季调度); the province sees which have."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from resolute.web.quarters.models import QuarterlyReport

SUBMIT = "supervision-quarter-submit"


def submit(client: Any, quarter: str = "2022Q4", **extra: str) -> Any:
    data = {"quarter": quarter, "narrative": "本季度关停高炉一座。", "figures": ""}
    return client.post(reverse(SUBMIT), {**data, **extra})


def test_a_city_officer_submits_the_quarter_with_figures(client_for: Any) -> None:
    response = submit(client_for("zibo"), figures="退出炼铁产能（万吨）：40\n关停高炉=1")
    assert response.status_code == 302
    report = QuarterlyReport.objects.get()
    assert (report.city.name, report.quarter) == ("淄博", "2022Q4")
    assert report.figures == {"退出炼铁产能（万吨）": "40", "关停高炉": "1"}


def test_submitting_again_replaces_the_report(client_for: Any) -> None:
    submit(client_for("zibo"))
    submit(client_for("zibo"), narrative="更正：关停高炉两座。")
    assert [r.narrative for r in QuarterlyReport.objects.all()] == ["更正：关停高炉两座。"]


def test_a_malformed_quarter_or_figure_is_refused(client_for: Any) -> None:
    assert submit(client_for("zibo"), quarter="2022Q5").status_code == 400
    assert submit(client_for("zibo"), figures="只有名称").status_code == 400
    assert not QuarterlyReport.objects.exists()


def test_the_province_sees_which_cities_have_submitted(client_for: Any) -> None:
    submit(client_for("zibo"))
    submit(client_for("linyi"), quarter="2022Q3")
    response = client_for("province").get(reverse("supervision-quarter-list"),
                                          {"quarter": "2022Q4"})  # fmt: skip
    rows = {city.name: report for city, report in response.context["rows"]}
    assert len(rows) == 16
    assert rows["淄博"] is not None and rows["临沂"] is None
    assert "已报送 1 / 16 个市" in response.content.decode()


def test_only_city_officers_submit_and_only_their_own_city_is_shown(client_for: Any) -> None:
    assert submit(client_for("province")).status_code == 403
    assert submit(client_for("enterprise_user")).status_code == 403
    submit(client_for("linyi"))
    report = QuarterlyReport.objects.get()
    zibo = client_for("zibo")
    rows = zibo.get(reverse("supervision-quarter-list"), {"quarter": "2022Q4"}).context["rows"]
    assert [city.name for city, _ in rows] == ["淄博"]
    assert zibo.get(reverse("supervision-quarter-detail", args=[report.pk])).status_code == 404
    province = client_for("province")
    detail = province.get(reverse("supervision-quarter-detail", args=[report.pk]))
    assert detail.status_code == 200 and "本季度关停高炉一座" in detail.content.decode()
