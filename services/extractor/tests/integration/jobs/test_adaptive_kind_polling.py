"""Adaptive polling per kind against the simulator: each kind of a space is polled by a job scoped to it, and the
kind whose objects change gets a shorter interval than a quiet kind of the same space (simulated clock)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.jobs import JobPhase, JobRecord
from mdsync_extractor.core.schedules import Polling, ScheduleSpec, new_schedule
from mdsync_runtime.auth.client import local_headers

pytestmark = pytest.mark.integration
VIEW, TABLE = AssetKind.VIEW, AssetKind.LOCAL_TABLE


async def run_ended(stack: Any, job_ids: list[str]) -> list[JobRecord]:
    """Wait until every job's run has ended (its changes per space and kind are recorded by then)."""
    async with asyncio.timeout(60):
        for job_id in job_ids:
            while not _run_ended(await stack.extractor.state.jobs.get(job_id)):  # noqa: ASYNC110 - Kafka-driven
                await asyncio.sleep(0.1)
    return [await stack.extractor.state.jobs.get(job_id) for job_id in job_ids]


def _run_ended(job: JobRecord | None) -> bool:
    return job is not None and job.phase not in (JobPhase.QUEUED, JobPhase.RUNNING)


async def test_a_changing_kind_is_polled_more_often_than_a_quiet_kind_of_the_same_space(make_stack: Any) -> None:
    stack = await make_stack(schedule_tick_seconds=3600)  # per kind is the default; the test ticks the clock
    spec = ScheduleSpec(polling=Polling.ADAPTIVE, scope=JobScope(spaces=["SALES"], kinds=[VIEW, TABLE]))
    now = datetime.now(UTC)
    await stack.extractor.state.schedules.put(new_schedule(spec, now, "kinds"))
    polled = []
    for round_number in range(4):
        jobs = await run_ended(stack, await stack.extractor.schedules.fire_due(now))
        assert all(job.spec.scope.spaces == ("SALES",) and len(job.spec.scope.kinds) == 1 for job in jobs)
        polled.append(sorted(kind.value for job in jobs for kind in job.spec.scope.kinds))
        view = await stack.sim.read("SALES", "views", "V_ORDERS_INTERNAL")
        view["definitions"]["V_ORDERS_INTERNAL"]["@EndUserText.label"] = f"Orders, round {round_number}"
        await stack.sim.write("PUT", "SALES", "views", "V_ORDERS_INTERNAL", view)
        now += timedelta(minutes=10)
    # first polls, then the first measured ones; from then on the quiet kind waits its longer interval
    assert polled == [["local_table", "view"], ["local_table", "view"], ["view"], ["view"]]
    await stack.extractor.schedules.fire_due(now)  # learns from the last poll and allocates again
    polling = {p.kind: p for p in await stack.extractor.state.polling.of_schedule("kinds")}
    views, tables = polling[VIEW], polling[TABLE]
    assert (views.key, tables.key) == ("kinds|SALES|view", "kinds|SALES|local_table")
    assert (views.rate.polls, tables.rate.polls) == (3, 1)
    assert (views.rate.assets, tables.rate.assets) == (3, 9)  # each kind's own size
    assert views.rate.per_hour == pytest.approx(6)  # one change per 10 simulated minutes
    assert tables.rate.per_hour == 0
    assert views.interval_seconds is not None
    assert tables.interval_seconds is not None
    assert views.interval_seconds < tables.interval_seconds
    assert views.reason.startswith("view: 6 changes/h over the last 3 polls")
    assert tables.reason.startswith("local_table: no change over the last poll")
    shown = await stack.api.get("/schedules/kinds/polling", headers=local_headers(role="viewer"))
    assert shown.status_code == 200, shown.text
    assert {(p["space"], p["kind"]): p["reason"] for p in shown.json()} == {
        ("SALES", "view"): views.reason,
        ("SALES", "local_table"): tables.reason,
    }
