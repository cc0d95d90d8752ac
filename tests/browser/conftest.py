"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The pages are used the way an official uses them: sign in through the login form, click,
upload, read. Each test leaves a screenshot of its last page in test-artifacts/browser/.

These tests run on their own, without xdist (``make test-browser``): the live server is one
per session and every test is transactional, so the data a test writes is committed where
the server can read it, and wiped afterwards.

Without a Chromium binary the tests are skipped, except in CI, where that is a failure.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from builders import make_enterprise, make_line

# Playwright's sync API keeps an event loop running in the test thread, and Django refuses
# ORM calls from a thread with a running loop. The test code itself is plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PASSWORD = "browser-test-2021"
NOT_INSTALLED = "浏览器未安装：运行 .ci/run 或 apt-get install chromium"
#: This machine's network is closed: no background connections, no component updates.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            # WhiteNoise looks for collected static files; the live server serves them itself.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


def _unavailable(message: str) -> None:
    """Skip locally; in CI a missing browser means the suite did not run, which is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    """RESOLUTE_CHROMIUM if set, else Debian's Chromium (Playwright never downloads one)."""
    configured = os.environ.get("RESOLUTE_CHROMIUM")
    candidates = ([configured] if configured else
                  ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")])  # fmt: skip
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        _unavailable(NOT_INSTALLED)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright 未安装：运行 make install")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def artifact_name(nodeid_name: str) -> str:
    """A file name for a test, parameters included: ``test_x[a-b]`` → ``test_x-a-b``."""
    return re.sub(r"[^\w.-]+", "-", nodeid_name).strip("-")


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page (own cookies) on the live server; its last view is kept as a screenshot."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"{artifact_name(request.node.name)}.png"),
                           full_page=True)  # fmt: skip
        finally:
            context.close()


@pytest.fixture(autouse=True)
def _server_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Runs started from a page finish inside that request, so a test reads its result at
    # once; the assessment test turns this off to watch a run in the background.
    settings.RESOLUTE_RUNS_INLINE = True
    # Signing in is part of every test; the production hasher spends a second on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ─── data ──────────────────────────────────────────────────────────────────────


@dataclass
class Province:
    """The test ledger of tests/web/conftest.py (two 淄博 and two 临沂 enterprises), with an
    exit plan for the 380 m³ blast furnace."""

    zibo_steel: Any
    zibo_cement: Any
    linyi_steel: Any
    linyi_coking: Any


def _load_cities() -> None:
    """The cities come from a data migration, and a transactional test's flush removes them."""
    from django.apps import apps

    importlib.import_module("resolute.web.ledger.migrations.0002_cities").load(apps, None)


@pytest.fixture
def province_ledger(transactional_db: Any) -> Province:
    from resolute.core.ledger import Ledger
    from resolute.web.audit.context import acting_as
    from resolute.web.ledger.models import Enterprise
    from resolute.web.ledger.services import apply_changes, plan_changes

    _load_cities()
    ents = {
        "zibo_steel": make_enterprise("steel", name="淄博齐鲁特钢有限公司", city="淄博",
                                      county="张店区"),
        "zibo_cement": make_enterprise("cement", name="淄博山水水泥有限公司", city="淄博",
                                       county="淄川区"),
        "linyi_steel": make_enterprise("steel", name="临沂沂蒙钢铁有限公司", city="临沂",
                                       county="兰山区"),
        "linyi_coking": make_enterprise("coking", name="临沂蒙阴焦化有限公司", city="临沂",
                                        county="蒙阴县"),
    }  # fmt: skip
    lines = [
        make_line("blast_furnace", ents["zibo_steel"]["credit_code"], line_id="ZB-BF-1",
                  volume_m3=380.0, exit_method="close", exit_deadline=dt.date(2021, 12, 31),
                  responsible_unit="淄博市工业和信息化局", responsible_person="王建国"),
        make_line("bof", ents["zibo_steel"]["credit_code"], line_id="ZB-BOF-1"),
        make_line("clinker_line", ents["zibo_cement"]["credit_code"], line_id="ZB-CL-1",
                  capacity=2500.0),
        make_line("blast_furnace", ents["linyi_steel"]["credit_code"], line_id="LY-BF-1",
                  volume_m3=1780.0),
        make_line("coke_oven", ents["linyi_coking"]["credit_code"], line_id="LY-CO-1",
                  chamber_height_m=4.3, oven_type="stamp_charged"),
    ]  # fmt: skip
    with acting_as(None, via="测试", name="测试数据"):
        apply_changes(plan_changes(Ledger.from_records(list(ents.values()), lines)))
    by_code = {e.credit_code: e for e in Enterprise.objects.all()}
    return Province(**{k: by_code[v["credit_code"]] for k, v in ents.items()})


def _user(username: str, **profile: Any) -> Any:
    from django.contrib.auth import get_user_model

    from resolute.web.accounts.models import Profile

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if profile:
        Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def users(province_ledger: Province) -> dict[str, Any]:
    from resolute.web.accounts.models import Role
    from resolute.web.ledger.models import City

    return {
        "province": _user("province", role=Role.PROVINCE, display_name="省办"),
        "zibo": _user("zibo", role=Role.CITY, city=City.objects.get(name="淄博"),
                      display_name="淄博市工业和信息化局"),
        "linyi": _user("linyi", role=Role.CITY, city=City.objects.get(name="临沂")),
    }  # fmt: skip


@pytest.fixture
def assessed(users: dict[str, Any]) -> Any:
    """A finished province-wide run, started by the province office (inline, see above)."""
    from resolute.web.assessments.services import start_run

    return start_run(users["province"])


@pytest.fixture
def sign_in(page: Any, users: dict[str, Any]) -> Callable[[str], Any]:
    """sign_in("zibo") signs in through the login form, as a person does, and returns the page."""

    def sign(name: str) -> Any:
        page.goto("/login/")
        page.get_by_label("用户名").fill(users[name].username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    return sign
