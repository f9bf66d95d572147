"""End to end: Datasphere simulator → extractor → mapper → glue-writer → moto Glue, audited; run in file order."""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).with_name("golden") / "demo_glue_catalog.json"
TEMPLATE = Path(__file__).resolve().parents[2] / "devstack/tenants/demo/spaces/SALES/views/V_SALES_ORG_TEXT.json"
VIEWS = "/dwaas-core/api/v1/spaces/SALES/views"
WRITES = ("created", "updated", "deprecated", "deleted")
FAILURES = ("failed", "dead_lettered", "conflict")


def _view_body(name: str, extra_column: bool) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(TEMPLATE.read_text())
    definition = copy.deepcopy(body["definitions"].pop("V_SALES_ORG_TEXT"))
    if extra_column:
        definition["elements"]["E2E_NOTE"] = {"type": "cds.String", "length": 20, "@EndUserText.label": "Note"}
    body["definitions"][name] = definition
    return body


def _writes(job: dict[str, Any]) -> dict[str, int]:
    return {name: n for name, n in job["counts"].items() if name in WRITES and n}


def _changed_tables(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    names = {f"{db}.{t}" for snap in (before, after) for db, d in snap.items() for t in d["tables"]}
    return {
        name
        for name in names
        if before.get(name.split(".")[0], {}).get("tables", {}).get(name.split(".")[1])
        != after.get(name.split(".")[0], {}).get("tables", {}).get(name.split(".")[1])
    }


def test_full_sync_of_the_demo_tenant_equals_the_golden_catalog(stack: Any) -> None:
    first = stack.sync(timeout=180)
    assert first["status"] == "succeeded", first.get("reason")
    assert not any(first["counts"].get(name) for name in FAILURES), first["counts"]
    assert first["counts"]["created"] > 100
    # The second sync must write nothing (next test): the first one already converged.
    stack.second_sync = stack.sync(timeout=180)
    catalog = stack.catalog()
    if os.environ.get("MDSYNC_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(catalog, indent=1, sort_keys=True) + "\n")
    assert catalog == json.loads(GOLDEN.read_text())


def test_the_first_full_sync_already_converged(stack: Any) -> None:
    assert _writes(stack.second_sync) == {}, [a for a in stack.second_sync["assets"] if a["outcome"] in WRITES]


def test_a_further_full_sync_writes_nothing(stack: Any) -> None:
    job = stack.sync()
    assert job["status"] == "succeeded"
    assert _writes(job) == {}, [a for a in job["assets"] if a["outcome"] in WRITES]


def test_a_dry_run_writes_nothing_and_its_plan_is_visible(stack: Any, view: str) -> None:
    before = stack.catalog()
    job = stack.sync(
        dry_run=True, mode="incremental", scope={"spaces": [], "assets": [{"space": "SALES", "technical_name": view}]}
    )
    assert job["counts"]["planned"] == 1, job
    assert stack.catalog() == before
    planned = [a for a in job["assets"] if a["outcome"] == "planned"]
    assert [a["glue_table"] for a in planned] == [f"sales.{view.lower()}"], job["assets"]
    outcomes = _eventually(lambda: stack.api("audit", "GET", f"/jobs/{job['job_id']}/outcomes")["items"], timeout=15)
    assert f"sales.{view.lower()}" in json.dumps(outcomes)


def test_a_changed_view_updates_only_its_table_in_one_trace(stack: Any, view: str) -> None:
    created = stack.sync(
        mode="incremental", scope={"spaces": [], "assets": [{"space": "SALES", "technical_name": view}]}
    )
    assert _writes(created) == {"created": 1}, created
    before = stack.catalog()
    assert stack.sim("PUT", f"{VIEWS}/{view}", _view_body(view, extra_column=True)).status_code == 200
    job = stack.sync()
    assert _writes(job) == {"updated": 1}, job["counts"]
    after = stack.catalog()
    assert _changed_tables(before, after) == {f"sales.{view.lower()}"}
    columns = [c["Name"] for c in after["sales"]["tables"][view.lower()]["StorageDescriptor"]["Columns"]]
    assert "e2e_note" in columns
    _assert_one_trace(stack, f"demo/SALES/{view}", job["job_id"])


def test_a_deleted_view_deprecates_its_table(stack: Any, view: str) -> None:
    assert stack.sim("DELETE", f"{VIEWS}/{view}").status_code == 204
    job = stack.sync()
    assert _writes(job) == {"deprecated": 1}, job["counts"]
    table = stack.catalog()["sales"]["tables"][view.lower()]
    assert any("deprecat" in f"{k}={v}".lower() for k, v in table["Parameters"].items()), table["Parameters"]


def test_a_long_job_is_cancelled(stack: Any) -> None:
    fault = {"kind": "latency", "path": "/dwaas-core/api/v1/spaces/*", "method": "GET", "count": 60, "latency_ms": 500}
    rule = httpx.post(f"{_sim_admin()}/faults", json=fault, timeout=10).json()
    try:
        job_id = stack.start_job()
        _eventually(lambda: stack.api("extractor", "GET", f"/jobs/{job_id}")["status"] == "running" or None)
        stack.api("extractor", "POST", f"/jobs/{job_id}/cancel", {"reason": "e2e: too long"})
        job = stack.wait_job(job_id)
    finally:
        httpx.delete(f"{_sim_admin()}/faults/{rule.get('id', '')}", timeout=10)
    assert job["status"] == "cancelled", job
    assert job["counted"] < job["expected"] or job["expected"] == 0


def _sim_admin() -> str:
    from mdsync_runtime import ports

    return f"{ports.datasphere_url()}/_sim"


def _eventually(probe: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except httpx.HTTPStatusError:
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"condition not met within {timeout} s")


def _spans(stack: Any, service: str) -> list[dict[str, Any]]:
    path = stack.state / "traces" / f"{service}.jsonl"
    spans = []
    for line in path.read_text().splitlines() if path.exists() else []:
        try:
            spans.append(json.loads(line))
        except ValueError:  # the exporter may be writing this line right now
            continue
    return spans


def _assert_one_trace(stack: Any, asset_id: str, job_id: str) -> None:
    """The spans of every service for the change of `asset_id` share one trace with resolvable parents."""
    events = _eventually(
        lambda: [
            e
            for e in stack.api("audit", "GET", f"/assets/{asset_id}/events")["items"]
            if e.get("type") == "mdsync.glue.table.applied" and e.get("job_id") == job_id
        ]
    )
    services = ("extractor", "mapper", "glue-writer", "audit")

    def spans_of_the_trace() -> dict[str, list[dict[str, Any]]] | None:
        spans = {service: _spans(stack, service) for service in services}
        by_message = {s["attributes"].get("messaging.message.id"): s for ss in spans.values() for s in ss}
        if events[0]["event_id"] not in by_message:
            return None
        trace_id = by_message[events[0]["event_id"]]["context"]["trace_id"]
        return {svc: [s for s in ss if s["context"]["trace_id"] == trace_id] for svc, ss in spans.items()}

    def complete(in_trace: dict[str, list[dict[str, Any]]] | None) -> bool:
        if in_trace is None or not all(in_trace.values()):
            return False
        span_ids = {s["context"]["span_id"] for ss in in_trace.values() for s in ss}
        parents = {s["parent_id"] for ss in in_trace.values() for s in ss} - {None}
        applied_ids = {
            s["context"]["span_id"]
            for s in in_trace["glue-writer"]
            if s["attributes"].get("messaging.message.id") == events[0]["event_id"]
        }
        return parents <= span_ids and any(s["parent_id"] in applied_ids for s in in_trace["audit"])

    # Each service's span processor exports in its own batches: read the files until every part is written,
    # then check what was read (an incomplete trace after the deadline fails the assertions below, naming the gap).
    deadline = time.monotonic() + 20
    in_trace = spans_of_the_trace()
    while not complete(in_trace) and time.monotonic() < deadline:
        time.sleep(0.3)
        in_trace = spans_of_the_trace()
    assert in_trace is not None, "no service exported a span for the applied event"
    assert all(in_trace.values()), f"spans of the change missing: {in_trace}"
    applied = next(
        (s for s in in_trace["glue-writer"] if s["attributes"].get("messaging.message.id") == events[0]["event_id"]),
        None,
    )
    assert applied is not None, "the glue-writer's span for the applied event is missing"
    by_id = {s["context"]["span_id"]: (svc, s) for svc, ss in in_trace.items() for s in ss}
    for _svc, span in by_id.values():
        assert span["parent_id"] is None or span["parent_id"] in by_id, span["name"]
    chain: list[str] = []
    span = applied
    while span is not None:
        service, span = by_id[span["context"]["span_id"]][0], by_id.get(span["parent_id"], (None, None))[1]
        if not chain or chain[-1] != service:
            chain.append(service)
    assert chain == ["glue-writer", "mapper", "extractor"], chain
    audit_children = [s for s in in_trace["audit"] if s["parent_id"] == applied["context"]["span_id"]]
    assert audit_children, "audit's processing of the Glue result is not a child of the glue-writer's publish"
