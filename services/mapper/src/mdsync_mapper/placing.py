"""Placement of one asset against the store: de-collided names, its flow target, its sources' types.

The name registry holds every claimant's natural name per scope (the tenant's databases; each database's
tables), so the final names are `names.assign()` over all claimants: the same result whatever the order the
assets arrived in. A claim that moves other claimants' names reports them, so they are re-mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.names import assign
from mdsync_mapper.core.resolve import MAX_DEPTH, ResolvedType, needed_sources, resolve_types
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.storage import FlowTarget, flow_targets, source_key, tasks
from mdsync_mapper.core.table import Placement, database_natural, table_natural
from mdsync_mapper.store import MapperStore

FLOWS = "flows"
COPIES = "copies"
LOADS = "loads"
DEPENDENTS = "dependents"


def database_scope(tenant: str) -> str:
    """Name-registry scope of a tenant's databases (claimants: spaces)."""
    return f"{tenant}#databases"


def table_scope(tenant: str, database: str) -> str:
    """Name-registry scope of one database's tables (claimants: asset ids)."""
    return f"{tenant}#tables#{database}"


@dataclass(frozen=True)
class Placed:
    """A placement, and who else must be re-mapped because the claim moved their names."""

    placement: Placement
    moved_assets: frozenset[str] = frozenset()
    moved_spaces: frozenset[str] = frozenset()
    table_owners: dict[str, str] = field(default_factory=dict)


def moved(before: dict[str, str], after: dict[str, str], me: str) -> frozenset[str]:
    """Claimants other than ``me`` whose assigned name differs between the two claim sets."""
    old, new = assign(before), assign(after)
    return frozenset(i for i in new if i != me and old.get(i) != new[i])


class Placer:
    """Names, flow targets and resolved types for assets, backed by the mapper store."""

    def __init__(self, store: MapperStore) -> None:
        self.store = store

    async def place(self, definition: AssetDefinition, rule_set: RuleSet, claim: bool) -> Placed:
        """Where the asset's table goes; with ``claim`` its names are recorded (else only previewed)."""
        tenant, space = definition.tenant, definition.space
        db_before, db_after = await self._claim(database_scope(tenant), space, database_natural(space, rule_set), claim)
        database = assign(db_after)[space]
        scope = table_scope(tenant, database)
        before, after = await self._claim(scope, definition.asset_id, table_natural(definition), claim)
        tables = assign(after)
        target = await self._target(definition, rule_set)
        return Placed(
            placement=Placement(database, tables[definition.asset_id], target),
            moved_assets=moved(before, after, definition.asset_id) if claim else frozenset(),
            moved_spaces=moved(db_before, db_after, space) if claim else frozenset(),
            table_owners={name: identity for identity, name in tables.items()},
        )

    async def release(self, definition: AssetDefinition, database: str) -> frozenset[str]:
        """Drop the asset's table-name claim in ``database``; the assets whose names that moves."""
        before, after = await self.store.release(table_scope(definition.tenant, database), definition.asset_id)
        return moved(before, after, definition.asset_id)

    async def _claim(
        self, scope: str, identity: str, natural: str, claim: bool
    ) -> tuple[dict[str, str], dict[str, str]]:
        if claim:
            return await self.store.claim(scope, identity, natural)
        current = await self.store.claims(scope)
        return current, {**current, identity: natural}

    async def _target(self, definition: AssetDefinition, rule_set: RuleSet) -> FlowTarget | None:
        flows = await self.store.definitions(await self.store.index(FLOWS, definition.asset_id))
        keys = {
            key
            for flow in flows.values()
            for task in tasks(flow)
            if (ref := task.target_ref()) is not None and ref.asset_id(flow.tenant) == definition.asset_id
            if (key := source_key(task.source)) is not None
        }
        copies = {flow_id for key in sorted(keys) for flow_id in await self.store.index(COPIES, key)}
        flows.update(await self.store.definitions(copies - flows.keys()))
        return flow_targets(flows.values(), rule_set.site).get(definition.asset_id)

    async def resolved(self, definition: AssetDefinition) -> dict[str, ResolvedType]:
        """Types of the asset's untyped columns from its (transitive) sources in the store."""
        wanted = needed_sources(definition)
        if not wanted:
            return {}
        sources: dict[str, AssetDefinition] = {}
        for _ in range(MAX_DEPTH):
            found = await self.store.definitions(wanted - sources.keys())
            sources.update(found)
            wanted = {s for d in found.values() for s in needed_sources(d)} - sources.keys()
            if not wanted:
                break
        return resolve_types(definition, sources)

    async def index(self, definition: AssetDefinition, previous: AssetDefinition | None) -> None:
        """Keep the reverse indexes in step with a new definition (flows and untyped assets)."""
        old = index_entries(previous) if previous else set()
        new = index_entries(definition)
        for index, key, value in sorted(old - new):
            await self.store.index_remove(index, key, value)
        for index, key, value in sorted(new - old):
            await self.store.index_add(index, key, value)

    async def unindex(self, definition: AssetDefinition) -> None:
        """Remove a deleted asset from the reverse indexes."""
        for index, key, value in sorted(index_entries(definition)):
            await self.store.index_remove(index, key, value)

    async def followers(self, definition: AssetDefinition | None) -> set[str]:
        """Assets whose tables a flow's S3 targets or an asset's types may change."""
        if definition is None:
            return set()
        found = set(await self.store.index(DEPENDENTS, definition.asset_id))
        for task in tasks(definition):
            refs = (task.source_ref(), task.target_ref())
            found |= {ref.asset_id(definition.tenant) for ref in refs if ref is not None}
            key = source_key(task.source)
            if key is not None and task.target_ref() is None:
                found |= set(await self.store.index(LOADS, key))
        return found


def index_entries(definition: AssetDefinition) -> set[tuple[str, str, str]]:
    """(index, key, value) entries an asset puts in the reverse indexes.

    FLOWS: Datasphere object → replication flows reading or writing it; COPIES: outside source → flows
    copying it outside Datasphere; LOADS: outside source → Datasphere objects flows load it into;
    DEPENDENTS: source asset → assets with untyped columns that may take their types from it.
    """
    me, tenant = definition.asset_id, definition.tenant
    entries = {(DEPENDENTS, source, me) for source in needed_sources(definition)}
    for task in tasks(definition):
        source, target, key = task.source_ref(), task.target_ref(), source_key(task.source)
        entries |= {(FLOWS, ref.asset_id(tenant), me) for ref in (source, target) if ref is not None}
        if key is not None and target is None:
            entries.add((COPIES, key, me))
        if key is not None and target is not None:
            entries.add((LOADS, key, target.asset_id(tenant)))
    return entries
