"""Every page a signed-in province officer uses opens on an office screen (1366×768) without a
server error, a script error or a Content-Security-Policy violation (the browser reports one
in the console); a screenshot of each is kept as a test artefact. The public's pages too."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

PAGES = [
    ("home", "/", "三个坚决"),
    ("api-docs", "/api/docs", "接口"),
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
    ("registry", "/targets/registry/", "登记"),
    ("registry-new", "/targets/registry/new/", "登记"),
    ("registry-import", "/targets/registry/import/", "导入"),
    ("supervision", "/supervision/", "督导"),
    ("evaluation", "/supervision/evaluation/?year=2022", "评估"),
    ("risks", "/supervision/risks/", "风险"),
    ("bulletins", "/supervision/bulletins/", "通报"),
    ("final-report", "/supervision/final/", "总结报告"),
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


def watch(page: Any) -> list[str]:
    """Script errors and CSP violations the page reports, collected as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and (
        "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text)
        else None)  # fmt: skip
    # Violations that Chromium does not print (such as in styles set by a library).
    page.add_init_script("""document.addEventListener("securitypolicyviolation", function (e) {
        console.error("Content Security Policy violation: " + e.violatedDirective + " "
                      + e.blockedURI + " " + (e.sample || ""));
    });""")
    return errors


def visit(page: Any, path: str, text: str, name: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    errors = watch(page)
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert text in page.content()
    assert errors == [], errors
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("name", "path", "text"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_opens_on_an_office_screen(
    sign_in: Any, assessed: Any, name: str, path: str, text: str
) -> None:
    visit(sign_in("province"), path, text, name)


def test_the_pages_of_one_run_one_enterprise_and_one_line_open(
    sign_in: Any, assessed: Any, province_ledger: Any
) -> None:
    page = sign_in("province")
    enterprise = province_ledger.zibo_steel
    line = enterprise.lines.order_by("line_id").first()
    visit(page, f"/assessments/{assessed.pk}/", "评估", "run")
    visit(page, f"/ledger/enterprises/{enterprise.credit_code}/", enterprise.name, "enterprise")
    visit(page, f"/ledger/lines/{quote(line.line_id)}/", line.line_id, "line")


PUBLIC = [
    ("login", "/login/", "登录"),
    ("public-list", "/assessments/public/", "淘汰"),
    ("public-selfcheck", "/dashboard/selfcheck/", "自查"),
    ("public-credit", "/replacement/credit/", "信用"),
]


@pytest.mark.parametrize(("name", "path", "text"), PUBLIC, ids=[p[0] for p in PUBLIC])
def test_the_publics_pages_open(page: Any, assessed: Any, name: str, path: str,
                                text: str) -> None:  # fmt: skip
    visit(page, path, text, name)
