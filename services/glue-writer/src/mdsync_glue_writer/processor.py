"""The service layer: one command in, the result messages out (gates, holds and approvals included)."""

from __future__ import annotations

import logging

from mdsync_contracts.base import Message
from mdsync_contracts.glue import (
    ApprovalDecision,
    ApproveChange,
    DeleteTable,
    DeprecateTable,
    EnsureDatabase,
    UpsertTable,
)
from mdsync_glue_writer.applier import Applier, Result
from mdsync_glue_writer.approvals import ApprovalStatus, ApprovalStore, HeldChange
from mdsync_glue_writer.core import results
from mdsync_glue_writer.core.models import Hold
from mdsync_glue_writer.core.results import Origin, TableCommand
from mdsync_glue_writer.core.validation import validate_database_input
from mdsync_runtime.errors import PermanentError

log = logging.getLogger(__name__)


class Processor:
    """Dispatches glue commands to the applier and turns holds into ChangeHeld."""

    def __init__(self, applier: Applier, approvals: ApprovalStore, four_eyes: bool) -> None:
        self.applier = applier
        self.approvals = approvals
        self.four_eyes = four_eyes

    async def handle(self, message: Message) -> list[Message]:
        """The result messages of one command (none for EnsureDatabase or a settled approval)."""
        if isinstance(message, EnsureDatabase):
            await self._ensure_database(message)
            return []
        if isinstance(message, ApproveChange):
            return await self._decide(message)
        if isinstance(message, UpsertTable | DeprecateTable | DeleteTable):
            outcome = await self._apply(message, results.origin_of(message))
            return [await self._held(message, outcome) if isinstance(outcome, Hold) else outcome]
        raise PermanentError(f"the glue-writer does not handle {message.CE_TYPE}")

    async def _ensure_database(self, command: EnsureDatabase) -> None:
        problems = validate_database_input(command.database_input)
        if problems:
            raise PermanentError("invalid EnsureDatabase: " + "; ".join(problems))
        await self.applier.ensure_database(command.database_input)

    async def _apply(self, command: TableCommand, origin: Origin, held: HeldChange | None = None) -> Result | Hold:
        approved, version = held is not None, held.version_id if held else None
        if isinstance(command, UpsertTable):
            return await self.applier.upsert(command, origin, approved, version)
        if isinstance(command, DeprecateTable):
            return await self.applier.deprecate(command, origin)
        return await self.applier.delete(command, origin, approved, version)

    async def _held(self, command: TableCommand, hold: Hold) -> Message:
        held = await self.approvals.hold(command, hold)
        return results.held(results.origin_of(command), held.approval_id, hold.change_class, hold.reason, hold.diff)

    async def _decide(self, approval: ApproveChange) -> list[Message]:
        held = await self.approvals.get(approval.approval_id)
        if held is None or held.status is not ApprovalStatus.PENDING:
            log.info("approval ignored: unknown or settled", extra={"approval_id": approval.approval_id})
            return []
        self._check(approval, held)
        command = held.held_command()
        origin = results.approved_origin(command, approval)
        if approval.decision is ApprovalDecision.REJECT:
            await self.approvals.settle(held.approval_id, ApprovalStatus.REJECTED, approval.requester, approval.reason)
            reason = f"rejected by {approval.requester}: {approval.reason or 'no reason given'}"
            return [results.failed(origin, reason, "rejected")]
        outcome = await self._apply(command, origin, held)
        await self.approvals.settle(held.approval_id, ApprovalStatus.APPROVED, approval.requester, approval.reason)
        if isinstance(outcome, Hold):  # approved commands are never held again; kept for the type checker
            raise PermanentError(f"approved change {held.approval_id} was held again")
        return [outcome]

    def _check(self, approval: ApproveChange, held: HeldChange) -> None:
        if (approval.database, approval.table) != (held.database, held.table):
            raise PermanentError(f"approval {held.approval_id} is for {held.database}.{held.table}")
        if self.four_eyes and approval.requester == held.requester:
            raise PermanentError(f"{approval.requester} requested {held.approval_id} and cannot approve it")
