"""Alert documents (`_id` = cause key), their per-state listings and the outbox of unpublished changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.alerts.model import AlertDoc, AlertState
from mdsync_audit.store import sets
from mdsync_audit.store.docs import load, load_many, modify
from mdsync_runtime.store import Document

ALERTS = "alerts"
LISTINGS = "alert_listings"
"""Listings of alerts (per state, outbox, deliveries per alert): kept apart from the rebuildable `sets` view."""
BY_STATE = "alerts-state:"
OUTBOX = "alerts-outbox:"


@dataclass(frozen=True)
class AlertStore:
    """Keyed reads and optimistic writes of alerts; every listing is one `_id` lookup in ``alert_listings``.

    Reads fill in the tenant of alerts stored before alerts kept one: the service's own (``home_tenant``).
    """

    db: AsyncDatabase[Document]
    home_tenant: str

    async def get(self, alert_id: str) -> AlertDoc | None:
        """One alert."""
        found = await load(self.db[ALERTS], AlertDoc, alert_id)
        return found.of_tenant(self.home_tenant) if found is not None else None

    async def listed(self, states: Iterable[AlertState]) -> list[AlertDoc]:
        """Alerts in ``states`` (listing read, then one ``$in``; stale listing entries are filtered out)."""
        wanted = set(states)
        ids = await self._members([BY_STATE + s.value for s in wanted])
        docs = await load_many(self.db[ALERTS], AlertDoc, sorted(ids))
        return [d.of_tenant(self.home_tenant) for d in docs.values() if d.state in wanted]

    async def known(self, extra_ids: Iterable[str]) -> dict[str, AlertDoc]:
        """Every active alert plus the stored alerts of ``extra_ids`` (the causes found now)."""
        active = {d.id: d for d in await self.listed([AlertState.OPEN, AlertState.ACKNOWLEDGED])}
        missing = sorted(set(extra_ids) - active.keys())
        found = await load_many(self.db[ALERTS], AlertDoc, missing)
        return active | {i: d.of_tenant(self.home_tenant) for i, d in found.items()}

    async def change(self, alert_id: str, change: Callable[[AlertDoc | None], AlertDoc | None]) -> AlertDoc | None:
        """Apply a pure lifecycle ``change``; the written alert (listed under its state and in the outbox) or None."""

        async def listing(before: AlertDoc | None, after: AlertDoc) -> None:
            await sets.write(
                self.db[LISTINGS],
                [sets.add_op(BY_STATE + after.state.value, 0, alert_id), sets.add_op(OUTBOX, 0, alert_id)],
            )

        def filled(current: AlertDoc | None) -> AlertDoc | None:
            return change(current.of_tenant(self.home_tenant) if current is not None else None)

        written = await modify(self.db[ALERTS], AlertDoc, alert_id, filled, prepare=listing)
        if written is not None:
            stale = [s for s in AlertState if s is not written.state]
            await sets.write(self.db[LISTINGS], [sets.pull_op(BY_STATE + s.value, 0, alert_id) for s in stale])
        return written

    async def outbox(self) -> list[AlertDoc]:
        """Alerts whose latest change may not be published yet."""
        ids = await self._members([OUTBOX])
        docs = await load_many(self.db[ALERTS], AlertDoc, sorted(ids))
        return [d.of_tenant(self.home_tenant) for d in docs.values() if not d.published]

    async def mark_published(self, doc: AlertDoc) -> None:
        """Record that ``doc``'s latest change is on the topic (unless it changed again meanwhile)."""
        result = await self.db[ALERTS].update_one(
            {"_id": doc.id, "event_id": doc.event_id}, {"$set": {"published": True}}
        )
        if result.matched_count:
            await sets.write(self.db[LISTINGS], [sets.pull_op(OUTBOX, 0, doc.id)])

    async def _members(self, names: list[str]) -> set[str]:
        found = await sets.members(self.db[LISTINGS], names, 1)
        return set().union(*found.values()) if found else set()
