"""Concurrent modifications and throttling, injected through botocore's before-call events."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mdsync_contracts.glue import AppliedAction, ConflictPolicy, TableApplied, TableConflict
from mdsync_glue_writer.core import results
from mdsync_glue_writer.core.params import DESIRED_HASH_KEY, desired_table

from .conftest import Fault, Rig, table_input, upsert

pytestmark = pytest.mark.integration

CME = "ConcurrentModificationException"


async def _written_with(rig: Rig, policy: ConflictPolicy) -> Any:
    """Create the table, then queue one CME whose 'concurrent writer' adds a column first."""
    created = upsert(rig.database, table_input("sales_orders"))
    await rig.applier().upsert(created, results.origin_of(created))

    async def someone_adds_region(_: dict[str, Any]) -> None:
        current = await rig.table("sales_orders")
        assert current is not None
        table = current.table_input
        columns = (
            *table.storage_descriptor.columns,
            table_input("x", {"region": "string"}).storage_descriptor.columns[0],
        )
        edited = table.model_copy(
            update={"storage_descriptor": table.storage_descriptor.model_copy(update={"columns": columns})}
        )
        other = await rig.other.get()
        await other.update_table(DatabaseName=rig.database, TableInput=edited.to_boto(), VersionId=current.version_id)

    rig.faults.inject(Fault("UpdateTable", CME, times=1, before=someone_adds_region))
    changed = table_input("sales_orders", {"order_id": "string", "net_amount": "decimal(17,2)"})
    command = upsert(rig.database, changed, policy=policy)
    return await rig.applier().upsert(command, results.origin_of(command))


async def _columns(rig: Rig) -> list[str]:
    table = await rig.table("sales_orders")
    assert table is not None
    return [c.name for c in table.table_input.storage_descriptor.columns]


async def test_a_concurrent_change_is_overwritten_when_the_source_wins(rig: Rig) -> None:
    result = await _written_with(rig, ConflictPolicy.SOURCE_WINS)
    assert isinstance(result, TableApplied)
    assert result.action is AppliedAction.UPDATED
    assert rig.faults.injected["UpdateTable"] == 1
    assert rig.faults.sent["GetTable"] >= 2  # re-read after the conflict
    assert await _columns(rig) == ["order_id", "net_amount"]


async def test_a_concurrent_change_stops_the_write_when_the_policy_is_fail(rig: Rig) -> None:
    result = await _written_with(rig, ConflictPolicy.FAIL)
    assert isinstance(result, TableConflict)
    assert result.policy is ConflictPolicy.FAIL
    assert "columns.region" in result.drifted
    assert (result.job_id, result.asset_id) == ("job-it", "acme/SALES/SALES_ORDERS")
    assert await _columns(rig) == ["order_id", "net_amount", "region"]


async def test_a_concurrent_change_is_kept_when_the_policy_is_merge(rig: Rig) -> None:
    result = await _written_with(rig, ConflictPolicy.MERGE)
    assert isinstance(result, TableApplied)
    assert await _columns(rig) == ["order_id", "net_amount", "region"]
    table = await rig.table("sales_orders")
    assert table is not None
    assert table.table_input.storage_descriptor.columns[1].type == "decimal(17,2)"


async def test_endless_concurrent_changes_end_in_a_conflict_after_bounded_retries(rig: Rig) -> None:
    created = upsert(rig.database, table_input("sales_orders"))
    await rig.applier().upsert(created, results.origin_of(created))
    rig.faults.inject(Fault("UpdateTable", CME, times=100))
    command = upsert(rig.database, table_input("sales_orders", {"order_id": "bigint"}))
    result = await rig.applier(cas_retries=2).upsert(command, results.origin_of(command))
    assert isinstance(result, TableConflict)
    assert "gave up after 3 attempts" in result.reason
    assert rig.faults.injected["UpdateTable"] == 3


async def test_throttling_and_server_errors_converge_with_nothing_lost(rig: Rig) -> None:
    existing = [upsert(rig.database, table_input(f"t{i:02d}")) for i in range(10)]
    await asyncio.gather(*(rig.applier().upsert(c, results.origin_of(c)) for c in existing))
    faults = {
        "GetTables": ("ThrottlingException", 400, 2),
        "GetTable": ("InternalServiceException", 500, 5),
        "CreateTable": ("ThrottlingException", 400, 10),
        "UpdateTable": ("ThrottlingException", 400, 10),
    }
    for operation, (code, status, times) in faults.items():
        rig.faults.inject(Fault(operation, code, times=times, status=status))
    applier = rig.applier()
    wide = {"order_id": "string", "net_amount": "decimal(15,2)", "region": "string"}
    commands = [upsert(rig.database, table_input(f"t{i:02d}", wide)) for i in range(20)]
    outcomes = await asyncio.gather(*(applier.upsert(c, results.origin_of(c)) for c in commands))
    actions = [o.action for o in outcomes if isinstance(o, TableApplied)]
    assert actions == [AppliedAction.UPDATED] * 10 + [AppliedAction.CREATED] * 10
    assert {op: rig.faults.injected[op] for op in faults} == {op: times for op, (_, _, times) in faults.items()}
    for command in commands:
        table = await rig.table(command.table)
        assert table is not None
        assert table.table_input.parameters[DESIRED_HASH_KEY] == desired_table(command.table_input)[1]
