"""Group commit: writes requested concurrently (one per partition being handled) go out as one bulk write.

The runtime hands a handler one message at a time and commits after the handler returns, so a handler must
not return before its write is acknowledged. Each caller therefore awaits its own result; while one bulk write
is in flight, new requests queue and leave together in the next one. Under load the batch size grows to
the number of partitions being handled; alone, a request goes out at once.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from mdsync_runtime.store import Document

DUPLICATE_KEY = 11000
MAX_BATCH = 500


class EventWriter:
    """Inserts event documents and marks them applied, in bulk across concurrent callers."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection
        self._inserts: list[tuple[Document, asyncio.Future[bool]]] = []
        self._marks: list[tuple[str, asyncio.Future[bool]]] = []
        self._insert_lock = asyncio.Lock()
        self._mark_lock = asyncio.Lock()
        self.batches = 0

    async def insert(self, document: Document) -> bool:
        """Store ``document``; True when inserted, False when its ``_id`` was stored already."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._inserts.append((document, future))
        async with self._insert_lock:
            if not future.done():
                batch, self._inserts = self._inserts[:MAX_BATCH], self._inserts[MAX_BATCH:]
                await self._insert_many(batch)
        return await future

    async def mark_applied(self, event_id: str) -> None:
        """Mark a stored event as reflected in every view."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._marks.append((event_id, future))
        async with self._mark_lock:
            if not future.done():
                batch, self._marks = self._marks[:MAX_BATCH], self._marks[MAX_BATCH:]
                await self._mark_many(batch)
        await future

    async def _insert_many(self, batch: list[tuple[Document, asyncio.Future[bool]]]) -> None:
        self.batches += 1
        try:
            await self.collection.insert_many([document for document, _ in batch], ordered=False)
        except BulkWriteError as error:
            _settle(batch, error)
            return
        except Exception as error:  # the store is down or refused: every caller gets the error
            _fail(batch, error)
            return
        for _, future in batch:
            future.set_result(True)

    async def _mark_many(self, batch: list[tuple[str, asyncio.Future[bool]]]) -> None:
        ops = [UpdateOne({"_id": event_id}, {"$set": {"applied": True}}) for event_id, _ in batch]
        try:
            await self.collection.bulk_write(ops, ordered=False)
        except Exception as error:  # every caller gets the error and retries its handler
            _fail(batch, error)
            return
        for _, future in batch:
            future.set_result(True)


def _settle(batch: list[tuple[Document, asyncio.Future[bool]]], error: BulkWriteError) -> None:
    """Inserted → True, duplicate key → False, any other write error → that caller gets the error."""
    failed = {e["index"]: e for e in error.details.get("writeErrors", [])}
    for index, (_, future) in enumerate(batch):
        problem: dict[str, Any] | None = failed.get(index)
        if problem is None:
            future.set_result(True)
        elif problem.get("code") == DUPLICATE_KEY:
            future.set_result(False)
        else:
            future.set_exception(BulkWriteError({"writeErrors": [problem]}))


def _fail(batch: list[tuple[Any, asyncio.Future[bool]]], error: Exception) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(error)
