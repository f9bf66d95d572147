"""The job's exactly-once count guard: ms per counted outcome at N outcomes, sharded guard vs one job document.

`uv run python -m bench.count_guard_bench [--sizes 1000 10000] [--sample 300]` (needs the devstack's store).
For each N the job is filled with N - sample counted assets directly (as the counts would have left it), then the
last ``sample`` outcomes are counted and timed: through `JobStore.count` (probe, shard update, summed read of the
job and its shards) and through the old single-document guard (`$addToSet` of the asset id into the job document
in the same update as the `$inc`, the job read back), on the same store in the same run. Also the largest document
each layout leaves at N (BSON bytes), which the sharded layout bounds to about N / SHARDS ids.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import bson
from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from mdsync_contracts.jobs import Outcome
from mdsync_extractor.core.jobs import JobPhase, JobRecord, JobSpec
from mdsync_extractor.state import open_state
from mdsync_extractor.state.job_counts import COUNT_GUARD, SHARD_OF, SHARDS, shard_id, shard_ids
from mdsync_extractor.state.jobs import JobStore
from mdsync_runtime import ports
from mdsync_runtime.store import Document, connect_store

Count = Callable[[str], Awaitable[object]]


def asset(n: int) -> str:
    """The n-th asset id of the benchmark's job."""
    return f"bench/SPACE_{n % 7}/OBJECT_{n:06d}"


def new_job(job_id: str) -> JobRecord:
    """A job in accounting, as counts arrive."""
    return JobRecord(job_id=job_id, spec=JobSpec(), created_at=datetime.now(UTC), phase=JobPhase.ACCOUNTING)


async def fill_sharded(jobs: JobStore, job_id: str, counted: int) -> None:
    """A sharded job with ``counted`` assets counted as created."""
    await jobs.create(new_job(job_id))
    groups: dict[str, list[str]] = defaultdict(list)
    for n in range(counted):
        groups[shard_id(job_id, asset(n))].append(asset(n))
    shards = [
        {"_id": k, SHARD_OF: job_id, "counts": {"created": len(ids)}, COUNT_GUARD: ids} for k, ids in groups.items()
    ]
    if shards:
        await jobs.counts.insert_many(shards)


async def fill_single(collection: AsyncCollection[Document], job_id: str, counted: int) -> None:
    """A job of the old layout with ``counted`` assets counted inline."""
    guard = [asset(n) for n in range(counted)]
    doc = {**new_job(job_id).model_dump(mode="json"), "counts": {"created": counted}, COUNT_GUARD: guard}
    await collection.insert_one({"_id": job_id, **doc})


def single_count(collection: AsyncCollection[Document], job_id: str) -> Count:
    """The old count: guard and count in the job document, the job read back."""

    async def count(asset_id: str) -> JobRecord | None:
        doc = await collection.find_one_and_update(
            {"_id": job_id, COUNT_GUARD: {"$ne": asset_id}},
            {"$inc": {f"counts.{Outcome.CREATED.value}": 1}, "$addToSet": {COUNT_GUARD: asset_id}},
            projection={COUNT_GUARD: 0},
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else JobRecord.model_validate(doc)

    return count


async def timed(count: Count, first: int, last: int) -> list[float]:
    """Milliseconds of each count of assets ``first`` .. ``last - 1``; fails if one was not counted."""
    times = []
    for n in range(first, last):
        started = time.perf_counter()
        if await count(asset(n)) is None:
            raise SystemExit(f"asset {n} was not counted")
        times.append((time.perf_counter() - started) * 1000)
    return times


async def largest_doc(collection: AsyncCollection[Document], ids: list[str]) -> int:
    """BSON size of the largest of ``ids``' documents."""
    docs = await collection.find({"_id": {"$in": ids}}).to_list()
    return max(len(bson.encode(doc)) for doc in docs)


def summary(times: list[float]) -> str:
    """Mean, p50 and p95 of ``times`` in ms."""
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"mean {statistics.fmean(times):6.2f}  p50 {statistics.median(times):6.2f}  p95 {p95:6.2f} ms"


async def measure(jobs: JobStore, size: int, sample: int) -> None:
    """Count the last ``sample`` of ``size`` outcomes both ways; print ms per count and the largest document."""
    start = max(0, size - sample)
    single_id, sharded_id = f"job-single-{size}", f"job-sharded-{size}"
    await fill_single(jobs.collection, single_id, start)
    await fill_sharded(jobs, sharded_id, start)
    single = await timed(single_count(jobs.collection, single_id), start, size)
    sharded = await timed(lambda asset_id: jobs.count(sharded_id, Outcome.CREATED, asset_id), start, size)
    job = await jobs.get(sharded_id)
    if job is None or job.counts.total != size:
        raise SystemExit(f"sharded job counted {job and job.counts.total}, expected {size}")
    single_doc = await largest_doc(jobs.collection, [single_id])
    largest_shard = await largest_doc(jobs.counts, shard_ids([sharded_id]))
    print(f"N={size:6d}  single document  {summary(single)}  largest doc {single_doc:9d} B")
    print(f"N={size:6d}  {SHARDS} shards        {summary(sharded)}  largest doc {largest_shard:9d} B")
    print(f"N={size:6d}  single/sharded mean ratio {statistics.fmean(single) / statistics.fmean(sharded):.1f}x")


async def main(sizes: list[int], sample: int) -> None:
    """Run the comparison at every size on a database of its own (dropped after)."""
    client = connect_store(ports.mongo_url())
    name = f"test_{int(time.time()):08x}{uuid.uuid4().hex[:6]}"  # the isolation naming: pruned if left behind
    try:
        jobs = open_state(client[name]).jobs
        print(f"count guard benchmark: last {sample} of N outcomes of one job counted, store {ports.mongo_url()}")
        for size in sizes:
            await measure(jobs, size, sample)
    finally:
        await client.drop_database(name)
        await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--sample", type=int, default=300, help="Counts timed at each size")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sizes, arguments.sample))
