"""Full and incremental syncs against the simulator emit exactly the expected events, and jobs finish through
accounting (a test double of mapper + glue-writer answers on the topics)."""

from __future__ import annotations

from typing import Any

import pytest

from mdsync_contracts.assets import AssetChange, AssetDeleted, AssetUpserted, DeletionReason, content_hash
from mdsync_contracts.jobs import AssetOutcome, JobFinished, JobProgress, JobStarted, Outcome

pytestmark = pytest.mark.integration


def by_type(messages: list[Any], kind: type) -> list[Any]:
    return [message for message in messages if isinstance(message, kind)]


async def test_full_then_incremental_emit_exactly_the_expected_events(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    TOTAL = tenant.total  # noqa: N806

    full = await stack.run(mode="full")
    assert full["status"] == "succeeded", full
    assert full["counts"]["created"] == TOTAL
    assert (full["planned"], full["expected"], full["counted"]) == (TOTAL, TOTAL, TOTAL)
    upserts = by_type(await stack.asset_changes(full["job_id"]), AssetUpserted)
    assert len(upserts) == TOTAL
    assert {u.change for u in upserts} == {AssetChange.CREATED}
    assert all(u.previous_hash is None and u.asset_id == u.definition.asset_id for u in upserts)
    assert all(u.correlation_id == full["job_id"] and u.causation_id is not None for u in upserts)
    assert {u.initiated_by for u in upserts} == {"test:admin"}, "the job's requester travels with its events"
    assert all(u.content_hash == content_hash(u.definition) for u in upserts)
    lifecycle = await stack.job_events(full["job_id"])
    assert [m.planned_assets for m in by_type(lifecycle, JobStarted)] == [TOTAL]
    [finished] = by_type(lifecycle, JobFinished)
    assert finished.counts.created == TOTAL
    progress = by_type(lifecycle, JobProgress)
    assert progress, "at least the first counted asset is reported"
    assert all(p.counts.total <= TOTAL for p in progress)

    quiet = await stack.run(mode="incremental")
    assert quiet["status"] == "succeeded", quiet
    assert quiet["counts"]["unchanged"] == TOTAL
    assert await stack.asset_changes(quiet["job_id"]) == []
    outcomes = by_type(await stack.job_events(quiet["job_id"]), AssetOutcome)
    assert len(outcomes) == TOTAL
    assert {(o.outcome, o.decided_by) for o in outcomes} == {(Outcome.UNCHANGED, "extractor")}

    changed = tenant.table("SAL_TABLE_01", label="Orders, relabelled")
    await stack.sim.write("PUT", "SALES", "localtables", "SAL_TABLE_01", changed)
    await stack.sim.write("POST", "FINANCE", "localtables", "FIN_NEW", tenant.table("FIN_NEW"))
    await stack.sim.write("DELETE", "HR", "localtables", "HR_TABLE_02")
    after = await stack.run(mode="incremental")
    assert after["status"] == "succeeded", after
    counts = {name: n for name, n in after["counts"].items() if n}
    assert counts == {"created": 1, "updated": 1, "deprecated": 1, "unchanged": TOTAL - 2}
    changes = await stack.asset_changes(after["job_id"])
    assert sorted((type(m).__name__, str(m.asset_id)) for m in changes) == [
        ("AssetDeleted", "demo/HR/HR_TABLE_02"),
        ("AssetUpserted", "demo/FINANCE/FIN_NEW"),
        ("AssetUpserted", "demo/SALES/SAL_TABLE_01"),
    ]
    [relabelled] = [m for m in by_type(changes, AssetUpserted) if m.definition.technical_name == "SAL_TABLE_01"]
    previous = next(u for u in upserts if u.definition.technical_name == "SAL_TABLE_01")
    assert (relabelled.change, relabelled.previous_hash) == (AssetChange.CHANGED, previous.content_hash)
    [deleted] = by_type(changes, AssetDeleted)
    assert (deleted.reason, deleted.kind.value) == (DeletionReason.VANISHED, "local_table")
    assert deleted.last_hash == _hash(upserts, "HR_TABLE_02")

    again = await stack.run(mode="full")
    republished = by_type(await stack.asset_changes(again["job_id"]), AssetUpserted)
    assert len(republished) == TOTAL
    assert {u.change for u in republished} == {AssetChange.REPUBLISHED}
    assert all(u.previous_hash == u.content_hash for u in republished)
    assert again["counts"]["unchanged"] == TOTAL  # the double reports a republished asset as unchanged in Glue


def _hash(upserts: list[AssetUpserted], name: str) -> str:
    return next(u.content_hash for u in upserts if u.definition.technical_name == name)


async def test_scope_of_one_space_and_one_asset(make_stack: Any, tenant: Any) -> None:
    stack = await make_stack()
    view = {"space": "SALES", "technical_name": tenant.sales_views[0]}
    job = await stack.run(scope={"spaces": ["HR"], "assets": [view]})
    assert job["status"] == "succeeded", job
    assert sorted(a["asset_id"] for a in job["assets"]) == [
        "demo/HR/HR_TABLE_00", "demo/HR/HR_TABLE_01", "demo/HR/HR_TABLE_02", f"demo/SALES/{tenant.sales_views[0]}",
    ]  # fmt: skip
    exposed = by_type(await stack.asset_changes(job["job_id"]), AssetUpserted)
    assert {u.definition.exposed for u in exposed if u.definition.space == "SALES"} == {True}
