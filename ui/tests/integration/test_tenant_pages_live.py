"""Console pages against a running audit that stores two tenants: the sidebar's choice narrows what they read.

The audit's recorded run is stored as tenant acme and, re-tenanted, as tenant beta (own event and job ids, Glue
databases beta_sales and beta_finance).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from mdsync_audit.main import build_app
from mdsync_audit.sample import recorded_run, retenanted
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.assets import AssetUpserted
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import serving_in_thread
from mdsync_runtime.testing import isolated, publish_all

pytestmark = pytest.mark.integration
VIEWS = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views"
BETA_JOB = "job-beta-ui-0001"


def stored(url: str) -> tuple[int, int]:
    """Assets and dead letters the audit holds so far."""
    try:
        assets = httpx.get(f"{url}/assets", headers=local_headers(role="admin"), timeout=5).json()
        letters = httpx.get(f"{url}/dead-letters", headers=local_headers(role="admin"), timeout=5).json()
    except (httpx.HTTPError, ValueError):
        return (0, 0)
    return (int(assets.get("total", 0)), len(letters.get("items", [])))


@pytest.fixture(scope="module")
def audit_url() -> Iterator[str]:
    """An isolated audit over HTTP in its own thread, holding acme's and beta's runs."""
    iso = asyncio.run(isolated(partitions=1))
    common = iso.common()
    acme = recorded_run().messages
    asyncio.run(publish_all(common, (*acme, *retenanted(recorded_run(job_id=BETA_JOB).messages, "beta", "beta-ui"))))
    app = build_app(common, AuditSettings(consumer_group=f"audit-{iso.topic_prefix}"))
    with serving_in_thread(app) as url:
        expected = (2 * len({m.asset_id for m in acme if isinstance(m, AssetUpserted)}), 2)
        for _ in range(600):  # polling: the ingestor has nothing to wait on from outside
            if stored(url) == expected:
                break
            time.sleep(0.1)
        assert stored(url) == expected
        yield url


@pytest.fixture
def console(audit_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console's services: this audit; everything else down."""
    for port in ports.SERVICES.values():
        monkeypatch.setenv(port.env, "9")
    monkeypatch.setenv(ports.SERVICES["audit"].env, audit_url.rsplit(":", 1)[1])
    monkeypatch.delenv("MDSYNC_TENANTS_FILE", raising=False)


def open_page(name: str, tenant: str | None) -> AppTest:
    app = AppTest.from_file(str(VIEWS / f"{name}.py"), default_timeout=30)
    if tenant is not None:
        app.session_state["tenant"] = tenant
    app.run()
    assert not app.exception
    return app


def column(app: AppTest, name: str) -> set[str]:
    return set(app.dataframe[0].value[name])


def test_the_selector_lists_the_tenants_the_audit_reports(console: None) -> None:
    assert open_page("assets", None).sidebar.selectbox[0].options == ["all", "acme", "beta"]


def test_asset_search_shows_only_the_chosen_tenant_with_its_column(console: None) -> None:
    assert column(open_page("assets", None), "tenant") == {"acme", "beta"}
    beta = open_page("assets", "beta")
    assert column(beta, "tenant") == {"beta"}
    assert all(asset_id.startswith("beta/") for asset_id in column(beta, "asset_id"))
    assert any("tenant beta" in t.value for t in beta.text)  # the asset detail names its tenant


def test_choosing_a_tenant_in_the_sidebar_narrows_the_dead_letters(console: None) -> None:
    app = open_page("dead_letters", None)
    assert column(app, "tenant") == {"acme", "beta"}
    app.sidebar.selectbox[0].select("acme").run()
    assert not app.exception
    assert column(app, "tenant") == {"acme"}
