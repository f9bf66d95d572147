"""Exactly-once effects over at-least-once delivery: record what was processed, skip it the second time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_runtime.store import Document

T = TypeVar("T")


class Idempotency:
    """Runs an effect at most once per key, tracked in a collection keyed by ``_id``.

    A claim is written before the effect and marked done after it; a failed effect removes its claim
    so a redelivery can try again. A claim left by a crash mid-effect is taken over, which is why the
    effects themselves must tolerate a repeat (Glue writes compare hashes, audit writes are keyed).
    """

    def __init__(self, collection: AsyncCollection[Document], scope: str) -> None:
        self.collection = collection
        self.scope = scope

    def _id(self, key: str) -> str:
        return f"{self.scope}:{key}"

    async def run_once(self, key: str, effect: Callable[[], Awaitable[T]]) -> tuple[bool, T | None]:
        """Run ``effect`` unless ``key`` was already processed; return (ran, result)."""
        doc_id = self._id(key)
        try:
            await self.collection.insert_one({"_id": doc_id, "state": "pending", "at": datetime.now(UTC)})
        except DuplicateKeyError:
            existing = await self.collection.find_one({"_id": doc_id})
            if existing is not None and existing.get("state") == "done":
                return False, None
        try:
            result = await effect()
        except BaseException:
            await self.collection.delete_one({"_id": doc_id, "state": "pending"})
            raise
        await self.collection.update_one({"_id": doc_id}, {"$set": {"state": "done"}})
        return True, result

    async def seen(self, key: str) -> bool:
        """True when ``key`` was processed to the end."""
        existing = await self.collection.find_one({"_id": self._id(key)})
        return existing is not None and existing.get("state") == "done"
