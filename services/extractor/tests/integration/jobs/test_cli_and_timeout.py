"""The CLI against a running extractor (one JSON object, exit codes), and the safety-net timeout."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from mdsync_cli.main import app

pytestmark = pytest.mark.integration


def invoke(stack: Any, *args: str) -> Any:
    env = {"MDSYNC_EXTRACTOR_URL": str(stack.api.base_url)}
    return asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)


async def test_sync_wait_json_prints_one_object_and_exits_by_outcome(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack(over_http=True)
    ok = await invoke(stack, "sync", "--space", "HR", "--wait", "--json")
    assert ok.exit_code == 0, ok.stderr
    job = json.loads(ok.stdout)  # exactly one JSON object, nothing else on stdout
    assert (job["status"], job["counts"]["created"], len(job["assets"])) == ("succeeded", 3, 3)
    assert set(job) >= {"job_id", "status", "counts", "assets"}

    bad = {"definitions": {"V_BAD": {"kind": "entity", "elements": "oops"}}}
    await stack.sim.write("POST", "HR", "views", "V_BAD", bad)
    failed = await invoke(stack, "sync", "--space", "HR", "--priority", "high", "--wait", "--json")
    assert failed.exit_code == 1
    job = json.loads(failed.stdout)
    assert (job["priority"], job["counts"]["failed"], job["counts"]["unchanged"]) == ("HIGH", 1, 3)

    shown = await invoke(stack, "jobs", "show", job["job_id"], "--json")
    assert (shown.exit_code, json.loads(shown.stdout)["job_id"]) == (1, job["job_id"])
    listed = await invoke(stack, "jobs", "list", "--json")
    newest, *_ = json.loads(listed.stdout)
    assert newest["job_id"] == job["job_id"]

    added = await invoke(stack, "schedules", "add", "30 1 * * *", "--space", "HR", "--id", "hr-nightly")
    assert added.exit_code == 0, added.stderr
    schedules = json.loads((await invoke(stack, "schedules", "list", "--json")).stdout)
    assert [(s["schedule_id"], s["cron"]) for s in schedules] == [("hr-nightly", "30 1 * * *")]
    assert (await invoke(stack, "schedules", "delete", "hr-nightly")).exit_code == 0
    assert (await invoke(stack, "schedules", "delete", "hr-nightly")).exit_code == 2


async def test_unaccounted_assets_end_the_job_as_timed_out_only_through_the_safety_net(
    make_stack: Any, tenant: Any
) -> None:
    stack = await make_stack(with_double=False)
    job_id = await stack.request(scope={"spaces": ["HR"]})
    job = await stack.wait_for(job_id, lambda job: job["phase"] == "accounting")
    assert (job["expected"], job["counted"]) == (3, 0)
    assert await stack.extractor.accountant.sweep_timeouts(timeout_seconds=3600) == []
    assert (await stack.job(job_id))["phase"] == "accounting"
    assert await stack.extractor.accountant.sweep_timeouts(timeout_seconds=0) == [job_id]
    job = await stack.job(job_id)
    assert job["status"] == "timed_out"
    assert job["reason"].startswith("safety-net timeout: 0 of 3 assets accounted")
