"""Fault injection, request stats and reset through the ``/_sim`` admin API."""

from __future__ import annotations

from typing import Any

from .conftest import SALES, SYNC, Sim, exposed_view

ASSETS = "/api/v1/dwc/catalog/assets"


async def fault(sim: Sim, **rule: Any) -> dict[str, Any]:
    response = await sim.api.post("/_sim/faults", json=rule)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_token_expiry_fault_revokes_the_token_until_refreshed(sim: Sim) -> None:
    headers = await sim.bearer()
    await fault(sim, kind="token_expired", path="/api/v1/dwc/catalog/*", count=1)
    first = await sim.api.get(ASSETS, headers=headers)
    assert first.status_code == 401
    assert (await sim.api.get(ASSETS, headers=headers)).status_code == 401  # the old token stays dead
    assert (await sim.api.get(ASSETS, headers=await sim.bearer())).status_code == 200


async def test_rate_limited_fault_sends_retry_after_for_n_requests(sim: Sim) -> None:
    headers = await sim.bearer()
    await fault(sim, kind="rate_limited", path="*/assets", count=2, retry_after=7)
    statuses = [(await sim.api.get(ASSETS, headers=headers)) for _ in range(3)]
    assert [r.status_code for r in statuses] == [429, 429, 200]
    assert statuses[0].headers["retry-after"] == "7"
    assert (await sim.api.get("/_sim/faults")).json() == []  # retired after its count


async def test_html_login_page_and_inactive_account_answer_200(sim: Sim) -> None:
    headers = await sim.bearer()
    await fault(sim, kind="html_login", path="/dwaas-core/*", count=1)
    login = await sim.api.get("/dwaas-core/api/v1/spaces", headers=headers)
    assert login.status_code == 200
    assert login.headers["content-type"].startswith("text/html")
    assert "<title>Log On</title>" in login.text
    await fault(sim, kind="inactive_account", count=1)
    inactive = await sim.api.get("/dwaas-core/api/v1/spaces", headers=headers)
    assert (inactive.status_code, inactive.text[:22]) == (200, "Please contact your sy")


async def test_server_error_after_skipping_some_requests_and_only_for_one_client(sim: Sim) -> None:
    sync, sales = await sim.bearer(SYNC), await sim.bearer(SALES)
    await fault(sim, kind="server_error", status=503, client_id=SYNC[0], skip=1, count=1, method="GET")
    assert (await sim.api.get(ASSETS, headers=sync)).status_code == 200
    assert (await sim.api.get(ASSETS, headers=sales)).status_code == 200
    failed = await sim.api.get(ASSETS, headers=sync)
    assert failed.status_code == 503
    assert failed.json()["details"]["stack"] == f"See correlation id {failed.headers['x-correlationid']}"
    assert (await sim.api.get(ASSETS, headers=sync)).status_code == 200


async def test_latency_fault_delays_then_answers_normally(sim: Sim) -> None:
    headers = await sim.bearer()
    added = await fault(sim, kind="latency", latency_ms=5, path=ASSETS)
    assert (await sim.api.get(ASSETS, headers=headers)).status_code == 200
    (listed,) = (await sim.api.get("/_sim/faults")).json()
    assert (listed["id"], listed["fired"]) == (added["id"], 1)
    assert (await sim.api.delete(f"/_sim/faults/{added['id']}")).status_code == 204
    assert (await sim.api.delete(f"/_sim/faults/{added['id']}")).status_code == 404


async def test_faults_on_the_token_endpoint(sim: Sim) -> None:
    await fault(sim, kind="server_error", path="/oauth/token", count=1, status=502)
    first = await sim.auth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=SYNC)
    assert first.status_code == 502
    assert await sim.token()


async def test_bad_fault_rules_are_rejected(sim: Sim) -> None:
    response = await sim.api.post("/_sim/faults", json={"kind": "meteor", "path": "*"})
    assert response.status_code == 422
    response = await sim.api.post("/_sim/faults", json={"kind": "server_error", "status": 404})
    assert response.status_code == 422


async def test_stats_count_requests_per_client_route_and_status(sim: Sim) -> None:
    headers = await sim.bearer()
    await sim.api.get(ASSETS, headers=headers)
    await sim.api.get("/api/v1/dwc/consumption/relational/SALES/V_CUSTOMER_DIM/$metadata",
                      headers={**headers, "Accept": "application/xml"})  # fmt: skip
    await sim.api.get("/dwaas-core/api/v1/spaces/SALES/views/V_CUSTOMER_DIM", headers=headers)
    await sim.api.get(ASSETS)
    stats = (await sim.api.get("/_sim/stats?paths=true")).json()
    client = stats["by_client"][SYNC[0]]
    assert client["by_route"] == {"POST token": 1, "GET catalog.assets": 1, "GET consumption.relational.metadata": 1,
                                  "GET designtime.object": 1}  # fmt: skip
    assert stats["by_client"]["anonymous"]["by_status"] == {"401": 1}
    assert stats["total"] == 5
    assert stats["by_path"][f"GET {ASSETS}"] == 2
    await sim.api.delete("/_sim/stats")
    assert (await sim.api.get("/_sim/stats")).json()["total"] == 0


async def test_reset_undoes_writes_faults_and_config(sim: Sim) -> None:
    headers = await sim.bearer()
    await sim.api.post("/dwaas-core/api/v1/spaces/SALES/views", headers=headers, json=exposed_view("V_TEMP"))
    await fault(sim, kind="server_error")
    await sim.api.patch("/_sim/config", json={"catalog_page_size": 3})
    health = (await sim.api.post("/_sim/reset")).json()
    assert (health["tenant"], health["objects"], health["exposed_assets"], health["problems"]) == ("demo", 188, 55, 0)
    assert (await sim.api.get("/_sim/faults")).json() == []
    assert (await sim.api.get("/_sim/config")).json()["catalog_page_size"] == 500
    assert (await sim.api.get(ASSETS, headers=headers)).status_code == 200  # tokens survive a reset
    missing = await sim.api.get("/dwaas-core/api/v1/spaces/SALES/views/V_TEMP", headers=headers)
    assert missing.status_code == 404


async def test_reset_to_a_missing_tenant_is_refused_and_keeps_the_old_one(sim: Sim) -> None:
    response = await sim.api.post("/_sim/reset", json={"tenant": "/nonexistent/tenant"})
    assert response.status_code == 400
    assert "tenant.json" in response.json()["detail"]
    assert (await sim.api.get("/_sim/health")).json()["tenant"] == "demo"
