"""The optional LLM against a local fake OpenAI-compatible server: planning, checked citations, fallback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from mdsync_agent.core.agent import Agent
from mdsync_agent.core.models import AskResponse, Catalog, Intent
from mdsync_agent.llm import Llm, ask
from mdsync_runtime.local_servers import serving

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


class Fake:
    """What the fake server answers, and what it received."""

    def __init__(self) -> None:
        self.tool = "describe_asset"
        self.delay = 0.0
        self.extra_citations = ["acme/HR/EMPLOYEE_PAY", "acme/SALES/NOT_THERE"]
        self.received: list[dict[str, Any]] = []
        self.prefix = "In short: "


def fake_app(fake: Fake) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> dict[str, Any]:
        body = await request.json()
        fake.received.append(body)
        await asyncio.sleep(fake.delay)
        if "tools" in body:
            call = {"id": "c1", "type": "function", "function": {"name": fake.tool, "arguments": "{}"}}
            message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
        else:
            given = json.loads(body["messages"][-1]["content"])
            ids = [c["id"] for c in given["citations"]] + fake.extra_citations
            message = {
                "role": "assistant",
                "content": json.dumps({"answer": fake.prefix + given["answer"], "citations": ids}),
            }
        return {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message}]}

    return app


@pytest.fixture
async def server() -> AsyncIterator[tuple[Fake, str]]:
    fake = Fake()
    async with serving(fake_app(fake)) as url:
        yield fake, f"{url}/v1"


async def _ask(catalog: Catalog, base: str, question: str, llm_timeout: float = 5.0) -> AskResponse:
    agent = Agent(catalog.visible_to(frozenset({"SALES"})))
    async with httpx.AsyncClient(base_url=base, timeout=llm_timeout) as client:
        return await ask(agent, question, NOW, Llm(client, "fake-model"))


async def test_plans_with_a_tool_and_drops_hallucinated_citations(server: tuple[Fake, str], catalog: Catalog) -> None:
    fake, base = server
    fake.tool = "lineage_upstream"  # the planner's choice wins over the offline classification (describe)
    response = await _ask(catalog, base, "describe SALES_ORDERS")
    assert response.intent is Intent.LINEAGE_UP
    assert response.answer.startswith("In short: ")
    assert [c.id for c in response.citations] == [
        "acme/SALES/SALES_ORDERS",
        "acme_sales.sales_orders",
        "acme/SALES/CUSTOMER_MASTER",
    ]


async def test_planner_never_sees_metadata(server: tuple[Fake, str], catalog: Catalog) -> None:
    fake, base = server
    await _ask(catalog, base, "describe SALES_ORDERS")
    planner = json.dumps(fake.received[0]["messages"])
    assert "describe SALES_ORDERS" in planner
    assert "Net Value" not in planner
    assert "NETWR" not in planner


async def test_timeout_falls_back_to_the_offline_answer(server: tuple[Fake, str], catalog: Catalog) -> None:
    fake, base = server
    fake.delay = 1.0
    response = await _ask(catalog, base, "describe SALES_ORDERS", llm_timeout=0.2)
    offline = Agent(catalog.visible_to(frozenset({"SALES"}))).answer("describe SALES_ORDERS", NOW)
    assert response == offline


async def test_unknown_tool_falls_back_and_refusals_stay_offline(server: tuple[Fake, str], catalog: Catalog) -> None:
    fake, base = server
    fake.tool = "delete_everything"
    assert (await _ask(catalog, base, "describe SALES_ORDERS")).answer.startswith("SALES/SALES_ORDERS is a view")
    fake.tool = "find_assets"
    refused = await _ask(catalog, base, "what is the weather")
    assert refused.intent is Intent.REFUSE
    assert refused.citations == ()


async def test_wording_that_names_an_uncited_record_falls_back(server: tuple[Fake, str], catalog: Catalog) -> None:
    fake, base = server
    fake.prefix = "Also see EMPLOYEE_PAY. "
    response = await _ask(catalog, base, "describe SALES_ORDERS")
    assert response.answer.startswith("SALES/SALES_ORDERS is a view")
