"""The sidebar's tenant selector: options from the tenants file, `all` by default, the choice kept across pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.local_servers import serving_in_thread
from mdsync_runtime.settings import CommonSettings
from mdsync_ui.tenants import ALL, of_tenant, tenant_of, tenant_options, tenant_param, visible_tenants, with_tenant

VIEWS = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views"
TENANTS_FILE = """
tenants:
  - name: alpha
    datasphere: {base_url: "http://a", token_url: "http://a/token", client_id: a, client_secret_env: UI_TEST_SECRET}
  - name: beta
    datasphere: {base_url: "http://b", token_url: "http://b/token", client_id: b, client_secret_env: UI_TEST_SECRET}
    glue: {database_prefix: beta_}
"""


def selector_page() -> None:
    import streamlit as st

    from mdsync_ui.tenant_select import tenant_selector

    st.text(f"tenant param: {tenant_selector()}")


@pytest.fixture
def two_tenants(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A deployment of tenants alpha and beta; every service down (the options come from the file alone)."""
    (tmp_path / "tenants.yaml").write_text(TENANTS_FILE)
    monkeypatch.setenv("MDSYNC_TENANTS_FILE", str(tmp_path / "tenants.yaml"))
    monkeypatch.setenv("UI_TEST_SECRET", "s3cret")
    for port in ports.SERVICES.values():
        monkeypatch.setenv(port.env, "9")


def test_the_selector_offers_every_tenant_and_starts_on_all(two_tenants: None) -> None:
    app = AppTest.from_function(selector_page, default_timeout=30).run()
    assert not app.exception
    [selector] = app.sidebar.selectbox
    assert (selector.label, selector.options, selector.value) == ("Tenant", ["all", "alpha", "beta"], "all")
    assert app.text[0].value == "tenant param: None"
    selector.select("beta").run()
    assert app.text[0].value == "tenant param: beta"
    assert app.session_state["tenant"] == "beta"


@pytest.fixture
def audit_me_only(two_tenants: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real audit app without its lifespan (nothing connects), so only ``/me`` answers: it reads the token."""
    app = build_app(CommonSettings(), AuditSettings())
    with serving_in_thread(app, lifespan="off") as url:
        monkeypatch.setenv(ports.SERVICES["audit"].env, str(httpx.URL(url).port))
        yield


def test_the_selector_offers_only_the_tenants_the_callers_token_allows(
    audit_me_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MDSYNC_TOKEN", local_token("viewer", subject="bea", tenants=("beta", "gamma")))
    app = AppTest.from_function(selector_page, default_timeout=30).run()
    assert not app.exception
    assert app.sidebar.selectbox[0].options == ["all", "beta"]  # alpha is configured but not the caller's


def test_a_caller_limited_in_no_tenant_is_offered_every_configured_one(
    audit_me_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MDSYNC_TOKEN", local_token("viewer", subject="vic"))
    app = AppTest.from_function(selector_page, default_timeout=30).run()
    assert app.sidebar.selectbox[0].options == ["all", "alpha", "beta"]


def test_every_page_shows_the_selector_and_keeps_the_choice_made_on_another(two_tenants: None) -> None:
    for page in sorted(VIEWS.glob("*.py")):
        app = AppTest.from_file(str(page), default_timeout=30)
        app.session_state["tenant"] = "beta"  # chosen on another page of the same session
        app.run()
        assert not app.exception, page.stem
        assert app.sidebar.selectbox[0].value == "beta", page.stem


def test_the_job_form_starts_work_on_the_chosen_tenant(two_tenants: None) -> None:
    app = AppTest.from_file(str(VIEWS / "jobs.py"), default_timeout=30)
    app.session_state["tenant"] = "alpha"
    app.run()
    assert app.text_input[0].value == "alpha"


def test_options_and_parameter() -> None:
    assert tenant_options(["beta", "alpha"], [None, "alpha", "gamma"]) == [ALL, "alpha", "beta", "gamma"]
    assert tenant_options([], [], chosen="gone") == [ALL, "gone"]  # a choice no longer listed stays selectable
    assert (tenant_param(ALL), tenant_param(None), tenant_param("beta")) == (None, None, "beta")
    assert visible_tenants(["alpha", "beta"], ["beta", "gamma"]) == ["beta"]
    assert visible_tenants(["alpha", "beta"], None) == ["alpha", "beta"]
    assert visible_tenants(["alpha"], []) == []


def test_records_name_their_tenant_from_the_field_or_the_asset_id() -> None:
    hits: list[dict[str, Any]] = [
        {"asset_id": "beta/SALES/ORDERS", "space": "SALES"},
        {"tenant": "alpha", "asset_id": "x"},
        {"id": 1},
    ]
    assert [tenant_of(h) for h in hits] == ["beta", "alpha", ""]
    assert list(with_tenant(hits)[0]) == ["tenant", "asset_id", "space"]
    assert of_tenant(hits, "beta") == hits[:1]
    assert of_tenant(hits, None) == hits
