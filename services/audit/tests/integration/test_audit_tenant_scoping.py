"""Two tenants in one audit: a viewer of tenant beta never sees acme through any route; `?tenant=` only narrows.

The recorded run is stored twice: as tenant acme (Glue databases sales, finance) and, re-tenanted, as tenant beta
(databases beta_sales, beta_finance; its own event, job and approval ids). KPIs are split by tenant; alerts carry
the tenant of their cause (the rules' thresholds are set so both tenants' spaces are stale and dead-lettered).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from fastapi import FastAPI

from mdsync_audit.alerts.evaluator import Evaluator
from mdsync_audit.alerts.service import STATE_KEY
from mdsync_audit.alerts.settings import AlertSettings, RuleSettings
from mdsync_audit.sample import recorded_run, retenanted
from mdsync_audit.settings import AuditSettings
from mdsync_runtime.auth.client import local_headers

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings(retry_base_seconds=0.05)
Loaded = tuple[httpx.AsyncClient, FastAPI]
AuditWith = Callable[..., AbstractAsyncContextManager[Loaded]]  # the `audit_with` fixture (conftest.py)
RULES = RuleSettings(freshness_default_minutes=1, dead_letter_threshold=0, dead_letter_window_minutes=180)
ADMIN = local_headers(role="admin")
BETA_VIEWER = local_headers(role="viewer", subject="viewer:beta", tenants=("beta",))
BETA_OPERATOR = local_headers(role="operator", subject="operator:beta", tenants=("beta",))
BOTH_VIEWER = local_headers(role="viewer", subject="viewer:both", tenants=("acme", "beta"))
DAY = {"minutes": 1440}
ALPHA_JOB = "job-20261126-0001"
BETA_JOB = "job-beta-0001"
Params = dict[str, str | int | list[str]]
LISTINGS: list[tuple[str, Params]] = [
    ("/assets", {}),
    ("/assets", {"q": "revenue"}),
    ("/assets/beta/SALES/SALES_ORDERS", {}),
    ("/assets/beta/SALES/SALES_ORDERS/history", {}),
    ("/assets/beta/SALES/SALES_ORDERS/events", {}),
    ("/lineage/ds:beta/SALES/SALES_ORDERS", {"direction": "both", "depth": 10}),
    ("/lineage/glue:beta_sales.sales_orders", {"direction": "both", "depth": 10}),
    ("/glue/beta_sales.sales_orders/provenance", {}),
    ("/jobs", {}),
    (f"/jobs/{BETA_JOB}", {}),
    (f"/jobs/{BETA_JOB}/outcomes", {}),
    (f"/jobs/{BETA_JOB}/events", {"limit": 500}),
    ("/approvals", {}),
    ("/conflicts", {}),
    ("/dead-letters", {"days": 2}),
    ("/openlineage", {"space": ["SALES", "FINANCE"]}),
    ("/catalog", {}),
    ("/alerts", {}),
]
HIDDEN = [
    "/assets/acme/SALES/SALES_ORDERS",
    "/assets/acme/SALES/SALES_ORDERS/history",
    "/assets/acme/FINANCE/REVENUE_MODEL/diff?from_version=1&to_version=1",
    "/lineage/ds:acme/SALES/SALES_ORDERS",
    "/lineage/glue:sales.sales_orders",
    "/glue/sales.sales_orders/provenance",
    f"/jobs/{ALPHA_JOB}",
    f"/jobs/{ALPHA_JOB}/outcomes",
    "/approvals/apr-0001",
]


@pytest.fixture(scope="module")
async def loaded(audit_with: AuditWith) -> AsyncIterator[Loaded]:
    """An audit service that has stored the recorded run of acme and of beta."""
    messages = (*recorded_run().messages, *retenanted(recorded_run(job_id=BETA_JOB).messages, "beta", "beta"))
    alerts = AlertSettings(enabled=False, rules=RULES)
    async with audit_with(messages, SETTINGS, alerts, "tenant-scoping-test") as running:
        yield running


@pytest.fixture(scope="module")
def audit(loaded: tuple[httpx.AsyncClient, FastAPI]) -> httpx.AsyncClient:
    return loaded[0]


@pytest.fixture(scope="module")
def evaluator(loaded: tuple[httpx.AsyncClient, FastAPI]) -> Evaluator:
    found: Evaluator = loaded[1].state.runtime.state[STATE_KEY].evaluator
    return found


async def test_an_all_tenant_caller_sees_both_tenants(audit: httpx.AsyncClient) -> None:
    hits = (await audit.get("/assets", headers=ADMIN)).json()
    assert {h["asset_id"].split("/")[0] for h in hits["items"]} == {"acme", "beta"}
    jobs = (await audit.get("/jobs", headers=ADMIN)).json()
    assert {ALPHA_JOB, BETA_JOB} <= {j["_id"] for j in jobs["items"]}
    letters = (await audit.get("/dead-letters", params={"days": 2}, headers=ADMIN)).json()
    assert {d["asset_id"] for d in letters["items"]} == {"acme/SALES/BROKEN", "beta/SALES/BROKEN"}


async def test_the_tenant_filter_narrows_every_list(audit: httpx.AsyncClient) -> None:
    beta = {"tenant": "beta"}
    hits = (await audit.get("/assets", params=beta | {"q": "revenue"}, headers=ADMIN)).json()
    assert ([h["asset_id"] for h in hits["items"]], hits["total"]) == (["beta/FINANCE/REVENUE_MODEL"], 1)
    jobs = (await audit.get("/jobs", params=beta, headers=ADMIN)).json()
    assert [(j["_id"], j["tenant"]) for j in jobs["items"]] == [(BETA_JOB, "beta")]
    letters = (await audit.get("/dead-letters", params=beta | {"days": 2}, headers=ADMIN)).json()
    assert [d["asset_id"] for d in letters["items"]] == ["beta/SALES/BROKEN"]
    nobody = {"tenant": "gamma"}
    for path in ("/assets", "/jobs", "/dead-letters"):
        assert (await audit.get(path, params=nobody, headers=ADMIN)).json()["items"] == [], path


async def test_a_beta_viewer_never_reads_acme(audit: httpx.AsyncClient) -> None:
    for path, params in LISTINGS:
        response = await audit.get(path, params=params, headers=BETA_VIEWER)
        assert response.status_code == 200, (path, response.text)
        assert "acme" not in response.text.lower(), (path, params, response.text)
    for path in HIDDEN:
        response = await audit.get(path, headers=BETA_VIEWER)
        assert response.status_code == 404, (path, response.status_code)
    acme_event = (await audit.get(f"/jobs/{ALPHA_JOB}/events", headers=ADMIN)).json()["items"][0]["event_id"]
    assert (await audit.get(f"/events/{acme_event}", headers=BETA_VIEWER)).status_code == 404


async def test_a_beta_viewer_reads_beta_whole(audit: httpx.AsyncClient) -> None:
    seen = [await audit.get(path, params=params, headers=BETA_VIEWER) for path, params in LISTINGS]
    assert sum("beta" in r.text.lower() for r in seen) >= 14
    hits = (await audit.get("/assets", params={"q": "revenue"}, headers=BETA_VIEWER)).json()
    assert ([h["asset_id"] for h in hits["items"]], hits["total"]) == (["beta/FINANCE/REVENUE_MODEL"], 1)
    walk = (await audit.get("/lineage/ds:beta/SALES/SALES_ORDERS", params={"depth": 10}, headers=BETA_VIEWER)).json()
    as_admin = (await audit.get("/lineage/ds:beta/SALES/SALES_ORDERS", params={"depth": 10}, headers=ADMIN)).json()
    assert {n["id"] for n in walk["nodes"]} == {n["id"] for n in as_admin["nodes"]}
    job = (await audit.get(f"/jobs/{BETA_JOB}", headers=BETA_VIEWER)).json()
    assert job == (await audit.get(f"/jobs/{BETA_JOB}", headers=ADMIN)).json()
    events = (await audit.get(f"/jobs/{BETA_JOB}/events", params={"limit": 500}, headers=BETA_VIEWER)).json()
    assert len(events["items"]) == len(recorded_run(job_id=BETA_JOB).messages) - 1, "all but the dry run's plan"


async def test_the_tenant_filter_never_widens(audit: httpx.AsyncClient) -> None:
    widened = await audit.get("/assets", params={"tenant": "acme"}, headers=BETA_VIEWER)
    assert (widened.status_code, widened.json()["items"]) == (200, [])
    assert (await audit.get("/jobs/" + BETA_JOB, params={"tenant": "acme"}, headers=BETA_VIEWER)).status_code == 404


async def test_kpis_are_split_by_tenant_and_summed_over_a_callers_tenants(audit: httpx.AsyncClient) -> None:
    per_tenant = len(recorded_run().messages)
    everything = (await audit.get("/kpis", params=DAY, headers=ADMIN)).json()
    beta = await audit.get("/kpis", params=DAY, headers=BETA_VIEWER)
    assert beta.status_code == 200, beta.text
    assert "acme" not in beta.text.lower()
    beta_kpis = beta.json()
    assert (everything["events"], beta_kpis["events"]) == (2 * per_tenant, per_tenant)
    assert (everything["dead_letters"], beta_kpis["dead_letters"]) == (2, 1)
    assert beta_kpis["failures"] * 2 == everything["failures"] > 0
    assert {m["_id"] for m in beta_kpis["minutes"]} <= {m["_id"] for m in everything["minutes"]}
    assert all(list(m["tenants"]) == ["beta"] for m in beta_kpis["minutes"])
    beta_assets = (await audit.get("/assets", headers=BETA_VIEWER)).json()["total"]
    assert (beta_kpis["assets"], everything["assets"]) == (beta_assets, 2 * beta_assets)
    assert sum(beta_kpis["assets_by_kind"].values()) == beta_assets
    assert list(beta_kpis["last_sync_per_tenant"]) == ["beta"]
    assert set(everything["last_sync_per_tenant"]) == {"acme", "beta"}
    assert beta_kpis["last_sync_per_space"] == beta_kpis["last_sync_per_tenant"]["beta"]
    narrowed = (await audit.get("/kpis", params=DAY | {"tenant": "beta"}, headers=ADMIN)).json()
    assert narrowed == beta_kpis
    both = (await audit.get("/kpis", params=DAY, headers=BOTH_VIEWER)).json()
    assert (both["events"], both["dead_letters"], both["assets"]) == (2 * per_tenant, 2, 2 * beta_assets)
    widened = (await audit.get("/kpis", params=DAY | {"tenant": "acme"}, headers=BETA_VIEWER)).json()
    assert (widened["events"], widened["minutes"], widened["assets"], widened["last_sync_per_tenant"]) == (0, [], 0, {})


async def test_alerts_carry_their_causes_tenant_and_a_beta_caller_sees_only_betas(
    audit: httpx.AsyncClient, evaluator: Evaluator
) -> None:
    raised = await evaluator.evaluate_once()
    by_tenant = {(e.alert_id, e.tenant) for e in raised}
    assert {("space_stale:acme:SALES", "acme"), ("space_stale:beta:SALES", "beta")} <= by_tenant
    assert {("dead_letters:acme:all", "acme"), ("dead_letters:beta:all", "beta")} <= by_tenant
    assert all(e.alert_id.split(":")[1] == e.tenant != evaluator.tenant for e in raised)

    listed = (await audit.get("/alerts", headers=BETA_VIEWER)).json()["items"]
    assert {a["tenant"] for a in listed} == {"beta"}
    assert "acme" not in str(listed).lower()
    as_admin = (await audit.get("/alerts", params={"tenant": "beta"}, headers=ADMIN)).json()["items"]
    assert {a["_id"] for a in as_admin} == {a["_id"] for a in listed}
    assert {a["tenant"] for a in (await audit.get("/alerts", headers=ADMIN)).json()["items"]} == {"acme", "beta"}

    assert (await audit.get("/alerts/space_stale:beta:SALES", headers=BETA_VIEWER)).status_code == 200
    assert (await audit.get("/alerts/space_stale:acme:SALES", headers=BETA_VIEWER)).status_code == 404
    ack = {"reason": "not yours"}
    refused = await audit.post("/alerts/space_stale:acme:SALES/ack", json=ack, headers=BETA_OPERATOR)
    assert refused.status_code == 404
    assert (await audit.get("/alerts/space_stale:acme:SALES", headers=ADMIN)).json()["alert"]["state"] == "open"
    taken = await audit.post("/alerts/space_stale:beta:SALES/ack", json={"reason": "mine"}, headers=BETA_OPERATOR)
    assert (taken.status_code, taken.json()["tenant"]) == (200, "beta")
