"""Harness of the extractor's integration tests: a simulator of their own, isolated Kafka topics and database,
the extractor app, and test doubles of the mapper and glue-writer on the topics (and of the mapper's /plan)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from mdsync_contracts.assets import AssetChange, AssetDeleted, AssetUpserted
from mdsync_contracts.base import Message
from mdsync_contracts.glue import AppliedAction, ChangePlanned, TableApplied
from mdsync_contracts.glue_model import ChangeClass, PlannedAction, TableDiff
from mdsync_contracts.topics import ASSET_CHANGES, SYNC_JOBS, prefixed
from mdsync_devstack.datasphere.api_app import create_api_app
from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.token_app import create_token_app
from mdsync_extractor.main import build_app
from mdsync_extractor.settings import ExtractorSettings
from mdsync_extractor.sync.mapper_plan import PlanRequest
from mdsync_runtime import ports
from mdsync_runtime.auth import Authenticator, AuthSettings, Role
from mdsync_runtime.auth.api import Operator
from mdsync_runtime.auth.client import local_headers, local_token
from mdsync_runtime.auth.local import ensure_local_keys
from mdsync_runtime.decoding import Rejection, decode_record
from mdsync_runtime.local_servers import serving
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime, running
from mdsync_runtime.settings import ServiceSettings
from mdsync_runtime.testing import Isolation, isolated

ALL_SPACES_CLIENT = "*"
ADMIN = local_headers(role="admin", subject="test:admin")
SALES_ONLY = ("sb-jobs-sales", "sales-secret-7")
# A small tenant of the tests' own: SALES has more than 10 objects, so the mass-delete guard applies there.
TENANT_SPACES = {"SALES": 12, "FINANCE": 4, "HR": 3}
SALES_VIEWS = ("V_ORDERS_EXPOSED", "V_ORDERS_INTERNAL", "V_ORDERS_BY_REGION")
JobCheck = Callable[[dict[str, Any]], bool]


@dataclass
class Sim:
    """A simulator instance of the test's own, on a copy of the demo tenant, driven through its HTTP APIs."""

    url: str
    token_url: str
    tenant_dir: Path
    state: SimState
    http: httpx.AsyncClient = field(default_factory=httpx.AsyncClient)

    def client(self, spaces: list[str] | None = None) -> tuple[str, str]:
        """(client_id, secret) of the tenant's all-spaces client, or of one seeing exactly ``spaces``."""
        for entry in self.state.store.tenant.clients:
            if (spaces is None and ALL_SPACES_CLIENT in entry.spaces) or (spaces and list(entry.spaces) == spaces):
                return entry.client_id, entry.client_secret
        raise LookupError(f"no client for spaces {spaces}")

    async def _token(self) -> str:
        client_id, secret = self.client()
        data = {"grant_type": "client_credentials"}
        response = await self.http.post(self.token_url, data=data, auth=(client_id, secret))
        response.raise_for_status()
        return str(response.json()["access_token"])

    async def write(self, method: str, space: str, object_type: str, name: str, body: Any = None) -> None:
        """Create, update or delete one design-time object through the design-time API."""
        url = f"{self.url}/dwaas-core/api/v1/spaces/{space}/{object_type}/{name}"
        headers = {"authorization": f"Bearer {await self._token()}"}
        response = await self.http.request(method, url, json=body, headers=headers)
        assert response.is_success, response.text

    async def read(self, space: str, object_type: str, name: str) -> dict[str, Any]:
        """One object's body, as the design-time API serves it."""
        url = f"{self.url}/dwaas-core/api/v1/spaces/{space}/{object_type}/{name}"
        response = await self.http.get(url, headers={"authorization": f"Bearer {await self._token()}"})
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    async def fault(self, **rule: Any) -> None:
        """Put a fault rule in force through `/_sim/faults`."""
        (await self.http.post(f"{self.url}/_sim/faults", json=rule)).raise_for_status()

    async def clear_faults(self) -> None:
        """Retire every fault rule."""
        (await self.http.delete(f"{self.url}/_sim/faults")).raise_for_status()


def table_csn(name: str, label: str = "") -> dict[str, Any]:
    """A small local table: a key and two typed columns."""
    elements = {
        "ID": {"type": "cds.String", "length": 10, "key": True, "notNull": True, "@EndUserText.label": "Id"},
        "REGION": {"type": "cds.String", "length": 3, "@EndUserText.label": "Region"},
        "AMOUNT": {"type": "cds.Decimal", "precision": 15, "scale": 2, "@EndUserText.label": "Amount"},
    }
    entity = {"kind": "entity", "@EndUserText.label": label or name.title(), "elements": elements}
    return {"definitions": {name: entity}}


def view_csn(name: str, source: str, exposed: bool) -> dict[str, Any]:
    """A projection view over ``source``."""
    elements = {
        "ID": {"type": "cds.String", "length": 10, "key": True, "@EndUserText.label": "Id"},
        "AMOUNT": {"type": "cds.Decimal", "precision": 15, "scale": 2, "@EndUserText.label": "Amount"},
    }
    query = {"SELECT": {"from": {"ref": [source]}, "columns": [{"ref": ["ID"]}, {"ref": ["AMOUNT"]}]}}
    entity = {"kind": "entity", "@EndUserText.label": name, "elements": elements, "query": query}
    if exposed:
        entity["@DataWarehouse.consumption.external"] = True
    return {"definitions": {name: entity}}


def write_tenant(root: Path) -> list[tuple[str, str, str]]:
    """Write the tests' tenant under ``root``; its objects as (space, type, name)."""
    objects: list[tuple[str, str, str, dict[str, Any]]] = []
    for space, tables in TENANT_SPACES.items():
        for number in range(tables - (len(SALES_VIEWS) if space == "SALES" else 0)):
            name = f"{space[:3]}_TABLE_{number:02d}"
            objects.append((space, "localtables", name, table_csn(name)))
    for index, name in enumerate(SALES_VIEWS):
        objects.append(("SALES", "views", name, view_csn(name, "SAL_TABLE_00", exposed=index == 0)))
    for space, object_type, name, body in objects:
        path = root / "spaces" / space / object_type / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body))
    clients = [
        {"client_id": "sb-jobs-all", "client_secret": "all-secret-3", "spaces": ["*"]},
        {"client_id": SALES_ONLY[0], "client_secret": SALES_ONLY[1], "spaces": ["SALES"]},
    ]
    spaces = [{"name": space, "label": space.title()} for space in TENANT_SPACES]
    (root / "tenant.json").write_text(json.dumps({"name": "jobs", "spaces": spaces, "clients": clients}))
    return [(space, object_type, name) for space, object_type, name, _ in objects]


@dataclass(frozen=True)
class TenantFacts:
    """What the tests' tenant holds, for assertions (test modules cannot import this conftest)."""

    spaces: dict[str, int]
    sales_views: tuple[str, ...]
    sales_only_client: tuple[str, str]

    @property
    def total(self) -> int:
        return sum(self.spaces.values())

    @staticmethod
    def table(name: str, label: str = "") -> dict[str, Any]:
        return table_csn(name, label)


@pytest.fixture
def tenant() -> TenantFacts:
    return TenantFacts(dict(TENANT_SPACES), SALES_VIEWS, SALES_ONLY)


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[Sim]:
    tenant_dir = tmp_path / "tenant"
    write_tenant(tenant_dir)
    state = SimState(tenant_dir, SimConfig(rate_limit_per_minute=0))
    async with serving(create_api_app(state), "off") as url, serving(create_token_app(state), "off") as token_base:
        simulator = Sim(url, f"{token_base}/oauth/token", tenant_dir, state)
        yield simulator
        await simulator.http.aclose()


def glue_double(runtime: Runtime) -> Router:
    """Stands in for mapper + glue-writer: answers each asset change with a TableApplied of its job."""
    router = Router()
    actions = {
        AssetChange.CREATED: AppliedAction.CREATED,
        AssetChange.CHANGED: AppliedAction.UPDATED,
        AssetChange.REPUBLISHED: AppliedAction.UNCHANGED,
    }

    @router.on(AssetUpserted)
    async def applied(message: AssetUpserted, delivery: Delivery) -> None:
        action = actions[message.change]
        await runtime.publisher.publish(_applied(message, message.definition.space, action))

    @router.on(AssetDeleted)
    async def deprecated(message: AssetDeleted, delivery: Delivery) -> None:
        await runtime.publisher.publish(_applied(message, message.space, AppliedAction.DEPRECATED))

    return router


def _nothing(runtime: Runtime) -> None:
    """No double: asset changes stay unanswered (for the safety-net timeout)."""


def _applied(message: AssetUpserted | AssetDeleted, space: str, action: AppliedAction) -> TableApplied:
    table = str(message.asset_id).rsplit("/", 1)[-1].lower()
    return TableApplied(
        environment=message.environment,
        tenant=message.tenant,
        job_id=message.job_id,
        asset_id=message.asset_id,
        causation_id=message.event_id,
        database=space.lower(),
        table=table,
        action=action,
    )


def plan_double(publisher: Publisher, received: list[PlanRequest], environment: Any, tenant: str) -> FastAPI:
    """Stands in for the mapper's `POST /plan` (checking the caller's token and role, as the mapper does): answers
    every definition with a ChangePlanned of its job."""
    app = FastAPI()
    app.state.authenticator = Authenticator(AuthSettings())

    @app.post("/plan")
    async def plan(request: PlanRequest, principal: Operator) -> dict[str, int]:
        assert principal.subject == "service:extractor", principal.subject
        received.append(request)
        planned = [_planned(request.job_id, d.asset_id, environment, tenant) for d in request.definitions]
        await publisher.publish_many(planned)
        return {"planned": len(planned)}

    return app


def _planned(job_id: str, asset_id: str, environment: Any, tenant: str) -> ChangePlanned:
    return ChangePlanned(
        environment=environment,
        tenant=tenant,
        job_id=job_id,
        asset_id=asset_id,
        database="plan",
        table=asset_id.rsplit("/", 1)[-1].lower(),
        diff=TableDiff(action=PlannedAction.CREATE, change_class=ChangeClass.MINOR),
    )


async def read_to_end(topic: str) -> list[Message | Rejection]:
    """Read ``topic`` from the beginning to the end offsets it has now."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=ports.kafka_bootstrap(), group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        found: list[Message | Rejection] = []
        async with asyncio.timeout(30):
            while not consumer.assignment():
                await consumer.getmany(timeout_ms=100)
            partitions = sorted(consumer.assignment())
            await consumer.seek_to_beginning(*partitions)
            ends = await _end_offsets(consumer, partitions)
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    found.extend(decode_record(r.value, list(r.headers or ())) for r in records)
        return found
    finally:
        await consumer.stop()


async def _end_offsets(consumer: AIOKafkaConsumer, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
    while True:  # a new topic's leaders may still be moving
        try:
            return await consumer.end_offsets(partitions)
        except KafkaError:
            await asyncio.sleep(0.2)


@dataclass
class Stack:
    """The extractor app on isolated topics, the test doubles, and helpers to drive and observe jobs."""

    iso: Isolation
    sim: Sim
    api: httpx.AsyncClient
    app: FastAPI
    plans: list[PlanRequest]

    @property
    def extractor(self) -> Any:
        return self.app.state.runtime.state["extractor"]

    async def request(self, **body: Any) -> str:
        response = await self.api.post("/jobs", json=body)
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    async def job(self, job_id: str) -> dict[str, Any]:
        response = await self.api.get(f"/jobs/{job_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def wait_for(self, job_id: str, done: JobCheck, seconds: float = 60) -> dict[str, Any]:
        async with asyncio.timeout(seconds):
            while not done(job := await self.job(job_id)):  # noqa: ASYNC110 - the job lives in another service
                await asyncio.sleep(0.1)
        return job

    async def run(self, **body: Any) -> dict[str, Any]:
        """Request a job and wait until it finished."""
        return await self.wait_for(await self.request(**body), lambda job: job["phase"] == "finished")

    async def messages(self, topic: str) -> list[Message]:
        """Every record on ``topic`` up to its current end (what was acknowledged so far), decoded."""
        found = await read_to_end(prefixed(topic, self.iso.topic_prefix))
        assert not [m for m in found if isinstance(m, Rejection)]
        return [m for m in found if isinstance(m, Message)]

    async def asset_changes(self, job_id: str) -> list[Message]:
        return [m for m in await self.messages(ASSET_CHANGES) if m.job_id == job_id]

    async def job_events(self, job_id: str) -> list[Message]:
        return [m for m in await self.messages(SYNC_JOBS) if m.job_id == job_id]


StackFactory = Callable[..., Awaitable[Stack]]


@pytest.fixture
def identity_provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bear refuses the local issuer and checks tokens against a JWKS URL: serve the test issuer's JWKS over HTTP."""
    keys = ensure_local_keys(AuthSettings().key_dir)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(keys.jwks.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("MDSYNC_AUTH_JWKS_URL", f"http://127.0.0.1:{server.server_port}/{keys.jwks.name}")
    yield
    server.shutdown()
    server.server_close()


def bearer(role: Role, spaces: tuple[str, ...] = ("*",), subject: str = "test:admin") -> dict[str, str]:
    """Headers with a token of the test issuer (also while `identity_provider` serves its JWKS)."""
    token = local_token(role, spaces, subject, settings=AuthSettings(jwks_url=None))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def make_stack(sim: Sim) -> AsyncIterator[StackFactory]:
    """Start the stack with extractor settings overridden as the test needs (once per test)."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(
            *, with_double: bool = True, over_http: bool = False, env: str = "dog", **settings: Any
        ) -> Stack:
            """``with_double``: answer asset changes; ``over_http``: serve the app on a port (for the CLI)."""
            iso = await isolated()
            double_settings = ServiceSettings(consumer_group=f"glue-double-{iso.topic_prefix}")
            double = running("glue-double", iso.common(), double_settings, glue_double if with_double else _nothing)
            runtime = await stack.enter_async_context(double)
            plans: list[PlanRequest] = []
            common = iso.common(env=env)
            planner = plan_double(runtime.publisher, plans, common.env, common.tenant)
            mapper_url = await stack.enter_async_context(serving(planner, "off"))
            values: dict[str, Any] = {
                "datasphere_url": sim.url,
                "token_url": sim.token_url,
                "tenant_dir": sim.tenant_dir,
                "rate_limit_per_minute": 0,
                "consumer_group": f"extractor-{iso.topic_prefix}",
                "mapper_url": mapper_url,
                "progress_interval_seconds": 0.2,
                "asset_retry_base_seconds": 0.05,
                "request_retry_base_seconds": 0.05,
                **settings,
            }
            app = build_app(common, ExtractorSettings(**values))
            if over_http:
                base_url = await stack.enter_async_context(serving(app, "on"))
                api = await stack.enter_async_context(httpx.AsyncClient(base_url=base_url, headers=ADMIN))
            else:
                await stack.enter_async_context(LifespanManager(app, startup_timeout=60, shutdown_timeout=30))
                transport = httpx.ASGITransport(app=app)
                client = httpx.AsyncClient(transport=transport, base_url="http://x", headers=ADMIN)
                api = await stack.enter_async_context(client)
            return Stack(iso, sim, api, app, plans)

        yield start
