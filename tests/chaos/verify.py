"""Waiting for a run's job to end and checking everything the chaos suite promises, then recording the figures."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from mdsync_contracts.topics import DEADLETTER
from tests.chaos.checks import Record, audited, catalog, catalog_difference, duplicate_ids
from tests.chaos.report import Figures, record
from tests.chaos.services import Run

FAILED_OUTCOMES = ("failed", "dead_lettered", "conflict", "mapping_failed")


async def wait_terminal(run: Run, job_id: str, wait_seconds: float = 240) -> dict[str, Any]:
    """Poll the job until it is finished (riding out an extractor that is down); fail naming the stuck phase."""
    deadline = time.monotonic() + wait_seconds
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            last = await asyncio.to_thread(run.job, job_id)
        except httpx.HTTPError:
            last = last or {"phase": "unreachable"}
        if last.get("phase") == "finished":
            return last
        await asyncio.sleep(0.5)
    phase, counts = last.get("phase"), last.get("counts")
    raise AssertionError(f"job {job_id} stuck in phase {phase} after {wait_seconds} s: {counts}")


async def wait_progress(run: Run, job_id: str, share: float, wait_seconds: float = 120) -> dict[str, Any]:
    """Wait until the job counted at least ``share`` of its expected assets (the moment to inject mid-job)."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        job = await asyncio.to_thread(run.job, job_id)
        expected = job.get("expected") or 0
        if job.get("phase") == "finished" or (expected and job.get("counted", 0) >= share * expected):
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} made no progress in {wait_seconds} s")


async def settle(
    run: Run, job_id: str, fault: str, happened: str, fault_ended: float, expected: dict[str, Any]
) -> tuple[Figures, list[Record]]:
    """After recovery: the job terminal, Glue as planned, every event audited exactly once, no stray dead letter."""
    job = await wait_terminal(run, job_id)
    produced, stored = await audited(run.topic_prefix, run.mongo_db)
    actual = catalog(run.region)
    recovery = time.monotonic() - fault_ended
    produced_ids = {r.event_id for r in produced}
    dead = [r for r in produced if r.topic == DEADLETTER]
    figures = Figures(
        fault=fault,
        happened=happened,
        job_status=str(job.get("status")),
        assets=int(job.get("counted", 0)),
        produced=len(produced_ids),
        redelivered=len(produced) - len(produced_ids),
        audited=len(stored),
        tables=sum(len(tables) for tables in actual.values()),
        dead_lettered=len(dead),
        recovery_seconds=recovery,
    )
    record(figures)
    assert job["status"] == "succeeded", (job.get("reason"), job.get("counts"))
    assert not any(job["counts"].get(name) for name in FAILED_OUTCOMES), job["counts"]
    assert catalog_difference(expected, actual) == []
    assert duplicate_ids(stored) == []
    assert sorted(produced_ids - set(stored)) == [], "produced but never audited"
    assert sorted(set(stored) - produced_ids) == [], "audited but never produced"
    assert [(r.key, r.value.get("error")) for r in dead] == []
    return figures, produced


def writes_per_table(produced: list[Record]) -> dict[str, int]:
    """Glue writes (created/updated TableApplied results) per table key: more than one is a duplicate effect."""
    writes: dict[str, int] = {}
    for r in produced:
        if r.ce_type == "mdsync.glue.table.applied" and r.value.get("action") in ("created", "updated"):
            writes[r.key] = writes.get(r.key, 0) + 1
    return writes
