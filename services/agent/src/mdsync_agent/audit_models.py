"""The parts of the audit API's responses the agent reads (unknown fields ignored)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mdsync_agent.core.models import AssetRecord, ColumnRecord, JobRecord


class Loose(BaseModel):
    """A response part; fields the agent does not read are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class CatalogColumn(Loose):
    """A column of a catalogue entry."""

    name: str
    label: str | None = None
    cds_type: str | None = None


class CatalogEntry(Loose):
    """An asset of `GET /catalog`."""

    asset_id: str
    space: str
    technical_name: str
    kind: str | None = None
    label: str | None = None
    columns: tuple[CatalogColumn, ...] = ()
    upstream: tuple[str, ...] = ()
    glue_table: str | None = None
    glue_reason: str | None = None
    outcome: str | None = None
    outcome_reason: str | None = None
    job_id: str | None = None
    changed_at: datetime | None = None
    synced_at: datetime | None = None
    in_sync: bool = False
    lossy_columns: tuple[str, ...] = ()

    def record(self) -> AssetRecord:
        """The agent's record of this asset."""
        return AssetRecord(
            asset_id=self.asset_id,
            space=self.space,
            technical_name=self.technical_name,
            kind=self.kind,
            label=self.label,
            columns=tuple(ColumnRecord(name=c.name, label=c.label, type=c.cds_type) for c in self.columns),
            glue_table=self.glue_table,
            last_outcome=self.outcome,
            outcome_reason=self.outcome_reason if self.outcome else self.glue_reason,
            last_job=self.job_id,
            changed_at=self.changed_at,
            synced_at=self.synced_at,
            in_sync=self.in_sync,
            upstream=self.upstream,
            lossy_columns=self.lossy_columns,
        )


class CatalogPage(Loose):
    """`GET /catalog`: a page of assets."""

    items: tuple[CatalogEntry, ...]
    next_cursor: str | None = None


class Scope(Loose):
    """Job scope."""

    spaces: tuple[str, ...] = ()


class Job(Loose):
    """A job as the audit API lists it."""

    id: str = Field(alias="_id")
    status: str = "requested"
    scope: Scope | None = None
    reason: str | None = None
    requested_at: datetime | None = None
    finished_at: datetime | None = None

    def record(self) -> JobRecord:
        """The agent's record of this job."""
        spaces = self.scope.spaces if self.scope else ()
        return JobRecord(
            job_id=self.id,
            status=self.status,
            spaces=spaces,
            reason=self.reason,
            requested_at=self.requested_at,
            finished_at=self.finished_at,
        )


class JobPage(Loose):
    """A page of jobs."""

    items: tuple[Job, ...]
    next_cursor: str | None = None
