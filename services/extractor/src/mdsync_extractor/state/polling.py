"""Adaptive polling state: one document per space of an adaptive schedule; per tenant, the rolling hour spent."""

from __future__ import annotations

from collections.abc import Iterable

from pymongo.asynchronous.collection import AsyncCollection

from mdsync_extractor.core.adaptive import SpacePolling
from mdsync_runtime.store import Document

LEDGER_ID = "calls"
"""The single ledger from before budgets were per tenant: the default tenant's until it writes its own."""


def ledger_id(tenant: str) -> str:
    """The id of one tenant's rolling-hour ledger."""
    return f"{LEDGER_ID}|{tenant}"


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

    async def spent(self, tenant: str, legacy: bool = False) -> list[tuple[float, float]]:
        """(epoch seconds, calls) of ``tenant``'s polls requested in the last hour or so (``legacy``: the default
        tenant, which also reads the single ledger kept before budgets were per tenant)."""
        doc = await self.ledger.find_one({"_id": ledger_id(tenant)})
        if doc is None and legacy:
            doc = await self.ledger.find_one({"_id": LEDGER_ID})
        return [(float(t), float(c)) for t, c in (doc or {}).get("spent", [])]

    async def set_spent(self, tenant: str, spent: list[tuple[float, float]]) -> None:
        """Replace ``tenant``'s ledger."""
        key = ledger_id(tenant)
        doc = {"_id": key, "tenant": tenant, "spent": [[t, c] for t, c in spent]}
        await self.ledger.replace_one({"_id": key}, doc, upsert=True)
