"""Adaptive polling state: one document per space of an adaptive schedule, and the rolling hour of calls spent."""

from __future__ import annotations

from collections.abc import Iterable

from pymongo.asynchronous.collection import AsyncCollection

from mdsync_extractor.core.adaptive import SpacePolling
from mdsync_runtime.store import Document

LEDGER_ID = "calls"


class PollingStore:
    """What adaptive polling learned per space (`_id` = `{schedule_id}|{space}`), kept across restarts."""

    def __init__(self, spaces: AsyncCollection[Document], ledger: AsyncCollection[Document]) -> None:
        self.spaces = spaces
        self.ledger = ledger

    async def all(self) -> list[SpacePolling]:
        """Every space of every adaptive schedule, by schedule and space."""
        found = [SpacePolling.model_validate(doc) async for doc in self.spaces.find({})]
        return sorted(found, key=lambda polling: polling.key)

    async def of_schedule(self, schedule_id: str) -> list[SpacePolling]:
        """The spaces of one schedule."""
        return [polling for polling in await self.all() if polling.schedule_id == schedule_id]

    async def put(self, polling: SpacePolling) -> None:
        """Create or replace one space's state."""
        doc = {"_id": polling.key, **polling.model_dump(mode="json")}
        await self.spaces.replace_one({"_id": polling.key}, doc, upsert=True)

    async def delete(self, keys: Iterable[str]) -> None:
        """Forget spaces (their schedule was deleted, made fixed or no longer lists them)."""
        for key in keys:
            await self.spaces.delete_one({"_id": key})

    async def spent(self) -> list[tuple[float, float]]:
        """(epoch seconds, calls) of the polls requested in the last hour or so."""
        doc = await self.ledger.find_one({"_id": LEDGER_ID})
        return [(float(t), float(c)) for t, c in (doc or {}).get("spent", [])]

    async def set_spent(self, spent: list[tuple[float, float]]) -> None:
        """Replace the ledger."""
        doc = {"_id": LEDGER_ID, "spent": [[t, c] for t, c in spent]}
        await self.ledger.replace_one({"_id": LEDGER_ID}, doc, upsert=True)
