"""Held changes waiting for an operator, kept in the store keyed by approval id."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_contracts.glue import ChangeClass, DeleteTable, DeprecateTable, TableDiff, UpsertTable
from mdsync_contracts.registry import model_for
from mdsync_glue_writer.core.models import Hold
from mdsync_glue_writer.core.results import TableCommand
from mdsync_runtime.store import Document

COLLECTION = "glue_writer_approvals"
LIST_LIMIT = 500


class ApprovalStatus(StrEnum):
    """Where a held change stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class HeldChange(BaseModel):
    """A change held for approval: the command itself and why it waits."""

    model_config = ConfigDict(frozen=True)

    approval_id: str = Field(description="Id to approve or reject it by.")
    status: ApprovalStatus = Field(default=ApprovalStatus.PENDING)
    database: str
    table: str
    change_class: ChangeClass
    reason: str = Field(description="Why it is held.")
    diff: TableDiff | None = None
    version_id: str | None = Field(default=None, description="Glue VersionId the change was held against.")
    requester: str = Field(
        description="Who caused the held command: the person or schedule that started its job, else the service."
    )
    job_id: str | None = None
    asset_id: str | None = None
    ce_type: str = Field(description="CloudEvents type of the held command.")
    command: str = Field(description="The held command as JSON.")
    held_at: datetime
    decided_by: str | None = None
    decision_reason: str | None = None
    decided_at: datetime | None = None

    def held_command(self) -> TableCommand:
        """The command to apply once approved."""
        model = model_for(self.ce_type)
        if model not in (UpsertTable, DeprecateTable, DeleteTable):
            raise ValueError(f"approval {self.approval_id} holds a {self.ce_type}, not a table command")
        command = model.model_validate_json(self.command)
        assert isinstance(command, UpsertTable | DeprecateTable | DeleteTable)
        return command


def approval_id_for(command: TableCommand) -> str:
    """One approval per held command, so a redelivered command is held once."""
    return f"apr-{command.event_id.hex[:20]}"


class ApprovalStore:
    """Held changes by approval id (`_id` lookups only: what the Mongo-wire store serves fast)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def hold(self, command: TableCommand, hold: Hold) -> HeldChange:
        """Persist ``command`` as held (once); return the held change."""
        held = HeldChange(
            approval_id=approval_id_for(command),
            database=command.database,
            table=command.table,
            change_class=hold.change_class,
            reason=hold.reason,
            diff=hold.diff,
            version_id=hold.version_id,
            requester=command.initiated_by or command.requester,
            job_id=command.job_id,
            asset_id=command.asset_id,
            ce_type=command.CE_TYPE,
            command=command.model_dump_json(),
            held_at=datetime.now(UTC),
        )
        try:
            await self.collection.insert_one({"_id": held.approval_id, **held.model_dump(mode="json")})
        except DuplicateKeyError:
            existing = await self.get(held.approval_id)
            return existing or held
        return held

    async def get(self, approval_id: str) -> HeldChange | None:
        """The held change, if known."""
        document = await self.collection.find_one({"_id": approval_id})
        return HeldChange.model_validate(document) if document else None

    async def list(self, status: ApprovalStatus | None) -> list[HeldChange]:
        """Held changes, newest first, optionally of one status."""
        query = {"status": status.value} if status else {}
        cursor = self.collection.find(query).sort("held_at", -1).limit(LIST_LIMIT)
        return [HeldChange.model_validate(document) async for document in cursor]

    async def settle(self, approval_id: str, status: ApprovalStatus, by: str, reason: str | None) -> bool:
        """Record the decision on a pending change; False when it was not pending any more."""
        decided = {"status": status.value, "decided_by": by, "decision_reason": reason}
        update = {"$set": {**decided, "decided_at": datetime.now(UTC).isoformat()}}
        outcome = await self.collection.update_one({"_id": approval_id, "status": ApprovalStatus.PENDING.value}, update)
        return outcome.modified_count == 1
