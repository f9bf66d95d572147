"""OpenLineage export: one DatasetEvent per asset or Glue table, with schema and column-lineage facets.

Shapes follow the OpenLineage spec 2-0-2 (`DatasetEvent` with a `StaticDataset`) and the facets
SchemaDatasetFacet 1-2-0, ColumnLineageDatasetFacet 1-2-0 and DocumentationDatasetFacet 1-1-0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mdsync_audit.core.asset_views import AssetView
from mdsync_audit.core.kpi import stamp
from mdsync_audit.core.lineage import LineageNode

PRODUCER = "https://github.com/mdsync/mdsync/tree/main/services/audit"
SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent"
SCHEMA_FACET = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
LINEAGE_FACET = (
    "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
)
DOC_FACET = "https://openlineage.io/spec/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet"

OpenLineageEvent = dict[str, Any]


def dataset_name(node_id: str, tenant_namespace: str, glue_namespace: str) -> tuple[str, str]:
    """(namespace, name) of a lineage node: `datasphere://{tenant}` + `SPACE.NAME`, or `glue://...` + `db.table`."""
    system, _, rest = node_id.partition(":")
    if system == "glue":
        return glue_namespace, rest
    tenant, space, name = [*rest.split("/", 2), "", ""][:3]
    return f"{tenant_namespace}{tenant}", f"{space}.{name}"


def _facet(url: str, **fields: Any) -> dict[str, Any]:
    return {"_producer": PRODUCER, "_schemaURL": url, **fields}


def schema_facet(
    asset: AssetView | None, glue_columns: list[tuple[str, str, str | None]] | None = None
) -> dict[str, Any] | None:
    """The schema facet: the asset's columns (CDS types), or a Glue table's columns (Hive types)."""
    if glue_columns is not None:
        fields = [{"name": n, "type": t} | ({"description": d} if d else {}) for n, t, d in glue_columns]
    elif asset is not None and asset.definition is not None:
        fields = [
            {"name": c.name, "type": c.cds_type or "unknown"} | ({"description": c.label} if c.label else {})
            for c in asset.definition.columns
        ]
    else:
        return None
    return _facet(SCHEMA_FACET, fields=fields)


def column_lineage_facet(node: LineageNode, name_of: dict[str, tuple[str, str]]) -> dict[str, Any] | None:
    """The column-lineage facet: for each column, the upstream columns it directly references."""
    fields: dict[str, Any] = {}
    for edge in node.columns:
        if edge.source not in name_of:
            continue
        namespace, name = name_of[edge.source]
        entry = {
            "namespace": namespace,
            "name": name,
            "field": edge.source_column,
            "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}],
        }
        fields.setdefault(edge.column, {"inputFields": []})["inputFields"].append(entry)
    return _facet(LINEAGE_FACET, fields=fields) if fields else None


def dataset_event(
    namespace: str,
    name: str,
    at: datetime,
    schema: dict[str, Any] | None,
    lineage: dict[str, Any] | None,
    description: str | None,
) -> OpenLineageEvent:
    """One DatasetEvent."""
    facets: dict[str, Any] = {}
    if schema:
        facets["schema"] = schema
    if lineage:
        facets["columnLineage"] = lineage
    if description:
        facets["documentation"] = _facet(DOC_FACET, description=description)
    return {
        "eventTime": stamp(at),
        "producer": PRODUCER,
        "schemaURL": SPEC,
        "dataset": {"namespace": namespace, "name": name, "facets": facets},
    }
