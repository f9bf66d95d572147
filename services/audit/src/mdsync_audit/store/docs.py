"""Read-modify-write of one keyed document without transactions: optimistic concurrency on a ``rev`` field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

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
    change: Callable[[D | None], D | None],
    prepare: Prepare[D] | None = None,
) -> D | None:
    """Apply the pure ``change`` to document ``doc_id`` until no concurrent writer interfered.

    ``change`` returns None when there is nothing to do. ``prepare`` runs before each write attempt (for
    idempotent writes to other documents that must land before this one). Returns the written document.
    """
    for _ in range(MAX_ATTEMPTS):
        current = await load(collection, model, doc_id)
        updated = change(current)
        if updated is None:
            return None
        if prepare is not None:
            await prepare(current, updated)
        rev = getattr(current, "rev", 0) if current is not None else 0
        document = updated.model_copy(update={"rev": rev + 1}).to_doc()
        if current is None:
            try:
                await collection.insert_one(document)
            except DuplicateKeyError:
                continue
            return updated
        try:
            # Upserting on (_id, rev) turns "another writer moved the revision" into a duplicate key, which a
            # bulk write reports per operation (a bare replace would only report a total matched count).
            await collection.replace_one({"_id": doc_id, "rev": rev}, document, upsert=True)
        except DuplicateKeyError:
            continue
        return updated
    raise TransientError(f"{collection.name}/{doc_id}: too much concurrent change")


async def put(collection: Keyed, doc: Doc) -> None:
    """Write a document that only one event ever produces (idempotent)."""
    await collection.replace_one({"_id": doc.id}, doc.to_doc(), upsert=True)
