"""The audit service starts against the devstack and reports healthy and ready."""

import asyncio

import httpx
import pytest
from asgi_lifespan import LifespanManager

from mdsync_audit.main import create_app

pytestmark = pytest.mark.integration


async def test_serves_health_and_readiness() -> None:
    app = create_app()
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        assert (await client.get("/healthz")).json()["status"] == "ok"
        ready = await client.get("/readyz")
        for _ in range(60):  # joining the consumer group takes a moment
            if ready.status_code == 200:
                break
            await asyncio.sleep(0.5)
            ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
