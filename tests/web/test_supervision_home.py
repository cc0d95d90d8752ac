"""The supervision section opens for officials only, and its scoring rules are checked at
start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from resolute.core import evaluation
from resolute.web.supervision.apps import check_scoring_rules


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


def test_a_broken_rules_file_is_a_system_check_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert check_scoring_rules() == []
    broken = tmp_path / "evaluation.yaml"
    broken.write_text("version: 1\n", encoding="utf-8")
    monkeypatch.setattr(evaluation, "DEFAULT_PATH", broken)
    errors = check_scoring_rules()
    assert [e.id for e in errors] == ["supervision.E001"]
    assert "evaluation.yaml" in errors[0].msg
