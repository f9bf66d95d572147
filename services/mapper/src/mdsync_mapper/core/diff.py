"""Current vs desired Glue table: per-column differences and the change class (major/minor/patch/none)."""

from __future__ import annotations

from mdsync_contracts.glue_model import (
    ChangeClass,
    ColumnChange,
    ColumnChangeKind,
    GlueColumn,
    PlannedAction,
    TableDiff,
    TableInput,
)
from mdsync_mapper.core.gluetypes import GlueType, TypeStringError, parse_type
from mdsync_mapper.core.marks import BOOKKEEPING_KEYS

PARTITION_KEYS = "PartitionKeys"
_INT_DIGITS = {"tinyint": 3, "smallint": 5, "int": 10, "bigint": 19}
_EXACT_IN_DOUBLE = frozenset({"tinyint", "smallint", "int", "float"})
_RANK = {ChangeClass.NONE: 0, ChangeClass.PATCH: 1, ChangeClass.MINOR: 2, ChangeClass.MAJOR: 3}


def widens(before: str, after: str) -> bool:
    """True when every value of type ``before`` reads unchanged as type ``after``."""
    try:
        old, new = parse_type(before), parse_type(after)
    except TypeStringError:
        return False
    return old == new or _widens(old, new)


def _widens(old: GlueType, new: GlueType) -> bool:
    if old.name in _INT_DIGITS:
        if new.name in _INT_DIGITS:
            return _INT_DIGITS[new.name] >= _INT_DIGITS[old.name]
        if new.name == "decimal":
            return new.params[0] - new.params[1] >= _INT_DIGITS[old.name]
    if new.name == "double" and old.name in _EXACT_IN_DOUBLE:
        return True
    if old.name == new.name == "decimal":
        return new.params[1] >= old.params[1] and new.params[0] - new.params[1] >= old.params[0] - old.params[1]
    if old.name in {"char", "varchar"}:
        return new.name == "string" or (new.name == "varchar" and new.params[0] >= old.params[0])
    return False


def diff_tables(current: TableInput | None, desired: TableInput) -> TableDiff:
    """What applying ``desired`` over ``current`` changes, and how big that is."""
    if current is None:
        return TableDiff(
            action=PlannedAction.CREATE,
            change_class=ChangeClass.MINOR,
            columns=tuple(
                ColumnChange(column=c.name, change=ColumnChangeKind.ADDED, after=c.type) for c in _all(desired)
            ),
        )
    columns = _column_changes(current.storage_descriptor.columns, desired.storage_descriptor.columns)
    parameters = _changed_keys(current.parameters, desired.parameters)
    if current.partition_keys != desired.partition_keys:
        parameters = (*parameters, PARTITION_KEYS)
    if current.table_type != desired.table_type:
        parameters = (*parameters, "TableType")
    storage = _storage_part(current) != _storage_part(desired)
    described = current.description != desired.description
    change_class = _classify(columns, parameters, storage, described)
    action = PlannedAction.UNCHANGED if change_class is ChangeClass.NONE else PlannedAction.UPDATE
    if action is PlannedAction.UNCHANGED and _order(current) != _order(desired):
        action, change_class = PlannedAction.UPDATE, ChangeClass.PATCH  # readers resolve columns by name
    return TableDiff(
        action=action,
        change_class=change_class,
        columns=columns,
        description_changed=described,
        parameters_changed=tuple(sorted(parameters)),
        storage_changed=storage,
    )


def deprecation_diff() -> TableDiff:
    """Deprecating a table removes it for readers: a major change."""
    return TableDiff(action=PlannedAction.DEPRECATE, change_class=ChangeClass.MAJOR)


def _all(table: TableInput) -> tuple[GlueColumn, ...]:
    return (*table.storage_descriptor.columns, *table.partition_keys)


def _column_changes(before: tuple[GlueColumn, ...], after: tuple[GlueColumn, ...]) -> tuple[ColumnChange, ...]:
    old = {c.name: c for c in before}
    new = {c.name: c for c in after}
    changes = [ColumnChange(column=n, change=ColumnChangeKind.REMOVED, before=old[n].type) for n in old if n not in new]
    for name, column in new.items():
        previous = old.get(name)
        if previous is None:
            changes.append(ColumnChange(column=name, change=ColumnChangeKind.ADDED, after=column.type))
            continue
        if previous.type != column.type:
            changes.append(_typed(name, previous.type, column.type))
        if previous.comment != column.comment:
            kind = ColumnChangeKind.COMMENT_CHANGED
            changes.append(ColumnChange(column=name, change=kind, before=previous.comment, after=column.comment))
        if (previous.parameters or {}) != (column.parameters or {}):
            changes.append(ColumnChange(column=name, change=ColumnChangeKind.PARAMETERS_CHANGED))
    return tuple(changes)


def _order(table: TableInput) -> list[str]:
    return [c.name for c in table.storage_descriptor.columns]


def _typed(name: str, before: str, after: str) -> ColumnChange:
    return ColumnChange(column=name, change=ColumnChangeKind.TYPE_CHANGED, before=before, after=after)


def _changed_keys(before: dict[str, str], after: dict[str, str]) -> tuple[str, ...]:
    keys = (before.keys() | after.keys()) - BOOKKEEPING_KEYS
    return tuple(sorted(k for k in keys if before.get(k) != after.get(k)))


def _storage_part(table: TableInput) -> object:
    return table.storage_descriptor.model_copy(update={"columns": ()})


def _classify(
    columns: tuple[ColumnChange, ...], parameters: tuple[str, ...], storage: bool, described: bool
) -> ChangeClass:
    classes = [_column_class(change) for change in columns]
    if storage or PARTITION_KEYS in parameters:
        classes.append(ChangeClass.MAJOR)
    if parameters or described:
        classes.append(ChangeClass.PATCH)
    return max(classes, key=_RANK.__getitem__, default=ChangeClass.NONE)


def _column_class(change: ColumnChange) -> ChangeClass:
    if change.change is ColumnChangeKind.REMOVED:
        return ChangeClass.MAJOR
    if change.change is ColumnChangeKind.ADDED:
        return ChangeClass.MINOR
    if change.change is ColumnChangeKind.TYPE_CHANGED:
        return ChangeClass.MINOR if widens(change.before or "", change.after or "") else ChangeClass.MAJOR
    return ChangeClass.PATCH
