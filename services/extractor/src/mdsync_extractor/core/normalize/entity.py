"""Tables, views and analytic models: a CSN definition → AssetDefinition."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import JsonValue

from mdsync_contracts.asset_model import (
    AssetKind,
    Association,
    Column,
    ColumnLineage,
    ColumnSemantics,
    Dependency,
    DependencyKind,
    RemoteOrigin,
)
from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.topics import asset_key
from mdsync_extractor.core.normalize.analytic import layer_dependencies, layer_lineage, layer_parameters
from mdsync_extractor.core.normalize.columns import build_associations, build_columns, enum_value
from mdsync_extractor.core.normalize.csn import BusinessLayer, CsnObject
from mdsync_extractor.core.normalize.errors import Malformed
from mdsync_extractor.core.normalize.query import QueryLineage, query_lineage

EXPOSED = "@DataWarehouse.consumption.external"
_LABEL = "@EndUserText.label"
_PATTERN = "@ObjectModel.modelingPattern"
_REMOTE_CONNECTION = "@DataWarehouse.remote.connection"
_REMOTE_ENTITY = "@DataWarehouse.remote.entity"
_CONSUMED = frozenset({EXPOSED, _LABEL, _PATTERN, _REMOTE_CONNECTION, _REMOTE_ENTITY})


def normalize_entity(
    tenant: str, space: str, kind: AssetKind, csn: CsnObject, known_spaces: Collection[str], exposed: bool | None
) -> AssetDefinition:
    """Normalize one table, view or analytic model."""
    definition = csn.definition
    analytic = kind is AssetKind.ANALYTIC_MODEL
    columns = build_columns(definition.elements, typed=not analytic)
    if analytic and csn.layer is not None:
        columns = tuple(_with_layer(column, csn.layer) for column in columns)
    associations = build_associations(definition.elements, space, known_spaces)
    lineage = query_lineage(definition.query, space, known_spaces) if definition.query is not None else QueryLineage()
    dependencies = [*lineage.dependencies, *_used_associations(associations, lineage)]
    column_lineage = list(lineage.columns)
    if csn.layer is not None:
        dependencies.extend(layer_dependencies(csn.layer, space, known_spaces))
        column_lineage.extend(layer_lineage(csn.layer, space, known_spaces))
    names = {column.name for column in columns}
    parameters = (*definition.params, *(layer_parameters(csn.layer) if analytic else ()))
    label = definition.annotation(_LABEL) or (csn.layer.text if csn.layer else None)
    return AssetDefinition(
        tenant=tenant,
        space=space,
        technical_name=csn.name,
        asset_id=asset_key(tenant, space, csn.name),
        kind=kind,
        label=label if isinstance(label, str) else None,
        exposed=_exposed(kind, definition.annotation(EXPOSED), exposed),
        modeling_pattern=enum_value(definition.annotation(_PATTERN)),
        has_parameters=bool(parameters),
        parameters=tuple(dict.fromkeys(parameters)),
        columns=columns,
        associations=associations,
        dependencies=tuple(dependencies),
        remote=_remote(definition.annotation(_REMOTE_CONNECTION), definition.annotation(_REMOTE_ENTITY)),
        column_lineage=tuple(item for item in column_lineage if _keeps(item, names, csn.name, space)),
        annotations=_object_annotations(definition.annotations()),
    )


def _with_layer(column: Column, layer: BusinessLayer) -> Column:
    """Analytic-model elements carry few annotations; the business layer says measure or attribute."""
    measure, attribute = layer.measures.get(column.name), layer.attributes.get(column.name)
    mapped = measure or attribute
    text = mapped.text if mapped is not None else None
    semantics: ColumnSemantics = column.semantics.model_copy(
        update={"measure": column.semantics.measure or measure is not None}
        | {"dimension": column.semantics.dimension or attribute is not None}
    )
    return column.model_copy(update={"semantics": semantics, "label": column.label or text})


def _used_associations(associations: tuple[Association, ...], lineage: QueryLineage) -> list[Dependency]:
    return [
        Dependency(source=association.target, kind=DependencyKind.ASSOCIATION)
        for association in associations
        if association.name in lineage.used_names and association.name not in lineage.mixins
    ]


def _exposed(kind: AssetKind, annotation: Any, catalog: bool | None) -> bool:
    if catalog is not None:
        return catalog
    if kind is AssetKind.ANALYTIC_MODEL:
        return True
    return kind is AssetKind.VIEW and annotation is True


def _remote(connection: Any, entity: Any) -> RemoteOrigin | None:
    if connection is None and entity is None:
        return None
    if not isinstance(connection, str) or not isinstance(entity, str):
        raise Malformed("remote table needs both @DataWarehouse.remote.connection and .entity as strings")
    return RemoteOrigin(connection=connection, entity=entity)


def _keeps(item: ColumnLineage, columns: set[str], name: str, space: str) -> bool:
    self_reference = item.source.space == space and item.source.technical_name == name
    return item.column in columns and not self_reference


def _object_annotations(annotations: dict[str, JsonValue]) -> dict[str, JsonValue]:
    return {key[1:]: value for key, value in annotations.items() if key not in _CONSUMED}
