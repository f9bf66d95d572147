"""Evaluate one asset against the rules, the store (names, flows, sources) and the current Glue table."""

from __future__ import annotations

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.evaluation import Evaluation, ExcludedAsset, MappedAsset, Place
from mdsync_mapper.core.policy import decide, owned_by
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.select import exclusion
from mdsync_mapper.core.table import MappedTable, map_asset
from mdsync_mapper.glue import GlueReader
from mdsync_mapper.placing import Placer


class Evaluator:
    """Decides what syncing an asset means now; with ``claim`` it records the asset's names."""

    def __init__(self, placer: Placer, glue: GlueReader) -> None:
        self.placer = placer
        self.glue = glue

    async def evaluate(
        self, definition: AssetDefinition, rule_set: RuleSet, old: Place | None, claim: bool
    ) -> Evaluation:
        """The evaluation of ``definition``; ``old`` is the table it was last mapped to."""
        reason = exclusion(rule_set.rules, definition)
        if reason is not None:
            moved = await self.placer.release(definition, old[0]) if claim and old else frozenset()
            stale = old if old and await self.owns(old, definition.asset_id) else None
            return ExcludedAsset(definition, reason, stale, moved)
        placed = await self.placer.place(definition, rule_set, claim)
        placement = placed.placement
        mapped = map_asset(definition, rule_set, placement, await self.placer.resolved(definition))
        assert isinstance(mapped, MappedTable)  # exclusion was checked above
        decision = decide(mapped, await self.glue.table(placement.database, placement.table))
        moved_assets = placed.moved_assets
        if claim and old and old[0] != placement.database:
            moved_assets |= await self.placer.release(definition, old[0])
        stale = None
        if old and old != (placement.database, placement.table):
            taken = old[0] == placement.database and old[1] in placed.table_owners
            stale = old if not taken and await self.owns(old, definition.asset_id) else None
        return MappedAsset(definition, mapped, decision, stale, moved_assets, placed.moved_spaces)

    async def owns(self, place: Place, asset_id: str) -> bool:
        """True when the Glue table at ``place`` exists and mdsync owns it for ``asset_id``."""
        current = await self.glue.table(*place)
        return current is not None and owned_by(current, asset_id)
