"""Every console page with every service down: a readable message and the badge, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mdsync_runtime import ports

PAGES = sorted((Path(__file__).resolve().parents[2] / "src/mdsync_ui/views").glob("*.py"))
CLOSED_PORT = "9"  # discard: nothing listens there on the test machines


@pytest.fixture(autouse=True)
def services_down(monkeypatch: pytest.MonkeyPatch) -> None:
    for port in ports.SERVICES.values():
        monkeypatch.setenv(port.env, CLOSED_PORT)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_says_which_service_is_down_instead_of_failing(page: Path) -> None:
    app = AppTest.from_file(str(page), default_timeout=30).run()
    assert not app.exception
    if page.stem != "agent":  # the chat asks only when a question is typed
        assert any("not reachable" in error.value and "mdsync services up" in error.value for error in app.error)


def test_the_chat_says_the_agent_is_down_when_asked() -> None:
    app = AppTest.from_file(str(next(p for p in PAGES if p.stem == "agent")), default_timeout=30).run()
    app.chat_input[0].set_value("which tables changed today?").run()
    assert not app.exception
    assert any("agent service is not reachable" in error.value for error in app.error)


@pytest.mark.parametrize(("env", "label"), [("dog", "dog · development"), ("bear", "bear · production")])
def test_every_page_shows_the_environment_badge(monkeypatch: pytest.MonkeyPatch, env: str, label: str) -> None:
    monkeypatch.setenv("MDSYNC_ENV", env)
    app = AppTest.from_file(str(PAGES[0]), default_timeout=30).run()
    assert any(label in markdown.value and "badge" in markdown.value for markdown in app.markdown)


def test_metadata_is_shown_as_text_not_html() -> None:
    script = "from mdsync_ui.common import text\ntext('<script>alert(1)</script> **bold**')\n"
    app = AppTest.from_string(script).run()
    assert [t.value for t in app.text] == ["<script>alert(1)</script> **bold**"]
    assert not app.markdown
