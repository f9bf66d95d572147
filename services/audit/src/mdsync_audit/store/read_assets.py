"""Keyed reads of the asset views: search, detail, history, diffs, lineage walks."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.asset_views import AssetView, VersionBucket, VersionEntry, bucket_id, bucket_of
from mdsync_audit.core.diff import diff_definitions
from mdsync_audit.core.lineage import LineageNode
from mdsync_audit.core.scope import Spaces as Spaces
from mdsync_audit.core.scope import scoped_definition, scoped_node, sees
from mdsync_audit.core.search import SearchQuery
from mdsync_audit.core.tenant_scope import EVERYTHING, Reach, reaches_id, reaches_node
from mdsync_audit.core.walk import Direction, Fetch, Walk, walk
from mdsync_audit.read_models import AssetPage, AssetSummary, HistoryPage, VersionDiff
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load, load_many
from mdsync_contracts.asset_definition import AssetDefinition
from mdsync_runtime.store import Document

LOOKUP_BATCH = 200


class NotFoundError(LookupError):
    """The requested record does not exist (or the caller may not see it)."""


visible = sees


@dataclass(frozen=True)
class AssetReads:
    """Read side of the asset views."""

    db: AsyncDatabase[Document]
    search_shards: int
    bucket_size: int

    async def search(self, query: SearchQuery, reach: Reach | None, limit: int, cursor: str | None) -> AssetPage:
        """Assets carrying every token of ``query``: one ``$in`` over the tokens' shards, then an intersection."""
        reach = reach or EVERYTHING
        hits = await sets.intersection(self.db[schema.TOKENS], sorted(query.tokens()), self.search_shards)
        if not reach.everything:
            hits = {h for h in hits if reaches_id(h, reach)}
        ordered = sorted(h for h in hits if cursor is None or h > cursor)
        page = ordered[:limit]
        views = await load_many(self.db[schema.ASSETS], AssetView, page)
        items = tuple(AssetSummary.of(views[a]) for a in page if a in views)
        return AssetPage(items=items, total=len(hits), next_cursor=page[-1] if len(ordered) > limit else None)

    async def asset(self, asset_id: str, reach: Reach | None) -> AssetView:
        """The current state of one asset."""
        reach = reach or EVERYTHING
        view = await load(self.db[schema.ASSETS], AssetView, asset_id)
        if view is None or not reaches_id(view.id, reach):
            raise NotFoundError(f"asset {asset_id!r} not found")
        spaces = reach.spaces
        if spaces is None or view.definition is None:
            return view
        return view.model_copy(update={"definition": scoped_definition(view.definition, spaces)})

    async def history(self, asset_id: str, reach: Reach | None, limit: int, before: int | None) -> HistoryPage:
        """Versions newer-first, from the buckets covering (before - limit, before)."""
        reach = reach or EVERYTHING
        view = await self.asset(asset_id, reach)
        spaces = reach.spaces
        top = min(before - 1 if before else view.version, view.version)
        low = max(top - limit + 1, 1)
        versions = await self._versions(asset_id, low, top) if top >= 1 else []
        if spaces is not None:
            versions = [v.model_copy(update={"definition": _scoped(v.definition, spaces)}) for v in versions]
        ordered = tuple(sorted(versions, key=lambda v: v.version, reverse=True))
        return HistoryPage(asset_id=asset_id, versions=ordered, next_before=low if low > 1 else None)

    async def _versions(self, asset_id: str, low: int, high: int) -> list[VersionEntry]:
        buckets = range(bucket_of(low, self.bucket_size), bucket_of(high, self.bucket_size) + 1)
        found = await load_many(self.db[schema.VERSIONS], VersionBucket, [bucket_id(asset_id, b) for b in buckets])
        return [v for b in found.values() for v in b.versions if low <= v.version <= high]

    async def diff(self, asset_id: str, reach: Reach | None, from_version: int, to_version: int) -> VersionDiff:
        """Column differences between two recorded versions."""
        reach = reach or EVERYTHING
        await self.asset(asset_id, reach)
        wanted = {from_version, to_version}
        versions = {
            v.version: v for v in await self._versions(asset_id, min(wanted), max(wanted)) if v.version in wanted
        }
        missing = sorted(wanted - versions.keys())
        if missing:
            raise NotFoundError(f"asset {asset_id!r} has no version {missing[0]}")
        diff = diff_definitions(versions[from_version].definition, versions[to_version].definition)
        return VersionDiff(asset_id=asset_id, from_version=from_version, to_version=to_version, diff=diff)

    async def nodes(self, ids: list[str]) -> dict[str, LineageNode]:
        """Lineage nodes by id, in batches of small ``$in`` lookups."""
        found: dict[str, LineageNode] = {}
        for start in range(0, len(ids), LOOKUP_BATCH):
            found |= await load_many(self.db[schema.LINEAGE], LineageNode, ids[start : start + LOOKUP_BATCH])
        return found

    async def lineage(self, node_id: str, direction: Direction, depth: int, reach: Reach | None) -> Walk:
        """Walk lineage from ``node_id``; a limited caller's walk never enters (nor names) an invisible node."""
        reach = reach or EVERYTHING
        fetch = self.nodes if reach.everything else ScopedNodes(self.nodes, reach).fetch
        if node_id not in await fetch([node_id]):
            raise NotFoundError(f"lineage node {node_id!r} not found")
        return await walk(node_id, direction, depth, fetch)


def _scoped(definition: AssetDefinition | None, spaces: Spaces) -> AssetDefinition | None:
    return scoped_definition(definition, spaces) if definition is not None else None


class ScopedNodes:
    """Lineage nodes as a limited caller sees them: invisible nodes missing, neighbour lists without them.

    A neighbour's space is on its own document (a Glue node carries its source asset's space), so each level
    also loads the next level's documents; the walk then finds them cached.
    """

    def __init__(self, load: Fetch, reach: Reach) -> None:
        """Read through ``load``, showing only what ``reach`` covers."""
        self._load = load
        self._reach = reach
        self._cache: dict[str, LineageNode | None] = {}

    async def _ensure(self, ids: list[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self._cache]
        found = await self._load(missing) if missing else {}
        self._cache |= {i: found.get(i) for i in missing}

    def _visible(self, node_id: str) -> bool:
        node = self._cache.get(node_id)
        return node is not None and reaches_node(node, self._reach)

    async def fetch(self, ids: list[str]) -> dict[str, LineageNode]:
        """The visible nodes among ``ids``, each with only visible neighbours."""
        await self._ensure(ids)
        nodes = {i: n for i in ids if (n := self._cache.get(i)) is not None and self._visible(i)}
        around = [n for node in nodes.values() for n in (*node.upstream, *node.downstream)]
        await self._ensure(around + [c.source for node in nodes.values() for c in node.columns])
        return {i: scoped_node(n, self._visible) for i, n in nodes.items()}
