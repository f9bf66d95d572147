"""The bulk catalogue: every visible asset with its columns, lineage sources and sync state, a page at a time."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from mdsync_audit.core.asset_views import Freshness, OutcomeState
from mdsync_audit.core.scope import Spaces, sees
from mdsync_audit.read_models import AssetNamed, Model


class CatalogColumn(Model):
    """One column of an asset."""

    name: str = Field(description="Column name.", examples=["ORDER_ID"])
    label: str | None = Field(default=None, description="Business name.")
    cds_type: str | None = Field(default=None, description="CDS type.", examples=["cds.String"])


class SourceRef(Model):
    """The object a dependency reads from."""

    space: str
    technical_name: str


class SourceOf(Model):
    """A dependency, as far as the catalogue reads it."""

    source: SourceRef


class CatalogDefinition(Model):
    """The parts of an asset definition the catalogue reads."""

    tenant: str
    columns: tuple[CatalogColumn, ...] = ()
    dependencies: tuple[SourceOf, ...] = ()


class GlueRef(Model):
    """The parts of an asset's Glue state the catalogue reads."""

    table: str
    reason: str | None = None
    desired_hash: str | None = None


class CommandTable(Model):
    """The table of the last command."""

    table: str


class CatalogAsset(Model):
    """An asset document projected to what the catalogue reads (``PROJECTION``): no full definition to parse."""

    id: str = Field(alias="_id")
    space: str
    technical_name: str
    kind: str | None = None
    label: str | None = None
    deleted: bool = False
    definition: CatalogDefinition | None = None
    glue: GlueRef | None = None
    command: CommandTable | None = None
    outcome: OutcomeState | None = None
    freshness: Freshness = Field(default_factory=Freshness)


PROJECTION = {
    **dict.fromkeys(("space", "technical_name", "kind", "label", "deleted", "outcome", "freshness"), 1),
    **dict.fromkeys(("definition.tenant", "definition.columns.name", "definition.columns.label"), 1),
    **dict.fromkeys(("definition.columns.cds_type", "definition.dependencies.source"), 1),
    **dict.fromkeys(("glue.table", "glue.reason", "glue.desired_hash", "command.table"), 1),
}


class CatalogEntry(AssetNamed):
    """One asset as a catalogue reader (the discovery agent) needs it."""

    columns: tuple[CatalogColumn, ...] = Field(default=(), description="Columns of the current definition.")
    upstream: tuple[str, ...] = Field(default=(), description="Asset ids it reads from (visible ones only).")
    glue_table: str | None = Field(default=None, description="Glue table it maps to.")
    glue_reason: str | None = Field(default=None, description="Why the last Glue write failed or conflicted.")
    outcome: str | None = Field(default=None, description="Last sync outcome.")
    outcome_reason: str | None = Field(default=None, description="Why.")
    job_id: str | None = Field(default=None, description="Job of the last outcome.")
    changed_at: datetime | None = Field(default=None, description="When its definition last changed.")
    synced_at: datetime | None = Field(default=None, description="When Glue last acknowledged a result for it.")
    in_sync: bool = Field(default=False, description="Glue was built from the current content hash.")
    lossy_columns: tuple[str, ...] = Field(
        default=(), description="Columns the mapping of the applied Glue version could not carry exactly."
    )

    @classmethod
    def of(cls, view: CatalogAsset, spaces: Spaces, lossy: tuple[str, ...]) -> CatalogEntry:
        """The entry of an asset, limited to what a caller seeing ``spaces`` may see (sources in their spaces)."""
        definition = view.definition or CatalogDefinition(tenant="")
        upstream = tuple(
            f"{definition.tenant}/{d.source.space}/{d.source.technical_name}"
            for d in definition.dependencies
            if sees(d.source.space, spaces)
        )
        glue = view.glue
        return cls(
            asset_id=view.id,
            space=view.space,
            technical_name=view.technical_name,
            kind=view.kind,
            label=view.label,
            columns=definition.columns,
            upstream=upstream,
            glue_table=glue.table if glue else (view.command.table if view.command else None),
            glue_reason=glue.reason if glue else None,
            outcome=view.outcome.outcome if view.outcome else None,
            outcome_reason=view.outcome.reason if view.outcome else None,
            job_id=view.outcome.job_id if view.outcome else None,
            changed_at=view.freshness.changed_at,
            synced_at=view.freshness.synced_at,
            in_sync=view.freshness.in_sync,
            lossy_columns=lossy,
        )


class CatalogPage(Model):
    """A page of the catalogue, by asset id."""

    items: tuple[CatalogEntry, ...] = Field(description="Assets of this page that are not deleted.")
    next_cursor: str | None = Field(default=None, description="Cursor of the next page; None on the last.")
