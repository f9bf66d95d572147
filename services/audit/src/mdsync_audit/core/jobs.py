"""The job view: a job's life and its per-asset outcomes (in hash-sharded buckets), as pure reducers."""

from __future__ import annotations

import zlib
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.stored import Doc, StoredEvent
from mdsync_contracts.jobs import (
    JobCancelRequested,
    JobFinished,
    JobProgress,
    JobRequested,
    JobScope,
    JobStarted,
    OutcomeCounts,
)

_RANK = {"requested": 0, "running": 1}
JobEvent = JobRequested | JobStarted | JobProgress | JobCancelRequested | JobFinished


class JobView(Doc):
    """One sync job: who asked, what it covers, how far it got, how it ended."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    status: str = Field(default="requested", description="requested, running, succeeded, failed, cancelled, timed_out.")
    tenant: str | None = Field(default=None, description="Tenant of its events (None: stored before it was kept).")
    requester: str | None = Field(default=None, description="Who asked for it.")
    scope: JobScope | None = Field(default=None, description="Spaces and assets it covers.")
    priority: str | None = Field(default=None, description="Queue priority.")
    mode: str | None = Field(default=None, description="full or incremental.")
    dry_run: bool = Field(default=False, description="Plan only.")
    schedule_id: str | None = Field(default=None, description="Schedule that requested it.")
    requested_at: datetime | None = Field(default=None, description="When it was requested.")
    started_at: datetime | None = Field(default=None, description="When it started.")
    finished_at: datetime | None = Field(default=None, description="When it finished.")
    planned_assets: int | None = Field(default=None, description="Assets it will account for.")
    reported: OutcomeCounts | None = Field(default=None, description="Counts last reported by the job itself.")
    reported_at: datetime | None = Field(default=None, description="When those counts were reported.")
    reason: str | None = Field(default=None, description="Why it failed, was cancelled or timed out.")
    cancel_requested_by: str | None = Field(default=None, description="Who asked to cancel it.")
    applied: tuple[str, ...] = Field(default=(), description="Job events reflected here (bounded by a job's life).")

    @property
    def duration_seconds(self) -> float | None:
        """Seconds from start to finish, when both are known."""
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


def apply_job_event(view: JobView | None, event: StoredEvent, message: JobEvent) -> JobView | None:
    """Fold one job-lifecycle event into the job; None when already reflected."""
    current = view or JobView(id=message.job_id)
    if event.id in current.applied:
        return None
    update: dict[str, object] = {"applied": (*current.applied, event.id), "tenant": current.tenant or event.tenant}
    at = event.occurred_at
    if isinstance(message, JobRequested):
        update |= {
            "requester": message.requester,
            "scope": message.scope,
            "priority": message.priority.value,
            "mode": current.mode or message.mode.value,
            "dry_run": message.dry_run,
            "schedule_id": message.schedule_id,
            "requested_at": at,
        }
    elif isinstance(message, JobStarted):
        update |= {"started_at": at, "planned_assets": message.planned_assets, "mode": message.mode.value}
        update["dry_run"] = current.dry_run or message.dry_run
    elif isinstance(message, JobProgress):
        update |= _reported(current, at, message.counts, message.planned_assets)
    elif isinstance(message, JobCancelRequested):
        update |= {"cancel_requested_by": message.requester, "reason": current.reason or message.reason}
    else:
        update |= {"finished_at": at, "reason": message.reason, "status": message.status.value}
        update |= _reported(current, at, message.counts, message.planned_assets, final=True)
    update["status"] = _status(current.status, update.get("status"), message)
    return current.model_copy(update=update)


def _reported(
    view: JobView, at: datetime, counts: OutcomeCounts, planned: int, *, final: bool = False
) -> dict[str, object]:
    if not final and view.finished_at is not None:
        return {}
    if not final and view.reported_at is not None and view.reported_at > at:
        return {}
    return {"reported": counts, "reported_at": at, "planned_assets": planned}


def _status(current: str, finished: object, message: JobEvent) -> str:
    if isinstance(finished, str):
        return finished
    if current not in _RANK:  # already terminal: a late start or progress changes nothing
        return current
    proposed = "running" if isinstance(message, JobStarted | JobProgress) else "requested"
    return proposed if _RANK[proposed] > _RANK[current] else current


class OutcomeEntry(BaseModel):
    """The outcome of one asset (or Glue table) in a job."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(description="Asset id, or `glue:{database}.{table}` when the asset is unknown.")
    outcome: str = Field(description="Outcome.", examples=["created"])
    reason: str | None = Field(default=None, description="Why, when given.")
    glue_table: str | None = Field(default=None, description="Glue table it maps to.")
    decided_by: str | None = Field(default=None, description="Service or message type that decided it.")
    at: datetime = Field(description="When it was decided.")
    event_id: str = Field(description="Event that recorded it.")


class OutcomeBucket(Doc):
    """One shard of a job's per-asset outcomes, keyed `{job}|{shard}`; the latest outcome per subject wins."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    job_id: str = Field(description="The job.")
    shard: int = Field(description="Shard number.")
    entries: tuple[OutcomeEntry, ...] = Field(default=(), description="Latest outcome per subject, sorted by subject.")

    def counts(self) -> dict[str, int]:
        """Subjects per outcome in this shard."""
        found: dict[str, int] = {}
        for entry in self.entries:
            found[entry.outcome] = found.get(entry.outcome, 0) + 1
        return found


def shard_of(subject: str, shards: int) -> int:
    """Stable shard of a subject (crc32, not Python's salted hash)."""
    return zlib.crc32(subject.encode()) % shards


def outcome_bucket_id(job_id: str, shard: int) -> str:
    """Key of an outcome bucket."""
    return f"{job_id}|{shard:02d}"


def apply_outcome_entry(
    bucket: OutcomeBucket | None, job_id: str, shard: int, entry: OutcomeEntry
) -> OutcomeBucket | None:
    """Put ``entry`` into its bucket unless a newer outcome for the same subject is there."""
    current = bucket or OutcomeBucket(id=outcome_bucket_id(job_id, shard), job_id=job_id, shard=shard)
    kept = {e.subject: e for e in current.entries}
    old = kept.get(entry.subject)
    if old is not None and (old.at, old.event_id) >= (entry.at, entry.event_id):
        return None
    kept[entry.subject] = entry
    return current.model_copy(update={"entries": tuple(kept[s] for s in sorted(kept))})


def sum_counts(buckets: list[OutcomeBucket]) -> OutcomeCounts:
    """Counts per outcome over every shard of a job."""
    counts = OutcomeCounts()
    for bucket in buckets:
        for outcome, count in bucket.counts().items():
            counts = counts.model_copy(update={outcome: getattr(counts, outcome, 0) + count})
    return counts
