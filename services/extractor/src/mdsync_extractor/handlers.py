"""Kafka handlers of the extractor: job commands to the scheduler, final outcomes to the accountant."""

from __future__ import annotations

from mdsync_contracts.deadletter import DeadLetter
from mdsync_contracts.glue import ChangeHeld, ChangePlanned, TableApplied, TableConflict, TableFailed
from mdsync_contracts.jobs import AssetOutcome, JobCancelRequested, JobRequested
from mdsync_contracts.topics import DEADLETTER, prefixed
from mdsync_extractor.commands import job_from_request
from mdsync_extractor.composition import STATE_KEY, Extractor, build_extractor
from mdsync_extractor.core.accounting import counted_outcome
from mdsync_extractor.core.jobs import JobPhase
from mdsync_extractor.tenancy import Lane, UnknownTenantError
from mdsync_runtime.errors import PermanentError
from mdsync_runtime.router import Delivery, Router
from mdsync_runtime.service import Runtime


def build_router(runtime: Runtime) -> Router:
    """Compose the extractor and register its handlers."""
    extractor = build_extractor(runtime)
    runtime.state[STATE_KEY] = extractor
    router = Router()
    dead_letter_topic = prefixed(DEADLETTER, runtime.common.topic_prefix)

    @router.on(JobRequested)
    async def queue_job(message: JobRequested, delivery: Delivery) -> None:
        _lane(extractor, message.tenant)  # an unknown tenant's job is dead-lettered, never stored
        await extractor.state.jobs.create(job_from_request(message))
        job = await extractor.state.jobs.get(message.job_id)
        if job is not None and job.phase is JobPhase.QUEUED and not job.cancel_requested:
            _lane(extractor, message.tenant).scheduler.submit(job.job_id, job.spec.priority)

    @router.on(JobCancelRequested)
    async def cancel_job(message: JobCancelRequested, delivery: Delivery) -> None:
        why = f"cancelled by {message.requester}" + (f": {message.reason}" if message.reason else "")
        await _lane(extractor, message.tenant).scheduler.cancel(message.job_id, why)

    @router.on(AssetOutcome, TableApplied, ChangePlanned, ChangeHeld, TableConflict, TableFailed)
    async def count_outcome(message: AssetOutcome, delivery: Delivery) -> None:
        await _count(extractor, message)

    @router.on(DeadLetter)
    async def count_dead_letter(message: DeadLetter, delivery: Delivery) -> None:
        if message.original_topic == dead_letter_topic:  # a dead letter of a dead letter: never loop
            return
        await _count(extractor, message)

    return router


async def _count(extractor: Extractor, message: AssetOutcome | DeadLetter) -> None:
    counted = counted_outcome(message)
    if counted is not None:
        await extractor.accountant.record(counted)


def _lane(extractor: Extractor, tenant: str) -> Lane:
    try:
        return extractor.lane(tenant)
    except UnknownTenantError as error:
        raise PermanentError(str(error)) from None
