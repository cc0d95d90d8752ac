"""The province issues a quarter's bulletin once; it is frozen with its content hash, which
regenerating from the same data reproduces; anyone signed in reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
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


def test_a_quarter_not_yet_over_cannot_be_issued() -> None:
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
