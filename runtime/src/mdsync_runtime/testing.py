"""Helpers for tests that run against the real devstack: isolated topics and databases, reading topics."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from mdsync_contracts.base import Message
from mdsync_contracts.topics import prefixed
from mdsync_runtime import ports
from mdsync_runtime.admin import ensure_topics
from mdsync_runtime.decoding import Rejection, decode_record
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.settings import CommonSettings


@dataclass(frozen=True)
class Isolation:
    """A topic prefix and database name no other test uses."""

    topic_prefix: str
    mongo_db: str

    def common(self, **overrides: object) -> CommonSettings:
        """CommonSettings pointing at the devstack, isolated by prefix and database."""
        values: dict[str, object] = {
            "kafka_bootstrap": ports.kafka_bootstrap(),
            "mongo_url": SecretStr(ports.mongo_url()),
            "topic_prefix": self.topic_prefix,
            "mongo_db": self.mongo_db,
        }
        return CommonSettings.model_validate({**values, **overrides})


ISOLATION_TOKEN = re.compile(r"^(?:t|test_)([0-9a-f]{8})[0-9a-f]{6}(?:\.|$)")


async def isolated(partitions: int = 6) -> Isolation:
    """Create a fresh set of every contract topic under a unique prefix (stamped with its creation time)."""
    token = f"{int(time.time()):08x}{uuid.uuid4().hex[:6]}"
    isolation = Isolation(topic_prefix=f"t{token}.", mongo_db=f"test_{token}")
    await ensure_topics(ports.kafka_bootstrap(), isolation.topic_prefix, partitions)
    return isolation


def _expired(name: str, cutoff: float) -> bool:
    match = ISOLATION_TOKEN.match(name)
    return match is not None and int(match.group(1), 16) < cutoff


async def prune_isolations(older_than_seconds: float = 6 * 3600) -> tuple[int, int]:
    """Delete the topics and databases of isolations older than ``older_than_seconds`` (earlier test sessions).

    A long-lived devstack otherwise collects partitions until Kafka runs out of file handles.
    Returns how many topics and databases were deleted.
    """
    cutoff = time.time() - older_than_seconds
    admin = AIOKafkaAdminClient(bootstrap_servers=ports.kafka_bootstrap())
    await admin.start()
    try:
        topics = [name for name in await admin.list_topics() if _expired(name, cutoff)]
        for batch in range(0, len(topics), 200):
            await admin.delete_topics(topics[batch : batch + 200])
    finally:
        await admin.close()
    store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(ports.mongo_url())
    try:
        databases = [name for name in await store.list_database_names() if _expired(name, cutoff)]
        for name in databases:
            await store.drop_database(name)
    finally:
        await store.close()
    return len(topics), len(databases)


async def publish_all(common: CommonSettings, messages: Iterable[Message], client_id: str = "test") -> None:
    """Publish ``messages`` as the services would (CloudEvents, keyed) with a producer of their own."""
    publisher = Publisher(client_id, common.kafka_bootstrap, common.topic_prefix)
    await publisher.start()
    try:
        await publisher.publish_many(messages)
    finally:
        await publisher.stop()


async def read_messages(topic: str, prefix: str, count: int, wait_seconds: float = 30.0) -> list[Message | Rejection]:
    """Read ``count`` records from the start of ``topic`` (prefixed), decoded; stop early after ``wait_seconds``."""
    consumer = AIOKafkaConsumer(
        prefixed(topic, prefix),
        bootstrap_servers=ports.kafka_bootstrap(),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[Message | Rejection] = []
    try:
        async with asyncio.timeout(wait_seconds):
            while len(found) < count:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    found.extend(decode_record(r.value, list(r.headers or ())) for r in records)
    except TimeoutError:
        pass
    finally:
        await consumer.stop()
    return found


def span_recorder() -> InMemorySpanExporter:
    """Record every finished span in memory, on the global SDK provider (installed if none is)."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


async def wait_until(condition: Callable[[], bool], wait_seconds: float = 30.0, poll_seconds: float = 0.05) -> None:
    """Poll ``condition`` until it holds; TimeoutError after ``wait_seconds``."""
    async with asyncio.timeout(wait_seconds):
        while not condition():  # noqa: ASYNC110 - the condition is state owned by another task or process
            await asyncio.sleep(poll_seconds)
