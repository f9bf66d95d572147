"""The Datasphere simulator in-process (ASGI) with a small tenant and one fake clock shared by both sides."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from mdsync_devstack.datasphere import SimState, create_api_app, create_token_app
from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_extractor.datasphere import DatasphereClient, DatasphereConfig

BASE_URL = "http://datasphere.test"
TOKEN_URL = "http://auth.test/oauth/token"
CLIENT_ID, SECRET, REFRESH_TOKEN = "sync-client", "s3cret-sync", "rt-sync-1"
SALES_VIEWS = ("V_ORDERS", "V_ORDER_ITEMS", "V_CUSTOMERS", "V_PRIVATE_1", "V_PRIVATE_2")
EXPOSED = frozenset(SALES_VIEWS[:3])
LEDGER = "V_LEDGER"  # exposed too


@dataclass
class FakeClock:
    """Time that moves only when someone sleeps: the client's waits become data, not delays."""

    now: float = 1_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _view(name: str) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "kind": "entity",
        "@EndUserText.label": name.title(),
        "elements": {"ID": {"type": "cds.String", "length": 10, "key": True}},
        "query": {"SELECT": {"from": {"ref": ["T_ORDERS"]}, "columns": [{"ref": ["ID"]}]}},
    }
    if name in EXPOSED or name == LEDGER:
        entity["@DataWarehouse.consumption.external"] = True
    return {"definitions": {name: entity}}


def write_tenant(root: Path) -> Path:
    """A tenant with SALES (5 views, 3 exposed; one table), FINANCE (one view) and HR (not ours)."""
    spaces = [{"name": s, "label": s.title()} for s in ("SALES", "FINANCE", "HR")]
    client = {"client_id": CLIENT_ID, "client_secret": SECRET, "spaces": ["SALES", "FINANCE"]}
    tenant = {"name": "unit", "spaces": spaces, "clients": [{**client, "refresh_token": REFRESH_TOKEN}]}
    (root / "tenant.json").write_text(json.dumps(tenant))
    objects = {("SALES", "views", name): _view(name) for name in SALES_VIEWS}
    objects[("FINANCE", "views", "V_LEDGER")] = _view("V_LEDGER")
    table = {"kind": "entity", "elements": {"ID": {"type": "cds.String", "length": 10, "key": True}}}
    objects[("SALES", "localtables", "T_ORDERS")] = {"definitions": {"T_ORDERS": table}}
    for (space, type_name, name), body in objects.items():
        path = root / "spaces" / space / type_name / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body))
    return root


@dataclass
class Sim:
    """The simulator's state and apps, plus an admin client for `/_sim`."""

    state: SimState
    api: httpx.ASGITransport
    auth: httpx.ASGITransport
    clock: FakeClock

    async def fault(self, **rule: Any) -> None:
        async with httpx.AsyncClient(transport=self.api, base_url=BASE_URL) as admin:
            (await admin.post("/_sim/faults", json=rule)).raise_for_status()

    def client(self, **overrides: Any) -> DatasphereClient:
        settings: dict[str, Any] = {
            "base_url": BASE_URL,
            "token_url": TOKEN_URL,
            "client_id": CLIENT_ID,
            "client_secret": SecretStr(SECRET),
            **overrides,
        }
        return DatasphereClient(
            DatasphereConfig(**settings),
            transport=self.api,
            token_transport=self.auth,
            clock=self.clock,
            sleep=self.clock.sleep,
        )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim_config() -> SimConfig:
    return SimConfig()


@pytest.fixture
def sim(tmp_path: Path, clock: FakeClock, sim_config: SimConfig) -> Sim:
    state = SimState(write_tenant(tmp_path), sim_config, clock=clock)
    api = httpx.ASGITransport(app=create_api_app(state))
    auth = httpx.ASGITransport(app=create_token_app(state))
    return Sim(state, api, auth, clock)
