"""Jobs (`_id` = job id): phase, counts and results; every phase change is a conditional, atomic update."""

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
from mdsync_runtime.store import Document

COUNT_GUARD = "counted_assets"
COUNT_GUARD_HIDDEN = {COUNT_GUARD: 0}


class JobStore:
    """Creates, reads and moves jobs through their phases."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def create(self, job: JobRecord) -> bool:
        """Store a new job; False when a job with that id exists already."""
        try:
            await self.collection.insert_one({"_id": job.job_id, **job.model_dump(mode="json")})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, job_id: str) -> JobRecord | None:
        """The job, or None."""
        return _job(await self.collection.find_one({"_id": job_id}, COUNT_GUARD_HIDDEN))

    async def recent(self, limit: int = 50) -> list[JobRecord]:
        """The newest jobs first."""
        cursor = self.collection.find({}, COUNT_GUARD_HIDDEN).sort("created_at", DESCENDING).limit(limit)
        return [JobRecord.model_validate(doc) async for doc in cursor]

    async def in_phases(self, phases: Iterable[JobPhase]) -> list[JobRecord]:
        """Every job in one of ``phases``."""
        cursor = self.collection.find({"phase": {"$in": [phase.value for phase in phases]}}, COUNT_GUARD_HIDDEN)
        return [JobRecord.model_validate(doc) async for doc in cursor]

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

        The count and the record of which assets it holds change in one document update, so a retry after a
        lost acknowledgement (the store went away mid-write) can neither lose nor repeat the count.
        """
        doc = await self.collection.find_one_and_update(
            {"_id": job_id, COUNT_GUARD: {"$ne": asset_id}},
            {"$inc": {f"counts.{outcome.value}": 1}, "$addToSet": {COUNT_GUARD: asset_id}},
            projection=COUNT_GUARD_HIDDEN,
            return_document=ReturnDocument.AFTER,
        )
        return _job(doc)

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
            projection=COUNT_GUARD_HIDDEN,
            return_document=ReturnDocument.AFTER,
        )
        return _job(doc)


def _job(doc: Document | None) -> JobRecord | None:
    return None if doc is None else JobRecord.model_validate(doc)


def _now() -> str:
    # ISO text, like the rest of the document (written with model_dump(mode="json")).
    return datetime.now(UTC).isoformat()
