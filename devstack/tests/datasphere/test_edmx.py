"""EDMX generated from CSN: relational and analytical shapes, type facets, annotations, analytic-model types."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from mdsync_devstack.datasphere import resolve
from mdsync_devstack.datasphere.csn import CsnDocument, parse_object
from mdsync_devstack.datasphere.edm import edm_facets
from mdsync_devstack.datasphere.edmx import analytical_edmx, relational_edmx
from mdsync_devstack.datasphere.fixtures import ObjectType
from mdsync_devstack.datasphere.settings import DEMO_TENANT
from mdsync_devstack.datasphere.store import load_tenant

NS = {"edmx": "http://docs.oasis-open.org/odata/ns/edmx", "edm": "http://docs.oasis-open.org/odata/ns/edm"}
ELEMENTS: dict[str, Any] = {
    "DATE_SQL": {"type": "cds.Date", "key": True, "@EndUserText.label": "Date", "@Semantics.date": True},
    "NETWR": {"type": "cds.Decimal", "precision": 15, "scale": 2, "notNull": True,
              "@AnalyticsDetails.measureType": {"#": "BASE"}, "@Semantics.amount.currencyCode": {"=": "WAERK"}},
    "WAERK": {"type": "cds.String", "length": 5, "@Semantics.currencyCode": True, "@Analytics.dimension": True},
    "CHANGED": {"type": "cds.Timestamp"},
    "GEO": {"type": "cds.hana.ST_POINT"},
    "DAY_INT": {"type": "cds.hana.TINYINT"},
    "_TEXT": {"type": "cds.Association", "target": "T", "on": []},
}  # fmt: skip


def document(name: str = "SAP.TIME.VIEW_X") -> CsnDocument:
    body = {"definitions": {name: {"kind": "entity", "@EndUserText.label": "Time X", "elements": ELEMENTS,
                                   "@Analytics.dimensionType": "#TIME"}}}  # fmt: skip
    parsed = parse_object(ObjectType.VIEWS, name, json.dumps(body).encode())
    assert isinstance(parsed.document, CsnDocument)
    assert parsed.problems == ()
    return parsed.document


def properties(xml: str) -> dict[str, dict[str, str]]:
    root = ET.fromstring(xml.encode())
    return {p.get("Name", ""): dict(p.attrib) for p in root.iterfind(".//edm:EntityType/edm:Property", NS)}


def terms(xml: str, target_suffix: str) -> dict[str, str]:
    root = ET.fromstring(xml.encode())
    found: dict[str, str] = {}
    for block in root.iterfind(".//edm:Annotations", NS):
        if block.get("Target", "").endswith(target_suffix):
            for annotation in block.iterfind("edm:Annotation", NS):
                value = annotation.get("Bool") or annotation.get("String") or annotation.get("Path") or ""
                found[annotation.get("Term", "")] = value
    return found


def test_relational_has_key_nullability_and_facets() -> None:
    doc = document()
    xml = relational_edmx(doc.name, doc.definition, resolve.columns(load_tenant(DEMO_TENANT), "X", doc))
    root = ET.fromstring(xml.encode())
    schema = root.find(".//edm:Schema", NS)
    assert schema is not None
    assert schema.get("Namespace") == "StandaloneService"
    assert [k.get("Name") for k in root.iterfind(".//edm:Key/edm:PropertyRef", NS)] == ["DATE_SQL"]
    props = properties(xml)
    assert set(props) == {"DATE_SQL", "NETWR", "WAERK", "CHANGED", "GEO", "DAY_INT"}  # associations are no columns
    assert props["DATE_SQL"] == {"Name": "DATE_SQL", "Type": "Edm.Date", "Nullable": "false"}
    assert props["NETWR"] == {
        "Name": "NETWR",
        "Type": "Edm.Decimal",
        "Precision": "15",
        "Scale": "2",
        "Nullable": "false",
    }
    assert props["WAERK"] == {"Name": "WAERK", "Type": "Edm.String", "MaxLength": "5"}
    assert props["CHANGED"]["Precision"] == "7"
    assert props["GEO"]["Type"] == "Edm.String"  # spatial types are overwritten to Edm.String
    assert props["DAY_INT"]["Type"] == "Edm.Byte"


def test_relational_entity_set_replaces_dots_and_keeps_the_original_name() -> None:
    doc = document()
    xml = relational_edmx(doc.name, doc.definition, doc.definition.elements)
    root = ET.fromstring(xml.encode())
    entity_set = root.find(".//edm:EntitySet", NS)
    assert entity_set is not None
    assert entity_set.get("Name") == "SAP_TIME_VIEW_X"
    entity_terms = terms(xml, "StandaloneService.SAP_TIME_VIEW_X")
    assert entity_terms == {"Analytics.dimensionType": "#TIME", "Common.Label": "Time X",
                            "DataIntegration.OriginalName": "SAP.TIME.VIEW_X"}  # fmt: skip


def test_relational_annotations_carry_semantics() -> None:
    doc = document()
    xml = relational_edmx(doc.name, doc.definition, doc.definition.elements)
    assert terms(xml, "/DATE_SQL") == {"Common.Label": "Date", "Common.IsCalendarDate": "true"}
    assert terms(xml, "/NETWR") == {"Analytics.measure": "true", "Measures.ISOCurrency": "WAERK"}
    assert terms(xml, "/WAERK") == {"Analytics.dimension": "true", "Common.IsCurrency": "true"}


def test_analytical_has_no_key_and_marks_measures_and_dimensions() -> None:
    doc = document("AM")
    xml = analytical_edmx(doc.name, doc.definition, resolve.columns(load_tenant(DEMO_TENANT), "X", doc),
                          frozenset({"NETWR"}))  # fmt: skip
    root = ET.fromstring(xml.encode())
    schema = root.find(".//edm:Schema", NS)
    assert schema is not None
    assert schema.get("Namespace") == "InaApplicationService"
    assert root.find(".//edm:Key", NS) is None
    assert "Nullable" not in properties(xml)["DATE_SQL"]
    assert terms(xml, "/NETWR")["Analytics.measure"] == "true"
    assert terms(xml, "/WAERK")["Analytics.Dimension"] == "true"
    assert "Capabilities.CountRestrictions" in terms(xml, "EntityContainer/AM")


def test_analytic_model_columns_take_types_from_fact_and_dimension_sources() -> None:
    store = load_tenant(DEMO_TENANT)
    model = store.get("SALES", ObjectType.ANALYTIC_MODELS, "AM_SALES_ANALYSIS")
    assert model is not None
    assert isinstance(model.document, CsnDocument)
    assert all(e.type is None for e in model.document.definition.elements.values() if not e.is_relation)
    columns = resolve.columns(store, "SALES", model.document)
    assert (columns["NETWR"].type, columns["NETWR"].precision, columns["NETWR"].scale) == ("cds.Decimal", 15, 2)
    assert (columns["NAME1_CUST"].type, columns["NAME1_CUST"].length) == ("cds.String", 35)  # via _CUSTOMER
    assert columns["CALMONTH_ERDAT"].type == "cds.String"  # via the cross-space SHARED.SAP.TIME.* dimension
    assert "_CUSTOMER" not in columns


def test_unknown_or_missing_cds_type_falls_back_to_string() -> None:
    assert edm_facets("cds.Nonsense").type == "Edm.String"
    assert edm_facets(None).type == "Edm.String"
    assert edm_facets("cds.DecimalFloat").scale == "variable"
    assert edm_facets("cds.hana.NVARCHAR", length=200).max_length == "200"
