"""Plans, held changes with their approvals, conflicts, and dead letters: documents and pure reducers."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from mdsync_audit.core.stored import Doc, EventRef, StoredEvent
from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import ApproveChange, ChangeHeld, ChangePlanned, TableApplied, TableConflict, TableDiff

CONFLICT_HISTORY = 10


class PlanView(Doc):
    """What a dry run would do to one Glue table, keyed `{job}|{table}`."""

    job_id: str | None = Field(default=None, description="Dry-run job.")
    table: str = Field(description="`{database}.{table}`.")
    asset_id: str | None = Field(default=None, description="Source asset.")
    diff: TableDiff = Field(description="Current vs desired.")
    desired_hash: str | None = Field(default=None, description="Hash of the desired TableInput.")
    at: datetime = Field(description="When it was planned.")
    event_id: str = Field(description="The ChangePlanned event.")


def plan_id(job_id: str | None, table: str) -> str:
    """Key of a plan."""
    return f"{job_id or '-'}|{table}"


def plan_view(event: StoredEvent, message: ChangePlanned) -> PlanView:
    """The plan a ChangePlanned records (a later plan of the same job and table replaces it)."""
    return PlanView(
        id=plan_id(event.job_id, message.key()),
        job_id=event.job_id,
        table=message.key(),
        asset_id=event.asset_id,
        diff=message.diff,
        desired_hash=message.desired_hash,
        at=event.occurred_at,
        event_id=event.id,
    )


class ApprovalView(Doc):
    """A held change and what became of it: held → approved/rejected → applied."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    table: str | None = Field(default=None, description="`{database}.{table}`.")
    asset_id: str | None = Field(default=None, description="Source asset.")
    job_id: str | None = Field(default=None, description="Job that produced the change.")
    reason: str | None = Field(default=None, description="Why it was held.")
    change_class: str | None = Field(default=None, description="Class of the held change.")
    held_command_id: str | None = Field(default=None, description="event_id of the held command.")
    diff: TableDiff | None = Field(default=None, description="What it would change.")
    held_at: datetime | None = Field(default=None, description="When it was held.")
    held_event: EventRef | None = Field(default=None, description="The ChangeHeld event.")
    decision: str | None = Field(default=None, description="approve or reject.")
    operator: str | None = Field(default=None, description="Who decided.")
    decision_reason: str | None = Field(default=None, description="Why.")
    decided_at: datetime | None = Field(default=None, description="When.")
    decision_event: EventRef | None = Field(default=None, description="The ApproveChange command.")
    applied_version_id: str | None = Field(default=None, description="Glue VersionId written after approval.")
    applied_at: datetime | None = Field(default=None, description="When it was applied.")
    applied_event_id: str | None = Field(default=None, description="The TableApplied event.")

    @property
    def status(self) -> str:
        """held, approved, rejected or applied."""
        if self.applied_at is not None:
            return "applied"
        if self.decision == "reject":
            return "rejected"
        return "approved" if self.decision == "approve" else "held"


Approvable = ChangeHeld | ApproveChange | TableApplied


def apply_approval(
    view: ApprovalView | None, approval_id: str, event: StoredEvent, message: Approvable
) -> ApprovalView | None:
    """Fold a ChangeHeld, ApproveChange or TableApplied into the approval; None when already reflected."""
    current = view or ApprovalView(id=approval_id)
    if event.id in {
        current.held_event and current.held_event.event_id,
        current.decision_event and current.decision_event.event_id,
        current.applied_event_id,
    }:
        return None
    base = {
        "table": message.key(),
        "asset_id": current.asset_id or event.asset_id,
        "job_id": current.job_id or event.job_id,
    }
    if isinstance(message, ChangeHeld):
        update = {
            "reason": message.reason,
            "change_class": message.change_class.value,
            "held_command_id": str(message.held_command_id),
            "diff": message.diff,
            "held_at": event.occurred_at,
            "held_event": event.ref,
        }
    elif isinstance(message, ApproveChange):
        if current.decided_at is not None and current.decided_at > event.occurred_at:
            return None
        update = {
            "decision": message.decision.value,
            "operator": message.requester,
            "decision_reason": message.reason,
            "decided_at": event.occurred_at,
            "decision_event": event.ref,
        }
    else:
        if current.applied_at is not None and current.applied_at > event.occurred_at:
            return None
        update = {
            "applied_version_id": message.version_id,
            "applied_at": event.occurred_at,
            "applied_event_id": event.id,
        }
    return current.model_copy(update=base | update)


class ConflictEntry(Doc):
    """One TableConflict (``id`` is its event id)."""

    policy: str = Field(description="Policy in force.")
    reason: str = Field(description="What differs.")
    drifted: tuple[str, ...] = Field(default=(), description="Parts changed outside mdsync.")
    job_id: str | None = Field(default=None, description="Job that hit it.")
    at: datetime = Field(description="When.")


class ConflictView(Doc):
    """Conflicts of one Glue table (latest first, bounded) and whether a later write resolved them."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    asset_id: str | None = Field(default=None, description="Source asset.")
    conflicts: tuple[ConflictEntry, ...] = Field(default=(), description="Latest conflicts first.")
    resolved_at: datetime | None = Field(default=None, description="When a later write succeeded.")

    @property
    def open(self) -> bool:
        """True while the latest conflict has no later successful write."""
        return bool(self.conflicts) and (self.resolved_at is None or self.resolved_at < self.conflicts[0].at)


def apply_conflict(
    view: ConflictView | None, event: StoredEvent, message: TableConflict | TableApplied
) -> ConflictView | None:
    """Record a conflict, or a successful write that resolves earlier ones; None when nothing changes."""
    current = view or ConflictView(id=message.key())
    if isinstance(message, TableApplied):
        if current.resolved_at is not None and current.resolved_at >= event.occurred_at:
            return None
        return current.model_copy(update={"resolved_at": event.occurred_at})
    if any(c.id == event.id for c in current.conflicts):
        return None
    entry = ConflictEntry(
        id=event.id,
        policy=message.policy.value,
        reason=message.reason,
        drifted=message.drifted,
        job_id=event.job_id,
        at=event.occurred_at,
    )
    ordered = sorted((*current.conflicts, entry), key=lambda c: (c.at, c.id), reverse=True)[:CONFLICT_HISTORY]
    return current.model_copy(update={"conflicts": tuple(ordered), "asset_id": current.asset_id or event.asset_id})


class DeadLetterView(Doc):
    """A dead letter (``id`` is its event id), with its original coordinates and the reason."""

    service: str = Field(description="Service that gave up.")
    original_topic: str = Field(description="Topic of the original record.")
    original_partition: int = Field(description="Its partition.")
    original_offset: int = Field(description="Its offset.")
    original_key: str | None = Field(default=None, description="Its key.")
    original_ce_type: str | None = Field(default=None, description="Its type.")
    error_kind: str = Field(description="Why (kind).")
    error: str = Field(description="Why (text).")
    attempts: int = Field(description="Attempts made.")
    payload: str = Field(description="Original value (first 4 KiB).")
    job_id: str | None = Field(default=None, description="Job, when known.")
    asset_id: str | None = Field(default=None, description="Asset, when known.")
    tenant: str | None = Field(default=None, description="Tenant of the dead letter's event.")
    at: datetime = Field(description="When it was dead-lettered.")


def dead_letter_view(event: StoredEvent, message: DeadLetter) -> DeadLetterView:
    """The dead-letter document of a DeadLetter event."""
    return DeadLetterView(
        id=event.id,
        service=message.service,
        original_topic=message.original_topic,
        original_partition=message.original_partition,
        original_offset=message.original_offset,
        original_key=message.original_key,
        original_ce_type=message.original_ce_type,
        error_kind=message.error_kind,
        error=message.error,
        attempts=message.attempts,
        payload=message.payload[:4096],
        job_id=event.job_id,
        asset_id=event.asset_id,
        tenant=event.tenant,
        at=event.occurred_at,
    )
