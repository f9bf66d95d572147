"""Safe deletes: deprecate (mark) first, delete only owned tables deprecated longer than the grace period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from mdsync_contracts.glue import ChangeClass, PlannedAction, TableDiff, TableInput
from mdsync_glue_writer.core.decide import Gate, skip_archive, superseded
from mdsync_glue_writer.core.diff import diff_tables
from mdsync_glue_writer.core.models import (
    CurrentTable,
    Delete,
    DeleteDecision,
    DeprecateDecision,
    Hold,
    Reject,
    Unchanged,
    Update,
)
from mdsync_glue_writer.core.params import (
    DEPRECATED_AT_KEY,
    DEPRECATED_REASON_KEY,
    is_deprecated,
    is_owned,
    seal,
    with_parameters,
)
from mdsync_glue_writer.core.validation import MAX_DESCRIPTION, MAX_PARAMETER_VALUE

NOT_OWNED = Reject(reason="table is not owned by mdsync (no mdsync.owner=mdsync)", code="not-owned")


def deprecated_at(table: TableInput) -> datetime | None:
    """When the writer deprecated the table, if it did."""
    value = table.parameters.get(DEPRECATED_AT_KEY)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def deprecate(table: TableInput, reason: str, now: datetime) -> TableInput:
    """The table marked deprecated: Parameters say when and why, the description starts with a notice."""
    notice = f"[DEPRECATED by mdsync {now.date().isoformat()}: {reason}]"
    description = f"{notice} {table.description}" if table.description else notice
    marks = {DEPRECATED_AT_KEY: now.isoformat(), DEPRECATED_REASON_KEY: reason[:MAX_PARAMETER_VALUE]}
    marked = with_parameters(table, {**table.parameters, **marks})
    return seal(marked.model_copy(update={"description": description[:MAX_DESCRIPTION]}))


def decide_deprecate(current: CurrentTable | None, reason: str, now: datetime, gate: Gate) -> DeprecateDecision:
    """Deprecate an owned table once; an absent or already deprecated table needs nothing."""
    if current is None or (is_owned(current.table_input) and is_deprecated(current.table_input)):
        return Unchanged(version_id=current.version_id if current else None)
    if not is_owned(current.table_input):
        return NOT_OWNED
    marked = deprecate(current.table_input, reason, now)
    return Update(
        table_input=marked,
        version_id=current.version_id,
        skip_archive=skip_archive(gate.skip_archive, ChangeClass.PATCH),
        change_class=ChangeClass.PATCH,
        diff=diff_tables(current.table_input, marked).model_copy(update={"action": PlannedAction.DEPRECATE}),
    )


def decide_delete(current: CurrentTable | None, now: datetime, grace: timedelta, gate: Gate) -> DeleteDecision:
    """Delete only an owned table deprecated longer than ``grace`` ago, and only with approval when required."""
    stale = superseded(current, gate) if current is not None else None
    if stale is not None:
        return stale
    if current is None:
        return Unchanged(version_id=None)
    table = current.table_input
    if not is_owned(table):
        return NOT_OWNED
    since = deprecated_at(table)
    if since is None:
        return Reject(reason="table is not deprecated; only deprecated tables are deleted", code="not-deprecated")
    if since + grace > now:
        return Reject(reason=f"grace period runs until {(since + grace).isoformat()}", code="grace-period")
    if gate.approval_required and not gate.approved:
        diff = TableDiff(action=PlannedAction.DELETE, change_class=ChangeClass.MAJOR)
        reason = "deletes need approval in this environment"
        return Hold(change_class=ChangeClass.MAJOR, reason=reason, diff=diff, version_id=current.version_id)
    return Delete(version_id=current.version_id)


def due_for_delete(tables: Iterable[CurrentTable], now: datetime, grace: timedelta) -> list[CurrentTable]:
    """Owned, deprecated tables whose grace period is over: what the sweep proposes to delete."""
    due = []
    for current in tables:
        since = deprecated_at(current.table_input)
        if is_owned(current.table_input) and since is not None and since + grace <= now:
            due.append(current)
    return due
