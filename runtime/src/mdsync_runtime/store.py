"""The document store (MongoDB wire protocol) through PyMongo's AsyncMongoClient."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

from mdsync_runtime.store_metrics import StoreTimings

Document = dict[str, Any]


def connect_store(url: str, timeout_ms: int = 5000) -> AsyncMongoClient[Document]:
    """Create a client (it connects lazily); the caller closes it."""
    return AsyncMongoClient(url, serverSelectionTimeoutMS=timeout_ms, tz_aware=True, event_listeners=[StoreTimings()])


async def ping(client: AsyncMongoClient[Document]) -> bool:
    """True when the store answers."""
    try:
        await client.admin.command("ping")
    except Exception:  # readiness only reports; the cause is in the client's logs
        return False
    return True
