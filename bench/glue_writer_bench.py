"""Glue-writer throughput against the raw limit of the same moto, and the writes a re-apply makes.

`uv run python -m bench.glue_writer_bench [--n 10000] [--concurrency 16]` (needs the devstack).
Raw limit: a bare aioboto3 CreateTable loop at the same concurrency, same moto, same run. The writer consumes N
UpsertTable commands from Kafka (one partition per unit of concurrency) and is timed from its first Glue call to
its N-th handled command. Re-apply: N new commands with the same tables, on a restarted writer; Glue writes counted.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from asgi_lifespan import LifespanManager

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import GlueColumn, StorageDescriptor, TableInput, UpsertTable, table_input_hash
from mdsync_glue_writer import api
from mdsync_glue_writer.core.params import desired_table
from mdsync_glue_writer.glue_client import GlueClients, resolve_profile
from mdsync_glue_writer.handlers import build_router, on_start, on_stop
from mdsync_glue_writer.main import SERVICE
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_glue_writer.writer import writer_of
from mdsync_runtime import ports
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Router
from mdsync_runtime.service import Hooks, Runtime, build_service_app
from mdsync_runtime.testing import Isolation, isolated

WRITES = frozenset({"CreateTable", "UpdateTable", "DeleteTable", "CreateDatabase"})
COLUMNS = {"order_id": "string", "customer_id": "string", "net_amount": "decimal(15,2)", "order_date": "date"}


@dataclass
class Calls:
    """Glue calls a client sent, and when the first one started."""

    sent: Counter[str] = field(default_factory=Counter)
    first_at: float | None = None

    def attach(self, client: Any) -> None:
        """Count every Glue call of ``client``."""
        client.meta.events.register("before-call.glue", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.first_at = self.first_at or time.perf_counter()
        self.sent[model.name] += 1

    @property
    def writes(self) -> int:
        """Write calls sent."""
        return sum(n for op, n in self.sent.items() if op in WRITES)


def table(i: int) -> TableInput:
    """The i-th benchmark table."""
    columns = tuple(GlueColumn(name=n, type=t, comment=f"{n} of order") for n, t in COLUMNS.items())
    storage = StorageDescriptor(columns=columns, location=f"s3://lake/bench/t{i:05d}/")
    return TableInput(name=f"t{i:05d}", description="Sales order", storage_descriptor=storage, parameters={"k": "v"})


def command(database: str, i: int) -> UpsertTable:
    """An UpsertTable of the i-th table."""
    ti = table(i)
    return UpsertTable(
        environment=Environment.DOG,
        tenant="bench",
        requester="service:bench",
        job_id="job-bench",
        asset_id=f"bench/SALES/T{i:05d}",
        database=database,
        table=ti.name,
        table_input=ti,
        source_hash="s" * 64,
        desired_hash=table_input_hash(ti),
        change_class="minor",
        rule_set_version="bench-1",
    )


def settings(concurrency: int) -> GlueWriterSettings:
    """Writer settings against the devstack moto."""
    return GlueWriterSettings(
        glue_endpoint=ports.glue_endpoint(), region="eu-central-1", concurrency=concurrency, sweep_interval_seconds=0
    )


async def raw_limit(n: int, concurrency: int) -> float:
    """Seconds a bare CreateTable loop needs for ``n`` tables at ``concurrency`` (same payload as the writer's)."""
    clients = GlueClients(resolve_profile(settings(concurrency), Environment.DOG, {}))
    client, database = await clients.get(), f"bench_raw_{uuid.uuid4().hex[:8]}"
    await client.create_database(DatabaseInput={"Name": database})
    bodies = [desired_table(table(i))[0].to_boto() for i in range(n)]
    slots = asyncio.Semaphore(concurrency)

    async def create(body: dict[str, Any]) -> None:
        async with slots:
            await client.create_table(DatabaseName=database, TableInput=body)

    started = time.perf_counter()
    await asyncio.gather(*(create(body) for body in bodies))
    seconds = time.perf_counter() - started
    await client.delete_database(Name=database)
    await clients.close()
    return seconds


@dataclass(frozen=True)
class Run:
    """One writer run: seconds from its first Glue call to its last handled command, calls, mean handlers busy."""

    seconds: float
    calls: Calls
    in_flight: float


async def writer_run(iso: Isolation, commands: Sequence[UpsertTable], concurrency: int) -> Run:
    """Publish ``commands``, start a writer, and time it from its first Glue call to the last command handled."""
    publisher = Publisher("bench", ports.kafka_bootstrap(), iso.topic_prefix)
    await publisher.start()
    for start in range(0, len(commands), 1000):
        await publisher.publish_many(commands[start : start + 1000])
    await publisher.stop()
    calls = Calls()

    def build(runtime: Runtime) -> Router:
        router = build_router(runtime)
        writer_of(runtime).clients.on_open(calls.attach)
        return router

    hooks = Hooks(on_start=on_start, on_stop=on_stop)
    app = build_service_app(SERVICE, iso.common(log_level="WARNING"), settings(concurrency), build, hooks, [api.router])
    busy: list[int] = []
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
        consumer, writer = app.state.runtime.consumer, writer_of(app.state.runtime)
        while consumer.handled < len(commands):  # polled: the consumer exposes a counter, not an event
            await asyncio.sleep(0.02)
            if calls.first_at is not None:
                busy.append(writer.in_flight.count)
        finished = time.perf_counter()
    return Run(finished - (calls.first_at or finished), calls, sum(busy) / max(len(busy), 1))


async def main(n: int, concurrency: int) -> None:
    """Run the three measurements and print the figures."""
    print(f"glue-writer benchmark: n={n}, concurrency={concurrency}, moto {ports.glue_endpoint()}")
    raw = await raw_limit(n, concurrency)
    print(f"raw CreateTable loop       {n} in {raw:6.1f} s = {n / raw:6.0f}/s")
    iso, database = await isolated(partitions=concurrency), f"bench_{uuid.uuid4().hex[:8]}"
    commands = [command(database, i) for i in range(n)]
    first = await writer_run(iso, commands, concurrency)
    ratio = raw / first.seconds
    print(f"glue-writer Kafka→Glue     {n} in {first.seconds:6.1f} s = {n / first.seconds:6.0f}/s  ratio {ratio:.2f}")
    _details(first, concurrency)
    again = await writer_run(iso, [command(database, i) for i in range(n)], concurrency)
    print(f"re-apply, restarted writer {n} in {again.seconds:6.1f} s = {n / again.seconds:6.0f}/s", end="")
    print(f"  Glue writes {again.calls.writes}")
    _details(again, concurrency)
    clients = GlueClients(resolve_profile(settings(concurrency), Environment.DOG, {}))
    await (await clients.get()).delete_database(Name=database)
    await clients.close()


def _details(run: Run, concurrency: int) -> None:
    print(f"  Glue calls {dict(run.calls.sent)}; handlers in flight {run.in_flight:.1f} of {concurrency} partitions")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="UpsertTable commands (default 10000)")
    parser.add_argument("--concurrency", type=int, default=16, help="Glue calls in flight and partitions")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.n, arguments.concurrency))
