"""Flows and task chains are assets with inputs and outputs (and lineage dependencies), never columns."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetDefinition
from mdsync_extractor.core.normalize import NormalizationError, normalize
from mdsync_extractor.datasphere import ObjectType

SPACES = {"SALES", "FINANCE"}


def flow(object_type: ObjectType, content: dict[str, Any]) -> AssetDefinition:
    body = {object_type.value: {"F_X": {"@EndUserText.label": "Flow X", **content}}}
    return normalize("acme", "SALES", object_type, body, known_spaces=SPACES)


def test_replication_flow() -> None:
    contents = {
        "sourceSystem": [
            {"connectionId": "S4_PROD", "connectionType": "SAPS4HANACLOUD", "container": "/CDS_EXTRACTION"}
        ],
        "targetSystem": [{"connectionId": "$DWC", "connectionType": "HANA", "container": ""}],
        "replicationTasks": [
            {
                "name": "t1",
                "loadType": "REPLICATE",
                "sourceObject": {"name": "I_SALESORDER"},
                "targetObject": {"name": "SALES_ORDERS"},
            },
            {
                "name": "t2",
                "loadType": "REPLICATE",
                "sourceObject": {"name": "I_CUSTOMER"},
                "targetObject": {"name": "FINANCE.CUSTOMERS"},
            },
        ],
    }
    definition = flow(ObjectType.REPLICATION_FLOWS, {"kind": "sap.dis.replicationflow", "contents": contents})
    assert (definition.kind.value, definition.label, definition.columns) == ("replication_flow", "Flow X", ())
    assert definition.flow is not None
    assert definition.flow.load_type == "REPLICATE"
    assert [(e.name, e.connection, e.container, e.object) for e in definition.flow.inputs] == [
        ("I_SALESORDER", "S4_PROD", "/CDS_EXTRACTION", None),
        ("I_CUSTOMER", "S4_PROD", "/CDS_EXTRACTION", None),
    ]
    outputs = {(d.source.space, d.source.technical_name, d.kind.value) for d in definition.dependencies}
    assert outputs == {("SALES", "SALES_ORDERS", "flow_output"), ("FINANCE", "CUSTOMERS", "flow_output")}


def test_data_flow_consumers_and_producers() -> None:
    processes = {
        "p1": {
            "component": "com.sap.dataflow.table.consumer",
            "metadata": {"config": {"dwcEntity": "ORDERS_RAW", "hanaConnection": {"connectionID": "$DWC"}}},
        },
        "p2": {"component": "com.sap.dataflow.script", "metadata": {"config": {}}},
        "p3": {"component": "com.sap.dataflow.table.producer", "metadata": {"config": {"dwcEntity": "ORDERS"}}},
    }
    definition = flow(ObjectType.DATA_FLOWS, {"contents": {"processes": processes}})
    deps = {(d.source.technical_name, d.kind.value) for d in definition.dependencies}
    assert deps == {("ORDERS_RAW", "flow_input"), ("ORDERS", "flow_output")}


def test_transformation_flow_reads_its_sql_transform_sources() -> None:
    view = {"kind": "entity", "query": {"SELECT": {"from": {"ref": ["FINANCE.LEDGER"]}}}}
    processes = {
        "sqltransform1": {
            "component": "sqltransform",
            "metadata": {"config": {"definition": {"definitions": {"V": view}}}},
        },
        "target": {
            "component": "com.sap.dataflow.table.producer",
            "metadata": {"config": {"dwcEntity": "LEDGER_COPY"}},
        },
    }
    definition = flow(ObjectType.TRANSFORMATION_FLOWS, {"contents": {"processes": processes}})
    deps = {(d.source.space, d.source.technical_name, d.kind.value) for d in definition.dependencies}
    assert deps == {("FINANCE", "LEDGER", "flow_input"), ("SALES", "LEDGER_COPY", "flow_output")}


def test_task_chain_runs_objects() -> None:
    nodes = [
        {"id": 0, "type": "START"},
        {"id": 1, "taskIdentifier": {"applicationId": "VIEWS", "activity": "PERSIST", "objectId": "V_ORDERS"}},
        {"id": 2, "taskIdentifier": {"objectId": "LEDGER", "spaceId": "FINANCE"}},
    ]
    definition = flow(ObjectType.TASK_CHAINS, {"nodes": nodes})
    assert definition.flow is not None
    assert [e.name for e in definition.flow.inputs] == ["V_ORDERS", "LEDGER"]
    assert {(d.source.space, d.source.technical_name) for d in definition.dependencies} == {
        ("SALES", "V_ORDERS"),
        ("FINANCE", "LEDGER"),
    }


@pytest.mark.parametrize(
    ("object_type", "body", "reason"),
    [
        (ObjectType.DATA_FLOWS, {"definitions": {}}, "no `dataflows` object"),
        (ObjectType.DATA_FLOWS, {"dataflows": {"F_X": {"contents": {}}}}, "no `processes`"),
        (
            ObjectType.REPLICATION_FLOWS,
            {"replicationflows": {"F_X": {"contents": {"replicationTasks": [{}]}}}},
            "sourceObject",
        ),
        (ObjectType.TASK_CHAINS, {"taskchains": {"F_X": {"nodes": {}}}}, "`nodes` is not a list"),
    ],
)
def test_malformed_flows(object_type: ObjectType, body: dict[str, Any], reason: str) -> None:
    with pytest.raises(NormalizationError, match=reason):
        normalize("acme", "SALES", object_type, body, known_spaces=SPACES)
