"""Datasphere faults injected through the simulator's `/_sim` API, and what a job does about each."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetDeleted, AssetUpserted
from mdsync_contracts.jobs import AssetOutcome, Outcome

pytestmark = pytest.mark.integration
OBJECT_READS = "/dwaas-core/api/v1/spaces/*/*/*"
HR = {"spaces": ["HR"]}


async def stats(stack: Any) -> dict[str, Any]:
    body: dict[str, Any] = (await stack.sim.http.get(f"{stack.sim.url}/_sim/stats")).json()
    return body


def counts(job: dict[str, Any]) -> dict[str, int]:
    return {name: n for name, n in job["counts"].items() if n}


async def test_a_failed_listing_infers_no_deletions(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.run(mode="full")
    await stack.sim.fault(kind="server_error", path="/dwaas-core/api/v1/spaces/SALES/views", status=503)
    job = await stack.run(mode="full")
    assert job["status"] == "failed"
    assert [e["space"] for e in job["space_errors"]] == ["SALES"]
    assert "unavailable" in job["space_errors"][0]["error"]
    assert job["reason"] == "listing failed for SALES"
    assert counts(job) == {"unchanged": tenant.spaces["FINANCE"] + tenant.spaces["HR"]}
    changes = await stack.asset_changes(job["job_id"])
    assert [m for m in changes if isinstance(m, AssetDeleted)] == []
    assert {m.definition.space for m in changes if isinstance(m, AssetUpserted)} == {"FINANCE", "HR"}


async def test_a_malformed_object_fails_alone(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    bad = {"definitions": {"V_BAD": {"kind": "entity", "elements": {"X": {"type": "cds.NoSuchType"}}}}}
    await stack.sim.write("POST", "HR", "views", "V_BAD", bad)
    job = await stack.run(scope=HR)
    assert job["status"] == "failed"
    assert counts(job) == {"created": tenant.spaces["HR"], "failed": 1}
    [failed] = [a for a in job["assets"] if a["outcome"] == "failed"]
    assert failed["asset_id"] == "demo/HR/V_BAD"
    assert "unknown CDS type 'cds.NoSuchType'" in failed["reason"]
    [outcome] = [m for m in await stack.job_events(job["job_id"]) if isinstance(m, AssetOutcome)]
    assert (outcome.outcome, outcome.decided_by) == (Outcome.FAILED, "extractor")
    assert len(await stack.asset_changes(job["job_id"])) == tenant.spaces["HR"]


async def test_token_expiry_mid_run_refreshes_and_goes_on(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.sim.fault(kind="token_expired", path=OBJECT_READS, skip=1, count=1)
    job = await stack.run(scope=HR)
    assert (job["status"], counts(job)) == ("succeeded", {"created": tenant.spaces["HR"]})
    seen = await stats(stack)
    assert seen["by_status"].get("401", 0) >= 1  # requests in flight with the expired token get 401 too
    assert seen["by_route"]["POST token"] == 2  # one token, one refresh


async def test_throttling_is_waited_out(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.sim.fault(kind="rate_limited", path=OBJECT_READS, count=2, retry_after=1)
    job = await stack.run(scope=HR)
    assert (job["status"], counts(job)) == ("succeeded", {"created": tenant.spaces["HR"]})
    assert (await stats(stack))["by_status"].get("429") == 2


async def test_html_login_page_once_is_recovered_and_for_good_fails_that_asset(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.sim.fault(kind="html_login", path=OBJECT_READS, count=1)
    job = await stack.run(scope=HR)
    assert (job["status"], counts(job)) == ("succeeded", {"created": tenant.spaces["HR"]})

    await stack.sim.fault(kind="html_login", path="/dwaas-core/api/v1/spaces/HR/localtables/HR_TABLE_01")
    job = await stack.run(scope=HR, mode="full")
    assert counts(job) == {"unchanged": tenant.spaces["HR"] - 1, "failed": 1}
    [failed] = [a for a in job["assets"] if a["outcome"] == "failed"]
    assert failed["asset_id"] == "demo/HR/HR_TABLE_01"
    assert "HTML page" in failed["reason"]


async def test_server_errors_are_retried_and_a_lasting_one_fails_that_asset(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    await stack.sim.fault(kind="server_error", path=OBJECT_READS, count=2, status=503)
    job = await stack.run(scope=HR)
    assert (job["status"], counts(job)) == ("succeeded", {"created": tenant.spaces["HR"]})

    await stack.sim.fault(kind="server_error", path="/dwaas-core/api/v1/spaces/HR/localtables/HR_TABLE_02")
    job = await stack.run(scope=HR, mode="full")
    assert counts(job) == {"unchanged": tenant.spaces["HR"] - 1, "failed": 1}
    [failed] = [a for a in job["assets"] if a["outcome"] == "failed"]
    assert "unavailable" in failed["reason"]
    assert job["reason"] == f"1 of {tenant.spaces['HR']} assets failed"


async def test_a_space_the_client_may_not_read_is_reported_and_the_rest_synced(make_stack: Any, tenant: Any) -> None:
    client_id, secret = tenant.sales_only_client
    stack = await make_stack(client_id=client_id, client_secret=secret)
    job = await stack.run(scope={"spaces": ["SALES", "FINANCE"]})
    assert job["status"] == "failed"
    assert counts(job) == {"created": tenant.spaces["SALES"]}
    [error] = job["space_errors"]
    assert error["space"] == "FINANCE"
    assert "member" in error["error"]
