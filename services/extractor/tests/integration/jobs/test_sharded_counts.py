"""A job's counts live in bounded shard documents: exactly once, summed on every read, legacy inline counts kept."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from mdsync_contracts.jobs import JobStatus, Outcome, OutcomeCounts
from mdsync_extractor.core.jobs import JobPhase, JobRecord, JobSpec
from mdsync_extractor.state import open_state
from mdsync_extractor.state.jobs import JobStore
from mdsync_runtime import ports
from mdsync_runtime.store import Document, connect_store

pytestmark = pytest.mark.integration

ASSETS = [f"demo/SALES/T{n:03d}" for n in range(200)]


@pytest.fixture
async def jobs() -> AsyncIterator[JobStore]:
    client = connect_store(ports.mongo_url())
    name = f"test_{int(time.time()):08x}{uuid.uuid4().hex[:6]}"  # the isolation naming, so stale ones get pruned
    try:
        yield open_state(client[name]).jobs
    finally:
        await client.drop_database(name)
        await client.close()


async def new_job(jobs: JobStore, job_id: str = "job-1") -> JobRecord:
    job = JobRecord(job_id=job_id, spec=JobSpec(), created_at=datetime.now(UTC), phase=JobPhase.RUNNING)
    assert await jobs.create(job)
    return job


async def counts_of(jobs: JobStore, job_id: str) -> OutcomeCounts:
    job = await jobs.get(job_id)
    assert job is not None
    return job.counts


async def stored(jobs: JobStore) -> list[Document]:
    return [*await jobs.collection.find({}).to_list(), *await jobs.counts.find({}).to_list()]


async def test_counts_are_summed_and_no_document_holds_more_than_a_share_of_the_guard(jobs: JobStore) -> None:
    job = await new_job(jobs)
    for n, asset in enumerate(ASSETS):
        after = await jobs.count(job.job_id, Outcome.FAILED if n % 4 == 0 else Outcome.CREATED, asset)
        assert after is not None
        assert after.counts.total == n + 1

    counts = await counts_of(jobs, job.job_id)
    assert (counts.created, counts.failed, counts.total) == (150, 50, 200)
    largest_guard = max(len(doc.get("counted_assets", [])) for doc in await stored(jobs))
    assert largest_guard <= len(ASSETS) // 8


async def test_repeated_and_concurrent_counts_of_an_asset_count_it_once(jobs: JobStore) -> None:
    job = await new_job(jobs)
    attempts = [jobs.count(job.job_id, Outcome.UNCHANGED, asset) for asset in ASSETS[:40] * 3]

    results = await asyncio.gather(*attempts)

    assert sum(result is not None for result in results) == 40
    assert (await counts_of(jobs, job.job_id)).unchanged == 40
    assert await jobs.count(job.job_id, Outcome.CREATED, ASSETS[0]) is None


async def test_an_unknown_job_counts_nothing_and_stores_nothing(jobs: JobStore) -> None:
    assert await jobs.count("job-unknown", Outcome.CREATED, ASSETS[0]) is None
    assert await jobs.get("job-unknown") is None
    assert await stored(jobs) == []


async def test_a_job_counted_inline_before_sharding_keeps_its_counts_and_its_guard(jobs: JobStore) -> None:
    job = JobRecord(job_id="job-old", spec=JobSpec(), created_at=datetime.now(UTC), phase=JobPhase.ACCOUNTING)
    legacy = {**job.model_dump(mode="json"), "counts": {"created": 2}, "counted_assets": ASSETS[:2]}
    await jobs.collection.insert_one({"_id": job.job_id, **legacy})

    assert await jobs.count(job.job_id, Outcome.CREATED, ASSETS[1]) is None
    after = await jobs.count(job.job_id, Outcome.UPDATED, ASSETS[2])

    assert after is not None
    assert (after.counts.created, after.counts.updated, after.counts.total) == (2, 1, 3)


async def test_lists_and_phase_changes_carry_the_summed_counts_and_never_a_shard(jobs: JobStore) -> None:
    first, second = await new_job(jobs, "job-a"), await new_job(jobs, "job-b")
    for asset in ASSETS[:70]:
        await jobs.count(first.job_id, Outcome.CREATED, asset)
    await jobs.count(second.job_id, Outcome.HELD, ASSETS[0])
    await jobs.enter_accounting(first.job_id, expected=70, space_errors=[])

    recent = {job.job_id: job.counts.total for job in await jobs.recent()}
    accounting = [(job.job_id, job.counts.total) for job in await jobs.in_phases([JobPhase.ACCOUNTING])]
    finished = await jobs.claim_finish(first.job_id, [JobPhase.ACCOUNTING], JobStatus.SUCCEEDED, None)

    assert recent == {"job-a": 70, "job-b": 1}
    assert accounting == [("job-a", 70)]
    assert finished is not None
    assert finished.counts.created == 70
