"""Applying table commands to Glue (devstack moto; real AWS with MDSYNC_AWS_TESTS=1)."""

from __future__ import annotations

import pytest

from mdsync_contracts.glue import (
    AppliedAction,
    ChangeClass,
    ChangePlanned,
    ColumnChangeKind,
    GlueColumn,
    PlannedAction,
    TableApplied,
    TableConflict,
    TableFailed,
)
from mdsync_glue_writer.core import results
from mdsync_glue_writer.core.databases import space_database
from mdsync_glue_writer.core.params import DESIRED_HASH_KEY, OWNER_KEY, is_deprecated

from .conftest import Rig, delete, deprecate, table_input, upsert

pytestmark = pytest.mark.integration


async def test_upsert_creates_the_table_and_its_missing_database(rig: Rig) -> None:
    command = upsert(rig.database, table_input("sales_orders"))
    result = await rig.applier().upsert(command, results.origin_of(command))
    assert isinstance(result, TableApplied)
    assert (result.action, result.job_id, result.asset_id) == (
        AppliedAction.CREATED,
        "job-it",
        "acme/SALES/SALES_ORDERS",
    )
    assert result.causation_id == command.event_id
    table = await rig.table("sales_orders")
    assert table is not None
    assert table.table_input.parameters[OWNER_KEY] == "mdsync"
    assert table.table_input.parameters[DESIRED_HASH_KEY] == result.desired_hash
    assert rig.faults.sent["CreateDatabase"] == 1


async def test_the_same_desired_table_again_makes_no_write(rig: Rig) -> None:
    applier = rig.applier()
    first = upsert(rig.database, table_input("sales_orders"))
    await applier.upsert(first, results.origin_of(first))
    writes = rig.faults.writes
    again = upsert(rig.database, table_input("sales_orders"))
    result = await rig.applier().upsert(again, results.origin_of(again))
    assert isinstance(result, TableApplied)
    assert result.action is AppliedAction.UNCHANGED
    assert result.version_id is not None
    assert rig.faults.writes == writes


async def test_a_changed_table_is_updated_at_the_version_read(rig: Rig) -> None:
    applier = rig.applier()
    first = upsert(rig.database, table_input("sales_orders"))
    await applier.upsert(first, results.origin_of(first))
    version = (await rig.table("sales_orders")).version_id  # type: ignore[union-attr]
    added = table_input("sales_orders", {"order_id": "string", "net_amount": "decimal(15,2)", "region": "string"})
    command = upsert(rig.database, added)
    result = await applier.upsert(command, results.origin_of(command))
    assert isinstance(result, TableApplied)
    assert result.action is AppliedAction.UPDATED
    sent = rig.faults.params["UpdateTable"][-1]
    assert (sent["VersionId"], sent["SkipArchive"]) == (version, True)
    table = await rig.table("sales_orders")
    assert [c.name for c in table.table_input.storage_descriptor.columns] == ["order_id", "net_amount", "region"]  # type: ignore[union-attr]


async def test_a_major_change_archives_the_previous_version(rig: Rig) -> None:
    applier = rig.applier()
    first = upsert(rig.database, table_input("sales_orders"))
    await applier.upsert(first, results.origin_of(first))
    dropped = upsert(rig.database, table_input("sales_orders", {"order_id": "string"}), change_class=ChangeClass.MAJOR)
    await applier.upsert(dropped, results.origin_of(dropped))
    assert rig.faults.params["UpdateTable"][-1]["SkipArchive"] is False


async def test_invalid_commands_fail_with_the_reason_and_send_nothing(rig: Rig) -> None:
    bad = table_input("sales_orders", {"order_id": "not_a_type<<"}).model_copy(update={"description": "d" * 2049})
    columns = (GlueColumn(name="net", type="int", comment="c" * 300),)
    bad = bad.model_copy(update={"storage_descriptor": bad.storage_descriptor.model_copy(update={"columns": columns})})
    command = upsert(rig.database, bad)
    result = await rig.applier().upsert(command, results.origin_of(command))
    assert isinstance(result, TableFailed)
    assert result.error_code == "validation"
    assert "column comment of net longer than 255 (300)" in result.reason
    assert "description longer than 2048 (2049)" in result.reason
    assert sum(rig.faults.sent.values()) == 0


async def test_a_dry_run_plans_and_writes_nothing(rig: Rig) -> None:
    applier = rig.applier()
    plan = upsert(rig.database, table_input("sales_orders"), dry_run=True)
    created = await applier.upsert(plan, results.origin_of(plan))
    assert isinstance(created, ChangePlanned)
    assert created.diff.action is PlannedAction.CREATE
    assert rig.faults.writes == 0
    real = upsert(rig.database, table_input("sales_orders"))
    await applier.upsert(real, results.origin_of(real))
    writes = rig.faults.writes
    change = upsert(rig.database, table_input("sales_orders", {"order_id": "bigint"}), dry_run=True)
    planned = await applier.upsert(change, results.origin_of(change))
    assert isinstance(planned, ChangePlanned)
    assert planned.diff.action is PlannedAction.UPDATE
    assert {(c.column, c.change) for c in planned.diff.columns} == {
        ("order_id", ColumnChangeKind.TYPE_CHANGED),
        ("net_amount", ColumnChangeKind.REMOVED),
    }
    assert rig.faults.writes == writes


async def test_deprecate_marks_once_and_delete_removes_only_owned_deprecated_tables(rig: Rig) -> None:
    applier = rig.applier()
    for name in ("sales_orders", "customers"):
        command = upsert(rig.database, table_input(name))
        await applier.upsert(command, results.origin_of(command))
    marked = await applier.deprecate(deprecate(rig.database, "sales_orders"), _origin(rig, "sales_orders"))
    assert isinstance(marked, TableApplied)
    assert marked.action is AppliedAction.DEPRECATED
    table = await rig.table("sales_orders")
    assert table is not None
    assert is_deprecated(table.table_input)
    assert table.table_input.description.startswith("[DEPRECATED by mdsync")  # type: ignore[union-attr]
    writes = rig.faults.writes
    again = await applier.deprecate(deprecate(rig.database, "sales_orders"), _origin(rig, "sales_orders"))
    assert isinstance(again, TableApplied)
    assert (again.action, rig.faults.writes) == (AppliedAction.UNCHANGED, writes)
    refused = await applier.delete(delete(rig.database, "customers"), _origin(rig, "customers"))
    assert isinstance(refused, TableFailed)
    assert refused.error_code == "not-deprecated"
    deleted = await applier.delete(delete(rig.database, "sales_orders"), _origin(rig, "sales_orders"))
    assert isinstance(deleted, TableApplied)
    assert deleted.action is AppliedAction.DELETED
    assert await rig.table("sales_orders") is None
    assert await rig.table("customers") is not None


async def test_tables_mdsync_does_not_own_are_never_written(rig: Rig) -> None:
    other = await rig.other.get()
    await other.create_database(DatabaseInput={"Name": rig.database})
    foreign = table_input("theirs", parameters={"mdsync.deprecated_at": "2020-01-01T00:00:00+00:00"})
    await other.create_table(DatabaseName=rig.database, TableInput=foreign.to_boto())
    applier = rig.applier()
    for outcome in (
        await applier.deprecate(deprecate(rig.database, "theirs"), _origin(rig, "theirs")),
        await applier.delete(delete(rig.database, "theirs"), _origin(rig, "theirs")),
    ):
        assert isinstance(outcome, TableFailed)
        assert outcome.error_code == "not-owned"
    command = upsert(rig.database, table_input("theirs"))
    overwrite = await applier.upsert(command, results.origin_of(command))
    assert isinstance(overwrite, TableConflict)
    assert overwrite.drifted == ("ownership",)
    assert rig.faults.writes == 0
    assert await rig.table("theirs") is not None


def _origin(rig: Rig, table: str) -> results.Origin:
    return results.origin_of(deprecate(rig.database, table))


async def test_a_table_write_creates_its_spaces_database_and_ensure_database_then_changes_nothing(rig: Rig) -> None:
    applier = rig.applier()
    command = upsert(rig.database, table_input("sales_orders"))  # asset acme/SALES/SALES_ORDERS
    await applier.upsert(command, results.origin_of(command))
    assert not await applier.ensure_database(space_database(rig.database, "acme", "SALES"))
    assert rig.faults.sent["UpdateDatabase"] == 0
    client = await rig.other.get()
    database = (await client.get_database(Name=rig.database))["Database"]
    assert database["Parameters"] == {"mdsync.owner": "mdsync", "mdsync.tenant": "acme", "mdsync.space": "SALES"}
    assert database["Description"] == "Datasphere space SALES"


async def test_ensure_database_completes_an_mdsync_database_created_without_its_space(rig: Rig) -> None:
    client = await rig.other.get()
    await client.create_database(DatabaseInput={"Name": rig.database, "Parameters": {"mdsync.owner": "mdsync"}})
    await rig.applier().ensure_database(space_database(rig.database, "acme", "SALES"))
    database = (await client.get_database(Name=rig.database))["Database"]
    assert database["Parameters"]["mdsync.space"] == "SALES"
    assert rig.faults.sent["UpdateDatabase"] == 1
