"""Creating topics up front, so partitions (and with them ordering and scale-out) are real."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from mdsync_contracts.topics import ALL_TOPICS, prefixed


async def ensure_topics(
    bootstrap: str, prefix: str = "", partitions: int = 6, topics: Iterable[str] = ALL_TOPICS
) -> list[str]:
    """Create the missing ``topics`` (with ``prefix``); return the names that were created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [prefixed(topic, prefix) for topic in topics]
        missing = [name for name in wanted if name not in existing]
        if missing:
            await admin.create_topics(
                [NewTopic(name, num_partitions=partitions, replication_factor=1) for name in missing]
            )
        return missing
    finally:
        await admin.close()
