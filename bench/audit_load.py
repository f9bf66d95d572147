"""Bulk load for the benchmark: the generated events folded into views by the service's reducers.

Chunks of assets are built in worker processes and written in order with unordered ``insert_many``. Views,
history buckets, lineage nodes, search postings, Glue tables and job outcome shards are written; the per-event
indexes and KPI minutes (not read by the measured queries) are left out of the bulk load.
"""

from __future__ import annotations

import asyncio
import zlib
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from bench.audit_data import Generator
from mdsync_audit.core import assets as reducers
from mdsync_audit.core.asset_views import AssetView, VersionBucket, bucket_id, bucket_of
from mdsync_audit.core.glue_tables import GlueTableView, apply_table_event
from mdsync_audit.core.jobs import (
    JobView,
    OutcomeBucket,
    OutcomeEntry,
    apply_job_event,
    apply_outcome_entry,
    outcome_bucket_id,
)
from mdsync_audit.core.jobs import shard_of as outcome_shard
from mdsync_audit.core.lineage import asset_columns, asset_node, declared_edges, glue_columns, glue_node
from mdsync_audit.core.search import asset_tokens, shard_of, token_id
from mdsync_audit.core.stored import StoredEvent, compact_payload
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store import schema
from mdsync_contracts.assets import AssetUpserted
from mdsync_contracts.base import Message
from mdsync_contracts.glue import (
    TableApplied,
    UpsertTable,
)
from mdsync_contracts.jobs import (
    AssetOutcome,
)

PARTITIONS = 6
CHUNK = 1000
BATCH = 5000


@dataclass
class Chunk:
    """Documents of a range of assets, plus its share of the lineage nodes and search postings."""

    docs: dict[str, list[dict[str, Any]]]
    nodes: dict[str, dict[str, Any]]
    postings: dict[str, set[str]]


def build_chunk(gen: Generator, settings: AuditSettings, first: int, last: int) -> Chunk:
    """Build the chunk of assets ``first`` to ``last`` (runs in a worker process)."""
    return ChunkBuilder(gen, settings, first).build(first, last)


class ChunkBuilder:
    """Folds one chunk's events into views with the service's reducers."""

    def __init__(self, gen: Generator, settings: AuditSettings, first: int) -> None:
        self.gen = gen
        self.settings = settings
        self.offset = first * (gen.per_asset + 1)  # offsets grow across chunks, as in a partition
        self.nodes: dict[str, dict[str, Any]] = defaultdict(lambda: {"upstream": set(), "downstream": set()})
        self.postings: dict[str, set[str]] = defaultdict(set)
        self.events: list[dict[str, Any]] = []

    def _stored(self, message: Message) -> StoredEvent:
        """The stored event (its document kept for writing), built without a second serialization."""
        key = message.key()
        self.offset += 1
        payload = compact_payload(message)
        fields: dict[str, Any] = {
            "type": message.CE_TYPE,
            "base_topic": message.TOPIC,
            "topic": message.TOPIC,
            "partition": zlib.crc32(key.encode()) % PARTITIONS,
            "offset": self.offset,
            "key": key,
            "tenant": message.tenant,
            "environment": message.environment.value,
            "job_id": message.job_id,
            "correlation_id": message.correlation_id,
            "causation_id": payload.get("causation_id"),
            "asset_id": message.asset_id,
            "requester": payload.get("requester"),
            "payload": payload,
            "applied": True,
        }
        stored = {k: v for k, v in fields.items() if v is not None}  # as the service stores it: defaults left out
        self.events.append({"_id": str(message.event_id), "occurred_at": payload["occurred_at"], **stored})
        return StoredEvent.model_construct(id=str(message.event_id), occurred_at=message.occurred_at, **fields)

    def build(self, first: int, last: int) -> Chunk:
        """Events and views of assets ``first`` to ``last``."""
        clock = [self.gen.start + timedelta(milliseconds=first * (self.gen.per_asset + 1))]
        job_id = f"job-bench-{first:06d}"
        opening, finished = self.gen.job_messages(job_id, clock, last - first)
        job: JobView | None = None
        for message in opening:
            job = apply_job_event(job, self._stored(message), message)  # type: ignore[arg-type]
        views: list[AssetView] = []
        buckets: dict[str, VersionBucket] = {}
        tables: dict[str, GlueTableView] = {}
        outcomes: dict[str, OutcomeBucket] = {}
        for i in range(first, last):
            asset_events = [(self._stored(m), m) for m in self.gen.messages(i, job_id, clock)]
            views.append(self._fold_asset(asset_events, buckets, tables, outcomes, job_id))
        job = apply_job_event(job, self._stored(finished), finished)  # type: ignore[arg-type]
        docs = {
            schema.EVENTS: self.events,
            schema.ASSETS: [v.to_doc() for v in views],
            schema.VERSIONS: [b.to_doc() for b in buckets.values()],
            schema.GLUE_TABLES: [t.to_doc() for t in tables.values()],
            schema.OUTCOMES: [o.to_doc() for o in outcomes.values()],
            schema.JOBS: [job.to_doc()] if job else [],
        }
        return Chunk(docs, dict(self.nodes), dict(self.postings))

    def _fold_asset(
        self,
        events: list[tuple[StoredEvent, Message]],
        buckets: dict[str, VersionBucket],
        tables: dict[str, GlueTableView],
        outcomes: dict[str, OutcomeBucket],
        job_id: str,
    ) -> AssetView:
        view: AssetView | None = None
        for event, message in events:
            if isinstance(message, AssetUpserted):
                step = reducers.apply_asset_change(view, event, message)
                assert step is not None
                view = step.view
                if step.version:
                    self._version(buckets, view.id, step.version)
            elif isinstance(message, UpsertTable):
                view = reducers.apply_command(view, event, message) or view
                tables[message.key()] = (
                    apply_table_event(tables.get(message.key()), event, message) or tables[message.key()]
                )
                self._glue_node(message)
            elif isinstance(message, TableApplied):
                view = reducers.apply_glue_result(view, event, message) or view
                tables[message.key()] = (
                    apply_table_event(tables.get(message.key()), event, message) or tables[message.key()]
                )
            elif isinstance(message, AssetOutcome):
                view = reducers.apply_outcome(view, event, message.outcome.value, None) or view
                self._outcome(outcomes, job_id, event, message)
        assert view is not None
        assert view.definition is not None
        self._asset_node(view)
        shard = shard_of(view.id, self.settings.search_shards)
        for token in asset_tokens(view.definition):
            self.postings[token_id(token, shard)].add(view.id)
        return view

    def _version(self, buckets: dict[str, VersionBucket], asset_id: str, entry: Any) -> None:
        number = bucket_of(entry.version, self.settings.history_bucket_size)
        key = bucket_id(asset_id, number)
        current = buckets.get(key) or VersionBucket(id=key, asset=asset_id, bucket=number)
        buckets[key] = current.model_copy(update={"versions": (*current.versions, entry)})

    def _outcome(
        self, outcomes: dict[str, OutcomeBucket], job_id: str, event: StoredEvent, message: AssetOutcome
    ) -> None:
        entry = OutcomeEntry(
            subject=message.asset_id,
            outcome=message.outcome.value,
            decided_by=message.decided_by,
            at=event.occurred_at,
            event_id=event.id,
        )
        shard = outcome_shard(entry.subject, self.settings.outcome_shards)
        key = outcome_bucket_id(job_id, shard)
        outcomes[key] = apply_outcome_entry(outcomes.get(key), job_id, shard, entry) or outcomes[key]

    def _asset_node(self, view: AssetView) -> None:
        me = asset_node(view.id)
        edges = declared_edges(view.definition)
        for up, down in edges:
            self.nodes[up]["downstream"].add(down)
            self.nodes[down]["upstream"].add(up)
        self.nodes[me] |= {
            "system": "datasphere",
            "name": view.id,
            "space": view.space,
            "kind": view.kind,
            "deleted": False,
            "declared": sorted(edges),
            "columns": [c.model_dump(mode="json") for c in asset_columns(view.definition)],
        }

    def _glue_node(self, command: UpsertTable) -> None:
        me, source = glue_node(command.key()), asset_node(command.asset_id or "")
        self.nodes[source]["downstream"].add(me)
        self.nodes[me]["upstream"].add(source)
        self.nodes[me] |= {
            "system": "glue",
            "name": command.key(),
            "kind": "glue_table",
            "deleted": False,
            "declared": [(source, me)],
            "columns": [c.model_dump(mode="json") for c in glue_columns(command)],
        }


class Loader:
    """Builds chunks in worker processes and writes them in bulk, in order."""

    def __init__(
        self, db: AsyncDatabase[dict[str, Any]], gen: Generator, settings: AuditSettings, workers: int = 2
    ) -> None:
        self.db = db
        self.gen = gen
        self.settings = settings
        self.workers = workers
        self.nodes: dict[str, dict[str, Any]] = defaultdict(lambda: {"upstream": set(), "downstream": set()})
        self.postings: dict[str, set[str]] = defaultdict(set)
        self.counts: dict[str, int] = defaultdict(int)

    async def load(self, progress: bool = True) -> dict[str, int]:
        """Load every chunk; returns documents written per collection."""
        await self.db.client.drop_database(self.db.name)
        await schema.ensure_indexes(self.db)
        loop = asyncio.get_running_loop()
        starts = list(range(0, self.gen.assets, CHUNK))
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending: list[asyncio.Future[Chunk]] = []
            for number, first in enumerate(starts):
                last = min(first + CHUNK, self.gen.assets)
                pending.append(loop.run_in_executor(pool, build_chunk, self.gen, self.settings, first, last))
                if len(pending) > self.workers:
                    await self._absorb(await pending.pop(0))
                    if progress and number % 10 == 0:
                        print(f"  loaded {first} assets", flush=True)
            for future in pending:
                await self._absorb(await future)
        await self._write(schema.LINEAGE, [_node(k, v) for k, v in self.nodes.items()])
        await self._write(schema.TOKENS, [{"_id": k, "members": sorted(v)} for k, v in self.postings.items()])
        return dict(self.counts)

    async def _absorb(self, chunk: Chunk) -> None:
        for name, docs in chunk.docs.items():
            await self._write(name, docs)
        for node_id, fields in chunk.nodes.items():
            node = self.nodes[node_id]
            node["upstream"] |= fields.pop("upstream")
            node["downstream"] |= fields.pop("downstream")
            node.update(fields)
        for token, members in chunk.postings.items():
            self.postings[token] |= members

    async def _write(self, name: str, docs: list[dict[str, Any]]) -> None:
        for start in range(0, len(docs), BATCH):
            await self.db[name].insert_many(docs[start : start + BATCH], ordered=False)
        self.counts[name] += len(docs)


def _node(node_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        **fields,
        "_id": node_id,
        "upstream": sorted(fields["upstream"]),
        "downstream": sorted(fields["downstream"]),
    }
