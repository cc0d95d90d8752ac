"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The pages are used the way an official uses them: sign in through the login form, click,
upload, read. Each test leaves a screenshot of its last page in test-artifacts/browser/.

These tests run on their own, without xdist (``make test-browser``): the live server is one
per session and every test is transactional, so the data a test writes is committed where
the server can read it, and wiped afterwards.

Without a Chromium binary the tests are skipped, except in CI, where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from province import FURNACE_EXIT_PLAN, Province, build_province, make_user

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
    # No worker runs beside the live server: background tasks (reading an upload, a run
    # started in the background) run at once, in the request.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Signing in is part of every test; the production hasher spends a second on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ─── data ──────────────────────────────────────────────────────────────────────


@pytest.fixture
def province_ledger(transactional_db: Any) -> Province:
    """The ledger of tests/web/conftest.py, with an exit plan for the 380 m³ blast furnace."""
    return build_province(FURNACE_EXIT_PLAN)


@pytest.fixture
def users(province_ledger: Province) -> dict[str, Any]:
    from resolute.web.accounts.models import Role
    from resolute.web.ledger.models import City

    return {
        "province": make_user("province", PASSWORD, role=Role.PROVINCE, display_name="省办"),
        "zibo": make_user("zibo", PASSWORD, role=Role.CITY, city=City.objects.get(name="淄博"),
                      display_name="淄博市工业和信息化局"),
        "linyi": make_user("linyi", PASSWORD, role=Role.CITY, city=City.objects.get(name="临沂")),
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
