"""Publishing a change plan in batches; last-seen state advances only after the broker acknowledged a batch."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from mdsync_contracts.base import Message
from mdsync_contracts.jobs import Outcome
from mdsync_extractor.core import events
from mdsync_extractor.core.changes import Deletion, HeldDeletion, Upsert
from mdsync_extractor.core.events import Envelope
from mdsync_extractor.state import ExtractorState
from mdsync_extractor.state.holds import HeldAsset
from mdsync_extractor.state.holds import HeldDeletion as StoredHold
from mdsync_extractor.state.holds import hold_id as make_hold_id
from mdsync_extractor.state.seen import SeenRecord
from mdsync_extractor.sync.mapper_plan import MapperPlanClient, PlanPathError
from mdsync_runtime.publisher import Publisher

T = TypeVar("T")


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Dispatcher:
    """Publishes one job's events; counts what it dispatched; stops between batches when cancelled."""

    publisher: Publisher
    state: ExtractorState
    envelope: Envelope
    batch_size: int
    cancel: asyncio.Event
    dispatched: int = 0

    @property
    def job_id(self) -> str:
        """The job dispatched for."""
        assert self.envelope.job_id is not None
        return self.envelope.job_id

    async def outcomes(self, items: Sequence[tuple[str, Outcome, str | None]]) -> None:
        """Publish outcomes the extractor decides itself (failed, unchanged, held)."""
        for batch in self._batches(items):
            await self._publish([events.outcome(self.envelope, asset, result, why) for asset, result, why in batch])

    async def upserts(self, upserts: Sequence[Upsert]) -> None:
        """Publish AssetUpserted per batch, then advance last-seen state for that batch."""
        for batch in self._batches(upserts):
            await self._publish([events.upserted(upsert, self.envelope) for upsert in batch])
            await self.state.seen.advance((_seen(upsert) for upsert in batch), self.job_id)

    async def deletions(self, deletions: Sequence[Deletion]) -> None:
        """Publish AssetDeleted per batch, then forget those assets."""
        for batch in self._batches(deletions):
            await self._publish([events.deleted(deletion, self.envelope) for deletion in batch])
            await self.state.seen.forget(deletion.asset_id for deletion in batch)

    async def holds(self, held: Sequence[HeldDeletion]) -> None:
        """Raise a held-deletion record per space, then publish each held asset's outcome."""
        for hold in held:
            if self.cancel.is_set():
                return
            stored = await self.state.holds.raise_once(_stored(hold, self.envelope))
            why = (
                f"mass-delete guard: {len(hold.deletions)} of {hold.known} known assets of space {hold.space} "
                f"vanished (over {hold.limit_share:.0%}); approve with POST /held-deletions/{stored.hold_id}/approve"
            )
            await self.outcomes([(deletion.asset_id, Outcome.HELD, why) for deletion in hold.deletions])

    async def plan(self, client: MapperPlanClient, upserts: Sequence[Upsert], deletions: Sequence[Deletion]) -> None:
        """Dry run: hand definitions to the mapper's plan path (a refusal fails that batch); plan deletions here."""
        for batch in self._batches(upserts):
            try:
                await client.plan(self.job_id, [upsert.definition for upsert in batch])
            except PlanPathError as error:
                await self.outcomes([(upsert.definition.asset_id, Outcome.FAILED, str(error)) for upsert in batch])
                continue
            self.dispatched += len(batch)
        why = "dry run: would be published as deleted (vanished from Datasphere)"
        await self.outcomes([(deletion.asset_id, Outcome.PLANNED, why) for deletion in deletions])

    def _batches(self, items: Sequence[T]) -> Iterator[Sequence[T]]:
        for batch in batches(items, self.batch_size):
            if self.cancel.is_set():  # cancel takes effect between batches of assets
                return
            yield batch

    async def _publish(self, messages: list[Message]) -> None:
        await self.publisher.publish_many(messages)
        self.dispatched += len(messages)


def _seen(upsert: Upsert) -> SeenRecord:
    definition = upsert.definition
    return SeenRecord(
        asset_id=definition.asset_id,
        tenant=definition.tenant,
        space=definition.space,
        technical_name=definition.technical_name,
        kind=definition.kind,
        content_hash=upsert.content_hash,
    )


def _stored(hold: HeldDeletion, envelope: Envelope) -> StoredHold:
    assets = tuple(
        HeldAsset(
            asset_id=d.asset_id, space=d.space, technical_name=d.technical_name, kind=d.kind, last_hash=d.last_hash
        )
        for d in hold.deletions
    )
    reason = f"{len(hold.deletions)} of {hold.known} known assets vanished (guard: {hold.limit_share:.0%})"
    return StoredHold(
        hold_id=make_hold_id(envelope.tenant, hold.space, [asset.asset_id for asset in assets]),
        tenant=envelope.tenant,
        space=hold.space,
        job_id=envelope.job_id or "",
        reason=reason,
        assets=assets,
    )
