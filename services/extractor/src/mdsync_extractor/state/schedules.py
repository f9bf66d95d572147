"""Cron schedules (`_id` = schedule id)."""

from __future__ import annotations

from pymongo.asynchronous.collection import AsyncCollection

from mdsync_extractor.core.schedules import Schedule
from mdsync_runtime.store import Document


class ScheduleStore:
    """CRUD of schedules."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def put(self, schedule: Schedule) -> None:
        """Create or replace ``schedule``."""
        doc = {"_id": schedule.schedule_id, **schedule.model_dump(mode="json")}
        await self.collection.replace_one({"_id": schedule.schedule_id}, doc, upsert=True)

    async def get(self, schedule_id: str) -> Schedule | None:
        """The schedule, or None."""
        doc = await self.collection.find_one({"_id": schedule_id})
        return None if doc is None else Schedule.model_validate(doc)

    async def all(self) -> list[Schedule]:
        """Every schedule, by id."""
        schedules = [Schedule.model_validate(doc) async for doc in self.collection.find({})]
        return sorted(schedules, key=lambda schedule: schedule.schedule_id)

    async def delete(self, schedule_id: str) -> bool:
        """Delete the schedule; False when there was none."""
        result = await self.collection.delete_one({"_id": schedule_id})
        return result.deleted_count == 1
