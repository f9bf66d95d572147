"""Datasphere client credentials: from the environment, or (against the local simulator) its tenant fixture."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, SecretStr

from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.settings import SettingsError

ALL_SPACES = "*"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Credentials(BaseModel):
    """An OAuth client id and its secret."""

    model_config = ConfigDict(frozen=True)

    client_id: str
    client_secret: SecretStr


class _FixtureClient(BaseModel):
    model_config = ConfigDict(extra="ignore")

    client_id: str
    client_secret: str
    spaces: list[str]


class _FixtureTenant(BaseModel):
    model_config = ConfigDict(extra="ignore")

    clients: list[_FixtureClient]


def resolve_credentials(settings: ExtractorSettings) -> Credentials:
    """The configured client, else the simulator tenant's all-spaces client; SettingsError when neither exists."""
    if settings.client_id and settings.client_secret:
        return Credentials(client_id=settings.client_id, client_secret=settings.client_secret)
    if not _is_local(settings.datasphere_url):
        raise SettingsError(
            "ExtractorSettings cannot start: set MDSYNC_EXTRACTOR_CLIENT_ID and MDSYNC_EXTRACTOR_CLIENT_SECRET "
            f"(a Technical User client of {settings.datasphere_url})"
        )
    fixture = settings.tenant_dir or _demo_tenant_dir()
    client = _fixture_client(fixture / "tenant.json", settings.client_id)
    return Credentials(client_id=client.client_id, client_secret=SecretStr(client.client_secret))


def _is_local(url: str) -> bool:
    return (urlparse(url).hostname or "") in LOCAL_HOSTS


def _demo_tenant_dir() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "devstack" / "tenants" / "demo"
        if candidate.is_dir():
            return candidate
    return Path("devstack/tenants/demo")


def _fixture_client(path: Path, client_id: str | None) -> _FixtureClient:
    try:
        tenant = _FixtureTenant.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise SettingsError(
            f"ExtractorSettings cannot start: no client credentials set and the simulator tenant {path} "
            f"cannot be read ({error}); set MDSYNC_EXTRACTOR_CLIENT_ID/_CLIENT_SECRET or MDSYNC_EXTRACTOR_TENANT_DIR"
        ) from None
    for client in tenant.clients:
        if client.client_id == client_id or (client_id is None and ALL_SPACES in client.spaces):
            return client
    wanted = f"client {client_id!r}" if client_id else 'a client with spaces ["*"]'
    raise SettingsError(f"ExtractorSettings cannot start: {path} has no {wanted}")
