"""An adaptive schedule against the simulator: the space whose objects change gets a shorter interval than a quiet
one, learned from the polls' own change detection (simulated clock: the test moves `now`, nothing waits)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mdsync_contracts.jobs import JobScope
from mdsync_extractor.core.jobs import JobPhase, JobRecord
from mdsync_extractor.core.schedules import Polling, ScheduleSpec, new_schedule
from mdsync_runtime.auth.client import local_headers

pytestmark = pytest.mark.integration


async def run_ended(stack: Any, job_ids: list[str]) -> None:
    """Wait until every job's run has ended (its changes per space are recorded by then)."""
    async with asyncio.timeout(60):
        for job_id in job_ids:
            while not _run_ended(await stack.extractor.state.jobs.get(job_id)):  # noqa: ASYNC110 - Kafka-driven
                await asyncio.sleep(0.1)


def _run_ended(job: JobRecord | None) -> bool:
    return job is not None and job.phase not in (JobPhase.QUEUED, JobPhase.RUNNING)


async def test_a_changing_space_is_polled_more_often_than_a_quiet_one(make_stack: Any, tenant: Any) -> None:
    # whole spaces (per kind: test_adaptive_kind_polling.py); the test ticks the clock itself
    stack = await make_stack(schedule_tick_seconds=3600, adaptive_per_kind=False)
    spec = ScheduleSpec(polling=Polling.ADAPTIVE, scope=JobScope(spaces=["SALES", "FINANCE"]))
    now = datetime.now(UTC)
    await stack.extractor.state.schedules.put(new_schedule(spec, now, "adaptive"))
    polled = []
    for round_number in range(4):
        fired = await stack.extractor.schedules.fire_due(now)
        await run_ended(stack, fired)
        jobs = [await stack.extractor.state.jobs.get(job_id) for job_id in fired]
        polled.append(sorted(space for job in jobs for space in job.spec.scope.spaces))
        label = f"Orders, round {round_number}"
        await stack.sim.write("PUT", "SALES", "localtables", "SAL_TABLE_01", tenant.table("SAL_TABLE_01", label))
        now += timedelta(minutes=10)
    # first polls, then the first measured ones; from then on the quiet space waits its longer interval
    assert polled == [["FINANCE", "SALES"], ["FINANCE", "SALES"], ["SALES"], ["SALES"]]
    await stack.extractor.schedules.fire_due(now)  # learns from the last poll and allocates again
    polling = {p.space: p for p in await stack.extractor.state.polling.of_schedule("adaptive")}
    sales, finance = polling["SALES"], polling["FINANCE"]
    assert (sales.rate.polls, finance.rate.polls) == (3, 1)
    assert sales.rate.per_hour == pytest.approx(6)  # one change per 10 simulated minutes
    assert finance.rate.per_hour == 0
    assert sales.interval_seconds is not None
    assert finance.interval_seconds is not None
    assert sales.interval_seconds < finance.interval_seconds
    assert "6 changes/h over the last 3 polls" in sales.reason
    assert "no change over the last poll" in finance.reason
    assert sales.rate.kind_per_hour() == {"local_table": pytest.approx(6)}
    assert (sales.budget_calls_per_hour, finance.tenant) == (6000, sales.tenant)
    assert f"tenant {sales.tenant}: budget 6000 calls/h, " in sales.reason
    shown = await stack.api.get("/schedules/adaptive/polling", headers=local_headers(role="viewer"))
    assert shown.status_code == 200, shown.text
    assert {p["space"]: p["reason"] for p in shown.json()} == {"SALES": sales.reason, "FINANCE": finance.reason}


async def test_a_tenant_that_spent_its_hour_never_delays_another_tenants_polls(make_stack: Any) -> None:
    # whole spaces, one first poll each within the budget
    stack = await make_stack(schedule_tick_seconds=3600, adaptive_budget_calls_per_hour=10, adaptive_per_kind=False)
    now = datetime.now(UTC)
    busy = ScheduleSpec(polling=Polling.ADAPTIVE, scope=JobScope(spaces=["SALES", "FINANCE"]))
    other = ScheduleSpec(polling=Polling.ADAPTIVE, scope=JobScope(spaces=["HR"]), tenant="globex")
    await stack.extractor.state.schedules.put(new_schedule(busy, now, "busy"))
    await stack.extractor.state.schedules.put(new_schedule(other, now, "other"))
    fired = await stack.extractor.schedules.fire_due(now)
    polling = {p.space: p for p in await stack.extractor.state.polling.all()}
    assert len(fired) == 2  # FINANCE would overspend its tenant's 10 calls; HR's tenant has spent nothing
    assert polling["FINANCE"].pending_job_id is None
    assert "; due, waits for this budget until " in polling["FINANCE"].reason
    assert polling["SALES"].pending_job_id is not None
    assert polling["HR"].pending_job_id is not None
    assert polling["HR"].tenant == "globex"
    assert "tenant globex: budget 10 calls/h, 9 spent in the last hour" in polling["HR"].reason
    assert [calls for _, calls in await stack.extractor.state.polling.spent("globex")] == [9]
    later = await stack.extractor.schedules.fire_due(now + timedelta(minutes=10))
    assert later == []  # the default tenant's hour is still spent, whatever globex does


async def test_the_single_ledger_from_before_is_the_default_tenants_until_it_writes_its_own(make_stack: Any) -> None:
    stack = await make_stack(schedule_tick_seconds=3600)
    store = stack.extractor.state.polling
    await store.ledger.replace_one({"_id": "calls"}, {"_id": "calls", "spent": [[100.0, 9.0]]}, upsert=True)
    assert await store.spent("acme", legacy=True) == [(100.0, 9.0)]
    assert await store.spent("globex") == []
    await store.set_spent("acme", [(200.0, 51.0)])
    assert await store.spent("acme", legacy=True) == [(200.0, 51.0)]
    assert await store.spent("globex") == []
