"""Job control through the API: cancel, priority order, dry runs, schedules, the mass-delete guard and approval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mdsync_contracts.assets import AssetDeleted, AssetUpserted, DeletionReason
from mdsync_contracts.jobs import JobStarted
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.client import local_headers

from .conftest import bearer

pytestmark = pytest.mark.integration
OBJECT_READS = "/dwaas-core/api/v1/spaces/*/*/*"


def running(job: dict[str, Any]) -> bool:
    return job["phase"] != "queued"


def finished(job: dict[str, Any]) -> bool:
    return job["phase"] == "finished"


async def object_reads(stack: Any) -> int:
    stats = (await stack.sim.http.get(f"{stack.sim.url}/_sim/stats")).json()
    return int(stats["by_route"].get("GET designtime.object", 0))


async def test_cancel_stops_a_running_job_between_assets(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack(datasphere_concurrency=1)
    await stack.sim.fault(kind="latency", path=OBJECT_READS, latency_ms=300)
    job_id = await stack.request(mode="full")
    await stack.wait_for(job_id, running)
    jane = local_headers(Role.OPERATOR, subject="op:jane")
    response = await stack.api.post(f"/jobs/{job_id}/cancel", json={"reason": "wrong scope"}, headers=jane)
    assert response.status_code == 202
    job = await stack.wait_for(job_id, finished)
    assert job["status"] == "cancelled"
    assert job["reason"] == "cancelled by op:jane: wrong scope"
    assert job["expected"] == job["counted"] == 0
    assert await object_reads(stack) < tenant.total
    assert await stack.asset_changes(job_id) == []


async def test_a_caller_sees_and_acts_on_jobs_of_its_spaces_only(make_stack: Any) -> None:
    stack = await make_stack(job_concurrency=1, datasphere_concurrency=1)
    await stack.sim.fault(kind="latency", path=OBJECT_READS, latency_ms=300)
    sales_job = await stack.request(scope={"spaces": ["SALES"]})
    fiona = local_headers(Role.OPERATOR, ("FINANCE",), subject="op:fiona")
    refused = await stack.api.post("/jobs", json={"scope": {"spaces": ["SALES", "FINANCE"]}}, headers=fiona)
    assert (refused.status_code, refused.json()["detail"]) == (403, "op:fiona may not act on space(s) SALES")
    assert (await stack.api.get(f"/jobs/{sales_job}", headers=fiona)).status_code == 404
    assert (await stack.api.post(f"/jobs/{sales_job}/cancel", headers=fiona)).status_code == 404
    own = await stack.api.post("/jobs", json={"dry_run": True}, headers=fiona)
    assert own.status_code == 202, own.text
    [listed] = (await stack.api.get("/jobs", headers=fiona)).json()
    assert (listed["job_id"], listed["scope"]["spaces"], listed["requester"]) == (
        own.json()["job_id"],
        ["FINANCE"],
        "op:fiona",
    )
    viewer = local_headers(Role.VIEWER, ("SALES",), subject="viewer:sam")
    assert (await stack.api.post("/jobs", json={}, headers=viewer)).status_code == 403
    assert [job["job_id"] for job in (await stack.api.get("/jobs", headers=viewer)).json()] == [sales_job]
    too_big = {"scope": {"spaces": [f"S{i}" for i in range(201)]}}
    assert (await stack.api.post("/jobs", json=too_big)).status_code == 422


async def test_cancel_of_a_queued_job_ends_it_before_it_starts(make_stack: Any) -> None:
    stack = await make_stack(job_concurrency=1, datasphere_concurrency=1)
    await stack.sim.fault(kind="latency", path=OBJECT_READS, latency_ms=300)
    first = await stack.request(mode="full")
    await stack.wait_for(first, running)
    second = await stack.request(mode="full", priority="CRITICAL")
    assert (await stack.job(second))["phase"] == "queued"
    await stack.api.post(f"/jobs/{second}/cancel", json={})
    job = await stack.wait_for(second, finished)
    assert (job["status"], job["started_at"], job["counted"]) == ("cancelled", None, 0)
    await stack.api.post(f"/jobs/{first}/cancel", json={})
    await stack.wait_for(first, finished)
    assert [m for m in await stack.job_events(second) if isinstance(m, JobStarted)] == []


async def test_most_urgent_queued_job_starts_first(make_stack: Any) -> None:
    stack = await make_stack(job_concurrency=1, datasphere_concurrency=1)
    await stack.sim.fault(kind="latency", path=OBJECT_READS, latency_ms=200)
    hr = {"spaces": ["HR"]}
    blocker = await stack.request(scope=hr)
    await stack.wait_for(blocker, running)
    low = await stack.request(scope=hr, priority="LOW")
    critical = await stack.request(scope=hr, priority="CRITICAL")
    medium = await stack.request(scope=hr, priority="MEDIUM")
    high = await stack.request(scope=hr, priority="HIGH")
    await stack.sim.clear_faults()
    jobs = [await stack.wait_for(job_id, finished) for job_id in (blocker, low, critical, medium, high)]
    assert {job["status"] for job in jobs} == {"succeeded"}
    order = [job["job_id"] for job in sorted(jobs, key=lambda job: job["started_at"])]
    assert order == [blocker, critical, high, medium, low]


async def test_dry_run_plans_through_the_mapper_and_changes_nothing(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    dry = await stack.run(mode="full", dry_run=True)
    assert dry["status"] == "succeeded", dry
    assert dry["dry_run"] is True
    assert {k: v for k, v in dry["counts"].items() if v} == {"planned": tenant.total}
    assert await stack.messages("mdsync.datasphere.asset-changes.v1") == []
    planned = [definition for request in stack.plans for definition in request.definitions]
    assert len(planned) == tenant.total
    assert {request.job_id for request in stack.plans} == {dry["job_id"]}
    real = await stack.run()
    assert real["counts"]["created"] == tenant.total  # the dry run left last-seen state alone


async def test_incremental_dry_run_plans_changes_and_deletions_only(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    hr = {"spaces": ["HR"]}
    await stack.run(scope=hr)
    await stack.sim.write("PUT", "HR", "localtables", "HR_TABLE_00", tenant.table("HR_TABLE_00", "Relabelled"))
    await stack.sim.write("DELETE", "HR", "localtables", "HR_TABLE_01")
    dry = await stack.run(scope=hr, dry_run=True)
    assert {k: v for k, v in dry["counts"].items() if v} == {"planned": 2, "unchanged": tenant.spaces["HR"] - 2}
    assert await stack.asset_changes(dry["job_id"]) == []
    assert [d.technical_name for request in stack.plans for d in request.definitions] == ["HR_TABLE_00"]
    real = await stack.run(scope=hr)
    assert {k: v for k, v in real["counts"].items() if v} == {
        "updated": 1, "deprecated": 1, "unchanged": tenant.spaces["HR"] - 2,
    }  # fmt: skip


async def test_dry_run_without_the_mapper_fails_each_asset_with_a_clear_reason(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack(mapper_url="http://127.0.0.1:9")
    job = await stack.run(scope={"spaces": ["HR"]}, dry_run=True)
    assert job["status"] == "failed"
    assert job["counts"]["failed"] == tenant.spaces["HR"]
    assert all("http://127.0.0.1:9/plan is unreachable" in (a["reason"] or "") for a in job["assets"])


async def test_schedules_crud_and_firing(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    body = {"cron": "0 3 * * *", "scope": {"spaces": ["HR"]}, "priority": "HIGH", "schedule_id": "nightly-hr"}
    created = await stack.api.post("/schedules", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["next_fire_at"].endswith("03:00:00Z")
    assert (await stack.api.post("/schedules", json=body)).status_code == 409
    bad = await stack.api.post("/schedules", json={"cron": "every night"})
    assert bad.status_code == 422
    assert "cron expression" in bad.text
    assert [s["schedule_id"] for s in (await stack.api.get("/schedules")).json()] == ["nightly-hr"]

    fired = await stack.extractor.schedules.fire_due(datetime.now(UTC) + timedelta(days=1))
    [job_id] = fired
    job = await stack.wait_for(job_id, finished)
    assert (job["status"], job["schedule_id"], job["priority"]) == ("succeeded", "nightly-hr", "HIGH")
    assert job["counts"]["created"] == tenant.spaces["HR"]
    schedule = (await stack.api.get("/schedules/nightly-hr")).json()
    assert schedule["last_job_id"] == job_id

    assert (await stack.api.delete("/schedules/nightly-hr")).status_code == 204
    assert (await stack.api.get("/schedules/nightly-hr")).status_code == 404


async def test_schedules_stay_in_the_callers_spaces(make_stack: Any) -> None:
    stack = await make_stack()
    hr = {"cron": "0 3 * * *", "scope": {"spaces": ["HR"]}, "schedule_id": "nightly-hr"}
    assert (await stack.api.post("/schedules", json=hr)).status_code == 201
    fiona = local_headers(Role.OPERATOR, ("FINANCE",), subject="op:fiona")
    other = {"cron": "0 4 * * *", "scope": {"spaces": ["HR"]}, "schedule_id": "sneaky"}
    assert (await stack.api.post("/schedules", json=other, headers=fiona)).status_code == 403
    assert (await stack.api.get("/schedules/nightly-hr", headers=fiona)).status_code == 404
    assert (await stack.api.put("/schedules/nightly-hr", json={"cron": "0 5 * * *"}, headers=fiona)).status_code == 404
    assert (await stack.api.delete("/schedules/nightly-hr", headers=fiona)).status_code == 404
    own = await stack.api.post("/schedules", json={"cron": "0 4 * * *", "schedule_id": "fin"}, headers=fiona)
    assert (own.status_code, own.json()["scope"]["spaces"]) == (201, ["FINANCE"])
    assert [s["schedule_id"] for s in (await stack.api.get("/schedules", headers=fiona)).json()] == ["fin"]
    viewer = local_headers(Role.VIEWER, ("FINANCE",), subject="viewer:vic")
    assert (await stack.api.delete("/schedules/fin", headers=viewer)).status_code == 403


@pytest.mark.usefixtures("identity_provider")
async def test_in_bear_the_requester_of_a_job_cannot_approve_its_held_deletions(make_stack: Any) -> None:
    stack = await make_stack(env="bear")
    ada, bob = bearer(Role.ADMIN, subject="admin:ada"), bearer(Role.ADMIN, subject="admin:bob")
    first = await stack.api.post("/jobs", json={"mode": "full", "scope": {"spaces": ["SALES"]}}, headers=ada)
    await stack.wait_for(first.json()["job_id"], finished)
    for name in ("SAL_TABLE_02", "SAL_TABLE_03", "SAL_TABLE_04"):
        await stack.sim.write("DELETE", "SALES", "localtables", name)
    second = await stack.api.post("/jobs", json={"scope": {"spaces": ["SALES"]}}, headers=ada)
    await stack.wait_for(second.json()["job_id"], finished)
    [hold] = (await stack.api.get("/held-deletions", headers=ada)).json()
    own = await stack.api.post(f"/held-deletions/{hold['hold_id']}/approve", headers=ada)
    assert own.status_code == 403
    assert "a second person must approve" in own.json()["detail"]
    approved = await stack.api.post(f"/held-deletions/{hold['hold_id']}/approve", headers=bob)
    assert (approved.status_code, approved.json()["approved_by"]) == (200, "admin:bob")


async def test_mass_deletion_is_held_until_approved(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.run(mode="full")
    gone = ["SAL_TABLE_02", "SAL_TABLE_03", "SAL_TABLE_04"]  # 3 of 12 known: over 20 %
    for name in gone:
        await stack.sim.write("DELETE", "SALES", "localtables", name)
    job = await stack.run()
    assert {k: v for k, v in job["counts"].items() if v} == {"held": 3, "unchanged": tenant.total - 3}
    assert job["status"] == "succeeded"
    assert await stack.asset_changes(job["job_id"]) == []
    [hold] = (await stack.api.get("/held-deletions")).json()
    assert sorted(a["technical_name"] for a in hold["assets"]) == gone
    held_reasons = {a["reason"] for a in job["assets"] if a["outcome"] == "held"}
    assert held_reasons == {next(iter(held_reasons))}
    assert hold["hold_id"] in next(iter(held_reasons))

    url = f"/held-deletions/{hold['hold_id']}"
    finance = local_headers(Role.ADMIN, ("FINANCE",), subject="admin:fiona")
    assert (await stack.api.get("/held-deletions", headers=finance)).json() == []
    assert (await stack.api.get(url, headers=finance)).status_code == 404
    assert (await stack.api.post(f"{url}/approve", headers=finance)).status_code == 404
    operator = local_headers(Role.OPERATOR, ("SALES",), subject="op:otto")
    assert (await stack.api.post(f"{url}/approve", headers=operator)).status_code == 403  # deleting is admin work
    jane, joe = (local_headers(Role.ADMIN, ("SALES",), subject=who) for who in ("admin:jane", "admin:joe"))
    approved = await stack.api.post(f"{url}/approve", headers=jane)
    assert approved.json()["status"] == "approved"
    again = await stack.api.post(f"{url}/approve", headers=joe)
    assert again.json()["approved_by"] == "admin:jane"
    deletions = [m for m in await stack.messages("mdsync.datasphere.asset-changes.v1") if isinstance(m, AssetDeleted)]
    assert sorted(d.technical_name for d in deletions) == gone
    assert {d.reason for d in deletions} == {DeletionReason.APPROVED_AFTER_HOLD}
    assert (await stack.api.get("/held-deletions")).json() == []

    after = await stack.run()
    assert {k: v for k, v in after["counts"].items() if v} == {"unchanged": tenant.total - 3}
    assert [m for m in await stack.asset_changes(after["job_id"]) if isinstance(m, AssetUpserted)] == []
