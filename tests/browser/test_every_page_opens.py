"""Every page a signed-in province officer uses opens on an office screen (1366×768) without a
server error or a script error; a screenshot of each is kept as a test artefact."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

PAGES = [
    ("dashboard", "/dashboard/", "驾驶舱"),
    ("dashboard-city", "/dashboard/city/" + quote("淄博") + "/", "淄博"),
    ("selfcheck", "/dashboard/selfcheck/", "自查"),
    ("whatif", "/dashboard/whatif/", "推演"),
    ("ledger", "/ledger/", "台账"),
    ("eliminations", "/assessments/eliminations/", "淘汰"),
    ("runs", "/assessments/", "评估"),
    ("targets", "/targets/", "目标"),
    ("obligations", "/targets/obligations/", "任务"),
    ("indicators", "/targets/indicators/", "指标"),
    ("projects", "/targets/projects/", "项目"),
    ("supervision", "/supervision/", "督导"),
    ("evaluation", "/supervision/evaluation/?year=2022", "评估"),
    ("risks", "/supervision/risks/", "风险"),
    ("bulletins", "/supervision/bulletins/", "通报"),
    ("surcharges", "/pricing/surcharges/", "电价"),
    ("classes", "/pricing/classes/", "分类"),
    ("schedules", "/pricing/schedules/", "费率"),
    ("replacement", "/replacement/", "置换"),
    ("capacity-ledger", "/replacement/ledger/", "产能"),
    ("admission", "/replacement/admission/", "准入"),
    ("credit", "/replacement/credit/", "信用"),
    ("imports", "/imports/", "导入"),
    ("objections", "/objections/", "异议"),
]


@pytest.mark.parametrize(("name", "path", "text"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_opens_on_an_office_screen(
    sign_in: Any, assessed: Any, name: str, path: str, text: str
) -> None:
    page = sign_in("province")
    page.set_viewport_size({"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert text in page.content()
    assert errors == [], errors
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
