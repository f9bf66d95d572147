"""Elements become columns with their CDS type, facets, key, label and semantics; bad elements are named errors."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetDefinition, SemanticKind
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.datasphere import ObjectType

SPACES = {"SALES", "FINANCE"}


def table(elements: dict[str, Any], **annotations: Any) -> dict[str, Any]:
    return {"definitions": {"T_ORDERS": {"kind": "entity", "elements": elements, **annotations}}}


def normalized(body: dict[str, Any], object_type: ObjectType = ObjectType.LOCAL_TABLES) -> AssetDefinition:
    return normalize("acme", "SALES", object_type, body, known_spaces=SPACES)


def test_types_facets_key_and_label() -> None:
    definition = normalized(
        table(
            {
                "ORDER_ID": {"type": "cds.String", "length": 10, "key": True, "@EndUserText.label": "Order"},
                "AMOUNT": {"type": "cds.Decimal", "precision": 15, "scale": 2, "notNull": True},
                "QTY": {"type": "cds.hana.SMALLINT"},
                "GEO": {"type": "cds.hana.ST_POINT", "srid": 4326},
                "NATIVE": {"type": "cds.String", "length": 18, "@DataWarehouse.native.dataType": "NVARCHAR"},
            },
            **{"@EndUserText.label": "Orders"},
        )
    )
    order, amount, qty, geo, native = definition.columns
    assert definition.asset_id == "acme/SALES/T_ORDERS"
    assert definition.label == "Orders"
    assert (order.cds_type, order.length, order.key, order.not_null, order.label) == (
        "cds.String",
        10,
        True,
        True,
        "Order",
    )
    assert (amount.precision, amount.scale, amount.not_null, amount.key) == (15, 2, True, False)
    assert qty.cds_type == "cds.hana.SMALLINT"
    assert (geo.cds_type, geo.srid) == ("cds.hana.ST_POINT", 4326)
    assert native.native_type == "NVARCHAR"
    assert [column.position for column in definition.columns] == [0, 1, 2, 3, 4]


def test_semantics() -> None:
    definition = normalized(
        table(
            {
                "AMOUNT": {
                    "type": "cds.Decimal",
                    "@Semantics.amount.currencyCode": {"=": "CURRENCY"},
                    "@Aggregation.default": {"#": "SUM"},
                },
                "CURRENCY": {"type": "cds.String", "length": 5, "@Semantics.currencyCode": True},
                "QTY": {"type": "cds.Integer", "@Semantics.quantity.unitOfMeasure": {"=": "UNIT"}},
                "CUSTOMER": {
                    "type": "cds.String",
                    "@Analytics.dimension": True,
                    "@ObjectModel.text.element": [{"=": "CUSTOMER_NAME"}],
                    "@ObjectModel.foreignKey.association": {"=": "_CUSTOMER"},
                },
                "CUSTOMER_NAME": {"type": "cds.String", "@Semantics.text": True},
                "CALMONTH": {"type": "cds.String", "@Semantics.calendar.yearMonth": True, "@Custom.flag": "x"},
            }
        )
    )
    amount, currency, qty, customer, name, month = (column.semantics for column in definition.columns)
    assert (amount.semantic, amount.currency_element, amount.measure, amount.aggregation) == (
        SemanticKind.AMOUNT,
        "CURRENCY",
        True,
        "SUM",
    )
    assert currency.semantic is SemanticKind.CURRENCY_CODE
    assert (qty.semantic, qty.unit_element) == (SemanticKind.QUANTITY, "UNIT")
    assert (customer.dimension, customer.text_element, customer.foreign_key_association) == (
        True,
        "CUSTOMER_NAME",
        "_CUSTOMER",
    )
    assert name.semantic is SemanticKind.TEXT
    assert month.semantic is SemanticKind.CALENDAR_YEAR_MONTH
    assert definition.columns[5].annotations == {"Custom.flag": "x"}  # unmapped annotations are kept verbatim


def test_associations_are_not_columns() -> None:
    elements = {
        "CUSTOMER_ID": {"type": "cds.String", "length": 10},
        "_CUSTOMER": {
            "type": "cds.Association",
            "target": "FINANCE.CUSTOMERS",
            "cardinality": {"max": 1},
            "on": [{"ref": ["_CUSTOMER", "ID"]}, "=", {"ref": ["CUSTOMER_ID"]}],
        },
    }
    definition = normalized(table(elements))
    assert [column.name for column in definition.columns] == ["CUSTOMER_ID"]
    (association,) = definition.associations
    assert (association.target.space, association.target.technical_name) == ("FINANCE", "CUSTOMERS")
    assert (association.cardinality, association.on_elements) == ("0..1", ("CUSTOMER_ID",))
    assert definition.dependencies == ()  # a table's association is not a data source


@pytest.mark.parametrize(
    ("elements", "reason"),
    [
        ({"X": {"type": "cds.Money"}}, "element 'X' has unknown CDS type 'cds.Money'"),
        ({"X": {"length": 3}}, "element 'X' has no type"),
        ({"X": {"type": "cds.String", "length": "ten"}}, "length"),
        ({"X": "cds.String"}, "element 'X' is not an object"),
        ({"X": {"elements": {"A": {"type": "cds.String"}}}}, "structured"),
        ({"_A": {"type": "cds.Association"}}, "association '_A' has no target"),
    ],
)
def test_unknown_or_malformed_elements_name_the_asset_and_the_element(elements: dict[str, Any], reason: str) -> None:
    with pytest.raises(NormalizationError, match="acme/SALES/T_ORDERS") as caught:
        normalized(table(elements))
    assert reason in caught.value.reason
    assert caught.value.asset_id == "acme/SALES/T_ORDERS"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({}, "no `definitions`"),
        ({"definitions": {"A": {}, "B": {}}}, "holds 2 objects"),
        ({"definitions": {"A": []}}, "no object entry named 'A'"),
    ],
)
def test_malformed_bodies(body: dict[str, Any], reason: str) -> None:
    with pytest.raises(NormalizationError, match=reason):
        normalized(body)


def test_name_picks_the_definition() -> None:
    body = {"definitions": {"A": {"elements": {}}, "B": {"elements": {"X": {"type": "cds.Date"}}}}}
    definition = normalize("acme", "SALES", ObjectType.VIEWS, body, known_spaces=SPACES, name="B")
    assert (definition.technical_name, definition.columns[0].name) == ("B", "X")


def test_remote_table_origin() -> None:
    body = table(
        {"/BIC/MY_KEY": {"type": "cds.String", "length": 18, "key": True}},
        **{"@DataWarehouse.remote.connection": "HANA_DP_AGENT", "@DataWarehouse.remote.entity": '"S"."/BIC/M"'},
    )
    definition = normalized(body, ObjectType.REMOTE_TABLES)
    assert definition.kind.value == "remote_table"
    assert definition.remote is not None
    assert (definition.remote.connection, definition.remote.entity) == ("HANA_DP_AGENT", '"S"."/BIC/M"')
    assert definition.columns[0].name == "/BIC/MY_KEY"
