"""What a caller limited to some spaces may see of a record: pure visibility tests and redactions.

An object without a space (a Glue table of an unknown asset, a dead letter about no asset) is visible only to
callers who see every space. A reference to an invisible space is dropped, never shown as a placeholder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mdsync_audit.core.jobs import JobView, OutcomeEntry
from mdsync_audit.core.lineage import LineageNode
from mdsync_contracts.asset_definition import AssetDefinition
from mdsync_contracts.asset_model import FlowEndpoint
from mdsync_contracts.jobs import OutcomeCounts

Spaces = frozenset[str] | None
"""The spaces a caller may see; None means every space."""

WITHHELD = "(withheld: not a JSON object, so it cannot be limited to your spaces)"


def sees(space: str | None, spaces: Spaces) -> bool:
    """True when a caller limited to ``spaces`` may see something in ``space``."""
    return spaces is None or (space is not None and space in spaces)


def space_of_id(record_id: str | None) -> str | None:
    """The space of an asset id `{tenant}/{space}/{name}` or lineage node `ds:{asset id}`; None otherwise."""
    parts = (record_id or "").removeprefix("ds:").split("/", 2)
    return parts[1] if len(parts) == 3 else None


def sees_id(record_id: str | None, spaces: Spaces) -> bool:
    """True when the caller may see the asset (or `ds:` node) ``record_id``."""
    return spaces is None or sees(space_of_id(record_id), spaces)


def scoped_definition(definition: AssetDefinition, spaces: Spaces) -> AssetDefinition:
    """The definition without dependencies, associations, column lineage or flow endpoints in invisible spaces."""
    if spaces is None:
        return definition
    flow = definition.flow
    if flow is not None:
        flow = flow.model_copy(
            update={"inputs": _endpoints(flow.inputs, spaces), "outputs": _endpoints(flow.outputs, spaces)}
        )
    return definition.model_copy(
        update={
            "dependencies": tuple(d for d in definition.dependencies if sees(d.source.space, spaces)),
            "associations": tuple(a for a in definition.associations if sees(a.target.space, spaces)),
            "column_lineage": tuple(c for c in definition.column_lineage if sees(c.source.space, spaces)),
            "flow": flow,
        }
    )


def _endpoints(endpoints: tuple[FlowEndpoint, ...], spaces: Spaces) -> tuple[FlowEndpoint, ...]:
    return tuple(e for e in endpoints if e.object is None or sees(e.object.space, spaces))


def scoped_payload(payload: dict[str, Any], spaces: Spaces) -> dict[str, Any]:
    """An event payload whose asset definition (and a dead letter's raw payload) are scoped to ``spaces``."""
    if spaces is None:
        return payload
    raw = payload.get("definition")
    if isinstance(raw, dict):
        definition = scoped_definition(AssetDefinition.model_validate(raw), spaces)
        payload = payload | {"definition": definition.model_dump(mode="json", exclude_defaults=True)}
    if isinstance(text := payload.get("payload"), str):
        payload = payload | {"payload": scoped_raw(text, spaces)}
    return payload


def scoped_raw(payload: str, spaces: Spaces) -> str:
    """A dead letter's raw payload for a limited caller: scoped when it is a JSON object, else withheld."""
    if spaces is None:
        return payload
    try:
        parsed = json.loads(payload)
        return json.dumps(scoped_payload(parsed, spaces)) if isinstance(parsed, dict) else WITHHELD
    except ValueError:  # not JSON, or cut at 4 KiB: it could name anything
        return WITHHELD


def scoped_node(node: LineageNode, keep: Callable[[str], bool]) -> LineageNode:
    """The node with only the neighbours, declared edges and column sources ``keep`` accepts."""
    return node.model_copy(
        update={
            "upstream": tuple(n for n in node.upstream if keep(n)),
            "downstream": tuple(n for n in node.downstream if keep(n)),
            "declared": tuple(e for e in node.declared if keep(e[0]) and keep(e[1])),
            "columns": tuple(c for c in node.columns if keep(c.source)),
        }
    )


def job_spaces(job: JobView) -> set[str]:
    """Spaces a job's scope names (its spaces and the spaces of its single assets)."""
    scope = job.scope
    return set(scope.spaces) | {a.space for a in scope.assets} if scope else set()


def job_visible(job: JobView, spaces: Spaces) -> bool:
    """A limited caller sees jobs whose scope names one of its spaces."""
    return spaces is None or bool(job_spaces(job) & spaces)


def scoped_job(job: JobView, spaces: Spaces) -> JobView:
    """The job narrowed to visible spaces; counts and reason of a job reaching other spaces are withheld."""
    if spaces is None or job.scope is None or job_spaces(job) <= spaces:
        return job
    scope = job.scope.model_copy(
        update={
            "spaces": tuple(s for s in job.scope.spaces if s in spaces),
            "assets": tuple(a for a in job.scope.assets if a.space in spaces),
        }
    )
    return job.model_copy(update={"scope": scope, "reported": None, "planned_assets": None, "reason": None})


def scoped_counts(entries: list[OutcomeEntry]) -> OutcomeCounts:
    """Outcome counts of the given (visible) entries."""
    found: dict[str, int] = {}
    for entry in entries:
        found[entry.outcome] = found.get(entry.outcome, 0) + 1
    return OutcomeCounts.model_validate({k: v for k, v in found.items() if k in OutcomeCounts.model_fields})
