"""The running devstack simulator, its tenant's OAuth clients, and faults scoped to what these tests touch."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from mdsync_extractor.datasphere import DatasphereClient, DatasphereConfig
from mdsync_extractor.datasphere.config import LEGACY_CATALOG_PATH
from mdsync_runtime import ports

# Faults are global to the simulator and other suites run against it at the same time, so these tests put
# faults only on the legacy catalog prefix, for their own client: paths the sync itself does not read.
FAULT_PATH = f"{LEGACY_CATALOG_PATH}/*"


class TenantClient(BaseModel):
    """An OAuth client of the tenant fixture the simulator loaded."""

    client_id: str
    client_secret: str
    spaces: list[str]


class Tenant(BaseModel):
    """What the tests need of the loaded tenant."""

    name: str
    dir: Path
    spaces: list[str]
    clients: list[TenantClient]

    def richest_space(self) -> str:
        """The space with the most object types, to read every object of one space in little time."""
        return max(self.spaces, key=lambda space: len(list((self.dir / "spaces" / space).glob("*/"))))

    def all_spaces_client(self) -> TenantClient:
        return next(c for c in self.clients if "*" in c.spaces or set(self.spaces) <= set(c.spaces))

    def limited_client(self) -> tuple[TenantClient, str]:
        """A client and a space it is not a member of."""
        for client in self.clients:
            outside = [space for space in self.spaces if "*" not in client.spaces and space not in client.spaces]
            if outside:
                return client, outside[0]
        raise AssertionError("the simulator's tenant has no client limited to some spaces; the 403 test needs one")


@pytest.fixture(scope="session")
async def tenant() -> Tenant:
    async with httpx.AsyncClient(base_url=ports.datasphere_url(), timeout=5) as admin:
        try:
            health = (await admin.get("/_sim/health")).json()
        except httpx.HTTPError as error:
            pytest.fail(
                f"the Datasphere simulator is not running at {ports.datasphere_url()} ({error}); make devstack-up"
            )
    directory = Path(health["tenant_dir"])
    raw = json.loads((directory / "tenant.json").read_text())
    spaces = [space["name"] for space in raw["spaces"]]
    return Tenant(name=raw["name"], dir=directory, spaces=spaces, clients=raw["clients"])


ClientFactory = Callable[..., DatasphereClient]


@pytest.fixture
def make_client(tenant: Tenant) -> ClientFactory:
    def make(client: TenantClient | None = None, **overrides: Any) -> DatasphereClient:
        chosen = client or tenant.all_spaces_client()
        config = DatasphereConfig(
            base_url=ports.datasphere_url(),
            token_url=ports.datasphere_token_url(),
            client_id=chosen.client_id,
            client_secret=SecretStr(chosen.client_secret),
            catalog_path=LEGACY_CATALOG_PATH,
            **overrides,
        )
        return DatasphereClient(config)

    return make


FaultFactory = Callable[..., AbstractAsyncContextManager[None]]


@pytest.fixture
def fault(tenant: Tenant) -> FaultFactory:
    @asynccontextmanager
    async def inject(**rule: Any) -> AsyncIterator[None]:
        rule = {"path": FAULT_PATH, "client_id": tenant.all_spaces_client().client_id, **rule}
        async with httpx.AsyncClient(base_url=ports.datasphere_url(), timeout=5) as admin:
            created = (await admin.post("/_sim/faults", json=rule)).raise_for_status().json()
            try:
                yield
            finally:
                await admin.delete(f"/_sim/faults/{created['id']}")

    return inject
