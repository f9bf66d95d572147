"""Group commit for the view writes: keyed reads and writes of concurrent handlers leave together.

The runtime hands the audit one message per chain (key) at a time, many chains concurrently, and commits the
batch after every handler returned; a handler must not return before its writes are acknowledged. Each
handler therefore awaits its own result, while its requests queue with those of the other handlers: one
``$in`` find per collection for the keyed reads, one unordered ``bulk_write`` per collection for the writes.
Under load a bulk write carries one operation of every event in flight; alone, a request leaves at once.
Write errors come back to the caller whose operation failed (a duplicate key as ``DuplicateKeyError``, as
the single-document calls raise it), so the exactly-once guards work as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from pymongo import InsertOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, WriteError

from mdsync_runtime.store import Document

DUPLICATE_KEY = 11000
MAX_BATCH = 1000
MAX_YIELDS = 8
WriteOp = InsertOne[Document] | ReplaceOne[Document] | UpdateOne
T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Queues requests; a short-lived sender task sends everything queued and hands each caller its result."""

    def __init__(self, send: Callable[[list[T]], Awaitable[Sequence[R | Exception]]]) -> None:
        self._send = send
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._sender: asyncio.Task[None] | None = None
        self.sent = 0

    async def submit(self, item: T) -> R:
        """Queue ``item`` and wait for its result (raised when it failed)."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._sender is None:
            # Owned here and bounded: it ends as soon as the queue is empty, and every request it took
            # gets a result or an error, so no caller waits on a sender that is gone.
            self._sender = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._queue:
                await self._gather()
                await self._flush()
        except BaseException:
            _fail(self._queue, ConnectionError("the bulk sender stopped; the request was not sent"))
            self._queue = []
            raise
        finally:
            self._sender = None

    async def _gather(self) -> None:
        """Let the handlers that are ready to run (and the tasks they start) queue theirs into this batch."""
        for _ in range(MAX_YIELDS):
            queued = len(self._queue)
            await asyncio.sleep(0)
            if len(self._queue) == queued:
                return

    async def _flush(self) -> None:
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        try:
            results = await self._send([item for item, _ in batch])
        except Exception as error:  # the store is down or refused: every caller gets the error
            results = [error] * len(batch)
        except BaseException:
            _fail(batch, ConnectionError("the bulk sender stopped; the write may not have been applied"))
            raise
        self.sent += 1
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)


def _fail(waiting: Sequence[tuple[Any, asyncio.Future[Any]]], error: Exception) -> None:
    for _, future in waiting:
        if not future.done():
            future.set_exception(error)


class BulkCollection:
    """One collection's keyed reads and writes, sent in bulk with those of the other handlers."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection
        self.name = collection.name
        self._reads: GroupCommit[str, Document | None] = GroupCommit(self._find)
        self._writes: GroupCommit[WriteOp, None] = GroupCommit(self._write)
        self.pending: dict[str, list[Any]] = {}  # changes waiting per document, folded by ``docs.modify``

    async def find_one(self, selector: Mapping[str, Any]) -> Document | None:
        """The document matching ``selector``; an ``_id`` lookup joins the next ``$in`` read."""
        if set(selector) != {"_id"} or isinstance(selector["_id"], Mapping):
            return await self.collection.find_one(selector)
        return await self._reads.submit(selector["_id"])

    async def bulk_write(self, ops: Sequence[WriteOp], ordered: bool = False) -> None:
        """Apply ``ops`` (in any order); failed operations raise one ``BulkWriteError`` indexed by ``ops``."""
        assert not ordered, "operations of concurrent callers are applied unordered"
        results = await asyncio.gather(*(self._writes.submit(op) for op in ops), return_exceptions=True)
        errors = []
        for index, result in enumerate(results):
            if isinstance(result, WriteError):
                errors.append({**(result.details or {}), "index": index, "code": result.code})
            elif isinstance(result, BaseException):
                raise result
        if errors:
            raise BulkWriteError({"writeErrors": errors, "nInserted": 0})

    async def insert_one(self, document: Document) -> None:
        """Insert ``document``; ``DuplicateKeyError`` when its ``_id`` exists."""
        await self._writes.submit(InsertOne(document))

    async def replace_one(self, selector: Mapping[str, Any], document: Document, upsert: bool = False) -> None:
        """Replace the document matching ``selector``."""
        await self._writes.submit(ReplaceOne(dict(selector), document, upsert=upsert))

    async def update_one(self, selector: Mapping[str, Any], update: Document, upsert: bool = False) -> None:
        """Update the document matching ``selector``."""
        await self._writes.submit(UpdateOne(dict(selector), update, upsert=upsert))

    async def _find(self, ids: list[str]) -> list[Document | None]:
        found = await self.collection.find({"_id": {"$in": list(set(ids))}}).to_list(None)
        by_id = {raw["_id"]: raw for raw in found}
        return [by_id.get(doc_id) for doc_id in ids]

    async def _write(self, ops: list[WriteOp]) -> list[Exception | None]:
        try:
            await self.collection.bulk_write(ops, ordered=False)
        except BulkWriteError as error:
            results: list[Exception | None] = [None] * len(ops)
            for problem in error.details.get("writeErrors", []):
                results[problem["index"]] = _write_error(problem)
            return results
        return [None] * len(ops)


def _write_error(problem: Mapping[str, Any]) -> WriteError:
    message = str(problem.get("errmsg", "write failed"))
    code = int(problem.get("code", 0))
    details = dict(problem)
    if code == DUPLICATE_KEY:
        return DuplicateKeyError(message, code, details)
    return WriteError(message, code, details)


class BulkDatabase:
    """The views' collections, each batching its handlers' requests (one per collection name)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.db = db
        self._collections: dict[str, BulkCollection] = {}

    def __getitem__(self, name: str) -> BulkCollection:
        if name not in self._collections:
            self._collections[name] = BulkCollection(self.db[name])
        return self._collections[name]
