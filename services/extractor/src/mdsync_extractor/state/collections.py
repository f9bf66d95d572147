"""The extractor's collections, their indexes, and one object that holds every store."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_extractor.state.holds import HeldDeletionStore
from mdsync_extractor.state.jobs import JobStore
from mdsync_extractor.state.outcomes import OutcomeStore
from mdsync_extractor.state.polling import PollingStore
from mdsync_extractor.state.schedules import ScheduleStore
from mdsync_extractor.state.seen import SeenStore
from mdsync_runtime.store import Document


@dataclass(frozen=True)
class ExtractorState:
    """Every store of the extractor, on one database."""

    jobs: JobStore
    outcomes: OutcomeStore
    seen: SeenStore
    holds: HeldDeletionStore
    schedules: ScheduleStore
    polling: PollingStore


def open_state(db: AsyncDatabase[Document]) -> ExtractorState:
    """The stores on ``db`` (collections are created lazily)."""
    return ExtractorState(
        jobs=JobStore(db["extractor_jobs"], db["extractor_job_counts"]),
        outcomes=OutcomeStore(db["extractor_job_assets"]),
        seen=SeenStore(db["extractor_seen_assets"]),
        holds=HeldDeletionStore(db["extractor_held_deletions"]),
        schedules=ScheduleStore(db["extractor_schedules"]),
        polling=PollingStore(db["extractor_polling"], db["extractor_polling_calls"]),
    )


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Declare the secondary indexes real MongoDB uses (the devstack's store ignores them)."""
    await db["extractor_jobs"].create_index([("created_at", DESCENDING)])
    await db["extractor_jobs"].create_index([("phase", ASCENDING)])
    await db["extractor_job_assets"].create_index([("job_id", ASCENDING)])
    await db["extractor_seen_assets"].create_index([("tenant", ASCENDING), ("space", ASCENDING)])
