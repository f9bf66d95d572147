"""A recorded pipeline run through Kafka into the audit store: exact views, duplicates, rebuild, API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pymongo import AsyncMongoClient

from mdsync_audit.handlers import INGESTOR
from mdsync_audit.main import build_app
from mdsync_audit.sample import Run, recorded_run
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.ingest import Ingestor
from mdsync_audit.store.rebuild import rebuild_views
from mdsync_audit.store.snapshot import Snapshot, snapshot
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.testing import Isolation, isolated, publish_all, wait_until

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings(retry_base_seconds=0.05)


@contextlib.asynccontextmanager
async def audit(common: CommonSettings) -> AsyncIterator[tuple[httpx.AsyncClient, Ingestor]]:
    """The audit service running against ``common``, with an HTTP client."""
    app = build_app(common, SETTINGS)
    async with (
        LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://audit", headers=local_headers(role="admin")
        ) as client,
    ):
        yield client, app.state.runtime.state[INGESTOR]


@pytest.fixture(scope="module")
async def iso() -> Isolation:
    return await isolated(partitions=3)


@pytest.fixture(scope="module")
def run() -> Run:
    return recorded_run()


async def test_recorded_run_gives_expected_views_once_and_equal_to_a_rebuild(iso: Isolation, run: Run) -> None:
    common = iso.common()
    count = len(run.messages)
    await publish_all(common, run.messages)
    store: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(common.mongo_url.get_secret_value(), tz_aware=True)
    db = store[common.mongo_db]
    async with audit(common) as (client, ingestor):
        await wait_until(lambda: ingestor.applied == count, wait_seconds=60)
        await check_views(client, run)
        await check_catalog(client)
        live = await snapshot(db)

        await publish_all(common, run.messages)  # every event delivered a second time
        await wait_until(lambda: ingestor.duplicates == count, wait_seconds=60)
        assert ingestor.applied == count, "a duplicate delivery was applied again"
        assert await db.events.count_documents({}) == count
        assert await snapshot(db) == live, "a duplicate delivery changed a view"
        kpis = (await client.get("/kpis", params={"minutes": 1440})).json()
        assert kpis["events"] == count

    assert await rebuild_views(db, SETTINGS) == count
    rebuilt = await snapshot(db)
    assert differences(live, rebuilt) == [], "live views differ from a rebuild from the stored events"
    await db.client.drop_database(common.mongo_db)
    await db.client.close()


def differences(left: Snapshot, right: Snapshot) -> list[tuple[str, str, object, object]]:
    """(collection, id, left doc, right doc) for every document that differs."""
    found = []
    for name in sorted(left.keys() | right.keys()):
        docs_l, docs_r = left.get(name, {}), right.get(name, {})
        for doc_id in sorted(docs_l.keys() | docs_r.keys()):
            if docs_l.get(doc_id) != docs_r.get(doc_id):
                found.append((name, doc_id, docs_l.get(doc_id), docs_r.get(doc_id)))
    return found


async def check_catalog(client: httpx.AsyncClient) -> None:
    """The catalogue pages hold every live asset once, with the columns and sources the detail route shows."""
    entries, cursor = [], None
    while True:
        page = (await client.get("/catalog", params={"limit": 2} | ({"cursor": cursor} if cursor else {}))).json()
        assert len(page["items"]) <= 2
        entries += page["items"]
        if (cursor := page["next_cursor"]) is None:
            break
    listed = (await client.get("/assets", params={"limit": 500})).json()["items"]
    assert [e["asset_id"] for e in entries] == sorted(a["asset_id"] for a in listed if not a["deleted"])
    orders = next(e for e in entries if e["asset_id"] == "acme/SALES/SALES_ORDERS")
    detail = (await client.get("/assets/acme/SALES/SALES_ORDERS")).json()
    assert [c["name"] for c in orders["columns"]] == [c["name"] for c in detail["definition"]["columns"]]
    assert set(orders["upstream"]) == {"acme/SALES/ORDERS_RAW", "acme/SALES/CUSTOMERS"}
    assert (orders["glue_table"], orders["outcome"], orders["in_sync"]) == ("sales.sales_orders", "updated", True)
    sales = (await client.get("/catalog", headers={"X-Mdsync-Spaces": "SALES"})).json()["items"]
    assert {e["space"] for e in sales} == {"SALES"}


async def check_views(client: httpx.AsyncClient, run: Run) -> None:
    """The views a recorded run must produce, read through the API."""
    view = (await client.get("/assets/acme/SALES/SALES_ORDERS")).json()
    assert view["version"] == 2
    assert view["glue"]["version_id"] == "7"
    assert view["glue"]["action"] == "updated"
    assert view["outcome"]["outcome"] == "updated"
    assert view["freshness"]["in_sync"] is True

    history = (await client.get("/assets/acme/SALES/SALES_ORDERS/history")).json()
    newest = history["versions"][0]
    assert [v["version"] for v in history["versions"]] == [2, 1]
    assert newest["diff"]["added"] == ["REGION"]
    assert [c["column"] for c in newest["diff"]["changed"]] == ["CUSTOMER"]
    diff = (
        await client.get("/assets/acme/SALES/SALES_ORDERS/diff", params={"from_version": 1, "to_version": 2})
    ).json()
    assert diff["diff"]["added"] == ["REGION"]

    job = (await client.get(f"/jobs/{run.job_id}")).json()
    assert job["job"]["status"] == "failed"
    assert job["job"]["requester"] == run.operator
    assert job["observed"] == job["job"]["reported"]

    hits = (await client.get("/assets", params={"q": "sales orders"})).json()
    assert [h["asset_id"] for h in hits["items"]] == ["acme/SALES/SALES_ORDERS"]
    by_column = (await client.get("/assets", params={"column": "revenue", "kind": "analytic_model"})).json()
    assert [h["asset_id"] for h in by_column["items"]] == ["acme/FINANCE/REVENUE_MODEL"]
    restricted = await client.get("/assets", params={"q": "revenue"}, headers={"X-Mdsync-Spaces": "SALES"})
    assert restricted.json()["items"] == []

    up = (await client.get("/lineage/ds:acme/SALES/SALES_ORDERS", params={"direction": "upstream", "depth": 3})).json()
    assert {n["id"] for n in up["nodes"]} == {
        "ds:acme/SALES/SALES_ORDERS",
        "ds:acme/SALES/ORDERS_RAW",
        "ds:acme/SALES/CUSTOMERS",
    }
    down = (
        await client.get("/lineage/ds:acme/SALES/ORDERS_RAW", params={"direction": "downstream", "depth": 3})
    ).json()
    assert {n["id"] for n in down["nodes"]} >= {
        "ds:acme/FINANCE/REVENUE_MODEL",
        "glue:sales.sales_orders",
        "glue:sales.orders_raw",
    }

    chain = (await client.get(f"/glue/{run.approved_table}/provenance")).json()
    assert chain["complete"] is True
    assert (chain["version_id"], chain["operator"], chain["rule_set_version"]) == ("7", run.operator, "dog-7")
    assert [s["role"] for s in chain["steps"]] == ["glue-result", "approval", "glue-command", "asset-change"]

    approval = (await client.get(f"/approvals/{run.approval_id}")).json()
    assert (approval["decision"], approval["operator"], approval["applied_version_id"]) == (
        "approve",
        run.operator,
        "7",
    )
    assert (await client.get("/approvals")).json()["items"] == []
    assert [c["_id"] for c in (await client.get("/conflicts")).json()["items"]] == ["finance.revenue_model"]
    letters = (await client.get("/dead-letters", params={"days": 2})).json()["items"]
    assert [(d["service"], d["error_kind"]) for d in letters] == [("mapper", "invalid")]
    assert len((await client.get("/jobs/job-dry-0001/plans")).json()["items"]) == 1

    events = (await client.get(f"/jobs/{run.job_id}/events", params={"limit": 5})).json()
    assert len(events["items"]) == 5
    assert events["next_cursor"]
    older = (
        await client.get(f"/jobs/{run.job_id}/events", params={"limit": 500, "cursor": events["next_cursor"]})
    ).json()
    assert len(events["items"]) + len(older["items"]) == sum(1 for m in run.messages if m.job_id == run.job_id)
