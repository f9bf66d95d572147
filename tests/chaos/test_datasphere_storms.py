"""A Datasphere 429 storm and expired tokens while the extractor reads: the job still ends with everything in place."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from mdsync_runtime import ports
from tests.chaos.conftest import Baseline, RunFactory
from tests.chaos.verify import settle, wait_terminal

pytestmark = pytest.mark.chaos
STORM = {"kind": "rate_limited", "path": "*", "skip": 40, "count": 60, "retry_after": 1}
EXPIRY = {"kind": "token_expired", "path": "*", "skip": 120, "count": 1}


def _sim(method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{ports.datasphere_url()}/_sim{path}", json=body, timeout=10)
    response.raise_for_status()
    return None if response.status_code == 204 else response.json()


async def _storm_over(job_done: asyncio.Task[dict[str, Any]]) -> float:
    """When every injected rule has fired and retired (or the job ended first)."""
    while _sim("GET", "/faults") and not job_done.done():  # noqa: ASYNC110 - the rules live in the simulator
        await asyncio.sleep(0.2)
    return time.monotonic()


async def test_a_429_storm_and_token_expiry_lose_nothing(new_run: RunFactory, baseline: Baseline) -> None:
    run = await new_run()
    run.start_all()
    _sim("DELETE", "/faults")
    _sim("DELETE", "/stats")
    _sim("POST", "/faults", STORM)
    _sim("POST", "/faults", EXPIRY)

    job_id = run.start_job()
    job_done = asyncio.create_task(wait_terminal(run, job_id))
    ended = await _storm_over(job_done)
    left = _sim("GET", "/faults")
    _sim("DELETE", "/faults")
    _sim("POST", "/tokens/expire", {})  # and every token dies after the storm too: the extractor must re-authenticate
    await job_done

    statuses = _sim("GET", "/stats")["by_status"]
    happened = f"{statuses.get('429', 0)} x 429 (Retry-After 1 s), {statuses.get('401', 0)} x 401 expired token"
    await settle(run, job_id, "datasphere 429 storm and token expiry", happened, ended, baseline.catalog)
    assert left == [], f"the storm never fully fired: {left}"
    assert statuses.get("429", 0) == STORM["count"]
