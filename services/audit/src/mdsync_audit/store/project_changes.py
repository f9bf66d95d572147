"""Writes of plans, approvals (with the open-held listing), conflicts (with the open listing), dead letters."""

from __future__ import annotations

from collections.abc import Callable

from mdsync_audit.core.changes import (
    Approvable,
    ApprovalView,
    ConflictView,
    apply_approval,
    apply_conflict,
    dead_letter_view,
    plan_view,
)
from mdsync_audit.core.glue_tables import GlueTableView, apply_table_event
from mdsync_audit.core.stored import StoredEvent, day_of
from mdsync_audit.store import schema, sets
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_audit.store.docs import D, load, modify, put
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import ChangePlanned, TableApplied, TableConflict, UpsertTable

HELD_OPEN = "held-open:"
CONFLICTS_OPEN = "conflicts-open:"
DEAD_LETTERS_BY_DAY = "dead-letters-day:"
PLANS_BY_JOB = "plans-job:"


class ChangeProjector:
    """Keeps plans, approvals, conflicts, Glue tables and dead letters current."""

    def __init__(self, db: BulkDatabase) -> None:
        self.db = db

    async def plan(self, event: StoredEvent, message: ChangePlanned) -> None:
        """Store a dry-run plan and list it under its job."""
        view = plan_view(event, message)
        await sets.write(self.db[schema.SETS], [sets.add_op(PLANS_BY_JOB + (event.job_id or "-"), 0, view.id)])
        await put(self.db[schema.PLANS], view)

    async def approval(self, approval_id: str, event: StoredEvent, message: Approvable) -> None:
        """Fold a held change, a decision or the approved write into the approval."""
        await modify(
            self.db[schema.APPROVALS],
            ApprovalView,
            approval_id,
            lambda v: apply_approval(v, approval_id, event, message),
        )
        await self._listing(schema.APPROVALS, ApprovalView, approval_id, HELD_OPEN, lambda v: v.status == "held")

    async def conflict(self, event: StoredEvent, message: TableConflict | TableApplied) -> None:
        """Record a conflict, or a write that resolves it, and keep the open-conflicts listing."""
        table = message.key()
        if isinstance(message, TableApplied) and await load(self.db[schema.CONFLICTS], ConflictView, table) is None:
            return
        await modify(self.db[schema.CONFLICTS], ConflictView, table, lambda v: apply_conflict(v, event, message))
        await self._listing(schema.CONFLICTS, ConflictView, table, CONFLICTS_OPEN, lambda v: v.open)

    async def glue_table(self, event: StoredEvent, message: TableApplied | UpsertTable) -> None:
        """Keep the Glue table's source asset and recent history."""
        await modify(
            self.db[schema.GLUE_TABLES], GlueTableView, message.key(), lambda v: apply_table_event(v, event, message)
        )

    async def dead_letter(self, event: StoredEvent, message: DeadLetter) -> None:
        """Store a dead letter and list it under its day."""
        await sets.write(
            self.db[schema.SETS], [sets.add_op(DEAD_LETTERS_BY_DAY + day_of(event.occurred_at), 0, event.id)]
        )
        await put(self.db[schema.DEAD_LETTERS], dead_letter_view(event, message))

    async def _listing(
        self, collection: str, model: type[D], doc_id: str, listing: str, member: Callable[[D], bool]
    ) -> None:
        """Make ``doc_id``'s membership of ``listing`` follow its document, until no writer changed it meanwhile.

        Two events of one document may be applied concurrently; re-reading after the set write and repeating
        while the revision moved makes the last state win.
        """
        while True:
            view = await load(self.db[collection], model, doc_id)
            if view is None:
                return
            op = sets.add_op if member(view) else sets.pull_op
            await sets.write(self.db[schema.SETS], [op(listing, 0, doc_id)])
            again = await load(self.db[collection], model, doc_id)
            if again is None or getattr(again, "rev", 0) == getattr(view, "rev", 0):
                return
