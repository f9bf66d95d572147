"""The whole service through real Kafka (isolated prefix), the Mongo-wire store and moto: handlers, API, sweep."""

from __future__ import annotations

import asyncio
import functools
import threading
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from mdsync_contracts.base import Message
from mdsync_contracts.glue import (
    AppliedAction,
    ChangeClass,
    ChangeHeld,
    DatabaseInput,
    EnsureDatabase,
    TableApplied,
    TableFailed,
)
from mdsync_contracts.topics import GLUE_RESULTS
from mdsync_glue_writer.main import create_app
from mdsync_glue_writer.writer import Writer, writer_of
from mdsync_runtime import ports
from mdsync_runtime.auth import AuthSettings, Role
from mdsync_runtime.auth.client import local_token
from mdsync_runtime.auth.local import ensure_local_keys
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.testing import Isolation, isolated, read_messages

from .conftest import ENVELOPE, GlueFaults, deprecate, moto_settings, table_input, upsert

pytestmark = pytest.mark.integration


@dataclass
class Service:
    """A running glue-writer: HTTP client, its writer, a publisher of commands and a Glue call counter."""

    iso: Isolation
    http: httpx.AsyncClient
    writer: Writer
    commands: Publisher
    faults: GlueFaults
    database: str

    async def send(self, *messages: Message) -> None:
        """Publish commands in order."""
        await self.commands.publish_many(messages)

    async def results(self, count: int) -> list[Message]:
        """The first ``count`` results on the results topic."""
        found = await read_messages(GLUE_RESULTS, self.iso.topic_prefix, count, wait_seconds=60)
        messages = [m for m in found if isinstance(m, Message)]
        assert len(messages) == count, found
        return messages

    async def table(self, name: str) -> Any:
        """The table in Glue, or None."""
        return await self.writer.catalog.get_table(self.database, name)


@asynccontextmanager
async def service(env: str = "dog", sweep: bool = False, **settings: Any) -> AsyncIterator[Service]:
    """Start the glue-writer app on an isolated prefix and Glue database (swept every 0.3 s if ``sweep``)."""
    iso = await isolated()
    database = f"it_{uuid.uuid4().hex[:12]}"
    if sweep:
        settings |= {"sweep_interval_seconds": 0.3, "sweep_databases": (database,)}
    app = create_app(iso.common(env=env), moto_settings(**settings))
    commands = Publisher("test", ports.kafka_bootstrap(), iso.topic_prefix)
    await commands.start()
    try:
        async with (
            LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://test", headers=bearer(Role.ADMIN)
            ) as http,
        ):
            writer, faults = writer_of(app.state.runtime), GlueFaults()
            writer.clients.on_open(faults.attach)
            yield Service(iso, http, writer, commands, faults, database)
    finally:
        await commands.stop()


def actions(messages: Sequence[Message]) -> list[str]:
    """`Type:action` per result, for compact assertions."""
    return [
        f"{type(m).__name__}:{m.action.value}" if isinstance(m, TableApplied) else type(m).__name__ for m in messages
    ]


async def test_commands_from_kafka_are_applied_once_each_with_results_per_asset() -> None:
    async with service() as svc:
        first = upsert(svc.database, table_input("sales_orders"))
        wider = upsert(svc.database, table_input("sales_orders", {"order_id": "string", "net_amount": "double"}))
        bad = upsert(svc.database, table_input("broken", {"x": "not_a_type<<"}))
        ensure = EnsureDatabase(**ENVELOPE, database_input=DatabaseInput(name=svc.database))
        # The duplicate (same event_id) sits between two commands of the same key, so it is handled in order.
        await svc.send(ensure, first, first, wider, bad)
        results = await svc.results(3)
        by_table = {(m.table, type(m).__name__) for m in results}  # type: ignore[attr-defined]
        assert by_table == {("sales_orders", "TableApplied"), ("broken", "TableFailed")}
        applied = [m for m in results if isinstance(m, TableApplied)]
        assert [m.action for m in applied] == [AppliedAction.CREATED, AppliedAction.UPDATED]
        assert [m.causation_id for m in applied] == [first.event_id, wider.event_id]
        assert all(m.job_id == "job-it" and m.asset_id for m in results)
        failed = next(m for m in results if isinstance(m, TableFailed))
        assert "not_a_type<<" in failed.reason
        # One create (retried once if it came before EnsureDatabase) and one update: the duplicate wrote nothing.
        assert svc.faults.sent["UpdateTable"] == 1
        client = await svc.writer.clients.get()
        versions = await client.get_table_versions(DatabaseName=svc.database, TableName="sales_orders")
        assert len(versions["TableVersions"]) == 2


@pytest.fixture
def aws_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside dog the writer takes credentials from the default chain; give the chain moto's test keys."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


@pytest.fixture
def identity_provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Bear refuses the local issuer and checks tokens against a JWKS URL: serve the test issuer's JWKS over HTTP."""
    keys = ensure_local_keys(AuthSettings().key_dir)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(keys.jwks.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("MDSYNC_AUTH_JWKS_URL", f"http://127.0.0.1:{server.server_port}/{keys.jwks.name}")
    yield
    server.shutdown()
    server.server_close()


def bearer(role: Role, spaces: tuple[str, ...] = ("*",), subject: str = "admin:ada") -> dict[str, str]:
    """Headers with a token of the test issuer (whose JWKS `identity_provider` serves in bear)."""
    token = local_token(role, spaces, subject, settings=AuthSettings(jwks_url=None))
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.usefixtures("aws_keys", "identity_provider")
async def test_a_held_change_applies_only_after_another_principal_approves() -> None:
    async with service(env="bear") as svc:
        await svc.send(upsert(svc.database, table_input("sales_orders")))
        dropped = upsert(
            svc.database,
            table_input("sales_orders", {"order_id": "string"}),
            change_class=ChangeClass.MAJOR,
            initiated_by="admin:ann",
        )
        await svc.send(dropped)
        held = (await svc.results(2))[1]
        assert isinstance(held, ChangeHeld)
        assert (held.held_command_id, held.job_id, held.change_class) == (dropped.event_id, "job-it", ChangeClass.MAJOR)
        assert len((await svc.table("sales_orders")).table_input.storage_descriptor.columns) == 2
        pending = (await svc.http.get("/approvals")).json()
        assert [p["approval_id"] for p in pending] == [held.approval_id]
        url = f"/approvals/{held.approval_id}"
        approve = {"decision": "approve", "reason": "expected drop"}
        own = await svc.http.post(url, json=approve, headers=bearer(Role.ADMIN, subject="admin:ann"))
        assert own.status_code == 403
        assert "a second person must approve" in own.json()["detail"]
        operator = await svc.http.post(url, json=approve, headers=bearer(Role.OPERATOR, subject="operator:otto"))
        assert (operator.status_code, operator.json()["detail"]) == (
            403,
            "needs role admin; operator:otto has operator",
        )
        assert (await svc.http.post(url, json=approve)).status_code == 202
        applied = (await svc.results(3))[2]
        assert isinstance(applied, TableApplied)
        assert (applied.action, applied.approval_id, applied.job_id) == (AppliedAction.UPDATED, held.approval_id, None)
        assert applied.correlation_id == "job-it"
        assert len((await svc.table("sales_orders")).table_input.storage_descriptor.columns) == 1
        assert (await svc.http.post(url, json=approve)).status_code == 409


@pytest.mark.usefixtures("aws_keys", "identity_provider")
async def test_held_changes_of_a_space_are_invisible_to_callers_of_other_spaces() -> None:
    async with service(env="bear") as svc:
        await svc.send(upsert(svc.database, table_input("sales_orders")))
        await svc.send(upsert(svc.database, table_input("sales_orders", {"order_id": "string"})))
        held = (await svc.results(2))[1]
        assert isinstance(held, ChangeHeld)
        url = f"/approvals/{held.approval_id}"
        finance = bearer(Role.ADMIN, ("FINANCE",), subject="admin:fiona")
        assert (await svc.http.get("/approvals", headers=finance)).json() == []
        assert (await svc.http.get(url, headers=finance)).status_code == 404
        decision = {"decision": "reject", "reason": "not mine"}
        assert (await svc.http.post(url, json=decision, headers=finance)).status_code == 404
        sales = bearer(Role.VIEWER, ("SALES",), subject="viewer:sam")
        assert [p["approval_id"] for p in (await svc.http.get("/approvals", headers=sales)).json()] == [
            held.approval_id
        ]
        assert (await svc.http.get(url, headers=sales)).json()["status"] == "pending"


@pytest.mark.usefixtures("aws_keys", "identity_provider")
async def test_a_rejected_change_is_recorded_and_not_applied() -> None:
    async with service(env="bear") as svc:
        await svc.send(upsert(svc.database, table_input("sales_orders")))
        await svc.send(upsert(svc.database, table_input("sales_orders", {"order_id": "string"})))
        held = (await svc.results(2))[1]
        assert isinstance(held, ChangeHeld)
        writes = svc.faults.writes
        reject = {"decision": "reject", "reason": "keep the column"}
        headers = bearer(Role.ADMIN, subject="admin:bob")
        response = await svc.http.post(f"/approvals/{held.approval_id}", json=reject, headers=headers)
        assert response.status_code == 202
        rejected = (await svc.results(3))[2]
        assert isinstance(rejected, TableFailed)
        assert (rejected.error_code, rejected.reason) == ("rejected", "rejected by admin:bob: keep the column")
        assert svc.faults.writes == writes
        status = (await svc.http.get(f"/approvals/{held.approval_id}")).json()
        assert (status["status"], status["decided_by"]) == ("rejected", "admin:bob")


async def test_the_sweep_proposes_deleting_deprecated_tables_which_are_deleted_once_approved() -> None:
    async with service(sweep=True, grace_period_seconds=0) as svc:
        await svc.send(upsert(svc.database, table_input("sales_orders")), deprecate(svc.database, "sales_orders"))
        messages = await svc.results(3)
        assert actions(messages) == ["TableApplied:created", "TableApplied:deprecated", "ChangeHeld"]
        held = messages[2]
        assert isinstance(held, ChangeHeld)
        assert held.reason == "deletes need approval in this environment"
        assert await svc.table("sales_orders") is not None
        approve = {"decision": "approve"}
        url = f"/approvals/{held.approval_id}"
        operator = await svc.http.post(url, json=approve, headers=bearer(Role.OPERATOR, subject="operator:otto"))
        assert operator.status_code == 403  # approving a delete is admin work in every environment
        assert (await svc.http.post(url, json=approve)).status_code == 202
        deleted = (await svc.results(4))[3]
        assert isinstance(deleted, TableApplied)
        assert deleted.action is AppliedAction.DELETED
        assert await svc.table("sales_orders") is None
        await asyncio.sleep(0.6)  # more sweeps run; the table is gone and was proposed once
        assert len(await read_messages(GLUE_RESULTS, svc.iso.topic_prefix, 5, wait_seconds=2)) == 4


@pytest.mark.usefixtures("aws_keys", "identity_provider")
async def test_an_approval_of_a_change_a_newer_command_superseded_applies_nothing() -> None:
    async with service(env="bear") as svc:
        await svc.send(upsert(svc.database, table_input("sales_orders")))
        await svc.send(upsert(svc.database, table_input("sales_orders", {"order_id": "string"})))
        await svc.send(upsert(svc.database, table_input("sales_orders", description="Sales Orders")))
        messages = await svc.results(3)
        assert actions(messages) == ["TableApplied:created", "ChangeHeld", "TableApplied:updated"]
        held = messages[1]
        assert isinstance(held, ChangeHeld)
        approve = {"decision": "approve"}
        assert (await svc.http.post(f"/approvals/{held.approval_id}", json=approve)).status_code == 202
        stale = (await svc.results(4))[3]
        assert isinstance(stale, TableFailed)
        assert stale.error_code == "superseded"
        assert len((await svc.table("sales_orders")).table_input.storage_descriptor.columns) == 2
