"""Isolations of earlier test sessions are pruned; the current session's are kept."""

from __future__ import annotations

import time

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from mdsync_runtime import ports
from mdsync_runtime.admin import ensure_topics
from mdsync_runtime.testing import isolated, prune_isolations

pytestmark = pytest.mark.integration


async def _topics() -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=ports.kafka_bootstrap())
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def test_old_isolations_go_and_fresh_ones_stay() -> None:
    old_token = f"{int(time.time()) - 3 * 86400:08x}abcdef"
    await ensure_topics(ports.kafka_bootstrap(), f"t{old_token}.", partitions=1)
    store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(ports.mongo_url())
    await store[f"test_{old_token}"]["probe"].insert_one({"_id": 1})
    fresh = await isolated(partitions=1)

    await prune_isolations(older_than_seconds=86400)

    topics = await _topics()
    assert not any(name.startswith(f"t{old_token}.") for name in topics)
    assert any(name.startswith(fresh.topic_prefix) for name in topics)
    assert f"test_{old_token}" not in await store.list_database_names()
    await store.close()
