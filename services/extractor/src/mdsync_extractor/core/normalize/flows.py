"""Replication, data and transformation flows and task chains: inputs and outputs for lineage."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from mdsync_contracts.asset_model import AssetKind, Dependency, DependencyKind, FlowEndpoint, FlowIO, ObjectRef
from mdsync_extractor.core.normalize.errors import Malformed
from mdsync_extractor.core.normalize.query import query_lineage
from mdsync_extractor.core.normalize.refs import resolve_ref

OWN_CONNECTION = "$DWC"  # the tenant's own HANA: the endpoint is a Datasphere object


@dataclass(frozen=True)
class Flow:
    """A flow's label and its inputs/outputs."""

    label: str | None
    io: FlowIO

    def dependencies(self) -> list[Dependency]:
        """Inputs and outputs that are Datasphere objects."""
        inputs = [(e, DependencyKind.FLOW_INPUT) for e in self.io.inputs]
        outputs = [(e, DependencyKind.FLOW_OUTPUT) for e in self.io.outputs]
        return [Dependency(source=e.object, kind=kind) for e, kind in (*inputs, *outputs) if e.object is not None]


@dataclass(frozen=True)
class _Scope:
    space: str
    known_spaces: Collection[str]

    def endpoint(self, name: str, connection: str | None = None, container: str | None = None) -> FlowEndpoint:
        local = connection in (None, "", OWN_CONNECTION)
        return FlowEndpoint(
            name=name,
            connection=None if local else connection,
            container=container,
            object=resolve_ref(name, self.space, self.known_spaces) if local else None,
        )


def read_flow(
    kind: AssetKind, root_key: str, raw: dict[str, Any], name: str | None, space: str, known: Collection[str]
) -> tuple[str, Flow]:
    """The flow's name and its inputs/outputs, from `{"<type>": {"<name>": {...}}}`."""
    root = raw.get(root_key)
    if not isinstance(root, dict) or not root:
        raise Malformed(f"the body has no `{root_key}` object")
    name = name or (next(iter(root)) if len(root) == 1 else None)
    if name is None or not isinstance(root.get(name), dict):
        raise Malformed(f"`{root_key}` has no single object entry{f' named {name!r}' if name else ''}")
    content: dict[str, Any] = root[name]
    scope = _Scope(space, known)
    io = _READERS[kind](_contents(content), scope)
    label = content.get("@EndUserText.label") or content.get("businessName") or content.get("label")
    return name, Flow(label=label if isinstance(label, str) else None, io=io)


def _contents(content: dict[str, Any]) -> dict[str, Any]:
    inner = content.get("contents", content)
    if not isinstance(inner, dict):
        raise Malformed("`contents` is not an object")
    return inner


def _replication(contents: dict[str, Any], scope: _Scope) -> FlowIO:
    source, target = _system(contents, "sourceSystem"), _system(contents, "targetSystem")
    tasks = _list(contents.get("replicationTasks"), "replicationTasks")
    inputs, outputs, load_types = [], [], set()
    for task in tasks:
        inputs.append(scope.endpoint(_object_name(task, "sourceObject"), *source))
        outputs.append(scope.endpoint(_object_name(task, "targetObject"), *target))
        if isinstance(task.get("loadType"), str):
            load_types.add(task["loadType"])
    load_type = next(iter(load_types)) if len(load_types) == 1 else None
    return FlowIO(inputs=tuple(inputs), outputs=tuple(outputs), load_type=load_type)


def _system(contents: dict[str, Any], key: str) -> tuple[str | None, str | None]:
    systems = contents.get(key)
    system = systems[0] if isinstance(systems, list) and systems else systems
    if not isinstance(system, dict):
        return None, None
    connection, container = system.get("connectionId"), system.get("container")
    return (
        connection if isinstance(connection, str) else None,
        container if isinstance(container, str) else None,
    )


def _object_name(task: Any, key: str) -> str:
    value = task.get(key) if isinstance(task, dict) else None
    name = value.get("name") if isinstance(value, dict) else value
    if not isinstance(name, str) or not name:
        raise Malformed(f"replication task without `{key}.name`")
    return name


def _processes(contents: dict[str, Any], scope: _Scope) -> FlowIO:
    processes = contents.get("processes")
    if not isinstance(processes, dict):
        raise Malformed("flow has no `processes` object")
    inputs: list[FlowEndpoint] = []
    outputs: list[FlowEndpoint] = []
    for process_id in sorted(processes):
        process = processes[process_id]
        if not isinstance(process, dict):
            raise Malformed(f"process {process_id!r} is not an object")
        found_in, found_out = _process_io(process, scope)
        inputs.extend(found_in)
        outputs.extend(found_out)
    return FlowIO(inputs=tuple(inputs), outputs=tuple(outputs))


def _process_io(process: dict[str, Any], scope: _Scope) -> tuple[list[FlowEndpoint], list[FlowEndpoint]]:
    component = str(process.get("component", ""))
    metadata = process.get("metadata")
    config = metadata.get("config") if isinstance(metadata, dict) else None
    if not isinstance(config, dict):
        return [], []
    if isinstance(config.get("definition"), dict):
        return list(_definition_inputs(config["definition"], scope)), []
    entity = config.get("dwcEntity")
    if not isinstance(entity, str) or not entity:
        return [], []
    connection = config.get("hanaConnection")
    connection_id = connection.get("connectionID") if isinstance(connection, dict) else None
    endpoint = scope.endpoint(entity, connection_id if isinstance(connection_id, str) else None)
    if component.endswith("consumer"):
        return [endpoint], []
    if component.endswith("producer"):
        return [], [endpoint]
    return [], []


def _definition_inputs(definition: dict[str, Any], scope: _Scope) -> Iterator[FlowEndpoint]:
    """Sources of the CSN view a transformation flow's SQL transform holds."""
    entities = definition.get("definitions", {"_": definition})
    for entity in entities.values() if isinstance(entities, dict) else []:
        if isinstance(entity, dict) and "query" in entity:
            for dependency in query_lineage(entity["query"], scope.space, scope.known_spaces).dependencies:
                yield FlowEndpoint(name=dependency.source.technical_name, object=dependency.source)


def _task_chain(contents: dict[str, Any], scope: _Scope) -> FlowIO:
    """The objects a task chain runs (`nodes[].taskIdentifier`), as its inputs."""
    nodes = contents.get("nodes", contents.get("tasks", []))
    inputs = []
    for node in _list(nodes, "nodes"):
        task = node.get("taskIdentifier", node) if isinstance(node, dict) else None
        name = task.get("objectId") if isinstance(task, dict) else None
        if isinstance(task, dict) and isinstance(name, str) and name:
            other = task.get("spaceId")
            space = other if isinstance(other, str) and other else scope.space
            inputs.append(FlowEndpoint(name=name, object=ObjectRef(space=space, technical_name=name)))
    return FlowIO(inputs=tuple(inputs))


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise Malformed(f"`{what}` is not a list")
    return value


_READERS = {
    AssetKind.REPLICATION_FLOW: _replication,
    AssetKind.DATA_FLOW: _processes,
    AssetKind.TRANSFORMATION_FLOW: _processes,
    AssetKind.TASK_CHAIN: _task_chain,
}
