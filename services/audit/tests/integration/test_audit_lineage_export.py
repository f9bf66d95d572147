"""Lineage walks on a known graph (a diamond closed into a cycle) and the OpenLineage export, on the devstack store."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.core.tenant_scope import EVERYTHING, Reach
from mdsync_audit.core.walk import Direction
from mdsync_audit.sample import Clock, column, definition, depends, recorded_run, upserted
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.projector import Projector
from mdsync_audit.store.read_assets import AssetReads
from mdsync_audit.store.read_catalog import CatalogReads
from mdsync_audit.store.read_export import ExportReads
from mdsync_audit.store.schema import ensure_indexes
from mdsync_contracts.assets import AssetKind
from mdsync_contracts.base import Message
from mdsync_contracts.glue import UpsertTable
from mdsync_runtime import ports
from mdsync_runtime.router import Delivery

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings()


@pytest.fixture
async def db() -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ports.mongo_url(), tz_aware=True)
    name = f"test_{uuid.uuid4().hex[:10]}"
    database = client[name]
    await ensure_indexes(database)
    yield database
    await client.drop_database(name)
    await client.close()


async def ingest(db: AsyncDatabase[dict[str, Any]], messages: tuple[Message, ...] | list[Message]) -> None:
    ingestor = Ingestor(db, Projector(db, SETTINGS))
    for offset, message in enumerate(messages):
        await ingestor.ingest(message, Delivery(message.TOPIC, 0, offset, message.key()))


def graph_messages() -> list[Message]:
    """A → B, A → C, B → D, C → D (a diamond), D → E, E → A (closing a cycle)."""
    clock = Clock()
    sources = {"A": ["E"], "B": ["A"], "C": ["A"], "D": ["B", "C"], "E": ["D"]}
    return [
        upserted(
            clock,
            None,
            definition("G", name, AssetKind.VIEW, [column("X", 0)], dependencies=tuple(depends("G", s) for s in srcs)),
        )
        for name, srcs in sources.items()
    ]


def ids(names: str) -> set[str]:
    return {f"ds:acme/G/{n}" for n in names}


@pytest.mark.parametrize(
    ("start", "direction", "depth", "expected"),
    [
        ("D", Direction.UPSTREAM, 1, "DBC"),
        ("D", Direction.UPSTREAM, 2, "DBCA"),
        ("D", Direction.UPSTREAM, 10, "ABCDE"),
        ("A", Direction.DOWNSTREAM, 2, "ABCD"),
        ("B", Direction.BOTH, 1, "BAD"),
    ],
)
async def test_lineage_walks_a_diamond_with_a_cycle(
    db: AsyncDatabase[dict[str, Any]], start: str, direction: Direction, depth: int, expected: str
) -> None:
    await ingest(db, graph_messages())
    reads = AssetReads(db, SETTINGS.search_shards, SETTINGS.history_bucket_size)
    walked = await reads.lineage(f"ds:acme/G/{start}", direction, depth, None)
    assert {n.id for n in walked.nodes} == ids(expected)
    restricted = await reads.lineage(f"ds:acme/G/{start}", direction, depth, Reach(spaces=frozenset({"G"})))
    assert {n.id for n in restricted.nodes} == ids(expected)


async def test_openlineage_export_has_schema_and_column_lineage_facets(
    db: AsyncDatabase[dict[str, Any]], openlineage_check: Callable[[dict[str, Any]], None]
) -> None:
    await ingest(db, recorded_run().messages)
    export = ExportReads(db, SETTINGS.search_shards)
    events = await export.export(await export.scope_assets(["SALES"], [], EVERYTHING))
    by_name = {e["dataset"]["name"]: e for e in events}
    view = by_name["SALES.SALES_ORDERS"]["dataset"]["facets"]
    assert [f["name"] for f in view["schema"]["fields"]] == ["ORDER_ID", "NET_AMOUNT", "CUSTOMER", "REGION"]
    assert view["columnLineage"]["fields"]["ORDER_ID"]["inputFields"][0] == {
        "namespace": "datasphere://acme",
        "name": "SALES.ORDERS_RAW",
        "field": "VBELN",
        "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}],
    }
    glue = by_name["sales.sales_orders"]["dataset"]["facets"]
    assert glue["columnLineage"]["fields"]["order_id"]["inputFields"][0]["field"] == "ORDER_ID"
    for event in events:
        openlineage_check(event)  # strict parse + round trip through the spec's generated models (conftest)


async def test_catalog_page_carries_the_lossy_columns_of_the_applied_command(db: AsyncDatabase[dict[str, Any]]) -> None:
    orders = "acme/SALES/SALES_ORDERS"
    messages = [
        m.model_copy(update={"lossy_columns": ("NET_AMOUNT",)})
        if isinstance(m, UpsertTable) and m.asset_id == orders
        else m
        for m in recorded_run().messages
    ]
    await ingest(db, messages)
    page = await CatalogReads(db, SETTINGS.search_shards).page(EVERYTHING, 500, None)
    lossy = {e.asset_id: e.lossy_columns for e in page.items if e.lossy_columns}
    assert lossy == {orders: ("NET_AMOUNT",)}
    sales = await CatalogReads(db, SETTINGS.search_shards).page(Reach(spaces=frozenset({"SALES"})), 500, None)
    assert {e.space for e in sales.items} == {"SALES"}
