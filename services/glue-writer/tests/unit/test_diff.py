"""Diffs between current and desired tables and their change class."""

from mdsync_contracts.glue import (
    ChangeClass,
    ColumnChangeKind,
    GlueColumn,
    PlannedAction,
    StorageDescriptor,
    TableInput,
)
from mdsync_glue_writer.core.diff import diff_tables, drifted_parts, stricter

from .conftest import table_input


def test_an_absent_table_diffs_as_a_create() -> None:
    assert diff_tables(None, table_input()).action is PlannedAction.CREATE


def test_identical_tables_are_unchanged() -> None:
    diff = diff_tables(table_input(), table_input())
    assert (diff.action, diff.change_class) == (PlannedAction.UNCHANGED, ChangeClass.NONE)


def test_column_changes_are_listed_and_classified() -> None:
    current = TableInput(
        name="t",
        storage_descriptor=StorageDescriptor(
            columns=(GlueColumn(name="a", type="int"), GlueColumn(name="b", type="string", comment="old"))
        ),
    )
    desired = TableInput(
        name="t",
        description="new",
        parameters={"k": "v", "mdsync.content_hash": "ignored"},
        storage_descriptor=StorageDescriptor(
            columns=(GlueColumn(name="b", type="varchar(10)", comment="new"), GlueColumn(name="c", type="int"))
        ),
    )
    diff = diff_tables(current, desired)
    kinds = {(c.column, c.change) for c in diff.columns}
    assert kinds == {
        ("a", ColumnChangeKind.REMOVED),
        ("b", ColumnChangeKind.TYPE_CHANGED),
        ("b", ColumnChangeKind.COMMENT_CHANGED),
        ("c", ColumnChangeKind.ADDED),
    }
    assert diff.change_class is ChangeClass.MAJOR
    assert diff.description_changed
    assert diff.parameters_changed == ("k",)
    assert drifted_parts(diff) == ("columns.b", "columns.c", "columns.a", "parameters.k", "description")


def test_comment_only_changes_are_patches() -> None:
    current = table_input()
    desired = current.model_copy(update={"description": "Sales Orders"})
    assert diff_tables(current, desired).change_class is ChangeClass.PATCH


def test_stricter_picks_the_more_severe_class() -> None:
    assert stricter(ChangeClass.PATCH, ChangeClass.MAJOR) is ChangeClass.MAJOR
    assert stricter(ChangeClass.MINOR, ChangeClass.NONE) is ChangeClass.MINOR
