"""Sharded member lists (`{name}|{shard}` → members) kept with idempotent `$addToSet`/`$pull`.

Used for the search postings (token → asset ids) and for small listing indexes (jobs per day, open held
changes, ...). Reading a set is one ``$in`` over its shards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from mdsync_audit.core.search import token_id
from mdsync_audit.store.bulk import BulkCollection
from mdsync_runtime.errors import TransientError
from mdsync_runtime.store import Document

DUPLICATE_KEY = 11000


def add_op(name: str, shard: int, member: str) -> UpdateOne:
    """Add ``member`` to shard ``shard`` of set ``name``."""
    return UpdateOne({"_id": token_id(name, shard)}, {"$addToSet": {"members": member}}, upsert=True)


def pull_op(name: str, shard: int, member: str) -> UpdateOne:
    """Remove ``member`` from shard ``shard`` of set ``name``."""
    return UpdateOne({"_id": token_id(name, shard)}, {"$pull": {"members": member}})


async def write(collection: AsyncCollection[Document] | BulkCollection, ops: list[UpdateOne]) -> None:
    """Apply idempotent update operations in one unordered bulk write.

    Two writers upserting the same new document race on its insert; the loser gets a duplicate-key error
    for that operation only, and repeating just those operations applies them to the winner's document.
    """
    pending = ops
    for _ in range(5):
        if not pending:
            return
        try:
            await collection.bulk_write(pending, ordered=False)
            return
        except BulkWriteError as error:
            failed = [e for e in error.details.get("writeErrors", []) if e.get("code") == DUPLICATE_KEY]
            if len(failed) != len(error.details.get("writeErrors", [])):
                raise
            pending = [pending[e["index"]] for e in failed]
    raise TransientError(f"{collection.name}: upserts keep racing")


async def members(collection: AsyncCollection[Document], names: Iterable[str], shards: int) -> dict[str, set[str]]:
    """Members of each named set (one ``$in`` over every shard of every name)."""
    wanted = list(names)
    ids = [token_id(name, shard) for name in wanted for shard in range(shards)]
    found: dict[str, set[str]] = {name: set() for name in wanted}
    for raw in await collection.find({"_id": {"$in": ids}}).to_list(None):
        name = str(raw["_id"]).rsplit("|", 1)[0]
        found.setdefault(name, set()).update(raw.get("members", ()))
    return found


async def sizes(collection: AsyncCollection[Document], names: Iterable[str], shards: int) -> dict[str, int]:
    """Number of members of each named set, without reading the members."""
    wanted = list(names)
    ids = [token_id(name, shard) for name in wanted for shard in range(shards)]
    counts = dict.fromkeys(wanted, 0)
    pipeline: list[dict[str, Any]] = [
        {"$match": {"_id": {"$in": ids}}},
        {"$project": {"n": {"$size": {"$ifNull": ["$members", []]}}}},
    ]
    async for raw in await collection.aggregate(pipeline):
        name = str(raw["_id"]).rsplit("|", 1)[0]
        counts[name] = counts.get(name, 0) + int(raw["n"])
    return counts


async def intersection(collection: AsyncCollection[Document], names: list[str], shards: int) -> set[str]:
    """Members common to every named set: one ``$in`` over all their shards, intersected here.

    (Intersecting in the store with `$setIntersection` was tried: mongo-java-server takes seconds for postings
    of a few thousand members, while reading them and intersecting in Python takes milliseconds.)
    """
    found = await members(collection, names, shards)
    return set.intersection(*found.values()) if found else set()
