"""The province issues a quarter's bulletin once; it is frozen with its content hash, which
regenerating from the same data reproduces; anyone signed in reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from resolute.core.bulletin import Quarter, content_hash
from resolute.web.audit.models import ImmutableError
from resolute.web.bulletins import services
from resolute.web.bulletins.models import IssuedBulletin

QUARTER = "2022Q4"


def issue(client: Any, quarter: str = QUARTER) -> Any:
    return client.post(reverse("supervision-bulletin-issue"), {"quarter": quarter})


@pytest.mark.slow
def test_the_province_issues_a_bulletin_with_its_files(client_for: Any) -> None:
    response = issue(client_for("province"))
    assert response.status_code == 302
    issued = IssuedBulletin.objects.get()
    assert issued.quarter == QUARTER and len(issued.content_hash) == 64
    assert "季度通报" in issued.html
    assert issued.pdf.read(5) == b"%PDF-"
    assert issued.xlsx.read(2) == b"PK"
    reader = client_for("enterprise_user")
    page = reader.get(reverse("supervision-bulletin-detail", args=[QUARTER]))
    assert page.status_code == 200 and issued.content_hash in page.content.decode()
    html = reader.get(reverse("supervision-bulletin-html", args=[QUARTER]))
    assert html.content.decode() == issued.html
    pdf = reader.get(reverse("supervision-bulletin-file", args=[QUARTER, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


@pytest.mark.slow
def test_regenerating_from_the_same_data_gives_the_same_hash(client_for: Any) -> None:
    issue(client_for("province"))
    issued = IssuedBulletin.objects.get()
    again = services.build_current(Quarter.parse(QUARTER))
    assert content_hash(again) == issued.content_hash


@pytest.mark.slow
def test_issuing_twice_for_the_same_quarter_is_refused(client_for: Any) -> None:
    client = client_for("province")
    issue(client)
    response = issue(client)
    assert response.status_code == 302
    assert IssuedBulletin.objects.count() == 1
    listing = client.get(reverse("supervision-bulletin-list"))
    assert "不能重复签发" in listing.content.decode()


def test_a_quarter_not_yet_over_cannot_be_issued(db: Any) -> None:
    with pytest.raises(services.BulletinRefused, match="尚未结束"):
        services.issue_bulletin("2022Q4", None, dt.date(2022, 12, 31))


def test_only_the_province_issues(client_for: Any) -> None:
    for name in ("zibo", "industry", "enterprise_user"):
        assert issue(client_for(name)).status_code == 403
    assert not IssuedBulletin.objects.exists()
    assert client_for(None).get(reverse("supervision-bulletin-list")).status_code == 302


@pytest.mark.slow
def test_an_issued_bulletin_cannot_be_changed_or_deleted(client_for: Any) -> None:
    issue(client_for("province"))
    issued = IssuedBulletin.objects.get()
    issued.html = "改过的内容"
    with pytest.raises(ImmutableError):
        issued.save()
    with pytest.raises(ImmutableError):
        issued.delete()


@pytest.mark.slow
@pytest.mark.django_db
def test_bulletins_are_numbered_per_year_of_issue_and_print_their_number() -> None:
    first = services.issue_bulletin("2022Q3", None, dt.date(2023, 1, 5))
    second = services.issue_bulletin("2022Q4", None, dt.date(2023, 1, 9))
    next_year = services.issue_bulletin("2023Q1", None, dt.date(2024, 4, 2))
    assert [b.number_label for b in (first, second, next_year)] == [
        "2023年第1期", "2023年第2期", "2024年第1期"]  # fmt: skip
    assert second.issued_on == dt.date(2023, 1, 9)
    assert "2023年第2期" in second.html and "2023年1月9日印发" in second.html
    assert "2023年第1期" not in second.html


@pytest.mark.slow
@pytest.mark.django_db
def test_a_number_is_given_once_in_a_year() -> None:
    issued = services.issue_bulletin("2022Q3", None, dt.date(2023, 1, 5))
    copy = IssuedBulletin(quarter="2022Q4", content={}, content_hash="0" * 64, html="",
                          issue_year=issued.issue_year, issue_number=issued.issue_number)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.slow
@pytest.mark.django_db
def test_a_bulletin_whose_number_was_taken_meanwhile_takes_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.issue_bulletin("2022Q3", None, dt.date(2023, 1, 5))
    offered = iter([1, 2])  # as if 2022Q3 had not been saved yet when 2022Q4 was numbered
    monkeypatch.setattr(services, "next_issue_number", lambda year: next(offered))
    issued = services.issue_bulletin("2022Q4", None, dt.date(2023, 1, 9))
    assert issued.number_label == "2023年第2期"
    assert "2023年第2期" in issued.html
    assert IssuedBulletin.objects.count() == 2


@pytest.mark.slow
def test_the_list_and_the_page_show_the_number(client_for: Any) -> None:
    issue(client_for("province"))
    reader = client_for("zibo")
    listing = reader.get(reverse("supervision-bulletin-list")).content.decode()
    page = reader.get(reverse("supervision-bulletin-detail", args=[QUARTER])).content.decode()
    label = IssuedBulletin.objects.get().number_label
    assert label.endswith("年第1期")
    assert label in listing and label in page
