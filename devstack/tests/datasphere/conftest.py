"""Fixtures: the simulator apps over the demo tenant (or a small one), a controllable clock, token helpers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from mdsync_devstack.datasphere import SimState, create_api_app, create_token_app
from mdsync_devstack.datasphere.settings import DEMO_TENANT, SimConfig

SYNC = ("sb-mdsync-sync!t4711", "demo-sync-7Hq2")
SALES = ("sb-mdsync-sales!t4711", "demo-sales-9Kd3")
NO_ACCESS = ("sb-mdsync-noaccess!t4711", "demo-none-2Xp8")
XML = {"Accept": "application/xml"}


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Sim:
    """A simulator under test: its state, an API client, a token client and the clock."""

    state: SimState
    api: httpx.AsyncClient
    auth: httpx.AsyncClient
    clock: FakeClock

    async def token(self, client: tuple[str, str] = SYNC) -> str:
        """An access token for ``client`` via client credentials (Basic auth)."""
        response = await self.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=client)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def bearer(self, client: tuple[str, str] = SYNC) -> dict[str, str]:
        """Authorization header for ``client``."""
        return {"Authorization": f"Bearer {await self.token(client)}"}


@pytest.fixture
async def make_sim() -> AsyncIterator[Callable[..., Sim]]:
    """Build simulators (``make_sim(tenant_dir=…, config=SimConfig(…))``); clients closed at the end."""
    clients: list[httpx.AsyncClient] = []

    def build(tenant_dir: Path = DEMO_TENANT, config: SimConfig | None = None) -> Sim:
        clock = FakeClock()
        state = SimState(tenant_dir, config or SimConfig(rate_limit_per_minute=0), clock)
        api = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_api_app(state)), base_url="http://sim")
        auth = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_token_app(state)), base_url="http://auth")
        clients.extend([api, auth])
        return Sim(state, api, auth, clock)

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
def sim(make_sim: Callable[..., Sim]) -> Sim:
    """A simulator over the demo tenant with the rate limit off."""
    return make_sim()


def write_tenant(root: Path, objects: dict[str, Any], clients: list[dict[str, Any]] | None = None) -> Path:
    """A small tenant: ``objects`` maps ``SPACE/type/name`` to a JSON body (dict) or raw text (str)."""
    spaces = sorted({key.split("/")[0] for key in objects} | {"SALES"})
    tenant = {
        "name": "small",
        "spaces": [{"name": space, "label": space.title()} for space in spaces],
        "clients": clients or [{"client_id": "all", "client_secret": "all-secret-1", "spaces": ["*"]}],
    }
    (root / "tenant.json").write_text(json.dumps(tenant))
    for key, body in objects.items():
        path = root / "spaces" / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body if isinstance(body, str) else json.dumps(body))
    return root


def exposed_view(name: str, *, label: str = "A view", exposed: bool = True, **element_overrides: Any) -> dict[str, Any]:
    """A minimal view body with two columns."""
    elements = {
        "ID": {"type": "cds.String", "length": 10, "key": True, "notNull": True, "@EndUserText.label": "Id"},
        "AMOUNT": {"type": "cds.Decimal", "precision": 15, "scale": 2},
        **element_overrides,
    }
    definition: dict[str, Any] = {"kind": "entity", "@EndUserText.label": label, "elements": elements,
                  "query": {"SELECT": {"from": {"ref": ["SRC"]}}}}  # fmt: skip
    if exposed:
        definition["@DataWarehouse.consumption.external"] = True
    return {"definitions": {name: definition}}
