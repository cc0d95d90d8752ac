"""Through the API each role sees exactly its part of the ledger and of the results, as on
the pages: lists hold only what is in scope, details outside it are 404, anonymous is 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from province import issue_test_token

from resolute.web.assessments.services import start_run
from resolute.web.audit.context import acting_as

ZIBO = {"淄博齐鲁特钢有限公司", "淄博山水水泥有限公司"}
LINYI = {"临沂沂蒙钢铁有限公司", "临沂蒙阴焦化有限公司"}
STEEL_AND_COKING = {"淄博齐鲁特钢有限公司", "临沂沂蒙钢铁有限公司", "临沂蒙阴焦化有限公司"}

ENTERPRISES: dict[str, set[str]] = {
    "province": ZIBO | LINYI,
    "zibo": ZIBO,
    "linyi": LINYI,
    "industry": STEEL_AND_COKING,
    "enterprise_user": {"淄博齐鲁特钢有限公司"},
    "no_role": set(),
}
LINES: dict[str, set[str]] = {
    "province": {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1", "LY-BF-1", "LY-CO-1"},
    "zibo": {"ZB-BF-1", "ZB-BOF-1", "ZB-CL-1"},
    "linyi": {"LY-BF-1", "LY-CO-1"},
    "industry": {"ZB-BF-1", "ZB-BOF-1", "LY-BF-1", "LY-CO-1"},
    "enterprise_user": {"ZB-BF-1", "ZB-BOF-1"},
    "no_role": set(),
}
ROLES = list(ENTERPRISES)


@pytest.fixture
def api(users: dict[str, Any]) -> Any:
    """api(name).get(path): a client calling with that user's bearer token (None: no token)."""
    tokens = {name: issue_test_token(user)[1] for name, user in users.items()}

    class Caller:
        def __init__(self, name: str | None) -> None:
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[name]}"} if name else {}

        def get(self, path: str) -> Any:
            return Client().get(path, **self.headers)

    return Caller


@pytest.fixture
def run_id(users: dict[str, Any]) -> int:
    with acting_as(users["province"]):
        return start_run(users["province"]).pk


@pytest.mark.parametrize("role", ROLES)
def test_the_enterprise_list_holds_exactly_the_enterprises_in_scope(api: Any, role: str) -> None:
    body = api(role).get("/api/enterprises").json()
    assert {e["name"] for e in body["items"]} == ENTERPRISES[role]
    assert body["count"] == len(ENTERPRISES[role])


@pytest.mark.parametrize("role", ROLES)
def test_an_enterprise_outside_the_scope_is_not_found(
    api: Any, province_ledger: Any, role: str
) -> None:
    for ent in vars(province_ledger).values():
        response = api(role).get(f"/api/enterprises/{ent.credit_code}")
        expected = 200 if ent.name in ENTERPRISES[role] else 404
        assert response.status_code == expected, (role, ent.name)


@pytest.mark.parametrize("role", ROLES)
def test_the_line_list_holds_exactly_the_lines_in_scope(api: Any, role: str) -> None:
    body = api(role).get("/api/lines").json()
    assert {ln["line_id"] for ln in body["items"]} == LINES[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_line_outside_the_scope_is_not_found(api: Any, role: str) -> None:
    for line_id in LINES["province"]:
        response = api(role).get(f"/api/lines/{line_id}")
        assert response.status_code == (200 if line_id in LINES[role] else 404), (role, line_id)


@pytest.mark.parametrize("role", ROLES)
def test_run_results_hold_exactly_the_lines_and_enterprises_in_scope(
    api: Any, run_id: int, role: str
) -> None:
    lines = api(role).get(f"/api/runs/{run_id}/lines?limit=1000")
    enterprises = api(role).get(f"/api/runs/{run_id}/enterprises")
    if role == "no_role":  # no role: no runs at all
        assert lines.status_code == enterprises.status_code == 404
        return
    assert {r["line_id"] for r in lines.json()["items"]} == LINES[role]
    assert {r["name"] for r in enterprises.json()["items"]} == ENTERPRISES[role]
    counts = api(role).get(f"/api/runs/{run_id}").json()["counts"]
    assert sum(counts["lines"].values()) == len(LINES[role])
    assert sum(counts["enterprises"].values()) == len(ENTERPRISES[role])


def test_the_zibo_officer_is_told_nothing_of_a_linyi_enterprise(
    api: Any, province_ledger: Any
) -> None:
    response = api("zibo").get(f"/api/enterprises/{province_ledger.linyi_steel.credit_code}")
    assert response.status_code == 404
    assert "临沂" not in response.content.decode()


def test_filters_narrow_within_the_scope(api: Any) -> None:
    def line_ids(path: str) -> set[str]:
        return {ln["line_id"] for ln in api("industry").get(path).json()["items"]}

    assert line_ids("/api/lines?city=淄博市") == {"ZB-BF-1", "ZB-BOF-1"}
    assert line_ids("/api/lines?equipment=blast_furnace") == {"ZB-BF-1", "LY-BF-1"}
    assert line_ids("/api/lines?industry=cement") == set()  # not the department's industry
    assert line_ids("/api/lines?q=沂蒙钢铁") == {"LY-BF-1"}
    assert line_ids("/api/lines?q=ZB-B") == {"ZB-BF-1", "ZB-BOF-1"}
    names = {e["name"] for e in api("province").get(
        "/api/enterprises?equipment=blast_furnace&county=兰山区").json()["items"]}  # fmt: skip
    assert names == {"临沂沂蒙钢铁有限公司"}


def test_an_unknown_filter_code_is_rejected(api: Any) -> None:
    assert api("province").get("/api/lines?equipment=furnace").status_code == 422


def test_anonymous_callers_get_401_everywhere_but_the_public_endpoints(
    api: Any, run_id: int, province_ledger: Any
) -> None:
    code = province_ledger.zibo_steel.credit_code
    for path in ("/api/enterprises", f"/api/enterprises/{code}", "/api/lines",
                 "/api/lines/ZB-BF-1", "/api/runs", f"/api/runs/{run_id}",
                 f"/api/runs/{run_id}/lines", f"/api/runs/{run_id}/enterprises"):  # fmt: skip
        assert api(None).get(path).status_code == 401, path


def test_the_line_detail_speaks_the_interchange_format(api: Any) -> None:
    line = api("zibo").get("/api/lines/ZB-BF-1").json()
    assert line["equipment"] == "blast_furnace" and line["equipment_label"] == "炼铁高炉"
    assert line["city"] == "淄博" and line["capacity_unit"] == "万吨铁/年"
    assert line["attributes"]["volume_m3"] == 380.0
    assert line["attributes"]["env_status"] == "pass"
    assert "nominal_t" not in line["attributes"]  # a converter's key, not a blast furnace's
    assert line["exit_plan"] is None and line["exited_on"] is None


def test_the_enterprise_detail_has_its_profile_figures_and_lines(
    api: Any, province_ledger: Any
) -> None:
    code = province_ledger.zibo_steel.credit_code
    ent = api("enterprise_user").get(f"/api/enterprises/{code}").json()
    assert ent["name"] == "淄博齐鲁特钢有限公司" and ent["industry_label"] == "钢铁"
    assert ent["figures"]["year"] == 2020 and ent["figures"]["land_area_mu"] == 100.0
    assert [ln["line_id"] for ln in ent["lines"]] == ["ZB-BF-1", "ZB-BOF-1"]
    assert ent["line_count"] == 2
