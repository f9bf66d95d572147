"""A viewer of SALES never sees FINANCE through any audit route, search, count, lineage walk or export.

The recorded run covers SALES and FINANCE (FINANCE/REVENUE_MODEL reads SALES/SALES_ORDERS); two more events
add a SALES asset reading FINANCE (so a SALES → FINANCE → SALES path exists) and a dead letter about no asset.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from fastapi import FastAPI

from mdsync_audit.sample import Clock, column, dead_letter, definition, depends, lineage, recorded_run, upserted
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.assets import AssetKind
from mdsync_contracts.base import Message
from mdsync_runtime.auth.client import local_headers

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings(retry_base_seconds=0.05)
Loaded = tuple[httpx.AsyncClient, FastAPI]
AuditWith = Callable[..., AbstractAsyncContextManager[Loaded]]  # the `audit_with` fixture (conftest.py)
SALES_VIEWER = local_headers(role="viewer", spaces=("SALES",), subject="viewer:sales")
ADMIN = local_headers(role="admin")
REPORT = "acme/SALES/REVENUE_REPORT"
MODEL = "acme/FINANCE/REVENUE_MODEL"

Params = dict[str, str | int | list[str]]
LISTINGS: list[tuple[str, Params]] = [
    ("/assets", {}),
    ("/assets", {"q": "revenue"}),
    ("/assets", {"space": "FINANCE"}),
    ("/assets", {"column": "revenue"}),
    (f"/assets/{REPORT}", {}),
    (f"/assets/{REPORT}/history", {}),
    (f"/assets/{REPORT}/events", {}),
    ("/lineage/ds:acme/SALES/ORDERS_RAW", {"direction": "downstream", "depth": 10}),
    ("/lineage/ds:acme/SALES/SALES_ORDERS", {"direction": "both", "depth": 10}),
    (f"/lineage/ds:{REPORT}", {"direction": "upstream", "depth": 10}),
    ("/jobs", {}),
    ("/jobs/job-20261126-0001", {}),
    ("/jobs/job-20261126-0001/outcomes", {}),
    ("/jobs/job-20261126-0001/events", {"limit": 500}),
    ("/approvals", {}),
    ("/conflicts", {}),
    ("/dead-letters", {"days": 2}),
    ("/kpis", {"minutes": 1440}),
    ("/openlineage", {}),
    ("/openlineage", {"space": ["SALES", "FINANCE"]}),
    ("/catalog", {}),
]
HIDDEN = [
    f"/assets/{MODEL}",
    f"/assets/{MODEL}/history",
    f"/assets/{MODEL}/diff?from_version=1&to_version=1",
    f"/lineage/ds:{MODEL}",
    "/lineage/glue:finance.revenue_model",
    "/glue/finance.revenue_model/provenance",
]


def extra_messages() -> tuple[Message, ...]:
    """A SALES report reading the FINANCE model (columns too), and a dead letter about no asset."""
    clock = Clock()
    report = definition(
        "SALES",
        "REVENUE_REPORT",
        AssetKind.VIEW,
        [column("ORDER_ID", 0), column("REVENUE", 1, "cds.Decimal")],
        label="Revenue report",
        dependencies=(depends("FINANCE", "REVENUE_MODEL"),),
        column_lineage=(lineage("REVENUE", "FINANCE", "REVENUE_MODEL", "REVENUE"),),
    )
    spaceless = dead_letter(clock, None).model_copy(update={"asset_id": None, "original_key": "acme/FINANCE/X"})
    return (upserted(clock, None, report), spaceless)


@pytest.fixture(scope="module")
async def audit(audit_with: AuditWith) -> AsyncIterator[httpx.AsyncClient]:
    """An audit service that has stored the recorded run plus the extra events."""
    async with audit_with((*recorded_run().messages, *extra_messages()), SETTINGS, None, "scoping-test") as (client, _):
        yield client


async def test_a_sales_viewer_never_reads_finance(audit: httpx.AsyncClient) -> None:
    for path, params in LISTINGS:
        response = await audit.get(path, params=params, headers=SALES_VIEWER)
        assert response.status_code == 200, (path, response.text)
        assert "finance" not in response.text.lower(), (path, params, response.text)
    for path in HIDDEN:
        response = await audit.get(path, headers=SALES_VIEWER)
        assert response.status_code == 404, (path, response.status_code)


async def test_the_same_routes_show_finance_to_an_admin(audit: httpx.AsyncClient) -> None:
    seen = [await audit.get(path, params=params, headers=ADMIN) for path, params in LISTINGS]
    assert sum("finance" in r.text.lower() for r in seen) >= 12
    for path in HIDDEN[:-1]:  # the FINANCE table was never written (a conflict), so it has no provenance
        assert (await audit.get(path, headers=ADMIN)).status_code == 200, path


async def test_lineage_walks_never_cross_an_invisible_space(audit: httpx.AsyncClient) -> None:
    params: Params = {"direction": "downstream", "depth": 10}
    as_admin = (await audit.get("/lineage/ds:acme/SALES/SALES_ORDERS", params=params, headers=ADMIN)).json()
    assert f"ds:{REPORT}" in {n["id"] for n in as_admin["nodes"]}, "the report lies downstream, through FINANCE"
    walk = (await audit.get("/lineage/ds:acme/SALES/SALES_ORDERS", params=params, headers=SALES_VIEWER)).json()
    assert {n["id"] for n in walk["nodes"]} == {"ds:acme/SALES/SALES_ORDERS", "glue:sales.sales_orders"}
    report = (await audit.get(f"/lineage/ds:{REPORT}", params={"direction": "upstream"}, headers=SALES_VIEWER)).json()
    assert [n["id"] for n in report["nodes"]] == [f"ds:{REPORT}"]
    assert report["nodes"][0]["node"]["columns"] == []


async def test_counts_cover_only_visible_spaces(audit: httpx.AsyncClient) -> None:
    sales = (await audit.get("/kpis", params={"minutes": 1440}, headers=SALES_VIEWER)).json()
    everything = (await audit.get("/kpis", params={"minutes": 1440}, headers=ADMIN)).json()
    sales_events = sum(1 for m in (*recorded_run().messages, *extra_messages()) if "/SALES/" in (m.asset_id or ""))
    assert (sales["events"], sales["assets"], list(sales["last_sync_per_space"])) == (sales_events, 4, ["SALES"])
    assert sales["assets_by_kind"] == {"local_table": 2, "view": 2}
    assert (everything["assets"], everything["dead_letters"]) == (5, 2)
    assert sales["dead_letters"] == 1, "the dead letter about no asset counts for every-space callers only"
    hits = (await audit.get("/assets", params={"q": "revenue"}, headers=SALES_VIEWER)).json()
    assert ([h["asset_id"] for h in hits["items"]], hits["total"]) == ([REPORT], 1)
    job = (await audit.get("/jobs/job-20261126-0001", headers=SALES_VIEWER)).json()
    assert (job["job"]["scope"]["spaces"], job["job"]["reported"]) == (["SALES"], None)
    assert sum(job["observed"].values()) == len(
        (await audit.get("/jobs/job-20261126-0001/outcomes", headers=SALES_VIEWER)).json()["items"]
    )
    report = (await audit.get(f"/assets/{REPORT}", headers=SALES_VIEWER)).json()
    assert (report["definition"]["dependencies"], report["definition"]["column_lineage"]) == ([], [])


async def test_every_route_but_the_probes_needs_a_token(audit: httpx.AsyncClient) -> None:
    document = (await audit.get("/openapi.json")).json()
    open_paths = {"/healthz", "/readyz", "/metrics"}
    for path, operations in document["paths"].items():
        url = re.sub(r"\{[^}]+\}", "x", path)
        for method in operations:
            expected = 200 if path in open_paths else 401
            status = (await audit.request(method.upper(), url)).status_code
            assert status == expected or (path in open_paths and status < 500), (method, path, status)


async def test_requests_without_a_space_see_nothing(audit: httpx.AsyncClient) -> None:
    nobody = local_headers(role="viewer", spaces=(), subject="viewer:none")
    assert (await audit.get("/assets", headers=nobody)).json()["total"] == 0
    narrowed = ADMIN | {"X-Mdsync-Spaces": "SALES"}
    assert "finance" not in (await audit.get("/assets", headers=narrowed)).text.lower()
    widened = SALES_VIEWER | {"X-Mdsync-Spaces": "SALES,FINANCE"}
    assert "finance" not in (await audit.get("/assets", params={"q": "revenue"}, headers=widened)).text.lower()


async def test_oversized_parameters_are_refused_with_422(audit: httpx.AsyncClient) -> None:
    oversized: list[tuple[str, Params]] = [
        ("/assets", {"q": "x" * 201}),
        ("/jobs", {"limit": 501}),
        ("/assets", {"cursor": "c" * 600}),
    ]
    for path, params in oversized:
        response = await audit.get(path, params=params, headers=SALES_VIEWER)
        assert response.status_code == 422, (path, response.text)
    many = {"asset": [f"acme/SALES/A{n}" for n in range(101)]}
    assert (await audit.get("/openlineage", params=many, headers=SALES_VIEWER)).status_code == 422
