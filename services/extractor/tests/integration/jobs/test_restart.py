"""After a restart the scheduler takes over queued jobs and ends the ones that were running as failed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from mdsync_extractor.core.jobs import JobPhase, JobRecord, JobSpec
from mdsync_extractor.scheduler import JobScheduler

pytestmark = pytest.mark.integration


async def test_restart_takes_over_queued_jobs_and_fails_interrupted_ones(make_stack: Any) -> None:
    stack = await make_stack()
    state, accountant = stack.extractor.state, stack.extractor.accountant
    now = datetime.now(UTC)
    await state.jobs.create(JobRecord(job_id="job-queued", spec=JobSpec(), created_at=now))
    await state.jobs.create(JobRecord(job_id="job-running", spec=JobSpec(), created_at=now, phase=JobPhase.RUNNING))
    ran: list[str] = []
    done = asyncio.Event()

    async def run(job: JobRecord, cancel: asyncio.Event) -> None:
        ran.append(job.job_id)
        done.set()

    scheduler = JobScheduler(state.jobs, accountant, run, concurrency=1)
    await scheduler.start()
    try:
        await asyncio.wait_for(done.wait(), timeout=30)
    finally:
        await scheduler.stop()
    assert ran == ["job-queued"]
    interrupted = await stack.job("job-running")
    assert interrupted["status"] == "failed"
    assert interrupted["reason"].startswith("interrupted")
