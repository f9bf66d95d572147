"""Lineage: the graph upstream and downstream of an asset."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from mdsync_ui.client import get
from mdsync_ui.common import attempt, page

tenant = page("Lineage")

start = st.text_input("Asset (ds:TENANT/SPACE/NAME or glue:db.table)", value="ds:demo/SALES/V_SALES_ORG_TEXT")
depth = st.slider("Depth", 1, 5, 2)


def dot(nodes: list[dict[str, Any]], focus: str) -> str:
    """A Graphviz digraph of the nodes and their up/downstream edges; labels quoted as JSON strings."""
    known = {n["id"] for n in nodes}
    lines = ["digraph lineage {", "rankdir=LR;", "node [shape=box, fontsize=10];"]
    edges: set[tuple[str, str]] = set()
    for entry in nodes:
        node, node_id = entry.get("node") or {}, entry["id"]
        style = ", style=filled, fillcolor=lightblue" if node_id == focus else ""
        lines.append(f"{json.dumps(node_id)} [label={json.dumps(node_id)}{style}];")
        edges |= {(up, node_id) for up in node.get("upstream", []) if up in known}
        edges |= {(node_id, down) for down in node.get("downstream", []) if down in known}
    lines += [f"{json.dumps(a)} -> {json.dumps(b)};" for a, b in sorted(edges)]
    return "\n".join([*lines, "}"])


if start:
    graph = attempt(lambda: get("audit", f"/lineage/{start}", direction="both", depth=depth, tenant=tenant))
    if graph:
        st.graphviz_chart(dot(graph.get("nodes", []), start))
        st.caption(f"{len(graph.get('nodes', []))} nodes")
