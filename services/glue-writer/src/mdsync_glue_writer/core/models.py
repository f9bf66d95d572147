"""What the writer knows about a Glue table and what it decided to do with it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from mdsync_contracts.glue import ChangeClass, ConflictPolicy, TableDiff, TableInput


class SkipArchivePolicy(StrEnum):
    """When UpdateTable archives the previous version (Glue keeps at most 100 000 per table)."""

    MAJOR_ONLY = "major-only"
    ALWAYS_ARCHIVE = "always-archive"
    NEVER_ARCHIVE = "never-archive"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CurrentTable(_Frozen):
    """A table as Glue returned it: its definition (as a TableInput) and its VersionId."""

    database: str
    table_input: TableInput
    version_id: str | None = None

    @classmethod
    def from_glue(cls, database: str, table: dict[str, Any]) -> CurrentTable:
        """Read GetTable's `Table`; Glue-only fields (CreateTime, CatalogId, ...) are dropped."""
        shape = {"StorageDescriptor": {}, **table}
        return cls(database=database, table_input=TableInput.model_validate(shape), version_id=table.get("VersionId"))


class Create(_Frozen):
    """Create the table."""

    table_input: TableInput


class Update(_Frozen):
    """Update the table at ``version_id`` (compare-and-swap)."""

    table_input: TableInput
    version_id: str | None
    skip_archive: bool
    change_class: ChangeClass
    diff: TableDiff


class Unchanged(_Frozen):
    """The table already carries the desired definition: write nothing."""

    version_id: str | None


class Conflict(_Frozen):
    """Someone else changed the table and the policy says leave it."""

    policy: ConflictPolicy
    reason: str
    drifted: tuple[str, ...]


class Hold(_Frozen):
    """The change needs an operator's approval first; it is approved for the table at ``version_id``."""

    change_class: ChangeClass
    reason: str
    diff: TableDiff | None
    version_id: str | None = None


class Reject(_Frozen):
    """The command cannot be applied to this table."""

    reason: str
    code: str


UpsertDecision = Create | Update | Unchanged | Conflict | Hold | Reject


class Delete(_Frozen):
    """Delete the table."""

    version_id: str | None


DeprecateDecision = Update | Unchanged | Reject
DeleteDecision = Delete | Unchanged | Reject | Hold
