"""The plan's period — the quarters offered for dispatch and bulletins, the years of the
annual evaluation, the notice once the period is over — follows the targets in force on the
day the page is opened: a successor that moves the last deadline moves them from its
effective date, not a day earlier."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from policy_drafts import publish

from resolute.web.bulletins import services as bulletins
from resolute.web.quarters import services as quarters

#: The successor moves the clinker lines' last deadline (二(三)5) from 2024 to 2025.
EFFECTIVE = dt.date(2025, 3, 1)
DAY_BEFORE = EFFECTIVE - dt.timedelta(days=1)


@pytest.fixture
def later_deadline(users: Any) -> None:
    publish("targets", ("    deadline: 2024-12-31", "    deadline: 2025-12-31"),
            label="2025.1", effective=EFFECTIVE)  # fmt: skip


def on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


@pytest.mark.parametrize(("today", "latest"), [(DAY_BEFORE, "2024Q4"), (EFFECTIVE, "2025Q1")])
def test_the_quarters_offered_follow_the_targets_in_force_today(
    client_for: Any, later_deadline: None, monkeypatch: pytest.MonkeyPatch,
    today: dt.date, latest: str,
) -> None:  # fmt: skip
    on(monkeypatch, today)
    assert quarters.recent_quarters(today)[0] == latest
    assert quarters.current_quarter(today) == latest
    page = client_for("province").get(reverse("supervision-quarter-list"))
    assert page.context["quarters"][0] == latest
    filed = client_for("zibo").post(reverse("supervision-quarter-submit"),
                                    {"quarter": "2025Q1", "narrative": "进展", "figures": ""})  # fmt: skip
    assert (filed.status_code == 400) == (latest == "2024Q4")
    bulletin_page = client_for("province").get(reverse("supervision-bulletin-list"))
    assert str(bulletin_page.context["last_quarter"]) == latest[:4] + "Q4"


@pytest.mark.parametrize(("today", "refused"), [(dt.date(2026, 1, 9), True),
                                                (dt.date(2026, 1, 10), False)])  # fmt: skip
def test_a_bulletin_after_2024_may_be_issued_only_under_a_version_that_runs_that_long(
    users: Any, today: dt.date, refused: bool
) -> None:
    publish("targets", ("    deadline: 2024-12-31", "    deadline: 2025-12-31"),
            label="2026.1", effective=dt.date(2026, 1, 10))  # fmt: skip
    issuable = bulletins.issuable_quarters(today)
    if refused:
        with pytest.raises(bulletins.BulletinRefused, match="2021Q2—2024Q4"):
            bulletins.check_issuable("2025Q4", today)
        assert issuable[0] == "2024Q4"
    else:
        assert str(bulletins.check_issuable("2025Q4", today)) == "2025Q4"
        assert issuable[0] == "2025Q4"


@pytest.mark.parametrize(("today", "tail"), [(DAY_BEFORE, False), (EFFECTIVE, True)])
def test_the_notice_after_the_plan_names_the_last_deadline_in_force_today(
    client_for: Any, later_deadline: None, monkeypatch: pytest.MonkeyPatch,
    today: dt.date, tail: bool,
) -> None:  # fmt: skip
    on(monkeypatch, today)
    html = client_for("province").get(reverse("targets-list")).content.decode()
    assert "方案实施期（2021年1月1日—2022年12月31日）已经结束" in html
    assert ("整合退出期限为2025年12月31日" in html) is tail


@pytest.mark.parametrize(("today", "years"), [(DAY_BEFORE, [2021, 2022, 2024]),
                                              (EFFECTIVE, [2021, 2022, 2025])])  # fmt: skip
def test_the_years_of_the_annual_evaluation_follow_the_targets_in_force_today(
    client_for: Any, later_deadline: None, monkeypatch: pytest.MonkeyPatch,
    today: dt.date, years: list[int],
) -> None:  # fmt: skip
    on(monkeypatch, today)
    page = client_for("province").get(reverse("supervision-evaluation"))
    assert page.context["years"] == years
