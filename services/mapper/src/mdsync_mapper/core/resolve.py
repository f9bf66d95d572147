"""Column types an asset does not carry (analytic models), taken from the columns they project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mdsync_contracts.assets import AssetDefinition, DependencyKind
from mdsync_mapper.core.typemap import SapType

MAX_DEPTH = 4
_SOURCE_KINDS = frozenset({DependencyKind.FROM, DependencyKind.JOIN, DependencyKind.UNION})


@dataclass(frozen=True)
class ResolvedType:
    """A column's type found in a source asset."""

    sap: SapType
    source_asset_id: str
    source_column: str


def _candidates(definition: AssetDefinition, column: str) -> list[tuple[str, str]]:
    """(source asset id, source column) to look in: column lineage first, then same-named columns of sources."""
    tenant = definition.tenant
    lineage = [
        (ln.source.asset_id(tenant), ln.source_column) for ln in definition.column_lineage if ln.column == column
    ]
    sources = [(d.source.asset_id(tenant), column) for d in definition.dependencies if d.kind in _SOURCE_KINDS]
    return lineage + sources


def needed_sources(definition: AssetDefinition) -> set[str]:
    """Asset ids whose definitions may resolve the asset's untyped columns."""
    untyped = [column.name for column in definition.columns if column.cds_type is None]
    return {asset_id for name in untyped for asset_id, _ in _candidates(definition, name)}


def resolve_types(definition: AssetDefinition, sources: Mapping[str, AssetDefinition]) -> dict[str, ResolvedType]:
    """Types of the asset's untyped columns, by column name, found through ``sources`` (up to 4 hops)."""
    resolved = {}
    for column in definition.columns:
        if column.cds_type is None:
            found = _resolve(definition, column.name, sources, MAX_DEPTH)
            if found is not None:
                resolved[column.name] = found
    return resolved


def _resolve(
    definition: AssetDefinition, column: str, sources: Mapping[str, AssetDefinition], depth: int
) -> ResolvedType | None:
    if depth == 0:
        return None
    for asset_id, source_column in _candidates(definition, column):
        source = sources.get(asset_id)
        match = next((c for c in source.columns if c.name == source_column), None) if source else None
        if source is None or match is None:
            continue
        if match.cds_type is not None:
            sap = SapType(match.cds_type, match.length, match.precision, match.scale)
            return ResolvedType(sap, asset_id, source_column)
        deeper = _resolve(source, source_column, sources, depth - 1)
        if deeper is not None:
            return deeper
    return None
