"""EDMX (`$metadata`) → AssetDefinition, for exposed assets whose CSN cannot be read."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from mdsync_contracts.asset_model import AssetKind, Column, ColumnSemantics, SemanticKind
from mdsync_contracts.assets import AssetDefinition
from mdsync_contracts.topics import asset_key
from mdsync_extractor.core.normalize.errors import Malformed, NormalizationError

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
ANALYTICAL_NAMESPACE = "InaApplicationService"
_VOCABULARY = re.compile(r"^com\.sap\.vocabularies\.(\w+)\.v1\.|^Org\.OData\.(\w+)\.V1\.")

Annotations = dict[str, str | bool]

_CDS_BY_EDM = {
    "Edm.String": "cds.String",
    "Edm.Boolean": "cds.Boolean",
    "Edm.Byte": "cds.hana.TINYINT",
    "Edm.SByte": "cds.Int16",
    "Edm.Int16": "cds.Int16",
    "Edm.Int32": "cds.Integer",
    "Edm.Int64": "cds.Integer64",
    "Edm.Decimal": "cds.Decimal",
    "Edm.Double": "cds.Double",
    "Edm.Single": "cds.hana.REAL",
    "Edm.Date": "cds.Date",
    "Edm.TimeOfDay": "cds.Time",
    "Edm.DateTimeOffset": "cds.DateTime",
    "Edm.Guid": "cds.UUID",
    "Edm.Binary": "cds.Binary",
    "Edm.Stream": "cds.LargeBinary",
}
_FLAGS = {
    "Common.IsCurrency": SemanticKind.CURRENCY_CODE,
    "Common.IsUnit": SemanticKind.UNIT_OF_MEASURE,
    "Common.IsLanguageIdentifier": SemanticKind.LANGUAGE,
    "Common.IsCalendarDate": SemanticKind.DATE,
    "Common.IsCalendarYear": SemanticKind.CALENDAR_YEAR,
    "Common.IsCalendarYearMonth": SemanticKind.CALENDAR_YEAR_MONTH,
    "Common.IsCalendarYearQuarter": SemanticKind.CALENDAR_YEAR_QUARTER,
    "Common.IsCalendarYearWeek": SemanticKind.CALENDAR_YEAR_WEEK,
    "Common.IsCalendarMonth": SemanticKind.CALENDAR_MONTH,
    "Common.IsDayOfCalendarYear": SemanticKind.CALENDAR_DAY_OF_YEAR,
}


class _Entity(NamedTuple):
    namespace: str
    element: ET.Element
    annotations: dict[str, Annotations]


def normalize_edmx(
    tenant: str, space: str, technical_name: str, edmx: str, *, has_parameters: bool = False
) -> AssetDefinition:
    """Normalize an asset's `$metadata`: relational (StandaloneService) → view, analytical → analytic model."""
    try:
        entity = _entity(edmx, technical_name)
        type_name = f"{entity.namespace}.{entity.element.get('Name')}"
        keys = {ref.get("Name") for ref in entity.element.iterfind(f"{EDM}Key/{EDM}PropertyRef")}
        properties = entity.element.findall(f"{EDM}Property")
        columns = tuple(
            _column(
                prop, position, prop.get("Name") in keys, entity.annotations.get(f"{type_name}/{prop.get('Name')}", {})
            )
            for position, prop in enumerate(properties)
        )
    except Malformed as error:
        raise NormalizationError(asset_key(tenant, space, technical_name), str(error)) from None
    label = entity.annotations.get(type_name, {}).get("Common.Label")
    analytical = entity.namespace == ANALYTICAL_NAMESPACE
    return AssetDefinition(
        tenant=tenant,
        space=space,
        technical_name=technical_name,
        asset_id=asset_key(tenant, space, technical_name),
        kind=AssetKind.ANALYTIC_MODEL if analytical else AssetKind.VIEW,
        label=label if isinstance(label, str) else None,
        exposed=True,
        has_parameters=has_parameters,
        columns=columns,
    )


def _terms_of(entity: _Entity, type_name: str, prop: ET.Element) -> Annotations:
    return entity.annotations.get(f"{type_name}/{prop.get('Name')}", {})


def _entity(edmx: str, technical_name: str) -> _Entity:
    try:
        root = ET.fromstring(edmx)
    except ET.ParseError as error:
        raise Malformed(f"$metadata is not XML: {error}") from None
    schema = root.find(f".//{EDM}Schema")
    if schema is None:
        raise Malformed("$metadata has no Schema")
    namespace = schema.get("Namespace", "")
    annotations = _annotations(schema, namespace)
    types = schema.findall(f"{EDM}EntityType")
    if not types:
        raise Malformed("$metadata has no EntityType")
    wanted = {technical_name, technical_name.replace(".", "_")}
    for candidate in types:
        original = annotations.get(f"{namespace}.{candidate.get('Name')}", {}).get("DataIntegration.OriginalName")
        if original in wanted or candidate.get("Name") in wanted:
            return _Entity(namespace, candidate, annotations)
    return _Entity(namespace, types[0], annotations)


def _annotations(schema: ET.Element, namespace: str) -> dict[str, Annotations]:
    """Annotations by target (`NS.Type` or `NS.Type/Property`), from `<Annotations>` blocks and inline."""
    found: dict[str, Annotations] = {}
    for block in schema.iterfind(f"{EDM}Annotations"):
        found.setdefault(block.get("Target", ""), {}).update(_terms(block))
    for entity_type in schema.iterfind(f"{EDM}EntityType"):
        target = f"{namespace}.{entity_type.get('Name')}"
        found.setdefault(target, {}).update(_terms(entity_type))
        for prop in entity_type.iterfind(f"{EDM}Property"):
            found.setdefault(f"{target}/{prop.get('Name')}", {}).update(_terms(prop))
    return found


def _terms(parent: ET.Element) -> Annotations:
    terms: Annotations = {}
    for annotation in parent.iterfind(f"{EDM}Annotation"):
        term = _VOCABULARY.sub(lambda m: f"{m.group(1) or m.group(2)}.", annotation.get("Term", ""))
        if annotation.get("Bool") is not None:
            terms[term] = annotation.get("Bool") == "true"
        else:
            value = annotation.get("String") or annotation.get("EnumMember") or annotation.get("Path")
            terms[term] = value if value is not None else True
    return terms


def _column(prop: ET.Element, position: int, key: bool, terms: Annotations) -> Column:
    name, edm_type = prop.get("Name"), prop.get("Type", "")
    if not name:
        raise Malformed("a Property has no Name")
    cds_type = _cds_type(name, edm_type, prop)
    label = terms.get("Common.Label")
    return Column(
        name=name,
        position=position,
        cds_type=cds_type,
        length=_int(prop.get("MaxLength")),
        precision=_int(prop.get("Precision")) if cds_type == "cds.Decimal" else None,
        scale=_int(prop.get("Scale")) if cds_type == "cds.Decimal" else None,
        key=key,
        not_null=key or prop.get("Nullable") == "false",
        label=label if isinstance(label, str) else None,
        semantics=_semantics(terms),
    )


def _cds_type(name: str, edm_type: str, prop: ET.Element) -> str:
    if edm_type.startswith(("Edm.Geography", "Edm.Geometry")):
        return "cds.hana.ST_GEOMETRY"
    if edm_type == "Edm.DateTimeOffset" and prop.get("Precision") == "7":
        return "cds.Timestamp"
    if edm_type == "Edm.Decimal" and prop.get("Scale") in ("variable", "floating"):
        return "cds.DecimalFloat"
    if edm_type not in _CDS_BY_EDM:
        raise Malformed(f"property {name!r} has unknown EDM type {edm_type!r}")
    return _CDS_BY_EDM[edm_type]


def _semantics(terms: Annotations) -> ColumnSemantics:
    currency, unit, text = terms.get("Measures.ISOCurrency"), terms.get("Measures.Unit"), terms.get("Common.Text")
    semantic = SemanticKind.AMOUNT if isinstance(currency, str) else None
    semantic = semantic or (SemanticKind.QUANTITY if isinstance(unit, str) else None)
    semantic = semantic or next((kind for term, kind in _FLAGS.items() if terms.get(term) is True), None)
    return ColumnSemantics(
        dimension=terms.get("Analytics.dimension") is True or terms.get("Analytics.Dimension") is True,
        measure=terms.get("Analytics.measure") is True or terms.get("Analytics.Measure") is True,
        semantic=semantic,
        currency_element=currency if isinstance(currency, str) else None,
        unit_element=unit if isinstance(unit, str) else None,
        text_element=text if isinstance(text, str) else None,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None
