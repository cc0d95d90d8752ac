"""Every page and export shows each user exactly the lines of their scope, and nothing else.

The test ledger (conftest) has 淄博 steel (ZB-BF-1 eliminated on the national standard,
ZB-BOF-1), 淄博 cement (ZB-CL-1, eliminated on the provincial standard), 临沂 steel (LY-BF-1)
and 临沂 coking (LY-CO-1, eliminated on the provincial standard).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from resolute.web.assessments.models import AssessmentRun
from resolute.web.assessments.services import start_run

ALL_LINES = ("ZB-BF-1", "ZB-BOF-1", "ZB-CL-1", "LY-BF-1", "LY-CO-1")
ELIMINATED = {"ZB-BF-1", "ZB-CL-1", "LY-CO-1"}
VISIBLE: dict[str, set[str]] = {
    "province": set(ALL_LINES),
    "industry": {"ZB-BF-1", "ZB-BOF-1", "LY-BF-1", "LY-CO-1"},
    "zibo": {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"},
    "linyi": {"LY-BF-1", "LY-CO-1"},
    "enterprise_user": {"ZB-BF-1", "ZB-BOF-1"},
    "no_role": set(),
}
ENTERPRISE_OF_LINE = {
    "ZB-BF-1": "zibo_steel",
    "ZB-BOF-1": "zibo_steel",
    "ZB-CL-1": "zibo_cement",
    "LY-BF-1": "linyi_steel",
    "LY-CO-1": "linyi_coking",
}
NAMED_USERS = tuple(VISIBLE)


@pytest.fixture
def run(users: dict[str, Any]) -> AssessmentRun:
    return start_run(users["province"])


def lines_in_html(response: Any) -> set[str]:
    html = response.content.decode()
    return {code for code in ALL_LINES if code in html}


def lines_in_workbook(response: Any) -> set[str]:
    wb = load_workbook(io.BytesIO(response.content))
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            found |= {str(v) for v in row if v in ALL_LINES}
    return found


@pytest.mark.parametrize("name", NAMED_USERS)
def test_the_ledger_list_shows_the_lines_of_the_users_scope(client_for: Any, name: str) -> None:
    response = client_for(name).get(reverse("ledger-line-list"))
    assert response.status_code == 200
    assert lines_in_html(response) == VISIBLE[name]


@pytest.mark.parametrize("name", NAMED_USERS)
def test_the_ledger_export_holds_the_lines_of_the_users_scope(client_for: Any, name: str) -> None:
    response = client_for(name).get(reverse("ledger-line-export"))
    assert response.status_code == 200
    assert lines_in_workbook(response) == VISIBLE[name]


@pytest.mark.parametrize("name", NAMED_USERS)
def test_an_enterprise_page_exists_only_within_scope(
    client_for: Any, province_ledger: Any, name: str
) -> None:
    client = client_for(name)
    for line, key in ENTERPRISE_OF_LINE.items():
        enterprise = getattr(province_ledger, key)
        url = reverse("ledger-enterprise-detail", args=[enterprise.credit_code])
        expected = 200 if line in VISIBLE[name] else 404
        assert client.get(url).status_code == expected, (name, key)


@pytest.mark.parametrize("name", NAMED_USERS)
def test_a_line_page_exists_only_within_scope(client_for: Any, name: str) -> None:
    client = client_for(name)
    for line in ALL_LINES:
        expected = 200 if line in VISIBLE[name] else 404
        url = reverse("ledger-line-detail", args=[line])
        assert client.get(url).status_code == expected, (name, line)


@pytest.mark.parametrize("name", NAMED_USERS)
def test_a_runs_lists_show_only_the_users_scope(
    client_for: Any, run: AssessmentRun, name: str
) -> None:
    response = client_for(name).get(reverse("assessments-run-detail", args=[run.pk]))
    if name == "no_role":  # no scope, so no run: 404, as in the API
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert lines_in_html(response) == VISIBLE[name] & ELIMINATED


@pytest.mark.parametrize("name", NAMED_USERS)
def test_a_runs_export_holds_only_the_users_scope(
    client_for: Any, run: AssessmentRun, name: str
) -> None:
    response = client_for(name).get(reverse("assessments-run-export", args=[run.pk]))
    if name == "no_role":  # no scope, so no run: 404, as in the API
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert lines_in_workbook(response) == VISIBLE[name]


@pytest.mark.parametrize("name", NAMED_USERS)
def test_the_elimination_list_shows_only_the_users_scope(
    client_for: Any, run: AssessmentRun, name: str
) -> None:
    client = client_for(name)
    page = client.get(reverse("assessments-eliminations"))
    assert page.status_code == 200
    assert lines_in_html(page) == VISIBLE[name] & ELIMINATED
    export = client.get(reverse("assessments-eliminations"), {"format": "xlsx"})
    if VISIBLE[name]:
        assert lines_in_workbook(export) == VISIBLE[name] & ELIMINATED
    else:
        assert export.status_code == 200  # the page: no run in scope, nothing to export


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("ledger-line-list", []),
        ("ledger-line-export", []),
        ("ledger-line-detail", ["ZB-BF-1"]),
        ("assessments-run-list", []),
        ("assessments-eliminations", []),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(
    client_for: Any, users: dict[str, Any], url_name: str, args: list[str]
) -> None:
    response = client_for(None).get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("front-login"))


def test_anonymous_visitors_are_sent_to_sign_in_from_runs_and_enterprises(
    client_for: Any, province_ledger: Any, run: AssessmentRun
) -> None:
    client = client_for(None)
    for url in (
        reverse("ledger-enterprise-detail", args=[province_ledger.zibo_steel.credit_code]),
        reverse("assessments-run-detail", args=[run.pk]),
        reverse("assessments-run-export", args=[run.pk]),
        reverse("assessments-run-progress", args=[run.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("front-login"))
