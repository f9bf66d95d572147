"""``$metadata`` EDMX generated from CSN: relational (StandaloneService) and analytical (InaApplicationService)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from mdsync_devstack.datasphere.csn import CsnDefinition, CsnElement
from mdsync_devstack.datasphere.edm import edm_facets
from mdsync_devstack.datasphere.edmx_annotations import element_annotations

EDMX_NS = "http://docs.oasis-open.org/odata/ns/edmx"
EDM_NS = "http://docs.oasis-open.org/odata/ns/edm"
RELATIONAL = "StandaloneService"
ANALYTICAL = "InaApplicationService"

_VOCABULARIES = {
    "Aggregation": (
        "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Aggregation.V1.xml",
        "Org.OData.Aggregation.V1",
    ),
    "Analytics": (
        "https://sap.github.io/odata-vocabularies/vocabularies/Analytics.xml",
        "com.sap.vocabularies.Analytics.v1",
    ),
    "Capabilities": (
        "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml",
        "Org.OData.Capabilities.V1",
    ),
    "Common": ("https://sap.github.io/odata-vocabularies/vocabularies/Common.xml", "com.sap.vocabularies.Common.v1"),
    "Core": ("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml", "Org.OData.Core.V1"),
    "DataIntegration": (
        "https://sap.github.io/odata-vocabularies/vocabularies/DataIntegration.xml",
        "com.sap.vocabularies.DataIntegration.v1",
    ),
    "Measures": (
        "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Measures.V1.xml",
        "Org.OData.Measures.V1",
    ),
}
_RELATIONAL_VOCABULARIES = ("Analytics", "Capabilities", "Common", "Core", "DataIntegration", "Measures")
_ANALYTICAL_VOCABULARIES = ("Aggregation", "Analytics", "Capabilities", "Common", "Core", "Measures")


def entity_set_name(asset: str) -> str:
    """Entity-set name of an asset: dots become underscores (``DataIntegration.OriginalName`` keeps the original)."""
    return asset.replace(".", "_")


def relational_edmx(asset: str, definition: CsnDefinition, columns: Mapping[str, CsnElement]) -> str:
    """The relational ``$metadata``: keys, nullability, facets, labels and semantics."""
    root, schema = _document(RELATIONAL, _RELATIONAL_VOCABULARIES, asset)
    entity = ET.SubElement(schema, "EntityType", Name=entity_set_name(asset))
    keys = [name for name, column in columns.items() if column.key]
    if keys:
        key = ET.SubElement(entity, "Key")
        for name in keys:
            ET.SubElement(key, "PropertyRef", Name=name)
    for name, column in columns.items():
        _property(entity, name, column, nullable=not (column.key or column.not_null))
    _entity_annotations(schema, RELATIONAL, asset, definition)
    _container_annotations(schema, RELATIONAL, asset, countable=True)
    for name, column in columns.items():
        _annotations(schema, f"{RELATIONAL}.{entity_set_name(asset)}/{name}", element_annotations(column))
    return _serialize(root)


def analytical_edmx(
    asset: str, definition: CsnDefinition, columns: Mapping[str, CsnElement], measures: frozenset[str]
) -> str:
    """The analytical ``$metadata``: no key; measures carry ``Analytics.measure``, the rest ``Analytics.Dimension``."""
    root, schema = _document(ANALYTICAL, _ANALYTICAL_VOCABULARIES, asset)
    entity = ET.SubElement(schema, "EntityType", Name=entity_set_name(asset))
    for name, column in columns.items():
        _property(entity, name, column, nullable=True)
    _entity_annotations(schema, ANALYTICAL, asset, definition)
    _container_annotations(schema, ANALYTICAL, asset, countable=False)
    for name, column in columns.items():
        role = ("Analytics.measure", "true") if name in measures else ("Analytics.Dimension", "true")
        label = column.annotation("@EndUserText.label")
        terms = [(role[0], "Bool", role[1])] + ([("Common.Label", "String", label)] if isinstance(label, str) else [])
        _annotations(schema, f"{ANALYTICAL}.{entity_set_name(asset)}/{name}", terms)
    return _serialize(root)


def _document(namespace: str, vocabularies: tuple[str, ...], asset: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("edmx:Edmx", {"Version": "4.0", "xmlns:edmx": EDMX_NS})
    for alias in vocabularies:
        uri, vocabulary = _VOCABULARIES[alias]
        reference = ET.SubElement(root, "edmx:Reference", Uri=uri)
        ET.SubElement(reference, "edmx:Include", Alias=alias, Namespace=vocabulary)
    services = ET.SubElement(root, "edmx:DataServices")
    schema = ET.SubElement(services, "Schema", {"Namespace": namespace, "xmlns": EDM_NS})
    container = ET.SubElement(schema, "EntityContainer", Name="EntityContainer")
    name = entity_set_name(asset)
    ET.SubElement(container, "EntitySet", Name=name, EntityType=f"{namespace}.{name}")
    return root, schema


def _property(entity: ET.Element, name: str, column: CsnElement, *, nullable: bool) -> None:
    facets = edm_facets(column.type, column.length, column.precision, column.scale)
    attributes = {"Name": name, "Type": facets.type}
    optional = {"MaxLength": facets.max_length, "Precision": facets.precision, "Scale": facets.scale}
    attributes.update({key: value for key, value in optional.items() if value is not None})
    if not nullable:
        attributes["Nullable"] = "false"
    ET.SubElement(entity, "Property", attributes)


def _entity_annotations(schema: ET.Element, namespace: str, asset: str, definition: CsnDefinition) -> None:
    terms: list[tuple[str, str, str]] = []
    dimension_type = definition.annotation("@Analytics.dimensionType")
    if isinstance(dimension_type, str):
        terms.append(("Analytics.dimensionType", "String", dimension_type))
    terms.append(("Common.Label", "String", definition.label or asset))
    terms.append(("DataIntegration.OriginalName", "String", asset))
    _annotations(schema, f"{namespace}.{entity_set_name(asset)}", terms)


def _container_annotations(schema: ET.Element, namespace: str, asset: str, *, countable: bool) -> None:
    target = ET.SubElement(schema, "Annotations", Target=f"{namespace}.EntityContainer/{entity_set_name(asset)}")
    restrictions = [("Delete", "Deletable"), ("Insert", "Insertable"), ("Update", "Updatable")]
    if not countable:
        restrictions.insert(0, ("Count", "Countable"))
    for term, flag in restrictions:
        annotation = ET.SubElement(target, "Annotation", Term=f"Capabilities.{term}Restrictions")
        record = ET.SubElement(annotation, "Record", Type=f"Capabilities.{term}RestrictionsType")
        ET.SubElement(record, "PropertyValue", Property=flag, Bool="false")


def _annotations(schema: ET.Element, target: str, terms: list[tuple[str, str, str]]) -> None:
    if not terms:
        return
    block = ET.SubElement(schema, "Annotations", Target=target)
    for term, kind, value in terms:
        ET.SubElement(block, "Annotation", {"Term": term, kind: value})


def _serialize(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    # Attribute values are escaped, so " />" only occurs as a tag end; written "/>" like the recorded payloads.
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").replace(" />", "/>")
