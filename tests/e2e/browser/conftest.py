"""Browser tests: the pilot in the test database, `taxmap serve` on loopback, headless Chromium.

Debian's chromium (/usr/bin/chromium) is driven by Playwright; each test saves a screenshot
under var/screenshots/ named by role and test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from rich.console import Console
from sqlalchemy.engine import Engine

from taxmap.admin.users import create_user, grant_role, sign_in
from taxmap.billing.notices import freeze_roll
from taxmap.core.settings import Settings
from taxmap.demo.load import load_pilot
from tests.live_server import taxmap_server
from valuation.roll_services import assess_roll
from web.sessions import CSRF_COOKIE, SESSION_COOKIE

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
LAO = "BUALAI"
PASSWORD = "pilot-test-2569"
USERS = {"surveyor": "somchai.s", "revenue": "malee.r", "planner": "anan.p", "admin": "wipa.a"}
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def pilot(test_settings: Settings, engine: Engine) -> str:
    """Load the pilot, assess and freeze this year's roll, and create one user per role."""
    if not (ROOT / "web" / "static" / "app" / "app.js").exists():
        pytest.fail(
            "web/static/app/app.js is missing: run `make frontend` (npm ci && npm run build)"
        )
    load_pilot(test_settings, engine, seed=2569, progress=Console(quiet=True))
    year = date.today().year
    assess_roll(LAO, year, engine, actor="e2e")
    freeze_roll(LAO, year, engine, actor="e2e")
    for role, username in USERS.items():
        create_user(engine, username, PASSWORD, f"ผู้ทดสอบ {role}")
        grant_role(engine, username, LAO, role)
    return LAO


@pytest.fixture(scope="session")
def server(pilot: str, test_db_url: str) -> Iterator[str]:
    """Start `taxmap serve` on a free loopback port against the test database; stop it after."""
    with taxmap_server(test_db_url, timeout_s=60) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian, as root (hence --no-sandbox)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make install does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, server: str) -> Iterator[Callable[[], Page]]:
    """Return a factory of pages, each in its own browser context (closed after the test)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(
            base_url=server, viewport={"width": 1366, "height": 860}, locale="th-TH"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(
    new_page: Callable[[], Page], server: str, engine: Engine, test_settings: Settings
) -> Callable[[str], Page]:
    """Return a factory of pages signed in as a role's user, on that role's first screen.

    The session is opened by the sign-in service and handed to the browser as its cookies;
    test_sign_in_* goes through the form itself.
    """

    def open_as(role: str) -> Page:
        signed = sign_in(engine, test_settings, USERS[role], PASSWORD, "127.0.0.1")
        assert signed is not None, f"{USERS[role]} could not sign in"
        page = new_page()
        page.context.add_cookies(
            [
                {"name": SESSION_COOKIE, "value": signed.session_token, "url": server},
                {"name": CSRF_COOKIE, "value": signed.csrf_token, "url": server},
            ]
        )
        page.goto("/app/")
        page.wait_for_url(f"**/app/{LAO}/**")
        page.wait_for_selector("body[data-ready='true']")
        return page

    return open_as


@pytest.fixture(scope="session")
def shot() -> Callable[[Page, str], Path]:
    """Return a function saving a page's screenshot as var/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return save
