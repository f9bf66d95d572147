"""The messages the extractor publishes, built from its own models (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from mdsync_contracts.assets import AssetDeleted, AssetUpserted, DeletionReason
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import AssetOutcome, JobFinished, JobProgress, JobStarted, JobStatus, Outcome
from mdsync_extractor.core.changes import Deletion, Upsert
from mdsync_extractor.core.jobs import JobRecord

SERVICE = "extractor"


@dataclass(frozen=True)
class Envelope:
    """The envelope fields every message of one job shares."""

    environment: Environment
    tenant: str
    job_id: str | None
    causation_id: UUID | None = None
    initiated_by: str | None = None

    def fields(self, asset_id: str | None = None) -> dict[str, Any]:
        """Keyword arguments for a message's envelope."""
        return {
            "environment": self.environment,
            "tenant": self.tenant,
            "job_id": self.job_id,
            "causation_id": self.causation_id,
            "asset_id": asset_id,
            "initiated_by": self.initiated_by,
        }


def envelope_of(job: JobRecord, environment: Environment, tenant: str) -> Envelope:
    """The envelope of ``job``'s messages; caused by its JobRequested when known."""
    causation = UUID(job.request_event_id) if job.request_event_id else None
    return Envelope(environment, tenant, job.job_id, causation, job.spec.requester)


def upserted(upsert: Upsert, envelope: Envelope) -> AssetUpserted:
    """AssetUpserted for one planned upsert."""
    return AssetUpserted(
        **envelope.fields(upsert.definition.asset_id),
        definition=upsert.definition,
        content_hash=upsert.content_hash,
        previous_hash=upsert.previous_hash,
        change=upsert.change,
    )


def deleted(
    deletion: Deletion, envelope: Envelope, reason: DeletionReason = DeletionReason.VANISHED, detail: str | None = None
) -> AssetDeleted:
    """AssetDeleted for one vanished (or approved) asset."""
    return AssetDeleted(
        **envelope.fields(deletion.asset_id),
        space=deletion.space,
        technical_name=deletion.technical_name,
        kind=deletion.kind,
        last_hash=deletion.last_hash,
        reason=reason,
        detail=detail,
    )


def outcome(envelope: Envelope, asset_id: str, result: Outcome, reason: str | None = None) -> AssetOutcome:
    """An outcome the extractor decides itself (unchanged, failed, held)."""
    assert envelope.job_id is not None, "outcomes belong to a job"
    return AssetOutcome(**envelope.fields(asset_id), outcome=result, reason=reason, decided_by=SERVICE)


def started(job: JobRecord, envelope: Envelope) -> JobStarted:
    """JobStarted, once the listing told how many assets the job covers."""
    return JobStarted(**envelope.fields(), planned_assets=job.planned, mode=job.spec.mode, dry_run=job.spec.dry_run)


def progress(job: JobRecord, envelope: Envelope) -> JobProgress:
    """JobProgress with the counts so far."""
    return JobProgress(**envelope.fields(), planned_assets=job.planned, counts=job.counts)


def finished(job: JobRecord, envelope: Envelope, status: JobStatus, reason: str | None) -> JobFinished:
    """JobFinished with the final counts."""
    return JobFinished(**envelope.fields(), status=status, planned_assets=job.planned, counts=job.counts, reason=reason)
