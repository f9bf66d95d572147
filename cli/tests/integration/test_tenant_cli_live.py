"""`--tenant` against a running extractor (its own simulator on a copy of the demo tenant, isolated topics/db)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdsync_cli.main import app
from mdsync_devstack.datasphere.api_app import create_api_app
from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.token_app import create_token_app
from mdsync_extractor.main import build_app
from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.local_servers import serving_in_thread
from mdsync_runtime.testing import isolated

pytestmark = pytest.mark.integration
DEMO = Path(__file__).resolve().parents[3] / "devstack" / "tenants" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def extractor_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An extractor serving the single tenant `demo`, its mapper unreachable (jobs are only requested here)."""
    tenant_dir = tmp_path_factory.mktemp("sim") / "demo"
    shutil.copytree(DEMO, tenant_dir)
    state = SimState(tenant_dir, SimConfig(rate_limit_per_minute=0))
    with contextlib.ExitStack() as servers:
        sim_url = servers.enter_context(serving_in_thread(create_api_app(state), "off"))
        token_url = servers.enter_context(serving_in_thread(create_token_app(state), "off")) + "/oauth/token"
        iso = asyncio.run(isolated())
        settings = ExtractorSettings(
            datasphere_url=sim_url,
            token_url=token_url,
            tenant_dir=tenant_dir,
            rate_limit_per_minute=0,
            consumer_group=f"extractor-{iso.topic_prefix}",
            mapper_url="http://127.0.0.1:9",
        )
        yield servers.enter_context(serving_in_thread(build_app(iso.common(), settings), "on"))


def mdsync(url: str, *args: str, tenant_env: str | None = None) -> tuple[int, str, str]:
    env = {"MDSYNC_EXTRACTOR_URL": url, "COLUMNS": "300"} | ({"MDSYNC_TENANT": tenant_env} if tenant_env else {})
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_job_is_requested_for_the_tenant_named_and_listed_under_it(
    extractor_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MDSYNC_TENANT", raising=False)
    code, out, err = mdsync(extractor_url, "sync", "--asset", "SALES/NOT_THERE", "--json", tenant_env="demo")
    assert code == 0, err
    job = json.loads(out)
    assert job["tenant"] == "demo"
    code, out, _ = mdsync(extractor_url, "jobs", "list", "--json", "--tenant", "demo")
    assert job["job_id"] in [j["job_id"] for j in json.loads(out)]
    assert {j["tenant"] for j in json.loads(out)} == {"demo"}
    code, out, _ = mdsync(extractor_url, "jobs", "list", "--json", "--tenant", "globex")
    assert (code, json.loads(out)) == (0, [])


def test_work_for_a_tenant_not_served_is_refused_with_the_reason(
    extractor_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MDSYNC_TENANT", raising=False)
    code, out, err = mdsync(extractor_url, "sync", "--asset", "SALES/NOT_THERE", "--json", "--tenant", "globex")
    assert (code, out) == (2, "")
    assert "tenant 'globex' is not served here" in err.replace("\n", " ")
