"""The bell in the page header counts a user's unread notices; the notices page lists them,
opens each where it is dealt with (marking it read) and marks them read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from test_notices_daily import on, plan

from resolute.web.notices import services
from resolute.web.notices.models import Notice


def _bell(page: str) -> str:
    start = page.index('class="bell"')
    return page[start : page.index("</a>", start)]


def test_the_bell_counts_unread_notices_and_the_page_lists_them(
    client_for: Any, users: dict[str, Any]
) -> None:
    plan("ZB-BF-1")
    plan("ZB-CL-1")
    client = client_for("zibo")
    assert "bell-count" not in _bell(client.get("/").content.decode())
    services.run_daily(on(50))
    assert '<span class="bell-count" aria-label="未读提醒">2</span>' in _bell(
        client.get("/").content.decode())  # fmt: skip
    page = client.get("/notices/").content.decode()
    assert "共 2 条，其中未读 2 条" in page and "ZB-BF-1" in page and "ZB-CL-1" in page
    assert "还有 50 天" in page
    # The linyi officer is told of none of them: only of 临沂's coke oven LY-CO-1, whose duty
    # of 二(三)3 (淘汰 by 2021-12-31) is overdue.
    linyi = client_for("linyi")
    assert '<span class="bell-count" aria-label="未读提醒">1</span>' in _bell(
        linyi.get("/").content.decode())  # fmt: skip
    page = linyi.get("/notices/").content.decode()
    assert "共 1 条，其中未读 1 条" in page and "LY-CO-1" in page and "ZB-" not in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_line(
    client_for: Any, users: dict[str, Any]
) -> None:
    plan("ZB-BF-1")
    services.run_daily(on(50))
    notice = Notice.objects.get(user=users["zibo"])
    client = client_for("zibo")
    response = client.get(f"/notices/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/ledger/lines/ZB-BF-1/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "bell-count" not in _bell(client.get("/").content.decode())
    # Another user's notice is as if it did not exist.
    other = Notice.objects.get(user=users["industry"], line__line_id="ZB-BF-1")
    assert client.get(f"/notices/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_one_and_all_read(client_for: Any, users: dict[str, Any]) -> None:
    plan("ZB-BF-1")
    plan("ZB-CL-1", dt.date(2022, 11, 30))
    services.run_daily(on(50))
    client = client_for("zibo")
    first, second = Notice.objects.filter(user=users["zibo"]).order_by("pk")
    assert client.post("/notices/read/", {"pk": first.pk}).status_code == 302
    assert services.unread_count(users["zibo"]) == 1
    assert "只看未读（1 条）" in client.get("/notices/").content.decode()
    assert second.title in client.get("/notices/?unread=1").content.decode()
    client.post("/notices/read/")
    assert services.unread_count(users["zibo"]) == 0
    # Marking read by someone else changes nothing of theirs.
    industry = Notice.objects.filter(user=users["industry"]).first()
    assert industry is not None
    client.post("/notices/read/", {"pk": industry.pk})
    industry.refresh_from_db()
    assert industry.read_at is None


def test_the_notices_page_needs_a_sign_in(client_for: Any) -> None:
    response = client_for(None).get("/notices/")
    assert response.status_code == 302 and "/login/" in response["Location"]
