"""The parts of the audit API's responses the agent reads (unknown fields ignored)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mdsync_agent.core.models import AssetRecord, ColumnRecord, JobRecord
from mdsync_contracts.asset_definition import AssetDefinition


class Loose(BaseModel):
    """A response part; fields the agent does not read are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class Summary(Loose):
    """A search hit."""

    asset_id: str


class AssetPage(Loose):
    """A page of search hits."""

    items: tuple[Summary, ...]
    next_cursor: str | None = None


class Glue(Loose):
    """Glue state of an asset."""

    table: str
    action: str | None = None
    reason: str | None = None


class Outcome(Loose):
    """Last sync outcome."""

    outcome: str
    reason: str | None = None
    job_id: str | None = None


class Freshness(Loose):
    """Freshness of an asset."""

    changed_at: datetime | None = None
    synced_at: datetime | None = None
    in_sync: bool = False


class AssetDetail(Loose):
    """`GET /assets/{id}`."""

    id: str = Field(alias="_id")
    space: str
    technical_name: str
    kind: str | None = None
    label: str | None = None
    deleted: bool = False
    definition: AssetDefinition | None = None
    glue: Glue | None = None
    outcome: Outcome | None = None
    freshness: Freshness = Field(default_factory=Freshness)

    def record(self, lossy: tuple[str, ...] = ()) -> AssetRecord:
        """The agent's record of this asset."""
        definition = self.definition
        columns = (
            tuple(ColumnRecord(name=c.name, label=c.label, type=c.cds_type) for c in definition.columns)
            if definition
            else ()
        )
        upstream = (
            tuple(f"{definition.tenant}/{d.source.space}/{d.source.technical_name}" for d in definition.dependencies)
            if definition
            else ()
        )
        return AssetRecord(
            asset_id=self.id,
            space=self.space,
            technical_name=self.technical_name,
            kind=self.kind,
            label=self.label,
            columns=columns,
            glue_table=self.glue.table if self.glue else None,
            last_outcome=self.outcome.outcome if self.outcome else None,
            outcome_reason=self.outcome.reason if self.outcome else (self.glue.reason if self.glue else None),
            last_job=self.outcome.job_id if self.outcome else None,
            changed_at=self.freshness.changed_at,
            synced_at=self.freshness.synced_at,
            in_sync=self.freshness.in_sync,
            upstream=upstream,
            lossy_columns=lossy,
        )


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


def lossy_columns(provenance: dict[str, Any]) -> tuple[str, ...]:
    """Lossy columns named by the newest glue-command step of a provenance chain."""
    for step in provenance.get("steps", ()):
        lossy = step.get("detail", {}).get("lossy_columns")
        if lossy:
            return tuple(str(c) for c in lossy)
    return ()
