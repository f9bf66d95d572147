"""Each service SIGKILLed in the middle of a job and started again: the job still ends with everything in place."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.chaos.conftest import Baseline, RunFactory
from tests.chaos.verify import settle, wait_progress, writes_per_table

pytestmark = pytest.mark.chaos
DOWN_SECONDS = 2


@pytest.mark.parametrize("service", ["extractor", "mapper", "glue-writer", "audit"])
async def test_a_service_killed_mid_job_and_restarted_loses_nothing(
    new_run: RunFactory, baseline: Baseline, service: str
) -> None:
    run = await new_run()
    run.start_all()
    job_id = run.start_job()
    at = await wait_progress(run, job_id, 0.25)

    run.kill(service)
    await asyncio.sleep(DOWN_SECONDS)
    run.start(service)
    await asyncio.to_thread(run.wait_healthy)
    ended = time.monotonic()

    happened = (
        f"SIGKILL at {at.get('counted', 0)}/{at.get('expected')} assets counted, restarted after {DOWN_SECONDS} s"
    )
    _, produced = await settle(run, job_id, f"{service} killed (SIGKILL) mid-job", happened, ended, baseline.catalog)
    assert {key: n for key, n in writes_per_table(produced).items() if n > 1} == {}
