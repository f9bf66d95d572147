"""Messages on the glue topics: commands to the glue-writer and the results it reports."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from mdsync_contracts.base import Command, Message
from mdsync_contracts.glue_model import (
    ChangeClass,
    ColumnChange,
    ColumnChangeKind,
    ConflictPolicy,
    DatabaseInput,
    DecisionKind,
    GlueColumn,
    MappingDecision,
    PlannedAction,
    SerDeInfo,
    StorageDescriptor,
    TableDiff,
    TableInput,
    table_input_hash,
)
from mdsync_contracts.jobs import Outcome
from mdsync_contracts.topics import GLUE_COMMANDS, GLUE_RESULTS, glue_database_key, glue_table_key

__all__ = [
    "AppliedAction",
    "ApprovalDecision",
    "ApproveChange",
    "ChangeClass",
    "ChangeHeld",
    "ChangePlanned",
    "ColumnChange",
    "ColumnChangeKind",
    "ConflictPolicy",
    "DatabaseInput",
    "DecisionKind",
    "DeleteTable",
    "DeprecateTable",
    "EnsureDatabase",
    "GlueColumn",
    "MappingDecision",
    "PlannedAction",
    "SerDeInfo",
    "StorageDescriptor",
    "TableApplied",
    "TableConflict",
    "TableDiff",
    "TableFailed",
    "TableInput",
    "UpsertTable",
    "table_input_hash",
]

_HASH_EXAMPLE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


class _TableCommand(Command):
    """A command about one Glue table, keyed `{database}.{table}`."""

    TOPIC: ClassVar[str] = GLUE_COMMANDS

    database: str = Field(description="Glue database.", examples=["sales"])
    table: str = Field(description="Glue table.", examples=["sales_orders"])
    dry_run: bool = Field(
        default=False, description="Plan only: answer with ChangePlanned, write nothing.", examples=[False]
    )

    def key(self) -> str:
        """The Glue table `{database}.{table}`."""
        return glue_table_key(self.database, self.table)


class _TableResult(Message):
    """A result about one Glue table, keyed `{database}.{table}`."""

    TOPIC: ClassVar[str] = GLUE_RESULTS
    OUTCOME: ClassVar[Outcome]

    database: str = Field(description="Glue database.", examples=["sales"])
    table: str = Field(description="Glue table.", examples=["sales_orders"])

    def key(self) -> str:
        """The Glue table `{database}.{table}`."""
        return glue_table_key(self.database, self.table)

    def outcome(self) -> Outcome:
        """The job outcome this result counts as for its asset."""
        return self.OUTCOME


class EnsureDatabase(Command):
    """Create the Glue database when it does not exist yet."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.database.ensure"
    TOPIC: ClassVar[str] = GLUE_COMMANDS

    database_input: DatabaseInput = Field(
        description="The database as Glue's CreateDatabase takes it.", examples=[{"Name": "sales"}]
    )

    def key(self) -> str:
        """The database name."""
        return glue_database_key(self.database_input.name)


class UpsertTable(_TableCommand):
    """Make the Glue table match the desired TableInput mapped from one asset."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.upsert"

    table_input: TableInput = Field(
        description="Desired table, exactly as boto3 takes it.",
        examples=[{"Name": "sales_orders", "StorageDescriptor": {"Columns": [{"Name": "order_id", "Type": "string"}]}}],
    )
    source_hash: str = Field(description="content_hash of the asset it was mapped from.", examples=[_HASH_EXAMPLE])
    desired_hash: str = Field(description="table_input_hash(table_input).", examples=[_HASH_EXAMPLE])
    mapping_decisions: tuple[MappingDecision, ...] = Field(
        default=(),
        description="Decisions taken by the mapper, with their rules.",
        examples=[[{"kind": "type", "subject": "NET", "rule": "types.default", "target_value": "decimal(15,2)"}]],
    )
    lossy_columns: tuple[str, ...] = Field(
        default=(), description="Glue columns whose type mapping loses information.", examples=[["geo_location"]]
    )
    change_class: ChangeClass = Field(description="major, minor, patch or none.", examples=["minor"])
    conflict_policy: ConflictPolicy = Field(
        default=ConflictPolicy.SOURCE_WINS, description="What to do on drift.", examples=["merge"]
    )
    rule_set_version: str = Field(description="Mapping rule set that produced it.", examples=["dog-7"])

    @model_validator(mode="after")
    def _names_agree(self) -> Self:
        if self.table_input.name != self.table:
            raise ValueError(f"table_input.name {self.table_input.name!r} differs from table {self.table!r}")
        return self


class DeprecateTable(_TableCommand):
    """Mark an owned Glue table as deprecated because its source vanished or is no longer mapped."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.deprecate"

    reason: str = Field(description="Why.", examples=["source asset deleted"])


class DeleteTable(_TableCommand):
    """Delete an owned, deprecated Glue table past its grace period."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.delete"

    reason: str = Field(description="Why.", examples=["deprecated for 14 days"])
    approval_id: str | None = Field(default=None, description="Approval that allowed it.", examples=["apr-0042"])


class ApprovalDecision(StrEnum):
    """An operator's answer to a held change."""

    APPROVE = "approve"
    REJECT = "reject"


class ApproveChange(_TableCommand):
    """An operator approves or rejects a held change."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.change.approve"

    approval_id: str = Field(description="The held change.", examples=["apr-0042"])
    decision: ApprovalDecision = Field(description="approve or reject.", examples=["approve"])
    reason: str | None = Field(default=None, description="Why.", examples=["expected column drop"])


class AppliedAction(StrEnum):
    """What the glue-writer did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DEPRECATED = "deprecated"
    DELETED = "deleted"


class TableApplied(_TableResult):
    """The glue-writer applied (or found nothing to apply for) a command."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.applied"

    action: AppliedAction = Field(description="What was done.", examples=["updated"])
    version_id: str | None = Field(default=None, description="Glue VersionId after the write.", examples=["3"])
    desired_hash: str | None = Field(
        default=None, description="Hash of the applied TableInput.", examples=[_HASH_EXAMPLE]
    )
    source_hash: str | None = Field(default=None, description="Source asset hash.", examples=[_HASH_EXAMPLE])
    rule_set_version: str | None = Field(default=None, description="Rule set of the command.", examples=["dog-7"])
    approval_id: str | None = Field(default=None, description="Approval it needed, if any.", examples=["apr-0042"])

    def outcome(self) -> Outcome:
        """The job outcome named like the action."""
        return Outcome(self.action.value)


class ChangePlanned(_TableResult):
    """A dry run: what applying would do, nothing written."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.change.planned"
    OUTCOME: ClassVar[Outcome] = Outcome.PLANNED

    diff: TableDiff = Field(description="Current vs desired.", examples=[{"action": "create", "change_class": "minor"}])
    desired_hash: str | None = Field(
        default=None, description="Hash of the desired TableInput.", examples=[_HASH_EXAMPLE]
    )


class ChangeHeld(_TableResult):
    """A change waits for an operator's approval."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.change.held"
    OUTCOME: ClassVar[Outcome] = Outcome.HELD

    approval_id: str = Field(description="Id to approve or reject it by.", examples=["apr-0042"])
    reason: str = Field(description="Why it is held.", examples=["major change in bear needs approval"])
    change_class: ChangeClass = Field(description="Classification of the held change.", examples=["major"])
    held_command_id: UUID = Field(
        description="event_id of the held command.", examples=["0f8fad5b-d9cb-469f-a165-70867728950e"]
    )
    diff: TableDiff | None = Field(
        default=None, description="What it would change.", examples=[{"action": "update", "change_class": "major"}]
    )


class TableConflict(_TableResult):
    """The Glue table was changed outside mdsync and the conflict policy says stop."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.conflict"
    OUTCOME: ClassVar[Outcome] = Outcome.CONFLICT

    policy: ConflictPolicy = Field(description="Policy in force.", examples=["fail"])
    reason: str = Field(description="What differs.", examples=["column added outside mdsync: region"])
    drifted: tuple[str, ...] = Field(
        default=(), description="Parts changed outside mdsync.", examples=[["columns.region", "parameters.owner_team"]]
    )


class TableFailed(_TableResult):
    """A command could not be applied."""

    CE_TYPE: ClassVar[str] = "mdsync.glue.table.failed"
    OUTCOME: ClassVar[Outcome] = Outcome.FAILED

    reason: str = Field(description="What was wrong.", examples=["column comment longer than 255: net_amount"])
    error_code: str | None = Field(
        default=None, description="Glue error code or `validation`.", examples=["InvalidInputException"]
    )
