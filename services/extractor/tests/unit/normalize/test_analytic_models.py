"""Analytic models: sources from the business layer, untyped elements, types resolved from projected sources."""

from __future__ import annotations

from typing import Any

from mdsync_contracts.assets import AssetDefinition
from mdsync_extractor.core.normalize import normalize, resolve_analytic_columns, unresolved_sources
from mdsync_extractor.datasphere import ObjectType

SPACES = {"SALES", "FINANCE_DATA"}

# Abridged from the recorded `Test_Analytic_Model.json` (reference §5.4).
MODEL: dict[str, Any] = {
    "definitions": {
        "Test_Analytic_Model": {
            "kind": "entity",
            "@ObjectModel.modelingPattern": {"#": "ANALYTICAL_CUBE"},
            "elements": {
                "BW_ORDERVALUE": {"@EndUserText.label": "Order Value", "@AnalyticsDetails.measureType": {"#": "BASE"}},
                "BusinessPartner": {"@ObjectModel.foreignKey.association": {"=": "_BusinessPartner"}},
                "_BusinessPartner": {
                    "type": "cds.Association",
                    "target": "FINANCE_DATA.BusinessPartner_DIM_GE",
                    "on": [{"ref": ["BusinessPartner"]}, "=", {"ref": ["_BusinessPartner", "ID"]}],
                },
                "Country_Bus1": {"@Analytics.navigationAttributeRef": ["_BusinessPartner", "Country"]},
            },
            "query": {"SELECT": {"from": {"ref": ["FINANCE_DATA.SALES_ALL_GE"], "as": "FINANCE_DATASALES_A"}}},
        }
    },
    "businessLayerDefinitions": {
        "Test_Analytic_Model": {
            "text": "Test Analytic Model",
            "sourceModel": {
                "factSources": {
                    "FINANCE_DATASALES_A": {"text": "SALES_ALL_GE", "dataEntity": {"key": "FINANCE_DATA.SALES_ALL_GE"}}
                },
                "dimensionSources": {
                    "_BusinessPartner": {"text": "BP", "dataEntity": {"key": "FINANCE_DATA.BusinessPartner_DIM_GE"}}
                },
            },
            "attributes": {
                "BusinessPartner": {"attributeMapping": {"FINANCE_DATASALES_A": {"key": "BP_ID"}}, "text": "Partner"},
                "Country_Bus1": {"sourceKey": "_BusinessPartner", "key": "Country", "text": "Country"},
            },
            "measures": {"BW_ORDERVALUE": {"measureMapping": {"FINANCE_DATASALES_A": {"key": "ORDER_VALUE"}}}},
            "variables": {"V_YEAR": {}},
        }
    },
}


def _source(name: str, elements: dict[str, Any]) -> AssetDefinition:
    body = {"definitions": {name: {"kind": "entity", "elements": elements}}}
    return normalize("acme", "FINANCE_DATA", ObjectType.VIEWS, body, known_spaces=SPACES)


def _model() -> AssetDefinition:
    return normalize("acme", "SALES", ObjectType.ANALYTIC_MODELS, MODEL, known_spaces=SPACES)


def test_analytic_model_from_its_business_layer() -> None:
    model = _model()
    assert (model.kind.value, model.exposed, model.label, model.modeling_pattern) == (
        "analytic_model",
        True,
        "Test Analytic Model",
        "ANALYTICAL_CUBE",
    )
    assert [(c.name, c.cds_type) for c in model.columns] == [
        ("BW_ORDERVALUE", None),
        ("BusinessPartner", None),
        ("Country_Bus1", None),
    ]
    value, partner, country = model.columns
    assert (value.semantics.measure, value.label) == (True, "Order Value")
    assert (partner.semantics.dimension, partner.label) == (True, "Partner")
    assert country.semantics.dimension
    deps = {(d.source.technical_name, d.kind.value) for d in model.dependencies}
    assert deps == {("SALES_ALL_GE", "from"), ("BusinessPartner_DIM_GE", "association")}
    assert {(i.column, i.source.technical_name, i.source_column) for i in model.column_lineage} == {
        ("BW_ORDERVALUE", "SALES_ALL_GE", "ORDER_VALUE"),
        ("BusinessPartner", "SALES_ALL_GE", "BP_ID"),
        ("Country_Bus1", "BusinessPartner_DIM_GE", "Country"),
    }
    assert (model.has_parameters, model.parameters) == (True, ("V_YEAR",))


def test_column_types_resolved_from_projected_sources() -> None:
    fact = _source(
        "SALES_ALL_GE",
        {
            "ORDER_VALUE": {"type": "cds.Decimal", "precision": 15, "scale": 2},
            "BP_ID": {"type": "cds.String", "length": 10},
        },
    )
    model = _model()
    resolved = resolve_analytic_columns({model.asset_id: model, fact.asset_id: fact})
    columns = {c.name: c for c in resolved[model.asset_id].columns}
    assert (columns["BW_ORDERVALUE"].cds_type, columns["BW_ORDERVALUE"].precision) == ("cds.Decimal", 15)
    assert (columns["BusinessPartner"].cds_type, columns["BusinessPartner"].length) == ("cds.String", 10)
    assert columns["Country_Bus1"].cds_type is None  # its dimension source was not among the definitions
    assert resolved[fact.asset_id] is fact
    assert model.columns[0].cds_type is None  # the input is not changed


def test_resolution_leaves_other_kinds_alone() -> None:
    fact = _source("SALES_ALL_GE", {"ORDER_VALUE": {"type": "cds.Integer"}})
    assert resolve_analytic_columns({fact.asset_id: fact}) == {fact.asset_id: fact}


def test_the_sources_an_analytic_model_still_needs_are_named_until_they_are_read() -> None:
    model = _model()
    fact = _source("SALES_ALL_GE", {"ORDER_VALUE": {"type": "cds.Integer"}, "BP_ID": {"type": "cds.String"}})
    dimension = _source("BusinessPartner_DIM_GE", {"Country": {"type": "cds.String", "length": 3}})

    assert unresolved_sources({model.asset_id: model}) == {
        "acme/FINANCE_DATA/SALES_ALL_GE",
        "acme/FINANCE_DATA/BusinessPartner_DIM_GE",
    }
    assert unresolved_sources({model.asset_id: model, fact.asset_id: fact}) == {
        "acme/FINANCE_DATA/BusinessPartner_DIM_GE"
    }
    everything = {model.asset_id: model, fact.asset_id: fact, dimension.asset_id: dimension}
    assert unresolved_sources(everything) == frozenset()
    assert unresolved_sources({fact.asset_id: fact}) == frozenset()
