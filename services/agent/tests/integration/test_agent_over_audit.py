"""The agent reads a running audit service (private topics and database) and answers scoped to the caller.

Every answer is limited to the spaces the caller's token grants, narrowed by `X-Mdsync-Spaces`: a viewer of
SALES never gets HR, even through a SALES asset that reads from HR.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from asgi_lifespan import LifespanManager

from mdsync_agent import api
from mdsync_agent.core.agent import Agent
from mdsync_agent.handlers import build_router, on_stop
from mdsync_agent.main import SERVICE
from mdsync_agent.settings import AgentSettings
from mdsync_agent.tools import AuditTools
from mdsync_contracts.asset_definition import AssetDefinition
from mdsync_contracts.assets import AssetChange, AssetUpserted
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.local_servers import free_port
from mdsync_runtime.service import Hooks, build_service_app
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.testing import Isolation, isolated, publish_all

pytestmark = pytest.mark.integration


def _definition(
    space: str, name: str, label: str, columns: list[tuple[str, str]], sources: list[str]
) -> AssetDefinition:
    return AssetDefinition.model_validate(
        {
            "tenant": "demo",
            "space": space,
            "technical_name": name,
            "kind": "view",
            "label": label,
            "columns": [
                {"name": c, "position": i, "label": lab, "cds_type": "cds.String"} for i, (c, lab) in enumerate(columns)
            ],
            "dependencies": [
                {"source": {"space": s.split("/")[0] if "/" in s else space, "technical_name": s.split("/")[-1]}}
                | {"kind": "from"}
                for s in sources
            ],
        }
    )


DEFINITIONS = (
    _definition("SALES", "CUSTOMER_MASTER", "Customer Master", [("KUNNR", "Customer"), ("PSTLZ", "Postal Code")], []),
    _definition(
        "SALES",
        "SALES_ORDERS",
        "Sales Orders",
        [("VBELN", "Sales Document"), ("KUNNR", "Sold-to")],
        ["CUSTOMER_MASTER"],
    ),
    _definition("HR", "EMPLOYEE_PAY", "Employee Salaries", [("PERNR", "Employee"), ("BETRG", "Amount")], []),
    _definition("SALES", "ORDER_BONUS", "Order Bonus", [("VBELN", "Sales Document")], ["HR/EMPLOYEE_PAY"]),
)
ADMIN = local_headers(role="admin")
SALES_VIEWER = local_headers(role="viewer", spaces=("SALES",), subject="viewer:sales")


async def _publish(common: CommonSettings) -> None:
    messages = [AssetUpserted.of(d, AssetChange.CREATED, None, environment=common.env) for d in DEFINITIONS]
    await publish_all(common, messages, "agent-test")


@pytest.fixture(scope="module")
async def audit_url() -> AsyncIterator[tuple[Isolation, str]]:
    iso = await isolated()
    await _publish(iso.common())
    port = free_port()
    env = os.environ | {
        "MDSYNC_TOPIC_PREFIX": iso.topic_prefix,
        "MDSYNC_MONGO_DB": iso.mongo_db,
        "MDSYNC_AUDIT_PORT": str(port),
        "MDSYNC_AUDIT_CONSUMER_GROUP": f"audit-{iso.topic_prefix}",
    }
    process = await asyncio.to_thread(subprocess.Popen, [sys.executable, "-m", "mdsync_audit"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, headers=ADMIN) as client:
            for _ in range(240):  # polling: start, join the group, consume the three events
                await asyncio.sleep(0.5)
                try:
                    if len((await client.get("/assets")).json().get("items", ())) == len(DEFINITIONS):
                        break
                except httpx.HTTPError:
                    continue
        yield iso, url
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 30)


async def test_tools_read_only_the_callers_spaces(audit_url: tuple[Isolation, str]) -> None:
    _, url = audit_url
    async with httpx.AsyncClient(base_url=url, headers=SALES_VIEWER) as client:
        catalog = await AuditTools(client, "demo").catalog(frozenset({"SALES"}))
        widened = await AuditTools(client, "demo").catalog(frozenset({"HR"}))
    assert sorted(a.asset_id for a in catalog.assets) == [
        "demo/SALES/CUSTOMER_MASTER",
        "demo/SALES/ORDER_BONUS",
        "demo/SALES/SALES_ORDERS",
    ]
    assert widened.assets == (), "audit intersects the asked spaces with the token's"
    bonus = next(a for a in catalog.assets if a.technical_name == "ORDER_BONUS")
    assert bonus.upstream == (), "a dependency in HR is dropped, not named"
    orders = next(a for a in catalog.assets if a.technical_name == "SALES_ORDERS")
    assert orders.upstream == ("demo/SALES/CUSTOMER_MASTER",)
    answer = Agent(catalog).answer("what depends on CUSTOMER_MASTER?", datetime.now(UTC))
    assert [c.id for c in answer.citations] == ["demo/SALES/CUSTOMER_MASTER", "demo/SALES/SALES_ORDERS"]


async def test_ask_endpoint_answers_with_header_spaces(audit_url: tuple[Isolation, str]) -> None:
    iso, url = audit_url
    settings = AgentSettings(audit_url=url, cache_seconds=0)
    hooks = Hooks(on_stop=on_stop)
    app = build_service_app(SERVICE, iso.common(), settings, build_router, hooks=hooks, routers=[api.router])
    question = {"question": "find employee salaries"}
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://agent") as client,
    ):
        body = (await client.post("/ask", json=question, headers=ADMIN | {"X-Mdsync-Spaces": "SALES"})).json()
        assert (body["intent"], body["citations"]) == ("refuse", [])
        body = (await client.post("/ask", json=question, headers=ADMIN | {"X-Mdsync-Spaces": "HR"})).json()
        assert [c["id"] for c in body["citations"]] == ["demo/HR/EMPLOYEE_PAY"]
        assert (await client.post("/ask", json={"question": ""}, headers=ADMIN)).status_code == 422
        first = {"question": "describe SALES_ORDERS", "conversation_id": "c1"}
        await client.post("/ask", json=first, headers=ADMIN | {"X-Mdsync-Spaces": "SALES"})
        follow = {"question": "where does it come from?", "conversation_id": "c1"}
        body = (await client.post("/ask", json=follow, headers=ADMIN | {"X-Mdsync-Spaces": "SALES"})).json()
        assert (body["intent"], body["conversation_id"]) == ("lineage_upstream", "c1")
        assert "demo/SALES/CUSTOMER_MASTER" in [c["id"] for c in body["citations"]]


async def test_a_sales_viewer_never_gets_hr_from_the_agent(audit_url: tuple[Isolation, str]) -> None:
    iso, url = audit_url
    settings = AgentSettings(audit_url=url, cache_seconds=60)
    hooks = Hooks(on_stop=on_stop)
    app = build_service_app(SERVICE, iso.common(), settings, build_router, hooks=hooks, routers=[api.router])
    probes = [
        "find employee salaries",
        "where does ORDER_BONUS come from?",
        "columns with employee",
        "what changed this week?",
        "what changed in HR this week?",
    ]
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://agent") as client,
    ):
        assert (await client.post("/ask", json={"question": probes[0]})).status_code == 401
        admin = (await client.post("/ask", json={"question": probes[0]}, headers=ADMIN)).json()
        assert [c["id"] for c in admin["citations"]] == ["demo/HR/EMPLOYEE_PAY"], "the probe can find HR"
        for widen in ({}, {"X-Mdsync-Spaces": "HR"}, {"X-Mdsync-Spaces": "SALES,HR"}):
            for question in probes:
                response = await client.post("/ask", json={"question": question}, headers=SALES_VIEWER | widen)
                assert response.status_code == 200, response.text
                body = response.json()
                named = response.text.upper()
                assert "HR" not in {c["id"].split("/")[1] for c in body["citations"] if "/" in c["id"]}, body
                assert "EMPLOYEE_PAY" not in named, (question, body)
                assert "EMPLOYEE SALARIES" not in named, (question, body)
        hidden = (await client.post("/ask", json={"question": "describe EMPLOYEE_PAY"}, headers=SALES_VIEWER)).json()
        missing = (await client.post("/ask", json={"question": "describe NO_SUCH_PAY"}, headers=SALES_VIEWER)).json()
        assert hidden["answer"].replace("EMPLOYEE_PAY", "NO_SUCH_PAY") == missing["answer"], "invisible = missing"
        everything = (await client.post("/ask", json={"question": probes[3]}, headers=ADMIN)).json()
        sales_only = (await client.post("/ask", json={"question": probes[3]}, headers=SALES_VIEWER)).json()
        assert everything["answer"].startswith("4 asset(s)"), everything["answer"]
        assert sales_only["answer"].startswith("3 asset(s)"), sales_only["answer"]


async def test_a_caller_of_another_tenant_gets_nothing_of_this_one(audit_url: tuple[Isolation, str]) -> None:
    iso, url = audit_url
    settings = AgentSettings(audit_url=url, cache_seconds=60)
    hooks = Hooks(on_stop=on_stop)
    app = build_service_app(SERVICE, iso.common(), settings, build_router, hooks=hooks, routers=[api.router])
    beta = local_headers(role="viewer", subject="viewer:beta", tenants=("beta",))
    demo = local_headers(role="viewer", subject="viewer:demo", tenants=("demo",))
    question = {"question": "what changed this week?"}
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://agent") as client,
    ):
        # The beta caller asks first, then the demo caller: the cache holds one agent per reach, never shared.
        for _ in range(2):
            other = (await client.post("/ask", json=question, headers=beta)).json()
            own = (await client.post("/ask", json=question, headers=demo)).json()
            assert other["citations"] == [], other
            assert own["answer"].startswith("4 asset(s)"), own["answer"]
        found = (await client.post("/ask", json={"question": "find employee salaries"}, headers=beta)).json()
        assert "EMPLOYEE" not in json.dumps(found).upper(), found
