"""The Glue table view: which asset a table comes from, its recent commands and results (bounded)."""

from __future__ import annotations

from pydantic import Field

from mdsync_audit.core.asset_views import CommandState, GlueState
from mdsync_audit.core.stored import Doc, StoredEvent
from mdsync_contracts.glue import TableApplied, UpsertTable

HISTORY = 20


class GlueTableView(Doc):
    """One Glue table (``id`` = `{database}.{table}`): its source asset, latest results and commands."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    asset_id: str | None = Field(default=None, description="Asset it is mapped from.")
    applied: tuple[GlueState, ...] = Field(default=(), description="Latest TableApplied results, newest first.")
    commands: tuple[CommandState, ...] = Field(default=(), description="Latest UpsertTable commands, newest first.")


def apply_table_event(
    view: GlueTableView | None, event: StoredEvent, message: TableApplied | UpsertTable
) -> GlueTableView | None:
    """Keep a TableApplied or UpsertTable in the table's bounded history; None when already there."""
    current = view or GlueTableView(id=message.key())
    asset_id = current.asset_id or event.asset_id
    if isinstance(message, UpsertTable):
        if any(c.event_id == event.id for c in current.commands):
            return None
        command = CommandState(
            table=message.key(),
            desired_hash=message.desired_hash,
            source_hash=message.source_hash,
            rule_set_version=message.rule_set_version,
            change_class=message.change_class.value,
            at=event.occurred_at,
            event_id=event.id,
        )
        commands = sorted((*current.commands, command), key=lambda c: (c.at, c.event_id), reverse=True)[:HISTORY]
        return current.model_copy(update={"commands": tuple(commands), "asset_id": asset_id})
    if any(a.event_id == event.id for a in current.applied):
        return None
    state = GlueState(
        table=message.key(),
        action=message.action.value,
        version_id=message.version_id,
        desired_hash=message.desired_hash,
        source_hash=message.source_hash,
        rule_set_version=message.rule_set_version,
        approval_id=message.approval_id,
        at=event.occurred_at,
        event_id=event.id,
    )
    applied = sorted((*current.applied, state), key=lambda a: (a.at, a.event_id), reverse=True)[:HISTORY]
    return current.model_copy(update={"applied": tuple(applied), "asset_id": asset_id})
