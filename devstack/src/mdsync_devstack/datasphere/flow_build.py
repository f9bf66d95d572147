"""Builders of flow and task-chain fixtures (replication, data and transformation flows), shapes per reference §6.2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mdsync_devstack.datasphere.csn_build import Fixture
from mdsync_devstack.datasphere.fixtures import ObjectType


@dataclass(frozen=True)
class Endpoint:
    """A replication flow's source or target system."""

    connection_id: str
    connection_type: str
    container: str


def replication_flow(
    space: str, name: str, label: str, source: Endpoint, target: Endpoint, tasks: Sequence[tuple[str, str]]
) -> Fixture:
    """A replication flow (shape of DataHub's fixture modeled on a live payload)."""

    def system(e: Endpoint) -> dict[str, Any]:
        return {
            "connectionId": e.connection_id,
            "connectionType": e.connection_type,
            "container": e.container,
            "maxConnections": 10,
            "metadata": {},
        }

    replication_tasks = [
        {
            "name": f"replicationtask{i}",
            "loadType": "INITIAL_AND_DELTA",
            "priority": 50,
            "truncate": False,
            "sourceObject": {"name": src},
            "targetObject": {"name": tgt},
        }
        for i, (src, tgt) in enumerate(tasks, start=1)
    ]
    contents = {
        "description": label,
        "sourceSystem": [system(source)],
        "targetSystem": [system(target)],
        "replicationTasks": replication_tasks,
    }
    body = {"kind": "sap.dis.replicationflow", "@EndUserText.label": label, "contents": contents}
    return Fixture(space, ObjectType.REPLICATION_FLOWS, name, {"replicationflows": {name: body}})


def data_flow(
    space: str, name: str, label: str, sources: Sequence[str], target: str, mappings: Sequence[tuple[str, str]]
) -> Fixture:
    """A data flow: one table consumer per source, a projection, one table producer with attribute mappings."""
    dwc = {"connectionID": "$DWC"}
    processes: dict[str, Any] = {
        f"source{i}": {
            "component": "com.sap.dataflow.table.consumer",
            "metadata": {"config": {"dwcEntity": s, "hanaConnection": dwc}},
        }
        for i, s in enumerate(sources, start=1)
    }
    processes["projection1"] = {"component": "com.sap.dataflow.projection", "metadata": {"config": {}}}
    mapped = [{"target": t, "expression": expression} for t, expression in mappings]
    processes["target1"] = {
        "component": "com.sap.dataflow.table.producer",
        "metadata": {
            "config": {"dwcEntity": target, "hanaConnection": dwc, "mode": "APPEND", "attributeMappings": mapped}
        },
    }
    body = {"kind": "sap.dis.dataflow", "@EndUserText.label": label, "contents": {"processes": processes}}
    return Fixture(space, ObjectType.DATA_FLOWS, name, {"dataflows": {name: body}})


def transformation_flow(space: str, name: str, label: str, sql_view: Fixture, target: str) -> Fixture:
    """A transformation flow: a SQL transform holding a CSN view, writing into ``target``."""
    processes = {
        "sqltransform1": {
            "component": "com.sap.database.sql.transform",
            "metadata": {"config": {"definition": sql_view.body}},
        },
        "target1": {
            "component": "com.sap.database.table.producer",
            "metadata": {"config": {"dwcEntity": target, "mode": "APPEND"}},
        },
    }
    body = {
        "kind": "sap.dis.transformationflow",
        "@EndUserText.label": label,
        "contents": {"processes": processes, "loadType": "INITIAL_AND_DELTA"},
    }
    return Fixture(space, ObjectType.TRANSFORMATION_FLOWS, name, {"transformationflows": {name: body}})


def task_chain(space: str, name: str, label: str, steps: Sequence[tuple[str, str, str]]) -> Fixture:
    """A task chain running ``(applicationId, activity, objectId)`` steps in sequence (grammar inferred)."""
    nodes = [
        {
            "id": i,
            "type": "TASK",
            "taskIdentifier": {"applicationId": app, "activity": activity, "objectId": obj, "spaceId": space},
        }
        for i, (app, activity, obj) in enumerate(steps, start=1)
    ]
    links = [
        {"id": i, "startNode": {"nodeId": i, "statusRequired": "COMPLETED"}, "endNode": {"nodeId": i + 1}}
        for i in range(1, len(steps))
    ]
    body = {"kind": "sap.dwc.taskChain", "@EndUserText.label": label, "nodes": nodes, "links": links}
    return Fixture(space, ObjectType.TASK_CHAINS, name, {"taskchains": {name: body}})
