"""Which views each message type updates: the one place that maps events to view writes."""

from __future__ import annotations

from collections.abc import Awaitable

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.assets import TableResult, outcome_of
from mdsync_audit.core.jobs import OutcomeEntry
from mdsync_audit.core.lineage import glue_node
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_audit.store.project_assets import AssetProjector, Shape
from mdsync_audit.store.project_changes import ChangeProjector
from mdsync_audit.store.project_credentials import CredentialsProjector
from mdsync_audit.store.project_index import IndexProjector
from mdsync_audit.store.project_jobs import JobProjector
from mdsync_audit.store.together import together
from mdsync_contracts.assets import AssetDeleted, AssetUpserted
from mdsync_contracts.base import Message
from mdsync_contracts.credentials import CredentialsReported
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import (
    ApproveChange,
    ChangeHeld,
    ChangePlanned,
    TableApplied,
    TableConflict,
    TableFailed,
    UpsertTable,
)
from mdsync_contracts.jobs import (
    AssetOutcome,
    JobCancelRequested,
    JobFinished,
    JobProgress,
    JobRequested,
    JobStarted,
)
from mdsync_runtime.store import Document

_JOB_EVENTS = (JobRequested, JobStarted, JobProgress, JobCancelRequested, JobFinished)
_RESULTS = (TableApplied, TableFailed, TableConflict, ChangeHeld, ChangePlanned)


class Projector:
    """Applies one stored event to every view it concerns; every step is idempotent."""

    def __init__(self, db: AsyncDatabase[Document], settings: AuditSettings) -> None:
        bulk = BulkDatabase(db)  # the writes of every event in flight leave together, per collection
        self.assets = AssetProjector(bulk, Shape(settings.history_bucket_size, settings.search_shards))
        self.jobs = JobProjector(bulk, settings.outcome_shards)
        self.changes = ChangeProjector(bulk)
        self.index = IndexProjector(bulk, settings.index_shards)
        self.credentials = CredentialsProjector(bulk)

    async def apply(self, event: StoredEvent, message: Message) -> None:
        """Update the views for ``message`` (stored as ``event``); independent writes run concurrently."""
        await together(self._views(event, message), self.index.index(event), self.index.kpi(event, message))

    async def _views(self, event: StoredEvent, message: Message) -> None:
        if isinstance(message, AssetUpserted | AssetDeleted):
            await self.assets.asset_change(event, message)
        elif isinstance(message, _JOB_EVENTS):
            await self.jobs.job_event(event, message)
        elif isinstance(message, AssetOutcome):
            outcome, reason = outcome_of(message)
            entry = _entry(event, message.asset_id, outcome, reason, message.glue_table, message.decided_by)
            await together(self.jobs.outcome(event, entry), self.assets.outcome(event, outcome, reason))
        elif isinstance(message, UpsertTable):
            await together(
                self.assets.command(event, message),
                self.assets.glue_mapping(event, message),
                self.changes.glue_table(event, message),
            )
        elif isinstance(message, _RESULTS):
            await together(*self._result(event, message))
        elif isinstance(message, ApproveChange):
            await self.changes.approval(message.approval_id, event, message)
        elif isinstance(message, DeadLetter):
            await self.changes.dead_letter(event, message)
        elif isinstance(message, CredentialsReported):
            await self.credentials.report(event, message)
        # DeleteTable: its approval is completed by the TableApplied(deleted) that follows.

    def _result(self, event: StoredEvent, message: TableResult) -> list[Awaitable[None]]:
        """The independent writes of one Glue result."""
        outcome, reason = outcome_of(message)
        subject = event.asset_id or glue_node(message.key())
        writes: list[Awaitable[None]] = [
            self.jobs.outcome(event, _entry(event, subject, outcome, reason, message.key(), "glue-writer"))
        ]
        if isinstance(message, TableApplied | TableFailed | TableConflict):
            writes.append(self.assets.glue_result(event, message, outcome, reason))
        else:
            writes.append(self.assets.outcome(event, outcome, reason))
        if isinstance(message, TableApplied):
            writes.append(self.changes.glue_table(event, message))
            if message.approval_id:
                writes.append(self.changes.approval(message.approval_id, event, message))
        if isinstance(message, TableApplied | TableConflict):
            writes.append(self.changes.conflict(event, message))
        if isinstance(message, ChangeHeld):
            writes.append(self.changes.approval(message.approval_id, event, message))
        if isinstance(message, ChangePlanned):
            writes.append(self.changes.plan(event, message))
        return writes


def _entry(
    event: StoredEvent, subject: str, outcome: str, reason: str | None, glue_table: str | None, decided_by: str
) -> OutcomeEntry:
    return OutcomeEntry(
        subject=subject,
        outcome=outcome,
        reason=reason,
        glue_table=glue_table,
        decided_by=decided_by,
        at=event.occurred_at,
        event_id=event.id,
    )
