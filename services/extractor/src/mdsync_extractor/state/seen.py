"""Last-seen state per asset (`_id` = asset id): the hash last published, advanced only after Kafka acked it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from mdsync_contracts.asset_model import AssetKind
from mdsync_runtime.store import Document


class SeenRecord(BaseModel):
    """What was last published for one asset."""

    model_config = ConfigDict(frozen=True)

    asset_id: str
    tenant: str
    space: str
    technical_name: str
    kind: AssetKind
    content_hash: str


class SeenStore:
    """Reads and advances last-seen state."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def in_spaces(self, tenant: str, spaces: Iterable[str]) -> dict[str, SeenRecord]:
        """Last-seen state of every known asset of ``spaces``, by asset id."""
        cursor = self.collection.find({"tenant": tenant, "space": {"$in": sorted(set(spaces))}})
        return {doc["_id"]: _record(doc) async for doc in cursor}

    async def advance(self, records: Iterable[SeenRecord], job_id: str | None) -> None:
        """Record ``records`` as published (call only after the broker acknowledged them)."""
        now = datetime.now(UTC)
        updates = [
            UpdateOne(
                {"_id": record.asset_id},
                {"$set": {**record.model_dump(mode="json", exclude={"asset_id"}), "job_id": job_id, "at": now}},
                upsert=True,
            )
            for record in records
        ]
        if updates:
            await self.collection.bulk_write(updates, ordered=False)

    async def forget(self, asset_ids: Iterable[str]) -> None:
        """Drop assets whose deletion was published (and acknowledged)."""
        ids = sorted(set(asset_ids))
        if ids:
            await self.collection.delete_many({"_id": {"$in": ids}})


def _record(doc: Document) -> SeenRecord:
    return SeenRecord.model_validate({**doc, "asset_id": doc["_id"]})
