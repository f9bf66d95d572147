"""Every service starts against the devstack, serves /healthz and becomes ready (store answers, partitions held)."""

import asyncio
import importlib

import httpx
import pytest
from asgi_lifespan import LifespanManager

from mdsync_runtime.testing import isolated

pytestmark = pytest.mark.integration

SERVICES = ("extractor", "mapper", "glue_writer", "audit", "agent")


@pytest.mark.parametrize("service", SERVICES)
async def test_service_serves_health_and_becomes_ready(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    iso = await isolated()
    monkeypatch.setenv("MDSYNC_TOPIC_PREFIX", iso.topic_prefix)
    monkeypatch.setenv("MDSYNC_MONGO_DB", iso.mongo_db)
    app = importlib.import_module(f"mdsync_{service}.main").create_app()
    transport = httpx.ASGITransport(app=app)
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(transport=transport, base_url="http://t") as client,
    ):
        assert (await client.get("/healthz")).json()["status"] == "ok"
        ready = await client.get("/readyz")
        for _ in range(120):  # joining the consumer group takes a moment
            if ready.status_code == 200:
                break
            await asyncio.sleep(0.5)
            ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
