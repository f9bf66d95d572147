"""What must hold after recovery: the Glue catalog as planned, every event audited once, nothing stuck or lost."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import boto3
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from mdsync_contracts.topics import ALL_TOPICS, prefixed
from mdsync_runtime import ports

VOLATILE_TABLE_KEYS = ("CreateTime", "UpdateTime", "LastAccessTime", "VersionId", "CatalogId")


@dataclass(frozen=True)
class Record:
    """One record on one of the run's topics: where it is and which event it carries."""

    topic: str
    partition: int
    offset: int
    key: str
    event_id: str
    ce_type: str
    value: dict[str, Any]


async def read_all(prefix: str, topics: tuple[str, ...] = ALL_TOPICS) -> list[Record]:
    """Every record on the run's topics, from the beginning to the current end."""
    parts = await _partitions([prefixed(topic, prefix) for topic in topics])
    consumer = AIOKafkaConsumer(bootstrap_servers=ports.kafka_bootstrap(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        found: list[Record] = []
        async with asyncio.timeout(60):
            while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
                batch = await consumer.getmany(timeout_ms=500)
                found.extend(_record(r, prefix) for records in batch.values() for r in records)
        return found
    finally:
        await consumer.stop()


async def _partitions(names: list[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=ports.kafka_bootstrap())
    await admin.start()
    try:
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    return [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]


def _record(raw: Any, prefix: str) -> Record:
    headers = {k: v.decode() for k, v in raw.headers or ()}
    return Record(
        topic=raw.topic.removeprefix(prefix),
        partition=raw.partition,
        offset=raw.offset,
        key=(raw.key or b"").decode(),
        event_id=headers.get("ce_id", ""),
        ce_type=headers.get("ce_type", ""),
        value=json.loads(raw.value),
    )


async def stored_event_ids(mongo_db: str) -> list[str]:
    """Ids of every event the audit service stored for the run."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ports.mongo_url())
    try:
        return [doc["_id"] async for doc in client[mongo_db]["events"].find({}, {"_id": 1})]
    finally:
        await client.close()


async def drop_database(mongo_db: str) -> None:
    """Drop a run's store database (the file store keeps, and reloads on every restart, whatever it holds)."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ports.mongo_url())
    try:
        await client.drop_database(mongo_db)
    finally:
        await client.close()


async def audited(prefix: str, mongo_db: str, wait_seconds: float = 60) -> tuple[list[Record], list[str]]:
    """Produced records and stored event ids once the audit caught up with every produced event (or the wait ends)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        produced = await read_all(prefix)
        stored = await stored_event_ids(mongo_db)
        if {r.event_id for r in produced} <= set(stored) or time.monotonic() > deadline:
            return produced, stored
        await asyncio.sleep(1)


def glue(region: str) -> Any:
    """A boto3 Glue client on the run's moto region (the chaos stack's moto, not a proxy)."""
    return boto3.client(
        "glue", endpoint_url=ports.glue_endpoint(), region_name=region, aws_access_key_id="chaos",
        aws_secret_access_key="chaos",
    )  # fmt: skip


def catalog(region: str) -> dict[str, Any]:
    """Every database → table → definition in the run's region, without times, versions and catalog ids."""
    client = glue(region)
    snapshot: dict[str, Any] = {}
    for page in client.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            tables: dict[str, Any] = {}
            for tpage in client.get_paginator("get_tables").paginate(DatabaseName=database["Name"]):
                for table in tpage["TableList"]:
                    tables[table["Name"]] = {k: v for k, v in table.items() if k not in VOLATILE_TABLE_KEYS}
            snapshot[database["Name"]] = tables
    plain: dict[str, Any] = json.loads(json.dumps(snapshot, sort_keys=True, default=str))
    return plain


def catalog_difference(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Tables missing, extra or different, as ``db.table: what``; empty when the catalogs are equal."""
    names = {f"{db}.{t}" for snap in (expected, actual) for db, tables in snap.items() for t in tables}
    problems = []
    for name in sorted(names):
        db, table = name.split(".", 1)
        want, have = expected.get(db, {}).get(table), actual.get(db, {}).get(table)
        if want != have:
            problems.append(f"{name}: {'missing' if have is None else 'extra' if want is None else 'differs'}")
    return problems


def duplicate_ids(stored: list[str]) -> list[str]:
    """Event ids stored more than once (the store's unique _id should make this impossible)."""
    return [event_id for event_id, n in Counter(stored).items() if n > 1]


def wipe(region: str) -> None:
    """Delete every database (and its tables) in a region, so a run starts from an empty catalog."""
    client = glue(region)
    for page in client.get_paginator("get_databases").paginate():
        for database in page["DatabaseList"]:
            client.delete_database(Name=database["Name"])


async def group_members(group: str) -> int:
    """How many members a consumer group has right now."""
    admin = AIOKafkaAdminClient(bootstrap_servers=ports.kafka_bootstrap())
    await admin.start()
    try:
        described = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    return sum(len(g["members"]) for response in described for g in response.to_object()["groups"])
