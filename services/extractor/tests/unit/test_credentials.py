"""Datasphere credentials: explicit ones win; the simulator's all-spaces client is the devstack default."""

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from mdsync_extractor.credentials import resolve_credentials
from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.settings import SettingsError


@pytest.fixture
def tenant_dir(tmp_path: Path) -> Path:
    clients = [
        {"client_id": "sales-only", "client_secret": "s1", "spaces": ["SALES"]},
        {"client_id": "everything", "client_secret": "s2", "spaces": ["*"]},
    ]
    (tmp_path / "tenant.json").write_text(json.dumps({"name": "t", "spaces": [], "clients": clients}))
    return tmp_path


def test_the_all_spaces_client_is_the_simulator_default(tenant_dir: Path) -> None:
    credentials = resolve_credentials(ExtractorSettings(tenant_dir=tenant_dir))
    assert credentials.client_id == "everything"
    assert credentials.client_secret.get_secret_value() == "s2"


def test_a_named_client_takes_its_secret_from_the_fixture(tenant_dir: Path) -> None:
    credentials = resolve_credentials(ExtractorSettings(tenant_dir=tenant_dir, client_id="sales-only"))
    assert credentials.client_secret.get_secret_value() == "s1"


def test_explicit_credentials_win(tenant_dir: Path) -> None:
    settings = ExtractorSettings(tenant_dir=tenant_dir, client_id="mine", client_secret=SecretStr("real-secret"))
    assert resolve_credentials(settings).client_id == "mine"


def test_a_real_tenant_needs_explicit_credentials() -> None:
    with pytest.raises(SettingsError, match="MDSYNC_EXTRACTOR_CLIENT_ID"):
        resolve_credentials(ExtractorSettings(datasphere_url="https://acme.eu10.hcs.cloud.sap"))


def test_placeholder_secret_is_rejected() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        ExtractorSettings(client_id="x", client_secret=SecretStr("changeme"))


def test_unknown_client_is_named(tenant_dir: Path) -> None:
    with pytest.raises(SettingsError, match="nobody"):
        resolve_credentials(ExtractorSettings(tenant_dir=tenant_dir, client_id="nobody"))
