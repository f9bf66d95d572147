"""The console against the running e2e services: every page through AppTest and in headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from mdsync_runtime import ports

pytestmark = pytest.mark.e2e

UI = Path(__file__).resolve().parents[2] / "ui/src/mdsync_ui"
PAGES = sorted((UI / "views").glob("*.py"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".devstack" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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


@pytest.fixture
def stack_ports(stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The console mints its tokens from the local issuer's keys, which live in the stack's state folder.
    monkeypatch.setenv("MDSYNC_STATE_DIR", stack.env["MDSYNC_STATE_DIR"])
    for service in ports.SERVICES:
        monkeypatch.setenv(ports.SERVICES[service].env, stack.env[ports.SERVICES[service].env])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
@pytest.mark.usefixtures("stack_ports")
def test_every_page_renders_from_the_running_services(page: Path) -> None:
    app = AppTest.from_file(str(page), default_timeout=60).run()
    assert not app.exception
    assert not [error.value for error in app.error]


@pytest.mark.usefixtures("stack_ports")
def test_the_assets_page_shows_both_sides_of_an_asset() -> None:
    app = AppTest.from_file(str(UI / "views/assets.py"), default_timeout=60).run()
    app.text_input[0].input("V_SALES_ORG_TEXT").run()
    assert not app.exception
    assert [h.value for h in app.subheader][:2] == ["Datasphere", "Glue"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)")
def test_every_page_loads_in_a_real_browser(stack: Any) -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = ["" if p.stem == "overview" else p.stem for p in PAGES]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for path in paths:
                page.goto(f"{stack.url('ui')}/{path}")
                page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
                page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
                page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0")
                page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"), full_page=True)
                assert page.locator("[data-testid='stException']").count() == 0, f"exception on /{path}"
                assert page.get_by_text("dog · development").count() > 0, f"no badge on /{path}"
        finally:
            browser.close()
