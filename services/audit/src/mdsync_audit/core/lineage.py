"""Lineage nodes with adjacency lists, the edges each owner declares, and the set operations that keep them.

An edge (upstream → downstream) is declared by one owner: a Datasphere asset declares its sources (its
dependencies; a flow declares its outputs as downstream of itself), a Glue table declares the asset it is
mapped from. When an owner's declaration changes, only the difference is applied to both endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.stored import Doc
from mdsync_contracts.assets import AssetDefinition, DependencyKind
from mdsync_contracts.glue import DecisionKind, UpsertTable


def asset_node(asset_id: str) -> str:
    """Lineage node id of a Datasphere asset."""
    return f"ds:{asset_id}"


def glue_node(table: str) -> str:
    """Lineage node id of a Glue table `{database}.{table}`."""
    return f"glue:{table}"


class ColumnEdge(BaseModel):
    """An output column of a node that is a direct reference to a column of an upstream node."""

    model_config = ConfigDict(frozen=True)

    column: str = Field(description="Column of this node.", examples=["order_id"])
    source: str = Field(description="Upstream node id.", examples=["ds:acme/SALES/ORDERS_RAW"])
    source_column: str = Field(description="Column there.", examples=["VBELN"])


class LineageNode(Doc):
    """A lineage node: neighbours both ways, the edges it declares, and its column-level lineage."""

    system: str = Field(default="datasphere", description="datasphere or glue.")
    name: str | None = Field(default=None, description="Asset id or Glue table.")
    space: str | None = Field(default=None, description="Datasphere space (for the space filter).")
    kind: str | None = Field(default=None, description="Asset kind, or `glue_table`.")
    deleted: bool = Field(default=False, description="The object no longer exists.")
    upstream: tuple[str, ...] = Field(default=(), description="Nodes this one reads from.")
    downstream: tuple[str, ...] = Field(default=(), description="Nodes that read from this one.")
    declared: tuple[tuple[str, str], ...] = Field(default=(), description="(upstream, downstream) edges it declares.")
    columns: tuple[ColumnEdge, ...] = Field(default=(), description="Column-level lineage into this node.")


class Op(StrEnum):
    """Set operation on an adjacency list."""

    ADD = "$addToSet"
    PULL = "$pull"


@dataclass(frozen=True)
class AdjacencyOp:
    """Add or remove ``value`` in ``field`` ("upstream"/"downstream") of node ``node``."""

    node: str
    field: str
    op: Op
    value: str


def declared_edges(definition: AssetDefinition | None) -> frozenset[tuple[str, str]]:
    """Edges an asset's definition declares: source → asset, or asset → output for a flow's outputs."""
    if definition is None:
        return frozenset()
    me = asset_node(definition.asset_id)
    edges = set()
    for dependency in definition.dependencies:
        other = asset_node(dependency.source.asset_id(definition.tenant))
        edges.add((me, other) if dependency.kind is DependencyKind.FLOW_OUTPUT else (other, me))
    edges.discard((me, me))
    return frozenset(edges)


def asset_columns(definition: AssetDefinition | None) -> tuple[ColumnEdge, ...]:
    """Column-level lineage of an asset: its directly referenced source columns."""
    if definition is None:
        return ()
    return tuple(
        ColumnEdge(
            column=c.column, source=asset_node(c.source.asset_id(definition.tenant)), source_column=c.source_column
        )
        for c in definition.column_lineage
    )


def glue_columns(command: UpsertTable) -> tuple[ColumnEdge, ...]:
    """Glue column → source column, from the mapper's column-name and rename decisions.

    Only the command itself is used (not the asset's current state), so the result does not depend on
    which topic's events were applied first.
    """
    if command.asset_id is None:
        return ()
    upstream = asset_node(command.asset_id)
    named = {
        d.target_value: d.subject
        for d in command.mapping_decisions
        if d.kind in (DecisionKind.COLUMN_NAME, DecisionKind.RENAME) and d.target_value
    }
    columns = command.table_input.storage_descriptor.columns
    return tuple(
        ColumnEdge(column=c.name, source=upstream, source_column=named[c.name]) for c in columns if c.name in named
    )


def edge_ops(old: frozenset[tuple[str, str]], new: frozenset[tuple[str, str]]) -> list[AdjacencyOp]:
    """Adjacency operations turning the old declaration into the new one (removals first)."""
    ops: list[AdjacencyOp] = []
    for (up, down), op in [(e, Op.PULL) for e in sorted(old - new)] + [(e, Op.ADD) for e in sorted(new - old)]:
        ops.append(AdjacencyOp(up, "downstream", op, down))
        ops.append(AdjacencyOp(down, "upstream", op, up))
    return ops
