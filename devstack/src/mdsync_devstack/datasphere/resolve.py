"""Column types of analytic models, whose CSN elements carry none: taken from the sources they project."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn import BusinessLayer, CsnDocument, CsnElement
from mdsync_devstack.datasphere.store import TenantStore

NAVIGATION_REF = "@Analytics.navigationAttributeRef"
MEASURE_TYPE = "@AnalyticsDetails.measureType"


def columns(store: TenantStore, space: str, document: CsnDocument) -> dict[str, CsnElement]:
    """The non-relation elements of ``document``, each with a type (resolved from sources when missing)."""
    result: dict[str, CsnElement] = {}
    for name, element in document.definition.elements.items():
        if element.is_relation:
            continue
        if element.type is None:
            source = _source_element(store, space, document, name)
            if source is not None and source.type is not None:
                element = element.model_copy(update=_type_facets(source))
        result[name] = element
    return result


def measure_names(document: CsnDocument) -> frozenset[str]:
    """Elements that are measures: in the business layer's measures or annotated with a measure type."""
    layer = document.business_layer.measures if document.business_layer else {}
    annotated = {name for name, e in document.definition.elements.items() if e.annotation(MEASURE_TYPE) is not None}
    return frozenset(layer) | annotated


def _source_element(store: TenantStore, space: str, document: CsnDocument, name: str) -> CsnElement | None:
    layer = document.business_layer
    if layer is not None:
        found = _from_layer(store, space, layer, name)
        if found is not None:
            return found
    navigation = document.definition.elements[name].annotation(NAVIGATION_REF)
    if isinstance(navigation, list) and len(navigation) == 2:
        association = document.definition.elements.get(str(navigation[0]))
        if association is not None and association.target:
            return _element_of(store, space, association.target, str(navigation[1]))
    return None


def _from_layer(store: TenantStore, space: str, layer: BusinessLayer, name: str) -> CsnElement | None:
    column = layer.measures.get(name) or layer.attributes.get(name)
    if column is None:
        return None
    mapping = column.measure_mapping or column.attribute_mapping
    for alias, ref in mapping.items():
        fact = layer.source_model.fact_sources.get(alias)
        if fact is not None:
            return _element_of(store, space, fact.data_entity.key, ref.key)
    if column.source_key and column.key:
        dimension = layer.source_model.dimension_sources.get(column.source_key)
        if dimension is not None:
            return _element_of(store, space, dimension.data_entity.key, column.key)
    return None


def _element_of(store: TenantStore, space: str, ref: str, element: str) -> CsnElement | None:
    source = store.resolve(space, ref)
    if source is None or not isinstance(source.document, CsnDocument):
        return None
    return source.document.definition.elements.get(element)


def _type_facets(source: CsnElement) -> dict[str, object]:
    return {"type": source.type, "length": source.length, "precision": source.precision, "scale": source.scale}
