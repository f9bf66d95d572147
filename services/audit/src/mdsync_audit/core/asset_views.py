"""Documents of the asset views: current state per asset, and bounded version-history buckets."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.diff import DefinitionDiff
from mdsync_audit.core.stored import Doc, EventRef
from mdsync_contracts.assets import AssetDefinition


class Frozen(BaseModel):
    """Immutable part of a view document."""

    model_config = ConfigDict(frozen=True)


class GlueState(Frozen):
    """What the Glue table mapped from an asset looks like after the last result."""

    table: str = Field(description="`{database}.{table}`.", examples=["sales.sales_orders"])
    action: str = Field(description="Last result: created, updated, unchanged, deprecated, deleted, failed, ...")
    version_id: str | None = Field(default=None, description="Glue VersionId after the last write.")
    desired_hash: str | None = Field(default=None, description="Hash of the applied TableInput.")
    source_hash: str | None = Field(default=None, description="Source content hash the table was built from.")
    rule_set_version: str | None = Field(default=None, description="Mapping rule set used.")
    approval_id: str | None = Field(default=None, description="Approval the write needed.")
    reason: str | None = Field(default=None, description="Why it failed or conflicted.")
    at: datetime = Field(description="When the result happened.")
    event_id: str = Field(description="The result event.")


class CommandState(Frozen):
    """The last UpsertTable the mapper sent for an asset."""

    table: str = Field(description="`{database}.{table}`.")
    desired_hash: str = Field(description="Hash of the desired TableInput.")
    source_hash: str = Field(description="Content hash it was mapped from.")
    rule_set_version: str = Field(description="Rule set that produced it.")
    change_class: str = Field(description="major, minor, patch, none.")
    at: datetime = Field(description="When it was sent.")
    event_id: str = Field(description="The command event.")


class OutcomeState(Frozen):
    """The last sync outcome recorded for an asset."""

    outcome: str = Field(description="Outcome (see Outcome).", examples=["updated"])
    reason: str | None = Field(default=None, description="Why, when given.")
    job_id: str | None = Field(default=None, description="Job it belonged to.")
    at: datetime = Field(description="When it was decided.")
    event_id: str = Field(description="Event that recorded it.")


class Freshness(Frozen):
    """How current the asset's information is."""

    extracted_at: datetime | None = Field(default=None, description="When Datasphere was last read for it.")
    changed_at: datetime | None = Field(default=None, description="When its definition last changed.")
    synced_at: datetime | None = Field(default=None, description="When Glue last acknowledged a result for it.")
    in_sync: bool = Field(default=False, description="Glue was built from the current content hash.")


class AssetView(Doc):
    """Current state of one asset: Datasphere definition, Glue state, last outcome, hashes, freshness."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    tenant: str = Field(description="Tenant.")
    space: str = Field(description="Space.")
    technical_name: str = Field(description="Technical name.")
    kind: str | None = Field(default=None, description="Asset kind.")
    label: str | None = Field(default=None, description="Business name.")
    definition: AssetDefinition | None = Field(default=None, description="Current normalized definition.")
    content_hash: str | None = Field(default=None, description="Current content hash.")
    previous_hash: str | None = Field(default=None, description="Hash before the last change.")
    change: str | None = Field(default=None, description="created, changed, republished or deleted.")
    state_at: datetime | None = Field(default=None, description="Time of the event the state comes from.")
    state_event: EventRef | None = Field(default=None, description="Event the definition state comes from.")
    deleted: bool = Field(default=False, description="The asset no longer exists in Datasphere.")
    deletion_reason: str | None = Field(default=None, description="Why it counts as deleted.")
    version: int = Field(default=0, description="Number of recorded versions.")
    glue: GlueState | None = Field(default=None, description="Glue table state after the last result.")
    command: CommandState | None = Field(default=None, description="Last UpsertTable sent.")
    outcome: OutcomeState | None = Field(default=None, description="Last sync outcome.")
    freshness: Freshness = Field(default_factory=Freshness, description="How current it is.")


class VersionEntry(Frozen):
    """One version of an asset's definition, with its diff to the version before."""

    version: int = Field(description="1-based version number.")
    change: str = Field(description="created, changed or deleted.")
    content_hash: str | None = Field(default=None, description="Content hash; None for a deletion.")
    previous_hash: str | None = Field(default=None, description="Hash of the version before.")
    at: datetime = Field(description="When it happened.")
    event: EventRef = Field(description="The asset-change event.")
    job_id: str | None = Field(default=None, description="Job that published it.")
    definition: AssetDefinition | None = Field(default=None, description="The definition; None for a deletion.")
    diff: DefinitionDiff = Field(description="Columns added, removed, changed against the version before.")


class VersionBucket(Doc):
    """A bounded page of an asset's versions, keyed `{asset}|{bucket}` (bucket = (version-1) // size)."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    asset: str = Field(description="Asset id.")
    bucket: int = Field(description="Bucket number.")
    versions: tuple[VersionEntry, ...] = Field(default=(), description="Versions, oldest first.")


def bucket_id(asset_id: str, bucket: int) -> str:
    """Key of a history bucket."""
    return f"{asset_id}|{bucket:06d}"


def bucket_of(version: int, size: int) -> int:
    """Bucket holding ``version`` (1-based)."""
    return (version - 1) // size
