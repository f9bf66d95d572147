"""People's (and schedules') commands: each one becomes an event on the jobs topic or the asset topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from mdsync_contracts.assets import DeletionReason
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobCancelRequested, JobRequested
from mdsync_extractor.core import events
from mdsync_extractor.core.changes import Deletion
from mdsync_extractor.core.jobs import JobRecord, JobSpec, new_job_id
from mdsync_extractor.state import ExtractorState
from mdsync_extractor.state.holds import HeldDeletion
from mdsync_runtime.publisher import Publisher


class UnknownError(LookupError):
    """The job or hold named does not exist."""


@dataclass(frozen=True)
class Commands:
    """Turns commands into stored state plus the events that announce them."""

    state: ExtractorState
    publisher: Publisher
    environment: Environment
    tenant: str

    async def request_job(self, spec: JobSpec) -> JobRecord:
        """Store a queued job and publish JobRequested (the extractor's own consumer queues it)."""
        now = datetime.now(UTC)
        message = JobRequested(
            environment=self.environment,
            tenant=spec.tenant or self.tenant,
            job_id=new_job_id(now),
            requester=spec.requester,
            scope=spec.scope,
            priority=spec.priority,
            mode=spec.mode,
            dry_run=spec.dry_run,
            schedule_id=spec.schedule_id,
        )
        job = job_from_request(message, now)
        await self.state.jobs.create(job)
        await self.publisher.publish(message)
        return job

    async def cancel_job(self, job_id: str, requester: str, reason: str | None) -> JobRecord:
        """Publish JobCancelRequested for an existing job (UnknownError otherwise)."""
        job = await self.state.jobs.get(job_id)
        if job is None:
            raise UnknownError(f"no job {job_id!r}")
        message = JobCancelRequested(
            environment=self.environment, tenant=self.tenant, job_id=job_id, requester=requester, reason=reason
        )
        await self.publisher.publish(message)
        return job

    async def approve_hold(self, hold_id: str, approver: str) -> HeldDeletion:
        """Publish the held deletions as AssetDeleted(approved_after_hold), then forget those assets."""
        hold = await self.state.holds.claim_approval(hold_id, approver)
        if hold is None:
            existing = await self.state.holds.get(hold_id)
            if existing is None:
                raise UnknownError(f"no held deletion {hold_id!r}")
            return existing
        envelope = events.Envelope(self.environment, self.tenant, job_id=None)
        detail = f"approved by {approver} ({hold_id})"
        deletions = [Deletion(**asset.model_dump()) for asset in hold.assets]
        try:
            await self.publisher.publish_many(
                [events.deleted(d, envelope, DeletionReason.APPROVED_AFTER_HOLD, detail) for d in deletions]
            )
        except BaseException:
            await self.state.holds.reopen(hold_id)
            raise
        await self.state.seen.forget(a.asset_id for a in hold.assets)
        return hold


def job_from_request(message: JobRequested, now: datetime | None = None) -> JobRecord:
    """The queued job a JobRequested asks for."""
    spec = JobSpec(
        scope=message.scope,
        priority=message.priority,
        mode=message.mode,
        dry_run=message.dry_run,
        requester=message.requester,
        schedule_id=message.schedule_id,
    )
    return JobRecord(
        job_id=message.job_id,
        spec=spec,
        tenant=message.tenant,
        request_event_id=str(message.event_id),
        created_at=now or message.occurred_at,
    )
