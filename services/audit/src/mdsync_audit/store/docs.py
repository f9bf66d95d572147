"""Read-modify-write of one keyed document without transactions: optimistic concurrency on a ``rev`` field."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar, cast

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_audit.core.stored import Doc
from mdsync_audit.store.bulk import BulkCollection
from mdsync_runtime.errors import TransientError
from mdsync_runtime.store import Document


class Revisioned(Protocol):
    """A document with an optimistic-concurrency revision."""

    rev: int


D = TypeVar("D", bound=Doc)
Keyed = AsyncCollection[Document] | BulkCollection
Prepare = Callable[[D | None, D], Awaitable[None]]
Change = Callable[[D | None], D | None]

MAX_ATTEMPTS = 100


async def load(collection: Keyed, model: type[D], doc_id: str) -> D | None:
    """The document ``doc_id`` as ``model``, or None."""
    raw = await collection.find_one({"_id": doc_id})
    return model.model_validate(raw) if raw is not None else None


async def load_many(collection: AsyncCollection[Document], model: type[D], ids: list[str]) -> dict[str, D]:
    """Documents by id (one ``$in`` lookup)."""
    if not ids:
        return {}
    found = await collection.find({"_id": {"$in": ids}}).to_list(None)
    return {raw["_id"]: model.model_validate(raw) for raw in found}


async def modify(
    collection: Keyed,
    model: type[D],
    doc_id: str,
    change: Change[D],
    prepare: Prepare[D] | None = None,
) -> D | None:
    """Apply the pure ``change`` to document ``doc_id`` until no concurrent writer interfered.

    ``change`` returns None when there is nothing to do. ``prepare`` runs before each write attempt (for
    idempotent writes to other documents that must land before this one). Returns the document as
    ``change`` left it. Concurrent changes of one document in this process are folded into one write.
    """
    if prepare is None and isinstance(collection, BulkCollection):
        return await _fold(collection, model, doc_id, change)
    return (await _write(collection, model, doc_id, [change], prepare))[0]


async def _fold(collection: BulkCollection, model: type[D], doc_id: str, change: Change[D]) -> D | None:
    """Join the changes waiting for ``doc_id``; the first caller writes them all, round after round.

    Handlers of one hot document (a job, its outcome shards) would otherwise each load it, collide on its
    revision and retry; folded, each round is one read and one write whatever the number of changes.
    """
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    waiting = collection.pending.get(doc_id)
    if waiting is not None:
        waiting.append((change, future))
        return cast("D | None", await future)
    queue: list[tuple[Change[Any], asyncio.Future[Any]]] = [(change, future)]
    collection.pending[doc_id] = queue
    batch: list[tuple[Change[Any], asyncio.Future[Any]]] = []
    try:
        while queue:
            batch, queue[:] = list(queue), []
            results = await _write(collection, model, doc_id, [c for c, _ in batch])
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():  # a waiter cancelled meanwhile (its handler was stopped)
                    done.set_result(result)
    except BaseException as error:
        failure = error if isinstance(error, Exception) else ConnectionError("the write was cut short")
        for _, done in batch + queue:
            if not done.done():
                done.set_exception(failure)
        if not isinstance(error, Exception):
            raise
    finally:
        del collection.pending[doc_id]
    return cast("D | None", await future)


async def _write(
    collection: Keyed, model: type[D], doc_id: str, changes: list[Change[D]], prepare: Prepare[D] | None = None
) -> list[D | None]:
    """Apply ``changes`` in order to the stored document and write the result once (optimistic revision)."""
    for _ in range(MAX_ATTEMPTS):
        current = await load(collection, model, doc_id)
        results, updated = fold_changes(current, changes)
        if updated is None:
            return results
        if prepare is not None:
            await prepare(current, updated)
        rev = getattr(current, "rev", 0) if current is not None else 0
        document = updated.model_copy(update={"rev": rev + 1}).to_doc()
        try:
            if current is None:
                await collection.insert_one(document)
            else:
                # Upserting on (_id, rev) turns "another writer moved the revision" into a duplicate key,
                # which a bulk write reports per operation (a bare replace only reports a total count).
                await collection.replace_one({"_id": doc_id, "rev": rev}, document, upsert=True)
        except DuplicateKeyError:
            continue
        return results
    raise TransientError(f"{collection.name}/{doc_id}: too much concurrent change")


def fold_changes(current: D | None, changes: list[Change[D]]) -> tuple[list[D | None], D | None]:
    """Each change's result, applied in order, and the final document (None when no change changed it)."""
    view, changed, results = current, False, []
    for change in changes:
        result = change(view)
        results.append(result)
        if result is not None:
            view, changed = result, True
    return results, view if changed else None


async def put(collection: Keyed, doc: Doc) -> None:
    """Write a document that only one event ever produces (idempotent)."""
    await collection.replace_one({"_id": doc.id}, doc.to_doc(), upsert=True)
