"""Runs queued jobs: most urgent first, at most ``concurrency`` at a time; cancels between assets."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from mdsync_contracts.jobs import JobStatus, Priority
from mdsync_extractor.accountant import Accountant
from mdsync_extractor.core.jobs import CancelEffect, JobPhase, JobRecord, cancel_effect
from mdsync_extractor.core.queue import JobQueue
from mdsync_extractor.state.jobs import JobStore

log = logging.getLogger(__name__)
RunJob = Callable[[JobRecord, asyncio.Event], Awaitable[None]]


class JobScheduler:
    """The priority queue, the concurrency limit and the running jobs' cancel switches (one per tenant)."""

    def __init__(
        self,
        jobs: JobStore,
        accountant: Accountant,
        run_job: RunJob,
        concurrency: int,
        owns: Callable[[JobRecord], bool] = lambda job: True,
    ) -> None:
        self.jobs = jobs
        self.owns = owns
        self.accountant = accountant
        self.run_job = run_job
        self.concurrency = concurrency
        self.queue = JobQueue()
        self._cancels: dict[str, asyncio.Event] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._wakeup = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None

    @property
    def running(self) -> frozenset[str]:
        """Ids of the jobs running now."""
        return frozenset(self._cancels)

    async def start(self) -> None:
        """Take over queued jobs from before a restart, fail interrupted ones, and start dispatching."""
        for job in await self.jobs.in_phases([JobPhase.QUEUED, JobPhase.RUNNING]):
            if not self.owns(job):  # another tenant's scheduler takes it over
                continue
            if job.phase is JobPhase.QUEUED:
                self.submit(job.job_id, job.spec.priority)
                continue
            reason = "interrupted: the extractor stopped while the job was running; request it again"
            await self.accountant.finish(job.job_id, (JobPhase.RUNNING,), JobStatus.FAILED, reason)
        self._loop = asyncio.create_task(self._dispatch(), name="extractor-job-scheduler")

    async def stop(self) -> None:
        """Stop dispatching and cancel the running jobs' tasks."""
        tasks = [t for t in (self._loop, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def submit(self, job_id: str, priority: Priority) -> None:
        """Queue a job (a duplicate or running job is ignored)."""
        if job_id in self._cancels:
            return
        if self.queue.push(job_id, priority):
            self._wakeup.set()

    async def cancel(self, job_id: str, reason: str) -> JobRecord | None:
        """Ask a job to stop: a queued one ends now, a running one between assets; None if unknown."""
        job = await self.jobs.request_cancel(job_id, reason)
        if job is None:
            return None
        effect = cancel_effect(job.phase)
        if effect is CancelEffect.STOP_BETWEEN_ASSETS and job_id in self._cancels:
            self._cancels[job_id].set()
        elif effect is CancelEffect.FINISH_NOW:
            self.queue.remove(job_id)
            phases = (JobPhase.QUEUED, JobPhase.ACCOUNTING)
            await self.accountant.finish(job_id, phases, JobStatus.CANCELLED, job.reason or reason)
        return await self.jobs.get(job_id)

    async def _dispatch(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while len(self._cancels) < self.concurrency and (job_id := self.queue.pop()) is not None:
                job = await self.jobs.claim_start(job_id)
                if job is None:  # cancelled or started elsewhere meanwhile
                    continue
                self._cancels[job_id] = asyncio.Event()
                task = asyncio.create_task(self._run(job), name=f"extractor-job-{job_id}")
                self._tasks.add(task)

    async def _run(self, job: JobRecord) -> None:
        try:
            await self.run_job(job, self._cancels[job.job_id])
        finally:
            self._cancels.pop(job.job_id, None)
            self._tasks.discard(asyncio.current_task())
            self._wakeup.set()
