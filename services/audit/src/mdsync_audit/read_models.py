"""Response models of the query API (what the console and the agent read)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.asset_views import AssetView, VersionEntry
from mdsync_audit.core.changes import ApprovalView, ConflictView, DeadLetterView, PlanView
from mdsync_audit.core.diff import DefinitionDiff
from mdsync_audit.core.jobs import JobView, OutcomeEntry
from mdsync_audit.core.kpi import KpiMinute
from mdsync_audit.core.stored import EventRef
from mdsync_contracts.jobs import OutcomeCounts


class Model(BaseModel):
    """Base of the response models."""

    model_config = ConfigDict(frozen=True)


class AssetNamed(Model):
    """What names an asset in every answer about it."""

    asset_id: str = Field(description="Asset id.", examples=["acme/SALES/SALES_ORDERS"])
    space: str = Field(description="Space.")
    technical_name: str = Field(description="Technical name.")
    kind: str | None = Field(default=None, description="Kind.")
    label: str | None = Field(default=None, description="Business name.")


class AssetSummary(AssetNamed):
    """One search hit."""

    deleted: bool = Field(default=False, description="Deleted in Datasphere.")
    version: int = Field(default=0, description="Versions recorded.")
    glue_table: str | None = Field(default=None, description="Glue table it maps to.")
    last_outcome: str | None = Field(default=None, description="Last sync outcome.")

    @classmethod
    def of(cls, view: AssetView) -> AssetSummary:
        """Summarize an asset document."""
        return cls(
            asset_id=view.id,
            space=view.space,
            technical_name=view.technical_name,
            kind=view.kind,
            label=view.label,
            deleted=view.deleted,
            version=view.version,
            glue_table=view.glue.table if view.glue else (view.command.table if view.command else None),
            last_outcome=view.outcome.outcome if view.outcome else None,
        )


class AssetPage(Model):
    """A page of search hits, sorted by asset id."""

    items: tuple[AssetSummary, ...] = Field(description="Hits on this page.")
    total: int = Field(description="Hits in all.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page.")


class HistoryPage(Model):
    """A page of an asset's versions, newest first."""

    asset_id: str = Field(description="Asset id.")
    versions: tuple[VersionEntry, ...] = Field(description="Versions on this page, newest first.")
    next_before: int | None = Field(default=None, description="Pass as `before` for older versions.")


class VersionDiff(Model):
    """Differences between two versions of an asset."""

    asset_id: str = Field(description="Asset id.")
    from_version: int = Field(description="Older version.")
    to_version: int = Field(description="Newer version.")
    diff: DefinitionDiff = Field(description="Columns added, removed, changed from the older to the newer.")


class EventSummary(Model):
    """An event as listed by an index."""

    event_id: str = Field(description="Event id.")
    type: str = Field(description="CloudEvents type.")
    topic: str = Field(description="Topic.")
    partition: int = Field(description="Partition.")
    offset: int = Field(description="Offset.")
    occurred_at: datetime = Field(description="When.")
    tenant: str | None = Field(default=None, description="Tenant.")
    job_id: str | None = Field(default=None, description="Job.")
    asset_id: str | None = Field(default=None, description="Asset.")
    correlation_id: str | None = Field(default=None, description="Correlation.")
    causation_id: str | None = Field(default=None, description="Cause.")
    payload: dict[str, Any] = Field(description="The message.")


class EventPage(Model):
    """A page of events, newest first."""

    items: tuple[EventSummary, ...] = Field(description="Events.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for older events.")


class JobPage(Model):
    """Jobs, newest day first."""

    items: tuple[JobView, ...] = Field(description="Jobs.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for older jobs.")


class JobDetail(Model):
    """A job with the counts observed from its per-asset outcomes."""

    job: JobView = Field(description="The job.")
    observed: OutcomeCounts = Field(description="Assets per outcome, from the outcome events stored.")
    duration_seconds: float | None = Field(default=None, description="Start to finish.")


class OutcomePage(Model):
    """Per-asset outcomes of a job, by subject."""

    items: tuple[OutcomeEntry, ...] = Field(description="Outcomes.")
    total: int = Field(description="Outcomes matching.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page.")


class ProvenanceStep(Model):
    """One link of a Glue table's provenance chain."""

    role: str = Field(description="glue-result, approval, glue-command, asset-change.")
    event: EventRef | None = Field(default=None, description="The event of this step.")
    detail: dict[str, Any] = Field(default_factory=dict, description="What this step contributes.")


class Provenance(Model):
    """Source hash → asset-change event → mapping decision and rule set → Glue VersionId → approval."""

    table: str = Field(description="`{database}.{table}`.")
    asset_id: str | None = Field(default=None, description="Source asset.")
    version_id: str | None = Field(default=None, description="Glue VersionId written.")
    source_hash: str | None = Field(default=None, description="Content hash it was built from.")
    rule_set_version: str | None = Field(default=None, description="Rule set of the mapping.")
    approval_id: str | None = Field(default=None, description="Approval, when one was needed.")
    operator: str | None = Field(default=None, description="Operator who approved.")
    steps: tuple[ProvenanceStep, ...] = Field(description="The chain, newest first.")
    complete: bool = Field(description="Every link from the Glue write back to the asset change was found.")


class KpiReport(Model):
    """KPIs for a time window."""

    minutes: tuple[KpiMinute, ...] = Field(description="Counters per minute (only minutes with events).")
    events: int = Field(description="Events in the window.")
    failures: int = Field(description="Failures in the window.")
    dead_letters: int = Field(description="Dead letters in the window.")
    assets: int = Field(description="Assets currently known (not deleted).")
    assets_by_kind: dict[str, int] = Field(description="Assets per kind.")
    last_sync_per_space: dict[str, str | None] = Field(
        description="Latest Glue acknowledgement per space (a space name of several tenants: the latest of them)."
    )
    last_sync_per_tenant: dict[str, dict[str, str | None]] = Field(
        default_factory=dict, description="Latest Glue acknowledgement per tenant, then per space."
    )


class PlanList(Model):
    """Dry-run plans of a job."""

    items: tuple[PlanView, ...] = Field(description="Plans.")


class ApprovalList(Model):
    """Held changes and approvals."""

    items: tuple[ApprovalView, ...] = Field(description="Approvals.")


class ConflictList(Model):
    """Glue tables with an open conflict."""

    items: tuple[ConflictView, ...] = Field(description="Conflicts.")


class DeadLetterPage(Model):
    """Dead letters, newest first."""

    items: tuple[DeadLetterView, ...] = Field(description="Dead letters.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for older ones.")


class OpenLineageExport(Model):
    """OpenLineage 2-0-2 DatasetEvents (JSON objects as the spec defines them) for one page of assets."""

    events: tuple[dict[str, Any], ...] = Field(description="DatasetEvents with schema and columnLineage facets.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page of assets.")
