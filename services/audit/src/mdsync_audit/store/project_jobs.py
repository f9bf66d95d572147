"""Writes of the job views: the job document, its per-asset outcome shards, and the jobs-per-day listing."""

from __future__ import annotations

from mdsync_audit.core.jobs import (
    JobEvent,
    JobView,
    OutcomeBucket,
    OutcomeEntry,
    apply_job_event,
    apply_outcome_entry,
    outcome_bucket_id,
    shard_of,
)
from mdsync_audit.core.stored import StoredEvent, day_of
from mdsync_audit.store import schema, sets
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_audit.store.docs import modify
from mdsync_contracts.jobs import JobRequested, JobStarted

JOBS_BY_DAY = "jobs-day:"


class JobProjector:
    """Keeps the job documents current."""

    def __init__(self, db: BulkDatabase, outcome_shards: int) -> None:
        self.db = db
        self.outcome_shards = outcome_shards

    async def job_event(self, event: StoredEvent, message: JobEvent) -> None:
        """Fold a job-lifecycle event into its job; list the job under its day when it is requested or started."""
        if isinstance(message, JobRequested | JobStarted):
            await sets.write(
                self.db[schema.SETS], [sets.add_op(JOBS_BY_DAY + day_of(event.occurred_at), 0, message.job_id)]
            )
        await modify(self.db[schema.JOBS], JobView, message.job_id, lambda v: apply_job_event(v, event, message))

    async def outcome(self, event: StoredEvent, entry: OutcomeEntry) -> None:
        """Record one asset's outcome in its job."""
        if event.job_id is None:
            return
        job_id = event.job_id
        shard = shard_of(entry.subject, self.outcome_shards)
        await modify(
            self.db[schema.OUTCOMES],
            OutcomeBucket,
            outcome_bucket_id(job_id, shard),
            lambda b: apply_outcome_entry(b, job_id, shard, entry),
        )
