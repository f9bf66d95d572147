"""Writes of the asset views: current state, history buckets, lineage adjacency and search postings.

Writes that other documents depend on land first and are idempotent (history entry, adjacency and postings
diffs computed from the state before), and the asset document is written last: a crash in between is
repaired by re-applying the event, which recomputes the same diffs from the unchanged asset document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from pymongo import UpdateOne

from mdsync_audit.core import assets as reducers
from mdsync_audit.core.asset_views import AssetView, VersionBucket, VersionEntry, bucket_id, bucket_of
from mdsync_audit.core.kpi import space_of
from mdsync_audit.core.lineage import (
    AdjacencyOp,
    LineageNode,
    asset_columns,
    asset_node,
    declared_edges,
    edge_ops,
    glue_columns,
    glue_node,
)
from mdsync_audit.core.search import asset_tokens, shard_of, token_changes
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.store import schema, sets
from mdsync_audit.store.bulk import BulkDatabase
from mdsync_audit.store.docs import load, modify
from mdsync_audit.store.together import together
from mdsync_contracts.assets import AssetDefinition, AssetDeleted, AssetUpserted
from mdsync_contracts.glue import UpsertTable


@dataclass(frozen=True)
class Shape:
    """Sizes of the bounded documents."""

    history_bucket_size: int = 20
    search_shards: int = 16


class AssetProjector:
    """Keeps the asset, history, lineage and search documents current."""

    def __init__(self, db: BulkDatabase, shape: Shape) -> None:
        self.db = db
        self.shape = shape

    async def asset_change(self, event: StoredEvent, message: AssetUpserted | AssetDeleted) -> None:
        """Apply an AssetUpserted or AssetDeleted to every asset view."""
        step: list[reducers.AssetStep] = []

        def change(view: AssetView | None) -> AssetView | None:
            step.clear()
            result = reducers.apply_asset_change(view, event, message)
            if result is None:
                return None
            step.append(result)
            return result.view

        async def prepare(_: AssetView | None, __: AssetView) -> None:
            result = step[0]
            writes = [
                self._lineage(message.key(), result.before, result.after),
                self._postings(message.key(), result.before, result.after),
            ]
            if result.version is not None:
                writes.append(self._history(message.key(), result.version))
            await together(*writes)  # independent of each other; all land before the asset document

        await modify(self.db[schema.ASSETS], AssetView, message.key(), change, prepare)

    async def _history(self, asset_id: str, entry: VersionEntry) -> None:
        bucket = bucket_of(entry.version, self.shape.history_bucket_size)

        def change(doc: VersionBucket | None) -> VersionBucket | None:
            current = doc or VersionBucket(id=bucket_id(asset_id, bucket), asset=asset_id, bucket=bucket)
            if any(v.version == entry.version for v in current.versions):
                return None
            return current.model_copy(update={"versions": (*current.versions, entry)})

        await modify(self.db[schema.VERSIONS], VersionBucket, bucket_id(asset_id, bucket), change)

    async def _lineage(self, asset_id: str, before: AssetDefinition | None, after: AssetDefinition | None) -> None:
        me = asset_node(asset_id)
        node = await load(self.db[schema.LINEAGE], LineageNode, me)
        old = frozenset(node.declared) if node else declared_edges(before)
        new = declared_edges(after)
        fields = {
            "system": "datasphere",
            "name": asset_id,
            "space": after.space if after else (node.space if node else None),
            "kind": after.kind.value if after else (node.kind if node else None),
            "deleted": after is None,
            "declared": sorted(new),
            "columns": [c.model_dump(mode="json") for c in asset_columns(after)],
        }
        await self._adjacency(edge_ops(old, new), me, fields, node)

    async def glue_mapping(self, event: StoredEvent, message: UpsertTable) -> None:
        """Record the asset → Glue table edge and the Glue table's column lineage from an UpsertTable."""
        if message.asset_id is None:
            return
        me = glue_node(message.key())
        node = await load(self.db[schema.LINEAGE], LineageNode, me)
        old = frozenset(node.declared) if node else frozenset()
        new = frozenset({(asset_node(message.asset_id), me)})
        fields = {
            "system": "glue",
            "name": message.key(),
            "space": space_of(message.asset_id),
            "kind": "glue_table",
            "deleted": False,
            "declared": sorted(new),
            "columns": [c.model_dump(mode="json") for c in glue_columns(message)],
        }
        await self._adjacency(edge_ops(old, new), me, fields, node)

    async def _adjacency(
        self, ops: list[AdjacencyOp], owner: str, fields: Mapping[str, object], node: LineageNode | None
    ) -> None:
        collection = self.db[schema.LINEAGE]
        if not ops and node is not None and _same(node, fields):
            return  # a republished definition or a repeated command: nothing to write
        writes = [UpdateOne({"_id": op.node}, {op.op.value: {op.field: op.value}}, upsert=True) for op in ops]
        await sets.write(collection, writes)  # endpoints first: the owner's declaration is the diff's base
        await sets.write(collection, [UpdateOne({"_id": owner}, {"$set": fields}, upsert=True)])

    async def _postings(self, asset_id: str, before: AssetDefinition | None, after: AssetDefinition | None) -> None:
        removed, added = token_changes(asset_tokens(before), asset_tokens(after))
        shard = shard_of(asset_id, self.shape.search_shards)
        ops = [sets.pull_op(t, shard, asset_id) for t in removed] + [sets.add_op(t, shard, asset_id) for t in added]
        await sets.write(self.db[schema.TOKENS], ops)

    async def command(self, event: StoredEvent, message: UpsertTable) -> None:
        """Record the last command sent for the asset."""
        if event.asset_id:
            await modify(
                self.db[schema.ASSETS], AssetView, event.asset_id, lambda v: reducers.apply_command(v, event, message)
            )

    async def glue_result(
        self, event: StoredEvent, message: reducers.GlueResult, outcome: str, reason: str | None
    ) -> None:
        """Record the Glue state and the outcome after a result (one document write)."""
        if event.asset_id:
            await modify(
                self.db[schema.ASSETS],
                AssetView,
                event.asset_id,
                lambda v: reducers.apply_result(v, event, message, outcome, reason),
            )

    async def outcome(self, event: StoredEvent, outcome: str, reason: str | None) -> None:
        """Record the asset's last sync outcome."""
        if event.asset_id:
            await modify(
                self.db[schema.ASSETS],
                AssetView,
                event.asset_id,
                lambda v: reducers.apply_outcome(v, event, outcome, reason),
            )


def _same(node: LineageNode, fields: Mapping[str, object]) -> bool:
    """True when the node already holds ``fields`` (compared as stored JSON)."""
    current = node.model_dump(mode="json")
    return all(current.get(k) == json.loads(json.dumps(v)) for k, v in fields.items())
