"""Job accounting against the store: each asset of a job counted once; the job finished exactly once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobStatus
from mdsync_extractor.core import events
from mdsync_extractor.core.accounting import CountedOutcome, final_status, is_complete
from mdsync_extractor.core.jobs import JobPhase, JobRecord
from mdsync_extractor.core.progress import ProgressThrottle
from mdsync_extractor.state import ExtractorState
from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import attributes
from mdsync_runtime.publisher import Publisher

log = logging.getLogger(__name__)


class Accountant:
    """Counts final outcomes, publishes throttled JobProgress, and JobFinished once every asset is counted."""

    def __init__(
        self,
        state: ExtractorState,
        publisher: Publisher,
        environment: Environment,
        tenant: str,
        throttle: ProgressThrottle,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = state
        self.publisher = publisher
        self.environment = environment
        self.tenant = tenant
        self.throttle = throttle
        self.clock = clock
        self._progress: dict[str, tuple[float, int]] = {}

    async def record(self, counted: CountedOutcome) -> None:
        """Count an asset's outcome once per job: the first final outcome wins, and a retry counts the winner."""
        result = counted.result
        if not await self.state.outcomes.record_first(counted.job_id, result):
            result = await self.state.outcomes.of_asset(counted.job_id, result.asset_id) or result
        job = await self.state.jobs.count(counted.job_id, result.outcome, result.asset_id)
        if job is not None:
            tenant = job.tenant or self.tenant
            instruments().asset_outcomes.add(1, attributes({"outcome": result.outcome.value, "tenant": tenant}))
        else:  # counted before (or an unknown job): the finish may still be due after an outage
            job = await self.state.jobs.get(counted.job_id)
        if job is not None:
            await self.check(job)

    async def check(self, job: JobRecord) -> None:
        """Finish a completely accounted job; otherwise report progress when due."""
        if is_complete(job):
            status, reason = final_status(job)
            await self.finish(job.job_id, (JobPhase.ACCOUNTING,), status, reason)
            return
        last_at, last_total = self._progress.get(job.job_id, (None, 0))
        now = self.clock()
        if job.phase is not JobPhase.FINISHED and self.throttle.due(last_at, last_total, now, job.counts.total):
            self._progress[job.job_id] = (now, job.counts.total)
            await self.publisher.publish(events.progress(job, self._envelope(job)))

    async def finish(
        self, job_id: str, from_phases: Iterable[JobPhase], status: JobStatus, reason: str | None
    ) -> JobRecord | None:
        """Finish the job once (whoever claims it first publishes JobFinished); None if it was not in those phases."""
        job = await self.state.jobs.claim_finish(job_id, from_phases, status, reason)
        if job is None:
            return None
        self._progress.pop(job_id, None)
        await self.publisher.publish(events.finished(job, self._envelope(job), status, reason))
        labels = {"status": status.value, "priority": job.spec.priority.value, "tenant": job.tenant or self.tenant}
        instruments().jobs_finished.add(1, attributes(labels))
        log.info("job finished", extra={"job_id": job_id, "status": status.value, "counted": job.counts.total})
        return job

    async def sweep_timeouts(self, timeout_seconds: float, now: datetime | None = None) -> list[str]:
        """Safety net: finish as timed_out every job still not fully accounted ``timeout_seconds`` after its run."""
        cutoff = (now or datetime.now(UTC)) - timedelta(seconds=timeout_seconds)
        timed_out = []
        for job in await self.state.jobs.in_phases([JobPhase.ACCOUNTING]):
            if job.run_ended_at is None or job.run_ended_at > cutoff:
                continue
            reason = (
                f"safety-net timeout: {job.counts.total} of {job.expected} assets accounted "
                f"{timeout_seconds:.0f}s after the run ended"
            )
            if await self.finish(job.job_id, (JobPhase.ACCOUNTING,), JobStatus.TIMED_OUT, reason):
                timed_out.append(job.job_id)
        return timed_out

    def _envelope(self, job: JobRecord) -> events.Envelope:
        return events.envelope_of(job, self.environment, job.tenant or self.tenant)
