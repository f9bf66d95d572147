"""Ingest: store each event once under its event id, then bring every view up to date with it.

The event is written first (in bulk with the events other handlers are storing at the same moment); a
redelivered event meets a duplicate key and is skipped once its views were applied. The ``applied`` mark is
written last, so an event whose view updates were cut short (crash, store outage) is re-applied on
redelivery, using the coordinates it was first stored with. The handler returns only after the store
acknowledged everything, so the runtime commits the offset only then.
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from mdsync_audit.core.stored import StoredEvent, stored_event
from mdsync_audit.store import schema
from mdsync_audit.store.bulk import BulkCollection
from mdsync_audit.store.projector import Projector
from mdsync_contracts.base import Message
from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import Attributes, attributes
from mdsync_runtime.router import Delivery
from mdsync_runtime.store import Document


class Ingestor:
    """Stores events exactly once and applies them to the views."""

    def __init__(self, db: AsyncDatabase[Document], projector: Projector) -> None:
        self.db = db
        self.projector = projector
        self.events = BulkCollection(db[schema.EVENTS])
        self.stored = 0
        self.duplicates = 0
        self.applied = 0

    async def ingest(self, message: Message, delivery: Delivery) -> None:
        """Handle one delivered message."""
        event = stored_event(message, delivery.topic, delivery.partition, delivery.offset, delivery.key)
        try:
            await self.events.insert_one(event.to_doc())
            self.stored += 1
            instruments().audit_events.add(1, ingested(message, "stored"))
        except DuplicateKeyError:
            raw = await self.events.find_one({"_id": event.id})
            if raw is None or raw.get("applied"):
                self.duplicates += 1
                instruments().audit_events.add(1, ingested(message, "duplicate"))
                return
            event = StoredEvent.model_validate(raw)
        await self.apply(event, message)

    async def apply(self, event: StoredEvent, message: Message) -> None:
        """Apply a stored event to the views, then mark it applied.

        ``applied`` counts each event once here, also one whose insert was retried after its acknowledgement was
        lost (``stored`` misses that one: the retry finds it stored and takes the redelivery path).
        """
        await self.projector.apply(event, message)
        await self.events.update_one({"_id": event.id}, {"$set": {"applied": True}})
        self.applied += 1


def ingested(message: Message, result: str) -> Attributes:
    """Attributes of one ingested event: the event's own tenant (not the service's), and what became of it."""
    return attributes({"tenant": message.tenant, "result": result})
