"""The supervision section opens for officials only (its scoring rules are checked at start-up
with the other data files: test_data_files_are_checked_at_start_up.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_officials_open_the_section_and_others_are_refused(client_for: Any) -> None:
    url = reverse("supervision-home")
    for name in ("province", "industry", "zibo"):
        response = client_for(name).get(url)
        assert response.status_code == 200 and "三个一批" in response.content.decode()
    assert client_for("enterprise_user").get(url).status_code == 403
    assert client_for("no_role").get(url).status_code == 403


def test_the_header_links_to_the_section_for_officials(client_for: Any) -> None:
    assert 'href="/supervision/"' in client_for("zibo").get("/").content.decode()
    assert 'href="/supervision/"' not in client_for("enterprise_user").get("/").content.decode()
