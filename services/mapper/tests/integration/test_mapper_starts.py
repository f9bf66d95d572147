"""The mapper service starts against the devstack and reports healthy and ready."""

import asyncio
from typing import Any

import pytest

pytestmark = pytest.mark.integration


async def test_serves_health_and_readiness(rig: Any) -> None:
    assert (await rig.client.get("/healthz")).json()["status"] == "ok"
    ready = await rig.client.get("/readyz")
    for _ in range(60):  # joining the consumer group takes a moment
        if ready.status_code == 200:
            break
        await asyncio.sleep(0.5)
        ready = await rig.client.get("/readyz")
    assert ready.status_code == 200, ready.text
