"""Result messages, each carrying the envelope (job, asset, correlation, causation) of what caused it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from mdsync_contracts.base import Environment
from mdsync_contracts.glue import (
    AppliedAction,
    ApproveChange,
    ChangeClass,
    ChangeHeld,
    ChangePlanned,
    ConflictPolicy,
    DeleteTable,
    DeprecateTable,
    TableApplied,
    TableConflict,
    TableDiff,
    TableFailed,
    UpsertTable,
)

TableCommand = UpsertTable | DeprecateTable | DeleteTable


class Origin(BaseModel):
    """Where a result comes from: the table and the envelope fields it copies from its cause."""

    model_config = ConfigDict(frozen=True)

    environment: Environment
    tenant: str
    database: str
    table: str
    job_id: str | None
    asset_id: str | None
    correlation_id: str | None
    causation_id: UUID
    approval_id: str | None = None

    def envelope(self) -> dict[str, Any]:
        """The fields every result message takes from this origin."""
        return self.model_dump(exclude={"approval_id"})


def origin_of(command: TableCommand) -> Origin:
    """Results of a command belong to its job and asset."""
    return Origin(
        environment=command.environment,
        tenant=command.tenant,
        database=command.database,
        table=command.table,
        job_id=command.job_id,
        asset_id=command.asset_id,
        correlation_id=command.correlation_id,
        causation_id=command.event_id,
        approval_id=command.approval_id if isinstance(command, DeleteTable) else None,
    )


def approved_origin(held: TableCommand, approval: ApproveChange) -> Origin:
    """Results after an approval: caused by it, correlated with the held command's job, outside its accounting.

    The job already counted the asset as held, so these results carry no job id (one outcome per asset).
    """
    return origin_of(held).model_copy(
        update={"job_id": None, "causation_id": approval.event_id, "approval_id": approval.approval_id}
    )


def applied(origin: Origin, action: AppliedAction, **fields: Any) -> TableApplied:
    """TableApplied for ``origin``."""
    return TableApplied(**origin.envelope(), action=action, approval_id=origin.approval_id, **fields)


def failed(origin: Origin, reason: str, code: str) -> TableFailed:
    """TableFailed for ``origin``."""
    return TableFailed(**origin.envelope(), reason=reason, error_code=code)


def conflict(origin: Origin, policy: ConflictPolicy, reason: str, drifted: tuple[str, ...] = ()) -> TableConflict:
    """TableConflict for ``origin``."""
    return TableConflict(**origin.envelope(), policy=policy, reason=reason, drifted=drifted)


def planned(origin: Origin, diff: TableDiff, desired_hash: str | None = None) -> ChangePlanned:
    """ChangePlanned (dry run) for ``origin``."""
    return ChangePlanned(**origin.envelope(), diff=diff, desired_hash=desired_hash)


def held(
    origin: Origin, approval_id: str, change_class: ChangeClass, reason: str, diff: TableDiff | None
) -> ChangeHeld:
    """ChangeHeld for ``origin``."""
    return ChangeHeld(
        **origin.envelope(),
        approval_id=approval_id,
        reason=reason,
        change_class=change_class,
        held_command_id=origin.causation_id,
        diff=diff,
    )
