"""OpenLineage export of a scope (spaces and/or assets), read with batched keyed lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.asset_views import AssetView
from mdsync_audit.core.glue_tables import GlueTableView
from mdsync_audit.core.lineage import LineageNode, asset_node
from mdsync_audit.core.openlineage import (
    OpenLineageEvent,
    column_lineage_facet,
    dataset_event,
    dataset_name,
    schema_facet,
)
from mdsync_audit.core.scope import scoped_node
from mdsync_audit.core.stored import StoredEvent
from mdsync_audit.core.tenant_scope import Reach, reaches_id, reaches_node
from mdsync_audit.store import schema, sets
from mdsync_audit.store.docs import load_many
from mdsync_runtime.store import Document

TENANT_NAMESPACE = "datasphere://"
GLUE_NAMESPACE = "glue://catalog"


@dataclass(frozen=True)
class ExportReads:
    """Builds OpenLineage DatasetEvents for assets and the Glue tables mapped from them."""

    db: AsyncDatabase[Document]
    search_shards: int

    async def scope_assets(self, spaces: list[str], assets: list[str], caller: Reach) -> list[str]:
        """Asset ids in the given spaces (from the search postings) plus the given assets, visible to the caller."""
        names = [f"space:{s.lower()}" for s in spaces]
        postings = await sets.members(self.db[schema.TOKENS], names, self.search_shards) if names else {}
        ids = set(assets).union(*postings.values())
        return sorted(i for i in ids if reaches_id(i, caller))

    async def export(self, asset_ids: list[str], caller: Reach | None = None) -> list[OpenLineageEvent]:
        """DatasetEvents for ``asset_ids`` and their Glue tables (column sources the caller may not see left out)."""
        views = await load_many(self.db[schema.ASSETS], AssetView, asset_ids)
        nodes = await load_many(self.db[schema.LINEAGE], LineageNode, [asset_node(a) for a in asset_ids])
        glue_ids = sorted({d for n in nodes.values() for d in n.downstream if d.startswith("glue:")})
        glue_nodes = await load_many(self.db[schema.LINEAGE], LineageNode, glue_ids)
        if caller is not None and not caller.everything:
            reach = caller
            nodes = {i: scoped_node(n, lambda node_id: reaches_id(node_id, reach)) for i, n in nodes.items()}
            glue_nodes = {
                i: scoped_node(n, lambda node_id: reaches_id(node_id, reach))
                for i, n in glue_nodes.items()
                if reaches_node(n, reach)
            }
        events = [self._asset_event(views[a], nodes.get(asset_node(a))) for a in asset_ids if a in views]
        columns = await self._glue_columns([g.removeprefix("glue:") for g in glue_ids])
        for glue_id in glue_ids:
            if glue_id in glue_nodes:
                events.append(self._glue_event(glue_nodes[glue_id], columns.get(glue_id.removeprefix("glue:"))))
        return events

    def _asset_event(self, view: AssetView, node: LineageNode | None) -> OpenLineageEvent:
        namespace, name = dataset_name(asset_node(view.id), TENANT_NAMESPACE, GLUE_NAMESPACE)
        lineage = column_lineage_facet(node, _names(node)) if node else None
        at = view.state_at or view.freshness.synced_at
        assert at is not None
        return dataset_event(namespace, name, at, schema_facet(view), lineage, view.label)

    def _glue_event(
        self, node: LineageNode, columns: tuple[Any, list[tuple[str, str, str | None]]] | None
    ) -> OpenLineageEvent:
        namespace, name = dataset_name(node.id, TENANT_NAMESPACE, GLUE_NAMESPACE)
        at, fields = columns if columns else (datetime.now(UTC), None)
        schema_part = schema_facet(None, fields) if fields is not None else None
        return dataset_event(namespace, name, at, schema_part, column_lineage_facet(node, _names(node)), None)

    async def _glue_columns(self, tables: list[str]) -> dict[str, tuple[Any, list[tuple[str, str, str | None]]]]:
        """Columns of each table's latest command (its desired TableInput)."""
        views = await load_many(self.db[schema.GLUE_TABLES], GlueTableView, tables)
        command_ids = {t: v.commands[0].event_id for t, v in views.items() if v.commands}
        commands = await load_many(self.db[schema.EVENTS], StoredEvent, list(command_ids.values()))
        found = {}
        for table, event_id in command_ids.items():
            if event_id in commands:
                event = commands[event_id]
                raw = event.payload["table_input"]["StorageDescriptor"].get("Columns", [])
                found[table] = (event.occurred_at, [(c["Name"], c["Type"], c.get("Comment")) for c in raw])
        return found


def _names(node: LineageNode) -> dict[str, tuple[str, str]]:
    return {e.source: dataset_name(e.source, TENANT_NAMESPACE, GLUE_NAMESPACE) for e in node.columns}
