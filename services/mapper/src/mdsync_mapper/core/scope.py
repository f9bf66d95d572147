"""Map a whole set of assets at once: the reference the incremental (event-driven) path must agree with."""

from __future__ import annotations

from collections.abc import Iterable

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.placement import place_all
from mdsync_mapper.core.resolve import resolve_types
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.select import exclusion
from mdsync_mapper.core.table import Excluded, MappedTable, map_asset


def map_scope(definitions: Iterable[AssetDefinition], rule_set: RuleSet) -> list[MappedTable | Excluded]:
    """Every asset's table (or exclusion), in asset-id order; names de-collided over the whole set."""
    listed = sorted(definitions, key=lambda d: d.asset_id)
    by_id = {d.asset_id: d for d in listed}
    placements = place_all(listed, rule_set)
    results: list[MappedTable | Excluded] = []
    for definition in listed:
        placement = placements.get(definition.asset_id)
        if placement is None:
            reason = exclusion(rule_set.rules, definition) or "not placed"
            results.append(Excluded(definition.asset_id, reason))
        else:
            results.append(map_asset(definition, rule_set, placement, resolve_types(definition, by_id)))
    return results
