"""Change classification: major (column removed, incompatible type), minor (added, widened), patch, none."""

from __future__ import annotations

import pytest

from mdsync_contracts.glue_model import (
    ChangeClass,
    ColumnChangeKind,
    GlueColumn,
    PlannedAction,
    StorageDescriptor,
    TableInput,
)
from mdsync_mapper.core.diff import diff_tables, widens


def _table(
    *columns: tuple[str, str], comment: str | None = None, location: str = "s3://l/t/", **params: str
) -> TableInput:
    glue_columns = tuple(GlueColumn(name=n, type=t, comment=comment) for n, t in columns)
    return TableInput(
        name="t",
        parameters=params,
        storage_descriptor=StorageDescriptor(columns=glue_columns, location=location),
    )


BASE = _table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,2)"))


@pytest.mark.parametrize(
    ("desired", "change_class"),
    [
        (BASE, ChangeClass.NONE),
        (_table(("id", "int"), ("name", "varchar(10)")), ChangeClass.MAJOR),
        (_table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(17,2)")), ChangeClass.MINOR),
        (_table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,1)")), ChangeClass.MAJOR),
        (_table(("id", "bigint"), ("name", "string"), ("amount", "decimal(15,2)")), ChangeClass.MINOR),
        (_table(("id", "string"), ("name", "varchar(10)"), ("amount", "decimal(15,2)")), ChangeClass.MAJOR),
        (_table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,2)"), ("x", "date")), ChangeClass.MINOR),
        (_table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,2)"), comment="c"), ChangeClass.PATCH),
        (_table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,2)"), k="v"), ChangeClass.PATCH),
        (_table(("name", "varchar(10)"), ("id", "int"), ("amount", "decimal(15,2)")), ChangeClass.PATCH),
        (
            _table(("id", "int"), ("name", "varchar(10)"), ("amount", "decimal(15,2)"), location="s3://o/"),
            ChangeClass.MAJOR,
        ),
    ],
)
def test_classification(desired: TableInput, change_class: ChangeClass) -> None:
    diff = diff_tables(BASE, desired)

    assert diff.change_class is change_class
    assert (diff.action is PlannedAction.UNCHANGED) == (change_class is ChangeClass.NONE)


def test_a_new_table_is_a_minor_create_listing_its_columns() -> None:
    diff = diff_tables(None, BASE)

    assert (diff.action, diff.change_class) == (PlannedAction.CREATE, ChangeClass.MINOR)
    assert [(c.column, c.change) for c in diff.columns] == [
        ("id", ColumnChangeKind.ADDED),
        ("name", ColumnChangeKind.ADDED),
        ("amount", ColumnChangeKind.ADDED),
    ]


def test_the_diff_names_each_column_change() -> None:
    desired = _table(("id", "bigint"), ("amount", "decimal(15,2)"), ("region", "string"))

    diff = diff_tables(BASE, desired)

    assert {(c.column, c.change, c.before, c.after) for c in diff.columns} == {
        ("name", ColumnChangeKind.REMOVED, "varchar(10)", None),
        ("id", ColumnChangeKind.TYPE_CHANGED, "int", "bigint"),
        ("region", ColumnChangeKind.ADDED, None, "string"),
    }


@pytest.mark.parametrize(
    ("before", "after", "widened"),
    [
        ("tinyint", "smallint", True),
        ("bigint", "int", False),
        ("int", "decimal(10,0)", True),
        ("int", "decimal(10,2)", False),
        ("float", "double", True),
        ("bigint", "double", False),
        ("char(3)", "varchar(3)", True),
        ("varchar(10)", "varchar(5)", False),
        ("string", "varchar(10)", False),
        ("date", "timestamp", False),
        ("array<int>", "array<bigint>", False),
        ("not a type", "string", False),
    ],
)
def test_widening(before: str, after: str, widened: bool) -> None:
    assert widens(before, after) is widened
