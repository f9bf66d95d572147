"""Three mappers and three glue-writers in one consumer group each (6 partitions), with a rebalance mid-job."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from mdsync_contracts.topics import ASSET_CHANGES, GLUE_COMMANDS
from tests.chaos.checks import group_members
from tests.chaos.conftest import Baseline, RunFactory
from tests.chaos.spans import handled, out_of_order
from tests.chaos.verify import settle, wait_progress, writes_per_table

pytestmark = pytest.mark.chaos
INSTANCES = {"mapper": 3, "glue-writer": 3}
CONSUMED = {"mapper": ASSET_CHANGES, "glue-writer": GLUE_COMMANDS}


async def _until_members(group: str, count: int, wait_seconds: float = 60) -> None:
    deadline = time.monotonic() + wait_seconds
    while await group_members(group) < count:
        assert time.monotonic() < deadline, f"{group}: fewer than {count} members after {wait_seconds} s"
        await asyncio.sleep(0.5)


async def test_three_instances_share_the_work_keep_order_and_survive_a_rebalance(
    new_run: RunFactory, baseline: Baseline
) -> None:
    run = await new_run()
    run.start_all(INSTANCES)
    for service, count in INSTANCES.items():  # every instance holds partitions before the first record arrives
        await _until_members(f"{run.topic_prefix}mdsync-{service}", count)
    job_id = run.start_job()
    await wait_progress(run, job_id, 0.2)

    # One instance of each leaves the group mid-job (its partitions move) and comes back (they move again).
    for name in ("mapper-2", "glue-writer-3"):
        run.instances[name].process.stop(grace_seconds=10)
    await asyncio.sleep(3)
    for service, number in (("mapper", 2), ("glue-writer", 3)):
        run.start(service, number)
    await asyncio.to_thread(run.wait_healthy)
    ended = time.monotonic()

    happened = "mapper-2 and glue-writer-3 left the group mid-job and came back (two rebalances each)"
    _, produced = await settle(run, job_id, "3 mappers + 3 glue-writers, rebalance mid-job", happened, ended,
                               baseline.catalog)  # fmt: skip
    run.stop_all()  # flushes every instance's spans
    for service, topic in CONSUMED.items():
        names = [i.name for i in run.instances.values() if i.service == service]
        records = [h for n in names for h in handled(n, run.instances[n].trace_file) if h.topic.endswith(topic)]
        per_instance = Counter(r.instance for r in records)
        print(f"CHAOS {service} records handled per instance: {dict(sorted(per_instance.items()))}")
        assert set(per_instance) == set(names), f"an instance of {service} handled nothing: {per_instance}"
        assert out_of_order(records) == []
    assert {key: n for key, n in writes_per_table(produced).items() if n > 1} == {}
