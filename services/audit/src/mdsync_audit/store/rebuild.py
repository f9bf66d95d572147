"""Rebuild every view from the stored events (repair, or after a change to how views are shaped)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store import schema
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.projector import Projector
from mdsync_runtime.store import Document

BATCH = 500


async def replay_order(db: AsyncDatabase[Document]) -> list[str]:
    """Ids of every stored event in replay order: per partition by offset, as they were consumed."""
    keys = await db[schema.EVENTS].find({}, {"topic": 1, "partition": 1, "offset": 1}).to_list(None)
    keys.sort(key=lambda k: (k["topic"], k["partition"], k["offset"]))
    return [str(k["_id"]) for k in keys]


async def rebuild_views(db: AsyncDatabase[Document], settings: AuditSettings) -> int:
    """Drop every view and apply every stored event again; returns the number of events applied.

    Run it while the service is not ingesting (views are dropped first). Each view's reducers are
    idempotent and order-insensitive across partitions, so the result equals the live views.
    """
    for name in schema.VIEWS:
        await db.drop_collection(name)
    await schema.ensure_indexes(db)
    ingestor = Ingestor(db, Projector(db, settings))
    order = await replay_order(db)
    for start in range(0, len(order), BATCH):
        ids = order[start : start + BATCH]
        found = {raw["_id"]: raw for raw in await db[schema.EVENTS].find({"_id": {"$in": ids}}).to_list(None)}
        for event_id in ids:
            event = StoredEvent.model_validate(found[event_id])
            await ingestor.apply(event, event.message())
    return len(order)
