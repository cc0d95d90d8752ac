"""The credit list is published, not live (issue #11, point 9): the public sees only the
latest publication that the provincial office reviewed and released — who and when recorded
— paginated, with its date; never persons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from province import make_user

from resolute.web.accounts.models import Role
from resolute.web.audit.context import acting_as
from resolute.web.audit.models import AuditEvent
from resolute.web.ledger.models import Line
from resolute.web.replacement import views
from resolute.web.replacement.models import CreditPublication

PUBLIC = reverse("replacement-credit-public")
REVIEW = reverse("replacement-credit-review")


def publish(client: Any, note: str = "") -> Any:
    return client.post(REVIEW, {"confirmed": "on", "note": note})


def test_nothing_is_public_before_a_publication(client_for: Any, province_ledger: Any) -> None:
    page = client_for(None).get(PUBLIC).content.decode()
    assert "尚未公布信用记录" in page
    assert province_ledger.linyi_coking.credit_code not in page  # overdue, but not released
    body = client_for(None).get("/api/replacement/credit").json()
    assert body == {"as_of": None, "published_at": None, "count": 0, "records": []}


def test_the_province_reviews_then_publishes_and_the_public_sees_it(
    client_for: Any, province_ledger: Any, users: Any
) -> None:
    province = client_for("province")
    review = province.get(REVIEW).content.decode()
    assert province_ledger.linyi_coking.credit_code in review and "新增" in review
    refused = province.post(REVIEW, {"note": "未勾选"})
    assert refused.status_code == 400 and "请先核对并勾选" in refused.content.decode()
    assert not CreditPublication.objects.exists()
    assert publish(province, "已与各市核对").status_code == 302
    publication = CreditPublication.objects.get()
    assert publication.published_by == users["province"] and publication.note == "已与各市核对"
    event = AuditEvent.objects.get(model="creditpublication")
    assert event.actor == users["province"] and event.action == "create"
    assert event.after["count"] == publication.count >= 1
    page = client_for(None).get(PUBLIC).content.decode()
    assert province_ledger.linyi_coking.credit_code in page and "临沂蒙阴焦化有限公司" in page
    assert "于 " + f"{dt.date.today():%Y}年" in page  # the date of publication
    assert "张三" not in page


def test_a_later_change_reaches_the_public_only_with_the_next_publication(
    client_for: Any, province_ledger: Any, users: Any
) -> None:
    publish(client_for("province"))
    code = province_ledger.linyi_coking.credit_code
    with acting_as(users["linyi"], via="网页"):  # verified exit after the deadline
        Line.objects.filter(line_id="LY-CO-1").update(status="exited",
                                                      exited_on=dt.date(2022, 3, 1))  # fmt: skip
    assert code in client_for(None).get(PUBLIC).content.decode()  # still the published list
    review = client_for("province").get(REVIEW).content.decode()
    assert "移出 1 条" in review
    publish(client_for("province"))
    assert code not in client_for(None).get(PUBLIC).content.decode()


@pytest.mark.parametrize("name", ["zibo", "industry", "enterprise_user", "no_role"])
def test_only_the_provincial_office_reviews_and_publishes(client_for: Any, name: str) -> None:
    assert client_for(name).get(REVIEW).status_code == 403
    assert publish(client_for(name)).status_code == 403
    assert not CreditPublication.objects.exists()
    assert client_for(None).get(REVIEW).status_code == 302  # to the sign-in page


def test_the_public_list_and_api_show_the_publication_paginated(
    client_for: Any, province_ledger: Any, monkeypatch: Any
) -> None:
    publish(client_for("province"))
    publication = CreditPublication.objects.get()
    body = client_for(None).get("/api/replacement/credit").json()
    assert body["count"] == publication.count
    assert body["as_of"] == publication.as_of.isoformat() and body["published_at"]
    record = next(r for r in body["records"]
                  if r["credit_code"] == province_ledger.linyi_coking.credit_code)  # fmt: skip
    assert record["clause"] == "二(三)3"
    deadline = dt.date.fromisoformat(record["deadline"])
    assert record["days_overdue"] == (publication.as_of - deadline).days
    assert "responsible_person" not in record
    assert publication.count >= 2
    monkeypatch.setattr(views, "CREDIT_PAGE", 1)
    first = client_for(None).get(PUBLIC).content.decode()
    second = client_for(None).get(PUBLIC, {"page": 2}).content.decode()
    assert f"第 1 / {publication.count} 页" in first and f"第 2 / {publication.count} 页" in second
    codes = [r.line_id for r in publication.records.all()]
    assert codes[0] != codes[1]


def test_a_second_province_officer_is_named_on_the_review(client_for: Any, users: Any) -> None:
    other = make_user("province2", "x" * 12, role=Role.PROVINCE, display_name="省办二处")
    publish(client_for("province"))
    client = client_for(None)
    client.force_login(other)
    assert "公布人 省办" in client.get(REVIEW).content.decode()
