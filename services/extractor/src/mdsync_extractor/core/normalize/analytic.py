"""Analytic models: sources and column lineage from `businessLayerDefinitions`, and column types from sources."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

from mdsync_contracts.asset_model import AssetKind, Column, ColumnLineage, Dependency, DependencyKind, ObjectRef
from mdsync_contracts.assets import AssetDefinition
from mdsync_extractor.core.normalize.csn import BusinessLayer, LayerColumn
from mdsync_extractor.core.normalize.refs import resolve_ref


def layer_dependencies(layer: BusinessLayer, space: str, known_spaces: Collection[str]) -> list[Dependency]:
    """Fact sources (`from`) and dimension sources (`association`)."""
    sources = layer.source_model
    facts = [(source, DependencyKind.FROM) for source in sources.fact_sources.values()]
    dimensions = [(source, DependencyKind.ASSOCIATION) for source in sources.dimension_sources.values()]
    return [
        Dependency(source=resolve_ref(source.data_entity.key, space, known_spaces), kind=kind)
        for source, kind in (*facts, *dimensions)
    ]


def layer_lineage(layer: BusinessLayer, space: str, known_spaces: Collection[str]) -> list[ColumnLineage]:
    """Measures and attributes mapped to a source column."""
    sources = {**layer.source_model.dimension_sources, **layer.source_model.fact_sources}
    refs = {alias: resolve_ref(source.data_entity.key, space, known_spaces) for alias, source in sources.items()}
    found: list[ColumnLineage] = []
    for name, column in (*layer.measures.items(), *layer.attributes.items()):
        found.extend(
            ColumnLineage(column=name, source=refs[alias], source_column=source_column)
            for alias, source_column in _mappings(column)
            if alias in refs
        )
    return found


def _mappings(column: LayerColumn) -> Iterator[tuple[str, str]]:
    for alias, entity in (*column.measure_mapping.items(), *column.attribute_mapping.items()):
        yield alias, entity.key
    if column.source_key and column.key:
        yield column.source_key, column.key


def layer_parameters(layer: BusinessLayer | None) -> tuple[str, ...]:
    """Variable names of the analytic model, in order."""
    return tuple(layer.variables) if layer else ()


def resolve_analytic_columns(definitions: Mapping[str, AssetDefinition]) -> dict[str, AssetDefinition]:
    """Fill the types of analytic-model columns from the source columns they project (pure).

    ``definitions`` is keyed by asset id; a column stays untyped when its source is not among them.
    """
    resolved = dict(definitions)
    for asset_id, definition in definitions.items():
        if definition.kind is AssetKind.ANALYTIC_MODEL and any(c.cds_type is None for c in definition.columns):
            columns = tuple(_typed(column, definition, definitions) for column in definition.columns)
            resolved[asset_id] = definition.model_copy(update={"columns": columns})
    return resolved


def _typed(column: Column, model: AssetDefinition, definitions: Mapping[str, AssetDefinition]) -> Column:
    if column.cds_type is not None:
        return column
    for source in _source_columns(column.name, model, definitions):
        if source.cds_type is not None:
            facets = {"cds_type": source.cds_type, "length": source.length, "precision": source.precision}
            return column.model_copy(update={**facets, "scale": source.scale, "srid": source.srid})
    return column


def _source_columns(name: str, model: AssetDefinition, definitions: Mapping[str, AssetDefinition]) -> Iterator[Column]:
    for lineage in model.column_lineage:
        if lineage.column != name:
            continue
        source = definitions.get(_asset_id(model.tenant, lineage.source))
        if source is not None:
            yield from (c for c in source.columns if c.name == lineage.source_column)


def _asset_id(tenant: str, ref: ObjectRef) -> str:
    return ref.asset_id(tenant)


def unresolved_sources(definitions: Mapping[str, AssetDefinition]) -> frozenset[str]:
    """Asset ids of the sources untyped analytic-model columns project that ``definitions`` does not hold (a job
    of some kinds only, or of single assets, reads them besides so the models keep their types)."""
    missing: set[str] = set()
    for definition in definitions.values():
        if definition.kind is not AssetKind.ANALYTIC_MODEL:
            continue
        untyped = {column.name for column in definition.columns if column.cds_type is None}
        for lineage in definition.column_lineage:
            source = _asset_id(definition.tenant, lineage.source)
            if lineage.column in untyped and source not in definitions:
                missing.add(source)
    return frozenset(missing)
