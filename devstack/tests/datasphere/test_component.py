"""The simulator's devstack component: which tenant and rate limit it launches with, and readiness."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdsync_devstack.component import Context, DevstackError
from mdsync_devstack.datasphere.component import DatasphereComponent
from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_devstack.settings import TENANT_ENV, DevstackSettings, StateDir


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    return Context(DevstackSettings(state_dir=tmp_path), StateDir(tmp_path))


def test_launches_the_demo_tenant_with_a_raised_rate_limit(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TENANT_ENV, raising=False)
    monkeypatch.delenv("MDSYNC_SIM_RATE_LIMIT", raising=False)
    launch = DatasphereComponent().launch(ctx)
    assert launch.argv[1:5] == ["-m", "mdsync_devstack.datasphere", "--tenant", str(DEMO_TENANT)]
    assert launch.env == {"MDSYNC_SIM_RATE_LIMIT": "10000"}


def test_another_tenant_or_limit_changes_the_fingerprint(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    component = DatasphereComponent()
    monkeypatch.delenv(TENANT_ENV, raising=False)
    demo = component.launch(ctx).fingerprint()
    monkeypatch.setenv(TENANT_ENV, "/tmp/bench10k")
    other = component.launch(ctx)
    assert "/tmp/bench10k" in other.argv
    assert other.fingerprint() != demo
    monkeypatch.setenv("MDSYNC_SIM_RATE_LIMIT", "300")
    assert component.launch(ctx).fingerprint() != other.fingerprint()


async def test_prepare_names_a_tenant_without_tenant_json(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TENANT_ENV, str(tmp_path))
    with pytest.raises(DevstackError, match=r"tenant\.json not found"):
        await DatasphereComponent().prepare(ctx)
