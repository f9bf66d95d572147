"""Audit ingest rate: the live path driven in process, and end to end through Kafka.

`uv run python -m bench.audit_ingest [--events 5000] [--kafka-events 5000]` starts a private store (memory
backend) and prints both figures; `bench.audit_bench` prints them after its load too. The Kafka figure needs
the devstack's Kafka (topics under a fresh prefix; the store is the private one, never the shared one).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import zlib
from collections.abc import Callable
from typing import Any

from asgi_lifespan import LifespanManager
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from bench.audit_data import Generator
from bench.audit_store import start_store
from mdsync_audit.core.stored import stored_event
from mdsync_audit.handlers import INGESTOR
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.projector import Projector
from mdsync_audit.store.schema import ensure_indexes
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Delivery
from mdsync_runtime.testing import isolated

SETTINGS = AuditSettings()


async def measure_ingest(url: str, gen: Generator, count: int, partitions: int = 6) -> tuple[float, float]:
    """Events/s through the live path (insert event, apply every view, mark applied), as the consumer drives it.

    The events are spread over ``partitions`` by key; each key's events are handled in order and at most
    ``max_in_flight`` keys at once, as the runtime does with the audit's per-key ordering. The baseline is the
    same events as bare ``insert_one`` calls, driven the same way. Returns (live rate, baseline rate).
    """
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    db = client["audit_ingest_bench"]
    await client.drop_database("audit_ingest_bench")
    await ensure_indexes(db)
    ingestor = Ingestor(db, Projector(db, SETTINGS))
    chains: dict[str, list[tuple[int, Any]]] = {}
    for offset, message in enumerate(gen.messages_for_ingest(count)):
        chains.setdefault(message.key(), []).append((offset, message))
    in_flight = asyncio.Semaphore(SETTINGS.max_in_flight)

    async def chain(records: list[tuple[int, Any]], bare: bool) -> None:
        async with in_flight:
            for offset, message in records:
                delivery = Delivery(
                    message.TOPIC, zlib.crc32(message.key().encode()) % partitions, offset, message.key()
                )
                if bare:
                    event = stored_event(message, delivery.topic, delivery.partition, offset, delivery.key)
                    await db["bare_events"].insert_one(event.to_doc())
                else:
                    await ingestor.ingest(message, delivery)

    rates = []
    for bare in (True, False):
        start = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for records in chains.values():
                group.create_task(chain(records, bare))
        rates.append(count / (time.perf_counter() - start))
    await client.drop_database("audit_ingest_bench")
    await client.close()
    return rates[1], rates[0]


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` every 50 ms for at most ``seconds``."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{what} after {seconds:.0f} s")


async def measure_kafka_ingest(url: str, gen: Generator, count: int, seconds: float = 600) -> float:
    """Events/s end to end: ``count`` events published to Kafka, until the running audit service stored them all.

    The service runs in process (its real consumer, group and commits) against the store at ``url``; the
    clock starts when publishing starts, after the consumer joined its group.
    """
    iso = await isolated()
    common = iso.common(mongo_url=SecretStr(url))
    app = build_app(common, SETTINGS)
    messages = gen.messages_for_ingest(count)
    publisher = Publisher("bench", common.kafka_bootstrap, common.topic_prefix)
    await publisher.start()
    try:
        async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
            runtime = app.state.runtime
            assert runtime.consumer is not None
            consumer = runtime.consumer
            await until(lambda: consumer.assigned, 120, "no partitions assigned")
            ingestor: Ingestor = runtime.state[INGESTOR]
            start = time.perf_counter()
            await publisher.publish_many(messages)
            await until(lambda: ingestor.stored + ingestor.duplicates >= count, seconds, "events missing")
            return count / (time.perf_counter() - start)
    finally:
        await publisher.stop()
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
        await client.drop_database(iso.mongo_db)
        await client.close()


def report(live: float, bare: float, kafka: float | None) -> None:
    """Print the ingest figures."""
    print(f"ingest, live path (per-key order, {SETTINGS.max_in_flight} in flight): {live:.0f} events/s")
    print(f"ingest baseline, bare insert_one: {bare:.0f} events/s; live/baseline {live / bare:.2f}")
    if kafka is not None:
        print(f"ingest end to end (published to Kafka → all stored by the audit service): {kafka:.0f} events/s")


async def main(args: argparse.Namespace) -> None:
    """Start a private store and measure both ingest figures."""
    store = await start_store(args.port, heap=args.heap)
    try:
        gen = Generator(args.assets, 6)
        live, bare = await measure_ingest(store.url, gen, args.events)
        kafka = await measure_kafka_ingest(store.url, gen, args.kafka_events) if args.kafka_events else None
        report(live, bare, kafka)
    finally:
        await store.stop()


def arguments() -> argparse.Namespace:
    """Command-line flags."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5_000, help="Events through the in-process live path.")
    parser.add_argument("--kafka-events", type=int, default=5_000, help="Events through Kafka (0: skip).")
    parser.add_argument("--assets", type=int, default=10_000, help="Ids of the generated assets start here.")
    parser.add_argument("--port", type=int, default=27221, help="Port of the private store.")
    parser.add_argument("--heap", default="2g", help="Heap of the private store (-Xmx).")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
