"""Kafka and the Mongo-wire store stopped and restarted in the middle of a sync: nothing lost, nothing doubled."""

from __future__ import annotations

import asyncio
import time

import pytest

import mdsync_devstack as devstack
from tests.chaos.conftest import Baseline, RunFactory
from tests.chaos.verify import settle, wait_progress, writes_per_table

pytestmark = pytest.mark.chaos
DOWN_SECONDS = 5


@pytest.mark.parametrize(
    ("component", "fault"),
    [
        ("kafka", "kafka broker stopped and restarted mid-sync"),
        ("mongo", "mongo-wire store (file backend) stopped and restarted mid-ingest"),
    ],
)
async def test_a_component_stopped_mid_job_loses_nothing(
    new_run: RunFactory, baseline: Baseline, component: str, fault: str
) -> None:
    run = await new_run()
    run.start_all()
    job_id = run.start_job()
    at = await wait_progress(run, job_id, 0.25)

    await asyncio.to_thread(devstack.stop, component)
    await asyncio.sleep(DOWN_SECONDS)
    await asyncio.to_thread(devstack.start, component)
    ended = time.monotonic()

    happened = f"{component} down {DOWN_SECONDS} s with {at.get('counted', 0)}/{at.get('expected')} assets counted"
    _, produced = await settle(run, job_id, fault, happened, ended, baseline.catalog)
    assert {key: n for key, n in writes_per_table(produced).items() if n > 1} == {}
