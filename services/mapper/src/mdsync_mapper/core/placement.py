"""Database and table names for a whole scope, and the flow target of each asset."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from mdsync_contracts.assets import AssetDefinition
from mdsync_mapper.core.names import assign
from mdsync_mapper.core.rules import RuleSet
from mdsync_mapper.core.select import exclusion
from mdsync_mapper.core.storage import flow_targets
from mdsync_mapper.core.table import Placement, database_natural, table_natural


def database_names(spaces: Iterable[str], rule_set: RuleSet) -> dict[str, str]:
    """Final database name of every space."""
    return assign({space: database_natural(space, rule_set) for space in set(spaces)})


def place_all(definitions: Iterable[AssetDefinition], rule_set: RuleSet) -> dict[str, Placement]:
    """Placement of every asset the rules map, names de-collided over the whole scope."""
    listed = list(definitions)
    mapped = [d for d in listed if exclusion(rule_set.rules, d) is None]
    databases = database_names((d.space for d in mapped), rule_set)
    claims: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for definition in mapped:
        claims[databases[definition.space]][definition.asset_id] = table_natural(definition)
    tables = {asset_id: name for scope in claims.values() for asset_id, name in assign(scope).items()}
    targets = flow_targets(listed, rule_set.site)
    return {d.asset_id: Placement(databases[d.space], tables[d.asset_id], targets.get(d.asset_id)) for d in mapped}
