"""A job's outcome counts, sharded so no document grows with the job.

Each of ``SHARDS`` documents `{job_id}|count|{k}` (in ``extractor_job_counts``, marked ``shard_of``) holds the counts of
the assets that hash to ``k`` and the ids it counted (the guard). Count and guard change in one document update:
the store has no transactions, and a retry after a lost acknowledgement must neither lose nor repeat a count.
A job's counts are the sum of its shards plus any counts inline in the job document (jobs counted before sharding).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_contracts.jobs import Outcome, OutcomeCounts
from mdsync_runtime.store import Document

SHARDS = 64
"""Shards per job. Changing it re-maps assets to other shards: only ever with a new shard id scheme."""
COUNT_GUARD = "counted_assets"
SHARD_OF = "shard_of"


def shard_id(job_id: str, asset_id: str) -> str:
    """Id of the shard that counts ``asset_id`` in ``job_id`` (a stable hash, the same in every process)."""
    return _shard(job_id, zlib.crc32(asset_id.encode()) % SHARDS)


def shard_ids(job_ids: Iterable[str]) -> list[str]:
    """Ids of every shard ``job_ids`` can have."""
    return [_shard(job_id, k) for job_id in job_ids for k in range(SHARDS)]


def summed(docs: Iterable[Document]) -> OutcomeCounts:
    """The counts of ``docs`` (shards, and a job document with legacy inline counts) added up."""
    totals: dict[str, int] = defaultdict(int)
    for doc in docs:
        for outcome, n in OutcomeCounts.model_validate(doc.get("counts") or {}).model_dump().items():
            totals[outcome] += n
    return OutcomeCounts.model_validate(totals)


def by_job(shards: Iterable[Document]) -> dict[str, list[Document]]:
    """Shards grouped by the job they belong to."""
    grouped: dict[str, list[Document]] = defaultdict(list)
    for shard in shards:
        grouped[shard[SHARD_OF]].append(shard)
    return grouped


async def add_once(collection: AsyncCollection[Document], job_id: str, outcome: Outcome, asset_id: str) -> bool:
    """Count ``asset_id`` in ``outcome`` in its shard unless that shard counted it already; True when counted now."""
    query = {"_id": shard_id(job_id, asset_id), COUNT_GUARD: {"$ne": asset_id}}
    update = {"$inc": {f"counts.{outcome.value}": 1}, "$addToSet": {COUNT_GUARD: asset_id}, "$set": {SHARD_OF: job_id}}
    try:
        await collection.update_one(query, update, upsert=True)
    except DuplicateKeyError:
        # The shard exists and did not match: it holds the asset already, or a concurrent count created it first.
        result = await collection.update_one(query, update)
        return result.matched_count == 1
    return True


def _shard(job_id: str, k: int) -> str:
    return f"{job_id}|count|{k}"
