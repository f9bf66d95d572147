"""Glue targets (devstack moto, or real AWS when opted in), fault injection through botocore events, test rigs."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import (
    ChangeClass,
    ConflictPolicy,
    DeleteTable,
    DeprecateTable,
    GlueColumn,
    StorageDescriptor,
    TableInput,
    UpsertTable,
    table_input_hash,
)
from mdsync_glue_writer.applier import Applier, WriterPolicy
from mdsync_glue_writer.catalog import GlueCatalog
from mdsync_glue_writer.core.models import CurrentTable
from mdsync_glue_writer.glue_client import GlueClients, resolve_profile
from mdsync_glue_writer.presence import PresenceHint
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime import ports
from mdsync_runtime.errors import Backoff

WRITES = frozenset({"CreateTable", "UpdateTable", "DeleteTable", "CreateDatabase", "UpdateDatabase"})
Reply = tuple[AWSResponse, dict[str, Any]]
BeforeFault = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class Fault:
    """Answer the next ``times`` calls of ``operation`` with ``code`` (after running ``before``, if given)."""

    operation: str
    code: str
    times: int
    status: int = 400
    before: BeforeFault | None = None


@dataclass
class GlueFaults:
    """Counts the Glue calls a client sends and injects errors in place of some (moto raises none itself)."""

    sent: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    params: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)

    def attach(self, client: Any) -> None:
        """Watch every Glue call of ``client``."""
        client.meta.events.register("before-call.glue", self._before_call)

    def inject(self, fault: Fault) -> None:
        """Queue ``fault``."""
        self.faults.append(fault)

    @property
    def writes(self) -> int:
        """Write calls that reached Glue."""
        return sum(n for op, n in self.sent.items() if op in WRITES)

    async def _before_call(
        self, model: Any, params: dict[str, Any], **_: Any
    ) -> tuple[AWSResponse, dict[str, Any]] | None:
        operation = model.name
        fault = next((f for f in self.faults if f.operation == operation and f.times > 0), None)
        if fault is None:
            self.sent[operation] += 1
            body = params.get("body") or b"{}"
            self.params.setdefault(operation, []).append(json.loads(body))
            return None
        fault.times -= 1
        self.injected[operation] += 1
        if fault.before is not None:
            await fault.before(params)
        error = {"Code": fault.code, "Message": f"injected {fault.code}"}
        metadata = {"HTTPStatusCode": fault.status, "RequestId": "injected", "HTTPHeaders": {}}
        return AWSResponse("https://glue.invalid", fault.status, {}, None), {
            "Error": error,
            "ResponseMetadata": metadata,
        }


@dataclass
class Target:
    """Where the suite runs: the devstack moto (dog defaults) or a real AWS account."""

    name: str
    settings: GlueWriterSettings
    env: Environment

    def clients(self) -> GlueClients:
        """A fresh client factory for this target."""
        return GlueClients(resolve_profile(self.settings, self.env, os.environ))


def moto_settings(**overrides: Any) -> GlueWriterSettings:
    """Writer settings against the devstack moto, with fast retries for tests."""
    values: dict[str, Any] = {
        "glue_endpoint": ports.glue_endpoint(),
        "region": "eu-central-1",
        "throttle_base_seconds": 0.01,
        "sweep_interval_seconds": 0,
    }
    return GlueWriterSettings(**{**values, **overrides})


@pytest.fixture(params=["moto", pytest.param("aws", marks=pytest.mark.aws)])
def target(request: pytest.FixtureRequest) -> Target:
    """The devstack moto; real AWS only with MDSYNC_AWS_TESTS=1 (credentials and region from the chain)."""
    if request.param == "aws":
        if os.environ.get("MDSYNC_AWS_TESTS") != "1":
            pytest.skip("real-AWS run is opt-in: set MDSYNC_AWS_TESTS=1 and AWS credentials/region")
        return Target("aws", GlueWriterSettings(throttle_base_seconds=0.05), Environment.WOLF)
    return Target("moto", moto_settings(), Environment.DOG)


@dataclass
class Rig:
    """An isolated Glue database with a watched writer client and an unwatched client for 'someone else'."""

    target: Target
    database: str
    clients: GlueClients
    other: GlueClients
    faults: GlueFaults
    catalog: GlueCatalog

    def applier(self, **policy: Any) -> Applier:
        """An applier on this rig (fresh presence hint) with ``policy`` overrides."""
        values: dict[str, Any] = {"delete_approval_required": False, "grace": timedelta(0)}
        return Applier(self.catalog, PresenceHint(self.catalog), WriterPolicy(**{**values, **policy}))

    async def table(self, name: str) -> CurrentTable | None:
        """The table as Glue holds it now (read through the unwatched client)."""
        client = await self.other.get()
        try:
            response = await client.get_table(DatabaseName=self.database, Name=name)
        except client.exceptions.EntityNotFoundException:
            return None
        return CurrentTable.from_glue(self.database, response["Table"])


@pytest.fixture
async def rig(target: Target) -> AsyncIterator[Rig]:
    """A unique database (created on demand by the writer), dropped afterwards."""
    database = f"it_{uuid.uuid4().hex[:12]}"
    clients, other, faults = target.clients(), target.clients(), GlueFaults()
    faults.attach(await clients.get())
    catalog = GlueCatalog(clients, 8, Backoff(target.settings.throttle_base_seconds, 0.5), 8)
    try:
        yield Rig(target, database, clients, other, faults, catalog)
    finally:
        client = await other.get()
        with contextlib.suppress(client.exceptions.EntityNotFoundException):
            await client.delete_database(Name=database)
        await clients.close()
        await other.close()


def table_input(name: str, columns: dict[str, str] | None = None, **fields: Any) -> TableInput:
    """A TableInput with ``columns`` (name → type)."""
    cols = columns or {"order_id": "string", "net_amount": "decimal(15,2)"}
    storage = StorageDescriptor(
        columns=tuple(GlueColumn(name=n, type=t) for n, t in cols.items()), location=f"s3://lake/{name}/"
    )
    return TableInput(name=name, storage_descriptor=storage, **fields)


ENVELOPE: dict[str, Any] = {"environment": "dog", "tenant": "acme", "requester": "service:mapper"}


def upsert(
    database: str,
    table: TableInput,
    *,
    change_class: ChangeClass = ChangeClass.MINOR,
    policy: ConflictPolicy = ConflictPolicy.SOURCE_WINS,
    **fields: Any,
) -> UpsertTable:
    """An UpsertTable of ``table`` for job `job-it` and an asset named after the table."""
    values: dict[str, Any] = {
        **ENVELOPE,
        "job_id": "job-it",
        "asset_id": f"acme/SALES/{table.name.upper()}",
        "database": database,
        "table": table.name,
        "table_input": table,
        "source_hash": "s" * 64,
        "desired_hash": table_input_hash(table),
        "change_class": change_class,
        "conflict_policy": policy,
        "rule_set_version": "dog-1",
    }
    return UpsertTable(**{**values, **fields})


def deprecate(database: str, table: str, **fields: Any) -> DeprecateTable:
    """A DeprecateTable for ``table``."""
    return DeprecateTable(**{**ENVELOPE, "database": database, "table": table, "reason": "source deleted", **fields})


def delete(database: str, table: str, **fields: Any) -> DeleteTable:
    """A DeleteTable for ``table``."""
    return DeleteTable(**{**ENVELOPE, "database": database, "table": table, "reason": "grace over", **fields})
