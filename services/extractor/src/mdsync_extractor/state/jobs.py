"""Jobs (`_id` = job id): phase and results, every phase change a conditional, atomic update; counts in shards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mdsync_contracts.jobs import JobStatus, Outcome
from mdsync_extractor.core.jobs import JobPhase, JobRecord, SpaceError
from mdsync_extractor.core.polling import SpacePoll
from mdsync_extractor.state.job_counts import COUNT_GUARD, SHARD_OF, add_once, by_job, shard_ids, summed
from mdsync_runtime.store import Document

# Fields read from job and shard documents. Named, not "all but the guard": the store copies a whole document
# before it drops excluded fields, which made every read cost the size of the guards.
READ = dict.fromkeys(JobRecord.model_fields, 1)
READ_SHARD = {"counts": 1, SHARD_OF: 1}


class JobStore:
    """Creates, reads and moves jobs through their phases; their counts are in shards of a collection of their own."""

    def __init__(self, collection: AsyncCollection[Document], counts: AsyncCollection[Document]) -> None:
        self.collection = collection
        self.counts = counts

    async def create(self, job: JobRecord) -> bool:
        """Store a new job; False when a job with that id exists already."""
        try:
            await self.collection.insert_one({"_id": job.job_id, **job.model_dump(mode="json", exclude={"counts"})})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, job_id: str) -> JobRecord | None:
        """The job with its counts, or None."""
        job = await self.collection.find_one({"_id": job_id}, READ)
        return None if job is None else (await self._with_counts([job]))[0]

    async def recent(self, limit: int = 50) -> list[JobRecord]:
        """The newest jobs first."""
        cursor = self.collection.find({}, READ).sort("created_at", DESCENDING).limit(limit)
        return await self._with_counts(await cursor.to_list())

    async def in_phases(self, phases: Iterable[JobPhase]) -> list[JobRecord]:
        """Every job in one of ``phases``."""
        cursor = self.collection.find({"phase": {"$in": [phase.value for phase in phases]}}, READ)
        return await self._with_counts(await cursor.to_list())

    async def claim_start(self, job_id: str) -> JobRecord | None:
        """Move a queued job that nobody cancelled to running; None when it is not (or no longer) startable."""
        changes = {"phase": JobPhase.RUNNING.value, "started_at": _now()}
        return await self._move(job_id, {"phase": JobPhase.QUEUED.value, "cancel_requested": False}, changes)

    async def set_planned(self, job_id: str, planned: int) -> JobRecord | None:
        """Record how many assets the run expects to account for."""
        return await self._move(job_id, {}, {"planned": planned})

    async def record_polls(self, job_id: str, polls: Iterable[SpacePoll]) -> None:
        """Record what change detection found per listed space (adaptive polling learns from it)."""
        await self._move(job_id, {}, {"polls": [poll.model_dump(mode="json") for poll in polls]})

    async def enter_accounting(
        self,
        job_id: str,
        expected: int,
        space_errors: Iterable[SpaceError],
        reason: str | None = None,
        phase_seconds: dict[str, float] | None = None,
    ) -> JobRecord | None:
        """The run dispatched ``expected`` assets; from now on the job finishes when all are counted."""
        changes: dict[str, Any] = {
            "phase": JobPhase.ACCOUNTING.value,
            "expected": expected,
            "run_ended_at": _now(),
            "space_errors": [error.model_dump(mode="json") for error in space_errors],
            "phase_seconds": phase_seconds or {},
        }
        if reason is not None:
            changes["reason"] = reason
        return await self._move(job_id, {"phase": JobPhase.RUNNING.value}, changes)

    async def count(self, job_id: str, outcome: Outcome, asset_id: str) -> JobRecord | None:
        """Add ``asset_id`` in ``outcome`` to the job's counts, once; the job after, or None if unknown or counted.

        The count and the record of which assets it holds change in one (shard) document update, so a retry after
        a lost acknowledgement (the store went away mid-write) can neither lose nor repeat the count.
        """
        # The job exists, and did not count the asset inline before counts were sharded.
        if await self.collection.find_one({"_id": job_id, COUNT_GUARD: {"$ne": asset_id}}, {"_id": 1}) is None:
            return None
        if not await add_once(self.counts, job_id, outcome, asset_id):
            return None
        return await self.get(job_id)  # read after the write: a concurrent phase change sees it, or it sees that

    async def request_cancel(self, job_id: str, reason: str) -> JobRecord | None:
        """Mark the job as asked to stop (the first reason is kept); the job after, or None if unknown."""
        await self._move(job_id, {"cancel_requested": False}, {"reason": reason})
        return await self._move(job_id, {}, {"cancel_requested": True})

    async def claim_finish(
        self, job_id: str, from_phases: Iterable[JobPhase], status: JobStatus, reason: str | None
    ) -> JobRecord | None:
        """Finish the job if it is in one of ``from_phases``; None when someone else finished it first."""
        changes = {"phase": JobPhase.FINISHED.value, "status": status.value, "reason": reason, "finished_at": _now()}
        phases = {"$in": [phase.value for phase in from_phases]}
        return await self._move(job_id, {"phase": phases}, changes)

    async def _move(self, job_id: str, condition: dict[str, Any], changes: dict[str, Any]) -> JobRecord | None:
        doc = await self.collection.find_one_and_update(
            {"_id": job_id, **condition},
            {"$set": changes},
            projection=READ,
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else (await self._with_counts([doc]))[0]

    async def _with_counts(self, jobs: list[Document]) -> list[JobRecord]:
        ids = shard_ids(job["_id"] for job in jobs)
        shards = by_job(await self.counts.find({"_id": {"$in": ids}}, READ_SHARD).to_list()) if ids else {}
        return [_record(job, [job, *shards.get(job["_id"], [])]) for job in jobs]


def _record(job: Document, counted: list[Document]) -> JobRecord:
    """The job document as a record, its counts summed over ``counted`` (its shards and itself)."""
    return JobRecord.model_validate(job).model_copy(update={"counts": summed(counted)})


def _now() -> str:
    # ISO text, like the rest of the document (written with model_dump(mode="json")).
    return datetime.now(UTC).isoformat()
