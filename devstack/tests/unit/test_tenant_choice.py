"""Which simulator tenant ``up`` hands to the components."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mdsync_devstack.component import DevstackError
from mdsync_devstack.settings import TENANT_ENV, StateDir
from mdsync_devstack.tenant import choose_tenant, forget_tenant


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StateDir:
    monkeypatch.delenv(TENANT_ENV, raising=False)  # restored after the test, whatever choose_tenant sets
    return StateDir(tmp_path / "state").create()


def test_no_tenant_anywhere_leaves_the_simulator_default(state: StateDir) -> None:
    assert choose_tenant(state, None) is None
    assert TENANT_ENV not in os.environ


def test_given_tenant_is_exported_and_remembered_for_a_plain_up(
    state: StateDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = tmp_path / "acme"
    tenant.mkdir()

    chosen = choose_tenant(state, tenant)
    monkeypatch.delenv(TENANT_ENV)  # a later `up` in a fresh shell
    later = choose_tenant(state, None)

    assert chosen == later == tenant.resolve()
    assert os.environ[TENANT_ENV] == str(tenant.resolve())


def test_a_set_variable_wins_over_the_remembered_tenant(
    state: StateDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "old").mkdir()
    choose_tenant(state, tmp_path / "old")
    monkeypatch.setenv(TENANT_ENV, "/srv/tenants/new")

    assert choose_tenant(state, None) == Path("/srv/tenants/new")


def test_forgotten_after_a_wipe(state: StateDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    choose_tenant(state, tmp_path)
    forget_tenant(state)
    monkeypatch.delenv(TENANT_ENV)

    assert choose_tenant(state, None) is None


def test_a_tenant_that_is_not_a_directory_is_named(state: StateDir, tmp_path: Path) -> None:
    with pytest.raises(DevstackError, match=r"--tenant .*missing: not a directory"):
        choose_tenant(state, tmp_path / "missing")
