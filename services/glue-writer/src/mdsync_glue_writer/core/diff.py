"""Differences between a table's current and desired definitions, and how big they are."""

from __future__ import annotations

from collections.abc import Iterable

from mdsync_contracts.glue import (
    ChangeClass,
    ColumnChange,
    ColumnChangeKind,
    GlueColumn,
    PlannedAction,
    TableDiff,
    TableInput,
)
from mdsync_glue_writer.core.params import BOOKKEEPING_KEYS, pruned

SEVERITY = (ChangeClass.NONE, ChangeClass.PATCH, ChangeClass.MINOR, ChangeClass.MAJOR)


def stricter(a: ChangeClass, b: ChangeClass) -> ChangeClass:
    """The more severe of two change classes."""
    return max(a, b, key=SEVERITY.index)


def diff_tables(current: TableInput | None, desired: TableInput) -> TableDiff:
    """What applying ``desired`` over ``current`` (None: absent) would change."""
    if current is None:
        return TableDiff(action=PlannedAction.CREATE, change_class=ChangeClass.MINOR)
    columns = tuple(_column_changes(_all_columns(current), _all_columns(desired)))
    body = {
        "columns": columns,
        "description_changed": current.description != desired.description,
        "parameters_changed": _parameter_changes(current.parameters, desired.parameters),
        "storage_changed": _storage(current) != _storage(desired) or current.table_type != desired.table_type,
    }
    draft = TableDiff(action=PlannedAction.UPDATE, change_class=ChangeClass.NONE, **body)
    change_class = classify(draft)
    action = PlannedAction.UNCHANGED if change_class is ChangeClass.NONE else PlannedAction.UPDATE
    return draft.model_copy(update={"action": action, "change_class": change_class})


def classify(diff: TableDiff) -> ChangeClass:
    """major: a column removed; minor: a column added or retyped; patch: anything else that differs."""
    kinds = {change.change for change in diff.columns}
    if ColumnChangeKind.REMOVED in kinds:
        return ChangeClass.MAJOR
    if kinds & {ColumnChangeKind.ADDED, ColumnChangeKind.TYPE_CHANGED}:
        return ChangeClass.MINOR
    if kinds or diff.description_changed or diff.parameters_changed or diff.storage_changed:
        return ChangeClass.PATCH
    return ChangeClass.NONE


def drifted_parts(diff: TableDiff) -> tuple[str, ...]:
    """Names of the parts that differ, e.g. `columns.region`, `parameters.owner_team`, `description`."""
    parts = [f"columns.{change.column}" for change in diff.columns]
    parts += [f"parameters.{key}" for key in diff.parameters_changed]
    parts += ["description"] if diff.description_changed else []
    parts += ["storage"] if diff.storage_changed else []
    return tuple(dict.fromkeys(parts))


def _all_columns(table: TableInput) -> tuple[GlueColumn, ...]:
    return table.storage_descriptor.columns + table.partition_keys


def _column_changes(current: Iterable[GlueColumn], desired: Iterable[GlueColumn]) -> Iterable[ColumnChange]:
    before = {column.name: column for column in current}
    after = {column.name: column for column in desired}
    for name, column in after.items():
        old = before.get(name)
        if old is None:
            yield ColumnChange(column=name, change=ColumnChangeKind.ADDED, after=column.type)
        else:
            yield from _changed(old, column)
    for name, column in before.items():
        if name not in after:
            yield ColumnChange(column=name, change=ColumnChangeKind.REMOVED, before=column.type)


def _changed(old: GlueColumn, new: GlueColumn) -> Iterable[ColumnChange]:
    if old.type != new.type:
        yield ColumnChange(column=new.name, change=ColumnChangeKind.TYPE_CHANGED, before=old.type, after=new.type)
    if (old.comment or None) != (new.comment or None):
        yield ColumnChange(
            column=new.name, change=ColumnChangeKind.COMMENT_CHANGED, before=old.comment, after=new.comment
        )
    if (old.parameters or {}) != (new.parameters or {}):
        yield ColumnChange(column=new.name, change=ColumnChangeKind.PARAMETERS_CHANGED)


def _parameter_changes(current: dict[str, str], desired: dict[str, str]) -> tuple[str, ...]:
    keys = (set(current) | set(desired)) - BOOKKEEPING_KEYS
    return tuple(sorted(key for key in keys if current.get(key) != desired.get(key)))


def _storage(table: TableInput) -> object:
    return pruned(table.storage_descriptor.model_copy(update={"columns": ()}).to_boto())
