"""The mapping-rules page against a running mapper serving two tenants: it asks for the sidebar's tenant's rules.

acme maps with the named rule set ``strict`` (version 7, databases behind ``acme_``), beta with the default one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from mdsync_mapper.main import build_app
from mdsync_mapper.settings import DEFAULT_RULES_DIR, MapperSettings
from mdsync_runtime import ports
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import serving_in_thread
from mdsync_runtime.testing import isolated

pytestmark = pytest.mark.integration
PAGE = Path(__file__).resolve().parents[2] / "src/mdsync_ui/views/rules.py"
TENANTS = """
tenants:
  - name: acme
    datasphere: {base_url: "http://a", token_url: "http://a/t", client_id: a, client_secret_env: UI_RULES_SECRET}
    rule_set: strict
    glue: {database_prefix: acme_}
  - name: beta
    datasphere: {base_url: "http://b", token_url: "http://b/t", client_id: b, client_secret_env: UI_RULES_SECRET}
    glue: {database_prefix: beta_}
"""


def rules_dir(root: Path) -> Path:
    """The shipped rule files, and a named set ``strict`` whose dog file is version 7."""
    for directory in (root, root / "strict"):
        directory.mkdir(parents=True, exist_ok=True)
        for environment in ("dog", "wolf", "bear"):
            shutil.copy(DEFAULT_RULES_DIR / f"{environment}.yaml", directory)
    strict = root / "strict" / "dog.yaml"
    strict.write_text(strict.read_text().replace("version: 1", "version: 7"))
    return root


@pytest.fixture(scope="module")
def mapper_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """An isolated mapper over HTTP in its own thread, serving acme and beta."""
    root = tmp_path_factory.mktemp("rules-page")
    (root / "tenants.yaml").write_text(TENANTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MDSYNC_TENANTS_FILE", str(root / "tenants.yaml"))
        patch.setenv("UI_RULES_SECRET", "s3cret")
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            patch.setenv(name, os.environ.get(name, "testing"))
        iso = asyncio.run(isolated(partitions=1))
        settings = MapperSettings(
            rules_dir=rules_dir(root / "rules"),
            glue_endpoint=ports.glue_endpoint(),
            consumer_group=f"{iso.topic_prefix}mapper",
        )
        app = build_app(iso.common(tenant="acme"), settings)
        with serving_in_thread(app) as url:
            assert httpx.get(f"{url}/rules/dog", headers=local_headers(), timeout=5).is_success
            yield httpx.URL(url).port or 0


@pytest.fixture
def console(mapper_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console's services: this mapper; everything else down; the same tenants file."""
    (tmp_path / "tenants.yaml").write_text(TENANTS)
    monkeypatch.setenv("MDSYNC_TENANTS_FILE", str(tmp_path / "tenants.yaml"))
    monkeypatch.setenv("UI_RULES_SECRET", "s3cret")
    for port in ports.SERVICES.values():
        monkeypatch.setenv(port.env, "9")
    monkeypatch.setenv(ports.SERVICES["mapper"].env, str(mapper_port))


def open_page(tenant: str | None) -> list[str]:
    app = AppTest.from_file(str(PAGE), default_timeout=30)
    if tenant is not None:
        app.session_state["tenant"] = tenant
    app.run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    return [t.value for t in app.text]


def test_the_page_shows_the_chosen_tenants_named_rule_set(console: None) -> None:
    shown = open_page("acme")
    assert "rule set strict of tenant acme · databases start with 'acme_'" in shown
    assert any(line.startswith("version dog-7 ") for line in shown)


def test_a_tenant_on_the_default_rule_set_and_no_tenant_show_the_default_one(console: None) -> None:
    beta = open_page("beta")
    assert "rule set default of tenant beta · databases start with 'beta_'" in beta
    assert any(line.startswith("version dog-1 ") for line in beta)
    every = open_page(None)
    assert "rule set default (no tenant chosen: the default rule set)" in every
    assert any(line.startswith("version dog-1 ") for line in every)
