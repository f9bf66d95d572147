"""The upsert decision: create, unchanged without a write, update with CAS, conflicts by policy, holds."""

from mdsync_contracts.glue import ChangeClass, ConflictPolicy, GlueColumn, TableInput, UpsertTable
from mdsync_glue_writer.core.decide import Desired, Gate, decide_upsert, merge
from mdsync_glue_writer.core.models import (
    Conflict,
    Create,
    CurrentTable,
    Hold,
    Reject,
    SkipArchivePolicy,
    Unchanged,
    Update,
)
from mdsync_glue_writer.core.params import desired_table, seal, with_parameters

from .conftest import UpsertFactory, table_input


def desired(command: UpsertTable) -> Desired:
    sent, desired_hash = desired_table(command.table_input)
    return Desired(sent, desired_hash, command.change_class, command.conflict_policy)


def written(command: UpsertTable, version: str = "3") -> CurrentTable:
    """The table as Glue holds it after the writer applied ``command``."""
    return CurrentTable(database="sales", table_input=desired(command).table_input, version_id=version)


def with_column(table: TableInput, name: str, type_: str = "string") -> TableInput:
    columns = (*table.storage_descriptor.columns, GlueColumn(name=name, type=type_))
    return table.model_copy(
        update={"storage_descriptor": table.storage_descriptor.model_copy(update={"columns": columns})}
    )


def test_an_absent_table_is_created(make_upsert: UpsertFactory) -> None:
    command = make_upsert()
    assert decide_upsert(None, desired(command), Gate()) == Create(table_input=desired(command).table_input)


def test_the_same_desired_table_writes_nothing(make_upsert: UpsertFactory) -> None:
    command = make_upsert()
    assert decide_upsert(written(command), desired(command), Gate()) == Unchanged(version_id="3")


def test_a_rule_change_updates_at_the_read_version(make_upsert: UpsertFactory) -> None:
    before = make_upsert()
    after = make_upsert(table_input(columns={"order_id": "string", "net_amount": "decimal(17,2)"}))
    decision = decide_upsert(written(before), desired(after), Gate())
    assert isinstance(decision, Update)
    assert decision.version_id == "3"
    assert decision.skip_archive is True
    assert decision.table_input == desired(after).table_input
    assert [c.change.value for c in decision.diff.columns] == ["type_changed"]


def test_a_removed_column_is_major_archived_and_held_where_approval_is_required(make_upsert: UpsertFactory) -> None:
    before = make_upsert()
    after = make_upsert(table_input(columns={"order_id": "string"}), change_class=ChangeClass.MINOR)
    decision = decide_upsert(written(before), desired(after), Gate())
    assert isinstance(decision, Update)
    assert (decision.change_class, decision.skip_archive) == (ChangeClass.MAJOR, False)
    held = decide_upsert(written(before), desired(after), Gate(approval_required=True))
    assert isinstance(held, Hold)
    assert held.change_class is ChangeClass.MAJOR
    approved = decide_upsert(written(before), desired(after), Gate(approval_required=True, approved=True))
    assert isinstance(approved, Update)


def test_skip_archive_policies(make_upsert: UpsertFactory) -> None:
    before, after = (
        make_upsert(),
        make_upsert(table_input(columns={"order_id": "string", "x": "int", "net_amount": "int"})),
    )
    always = decide_upsert(written(before), desired(after), Gate(skip_archive=SkipArchivePolicy.ALWAYS_ARCHIVE))
    never = decide_upsert(written(before), desired(after), Gate(skip_archive=SkipArchivePolicy.NEVER_ARCHIVE))
    assert isinstance(always, Update)
    assert always.skip_archive is False
    assert isinstance(never, Update)
    assert never.skip_archive is True


def drifted(command: UpsertTable) -> CurrentTable:
    """The table after someone else added a column and a parameter to what mdsync wrote."""
    table = with_column(desired(command).table_input, "region")
    table = with_parameters(table, {**table.parameters, "owner_team": "bi"})
    return CurrentTable(database="sales", table_input=table, version_id="4")


def test_drift_under_fail_and_target_wins_is_a_conflict_naming_the_parts(make_upsert: UpsertFactory) -> None:
    before = make_upsert()
    for policy in (ConflictPolicy.FAIL, ConflictPolicy.TARGET_WINS):
        after = make_upsert(table_input(columns={"order_id": "string", "net_amount": "double"}), policy=policy)
        decision = decide_upsert(drifted(before), desired(after), Gate())
        assert isinstance(decision, Conflict)
        assert decision.policy is policy
        assert set(decision.drifted) >= {"columns.region", "parameters.owner_team", "columns.net_amount"}


def test_drift_under_source_wins_overwrites(make_upsert: UpsertFactory) -> None:
    before, after = make_upsert(), make_upsert(table_input(columns={"order_id": "string"}))
    decision = decide_upsert(drifted(before), desired(after), Gate())
    assert isinstance(decision, Update)
    assert decision.table_input == desired(after).table_input


def test_drift_under_merge_keeps_what_others_added(make_upsert: UpsertFactory) -> None:
    before = make_upsert()
    after = make_upsert(table_input(columns={"order_id": "string", "amount": "double"}), policy=ConflictPolicy.MERGE)
    decision = decide_upsert(drifted(before), desired(after), Gate())
    assert isinstance(decision, Update)
    assert [c.name for c in decision.table_input.storage_descriptor.columns] == [
        "order_id",
        "amount",
        "net_amount",
        "region",
    ]
    assert decision.table_input.parameters["owner_team"] == "bi"


def test_a_table_someone_else_created_is_never_written(make_upsert: UpsertFactory) -> None:
    foreign = CurrentTable(database="sales", table_input=table_input(), version_id="1")
    for policy in ConflictPolicy:
        decision = decide_upsert(foreign, desired(make_upsert(policy=policy)), Gate())
        assert isinstance(decision, Conflict)
        assert decision.drifted == ("ownership",)


def test_merge_reseals_so_the_next_read_sees_no_drift(make_upsert: UpsertFactory) -> None:
    merged = merge(drifted(make_upsert()).table_input, desired(make_upsert()).table_input)
    assert merged == seal(merged)


def test_an_approval_holds_only_for_the_version_it_was_held_against(make_upsert: UpsertFactory) -> None:
    before = make_upsert()
    after = make_upsert(table_input(columns={"order_id": "string"}))
    held = decide_upsert(written(before, version="3"), desired(after), Gate(approval_required=True))
    assert isinstance(held, Hold)
    assert held.version_id == "3"
    same = Gate(approval_required=True, approved=True, approved_version="3")
    assert isinstance(decide_upsert(written(before, version="3"), desired(after), same), Update)
    moved = decide_upsert(written(before, version="4"), desired(after), same)
    assert isinstance(moved, Reject)
    assert moved.code == "superseded"
