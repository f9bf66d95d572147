"""The export's OpenLineage shapes pass the strict check with the spec's generated models; broken ones fail it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from mdsync_audit.core.lineage import ColumnEdge, LineageNode
from mdsync_audit.core.openlineage import column_lineage_facet, dataset_event, schema_facet

Check = Callable[[dict[str, Any]], None]
SOURCE = "ds:acme/SALES/ORDERS_RAW"


def export_event() -> dict[str, Any]:
    """A Glue table's DatasetEvent as the export builds it: schema, column lineage and documentation facets."""
    node = LineageNode(
        id="glue:sales.orders", columns=(ColumnEdge(column="order_id", source=SOURCE, source_column="VBELN"),)
    )
    lineage = column_lineage_facet(node, {SOURCE: ("datasphere://acme", "SALES.ORDERS_RAW")})
    schema = schema_facet(None, [("order_id", "string", "Order"), ("amount", "decimal(15,2)", None)])
    at = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    return dataset_event("glue://eu-central-1/123456789012", "sales.orders", at, schema, lineage, "Sales orders")


def test_an_export_event_passes(openlineage_check: Check) -> None:
    event = export_event()
    assert set(event["dataset"]["facets"]) == {"schema", "columnLineage", "documentation"}
    openlineage_check(event)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(event: dict[str, Any]) -> None:
        target = event
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return change


DELETE = object()
FACETS = "dataset.facets"
BROKEN = [
    ("a column name that is a number", _set(f"{FACETS}.schema.fields.0.name", 7), "expected str"),
    ("a key the spec does not have", _set("dataset.owner", "me"), "has no field owner"),
    ("a dataset without a namespace", _set("dataset.namespace", DELETE), "required"),
    (
        "a facet of another spec version",
        _set(
            f"{FACETS}.schema._schemaURL",
            "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
        ),
        "no generated facet model",
    ),
    (
        "an input field without its column",
        _set(f"{FACETS}.columnLineage.fields.order_id.inputFields.0.field", DELETE),
        "required",
    ),
    ("an event time without a time", _set("eventTime", "2026-11-26"), "has to contain time"),
    (
        "an event schema URL of a RunEvent",
        _set("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"),
        "is not",
    ),
]


@pytest.mark.parametrize(("case", "breaks", "message"), BROKEN, ids=[c for c, _, _ in BROKEN])
def test_a_broken_event_fails(
    openlineage_check: Check, case: str, breaks: Callable[[dict[str, Any]], None], message: str
) -> None:
    event = copy.deepcopy(export_event())
    breaks(event)
    with pytest.raises(ValueError, match=message):
        openlineage_check(event)
