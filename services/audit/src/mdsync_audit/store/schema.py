"""Collection names and the indexes the audit store declares.

Every hot read is an ``_id`` or unique-index equality lookup (or a small ``$in`` of ids) on a document shaped
for it. The non-unique indexes below serve ad-hoc queries on a real MongoDB; the devstack's Mongo-wire store
accepts and ignores them, and no API path depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_runtime.store import Document

EVENTS = "events"
ASSETS = "assets"
VERSIONS = "asset_versions"
JOBS = "jobs"
OUTCOMES = "job_outcomes"
LINEAGE = "lineage"
TOKENS = "search_tokens"
GLUE_TABLES = "glue_tables"
PLANS = "plans"
APPROVALS = "approvals"
CONFLICTS = "conflicts"
DEAD_LETTERS = "dead_letters"
EVENT_INDEX = "event_index"
SETS = "sets"
KPI_MINUTES = "kpi_minutes"
KPI_SPACES = "kpi_spaces"
CREDENTIALS = "credentials"

VIEWS: tuple[str, ...] = (
    ASSETS,
    VERSIONS,
    JOBS,
    OUTCOMES,
    LINEAGE,
    TOKENS,
    GLUE_TABLES,
    PLANS,
    APPROVALS,
    CONFLICTS,
    DEAD_LETTERS,
    EVENT_INDEX,
    SETS,
    KPI_MINUTES,
    KPI_SPACES,
    CREDENTIALS,
)
"""Every collection derived from the events (what a rebuild recreates)."""


@dataclass(frozen=True)
class IndexSpec:
    """One declared index."""

    collection: str
    keys: tuple[tuple[str, int], ...]
    unique: bool = False


INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(VERSIONS, (("asset", ASCENDING), ("bucket", ASCENDING)), unique=True),
    IndexSpec(OUTCOMES, (("job_id", ASCENDING), ("shard", ASCENDING)), unique=True),
    IndexSpec(EVENTS, (("job_id", ASCENDING), ("occurred_at", DESCENDING))),
    IndexSpec(EVENTS, (("asset_id", ASCENDING), ("occurred_at", DESCENDING))),
    IndexSpec(EVENTS, (("correlation_id", ASCENDING), ("occurred_at", DESCENDING))),
    IndexSpec(EVENTS, (("type", ASCENDING), ("occurred_at", DESCENDING))),
    IndexSpec(ASSETS, (("space", ASCENDING), ("kind", ASCENDING))),
    IndexSpec(JOBS, (("status", ASCENDING), ("requested_at", DESCENDING))),
    IndexSpec(APPROVALS, (("table", ASCENDING), ("held_at", DESCENDING))),
    IndexSpec(DEAD_LETTERS, (("service", ASCENDING), ("at", DESCENDING))),
    IndexSpec(PLANS, (("job_id", ASCENDING), ("table", ASCENDING))),
)


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Create every declared index (idempotent)."""
    for spec in INDEXES:
        await db[spec.collection].create_index(list(spec.keys), unique=spec.unique)
