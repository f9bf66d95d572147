"""Writes of the per-event indexes: events by job, asset and correlation (minute buckets), KPI counters."""

from __future__ import annotations

import zlib
from collections import OrderedDict

from pymongo import UpdateOne
from pymongo.errors import DuplicateKeyError

from mdsync_audit.core.kpi import freshness_id, guard_field, minute_increments, space_maxima, stamp
from mdsync_audit.core.stored import StoredEvent, minute_of
from mdsync_audit.store import schema, sets
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_contracts.base import Message

TENANT_SPACES = "tenant-spaces:"
"""Listing of every `{tenant}/{space}` with events about its assets (the keys of their freshness documents)."""
INDEX_KINDS = ("job", "asset", "correlation")


def index_keys(event: StoredEvent) -> list[tuple[str, str]]:
    """(kind, key) pairs an event is listed under."""
    keys = [("job", event.job_id), ("asset", event.asset_id), ("correlation", event.correlation_id)]
    return [(kind, key) for kind, key in keys if key]


def head_id(kind: str, key: str) -> str:
    """Key of the document listing the minutes an index has entries in."""
    return f"{kind}|{key}"


def bucket_id(kind: str, key: str, minute: str, shard: int) -> str:
    """Key of one minute (and shard) of an index."""
    return f"{kind}|{key}|{minute}|{shard}"


class Recent:
    """A bounded set of recently seen keys (oldest forgotten first)."""

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self._keys: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        """Remember ``key``."""
        self._keys[key] = None
        self._keys.move_to_end(key)
        while len(self._keys) > self.size:
            self._keys.popitem(last=False)

    def update(self, keys: list[str]) -> None:
        """Remember every key of ``keys``."""
        for key in keys:
            self.add(key)


class IndexProjector:
    """Keeps the event indexes and the KPI counters current."""

    def __init__(self, db: BulkDatabase, shards: int) -> None:
        self.db = db
        self.shards = shards
        self._listed = Recent()  # idempotent additions this process already made

    def shards_of(self, kind: str) -> int:
        """Shards per minute for an index kind (an asset has few events a minute, a job many)."""
        return 1 if kind == "asset" else self.shards

    async def index(self, event: StoredEvent) -> None:
        """List the event under its job, asset and correlation (idempotent `$addToSet`)."""
        minute = minute_of(event.occurred_at)
        entry = {"id": event.id, "at": stamp(event.occurred_at), "type": event.type}
        ops = []
        heads = []
        for kind, key in index_keys(event):
            shard = zlib.crc32(event.id.encode()) % self.shards_of(kind)
            if (head := f"{head_id(kind, key)}|{minute}") not in self._listed:
                heads.append(head)
                ops.append(UpdateOne({"_id": head_id(kind, key)}, {"$addToSet": {"minutes": minute}}, upsert=True))
            ops.append(
                UpdateOne({"_id": bucket_id(kind, key, minute, shard)}, {"$addToSet": {"entries": entry}}, upsert=True)
            )
        await sets.write(self.db[schema.EVENT_INDEX], ops)
        self._listed.update(heads)

    async def kpi(self, event: StoredEvent, message: Message) -> None:
        """Add the event to its minute's counters, once per (partition, offset)."""
        guard = guard_field(event)
        selector = {"_id": minute_of(event.occurred_at), guard: {"$ne": event.offset}}
        update = {"$inc": minute_increments(message), "$push": {guard: event.offset}}
        try:
            await self.db[schema.KPI_MINUTES].update_one(selector, update, upsert=True)
        except DuplicateKeyError:
            # The minute exists: either this offset was counted already (the guard fails again below, and
            # nothing changes) or a concurrent first write of the minute won the insert.
            await self.db[schema.KPI_MINUTES].update_one(selector, update)
        key = freshness_id(event.asset_id)
        if key is not None:
            if key not in self._listed:
                await sets.write(self.db[schema.SETS], [sets.add_op(TENANT_SPACES, 0, key)])
                self._listed.add(key)
            if maxima := space_maxima(event, message):
                await sets.write(self.db[schema.KPI_SPACES], [UpdateOne({"_id": key}, {"$max": maxima}, upsert=True)])
