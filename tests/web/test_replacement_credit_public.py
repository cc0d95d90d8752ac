"""The credit disclosure page and API are public and list overdue exits without persons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse


def test_anonymous_visitors_see_open_credit_records(client_for: Any, province_ledger: Any) -> None:
    response = client_for(None).get(reverse("replacement-credit-public"))
    assert response.status_code == 200
    page = response.content.decode()
    # The 4.3 m coke oven owed elimination by 2021-12-31 (二(三)3) and has not exited.
    assert province_ledger.linyi_coking.credit_code in page
    assert "临沂蒙阴焦化有限公司" in page
    assert "张三" not in page


def test_the_public_api_lists_the_same_records(client_for: Any, province_ledger: Any) -> None:
    response = client_for(None).get("/api/replacement/credit")
    assert response.status_code == 200
    body = response.json()
    codes = {r["credit_code"] for r in body["records"]}
    assert province_ledger.linyi_coking.credit_code in codes
    record = next(
        r for r in body["records"] if r["credit_code"] == province_ledger.linyi_coking.credit_code
    )
    assert record["clause"] == "二(三)3"
    deadline = dt.date.fromisoformat(record["deadline"])
    assert record["days_overdue"] == (dt.date.fromisoformat(body["as_of"]) - deadline).days
    assert "responsible_person" not in record
