"""Depth-limited, cycle-safe breadth-first lineage walk over adjacency lists, one batched lookup per level."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.lineage import LineageNode

Fetch = Callable[[list[str]], Awaitable[dict[str, LineageNode]]]


class Direction(StrEnum):
    """Which way to walk."""

    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"
    BOTH = "both"


class Reached(BaseModel):
    """A node reached by a walk, with its distance from the start."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Node id.")
    depth: int = Field(description="Hops from the start node.")
    node: LineageNode | None = Field(default=None, description="The node; None when it has no document (dangling).")


class Walk(BaseModel):
    """The result of a walk: nodes with their depth, and the edges between reached nodes."""

    model_config = ConfigDict(frozen=True)

    start: str = Field(description="Start node id.")
    nodes: tuple[Reached, ...] = Field(description="Reached nodes, by depth then id (the start included).")
    edges: tuple[tuple[str, str], ...] = Field(description="(upstream, downstream) pairs between reached nodes.")
    truncated: bool = Field(default=False, description="More nodes lie beyond the depth or node limit.")


def _neighbours(node: LineageNode, direction: Direction) -> Iterable[str]:
    if direction in (Direction.UPSTREAM, Direction.BOTH):
        yield from node.upstream
    if direction in (Direction.DOWNSTREAM, Direction.BOTH):
        yield from node.downstream


async def walk(start: str, direction: Direction, depth: int, fetch: Fetch, max_nodes: int = 5000) -> Walk:
    """Walk ``depth`` hops from ``start``; every node is visited once, so cycles end the walk naturally."""
    found: dict[str, Reached] = {}
    frontier = [start]
    level = 0
    truncated = False
    while frontier:
        nodes = await fetch(frontier)
        for node_id in frontier:
            found[node_id] = Reached(id=node_id, depth=level, node=nodes.get(node_id))
        nxt = sorted(
            {n for r in (found[i] for i in frontier) if r.node for n in _neighbours(r.node, direction)} - found.keys()
        )
        if nxt and (level == depth or len(found) + len(nxt) > max_nodes):
            truncated = True
            break
        frontier, level = nxt, level + 1
    return Walk(
        start=start,
        nodes=tuple(sorted(found.values(), key=lambda r: (r.depth, r.id))),
        edges=_edges(found),
        truncated=truncated,
    )


def _edges(found: dict[str, Reached]) -> tuple[tuple[str, str], ...]:
    edges: set[tuple[str, str]] = set()
    for reached in found.values():
        if reached.node is None:
            continue
        edges.update((up, reached.id) for up in reached.node.upstream if up in found)
        edges.update((reached.id, down) for down in reached.node.downstream if down in found)
    return tuple(sorted(edges))
