"""Pure reducers of the asset view: each takes the current document and one event, returns the next state.

Every reducer is idempotent (the same event twice gives the same document) and keeps the latest state by
(occurred_at, event_id), so events of different partitions may arrive in any order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mdsync_audit.core.asset_views import (
    AssetView,
    CommandState,
    Freshness,
    GlueState,
    OutcomeState,
    VersionEntry,
)
from mdsync_audit.core.diff import diff_definitions
from mdsync_audit.core.stored import StoredEvent, later
from mdsync_contracts.assets import AssetDefinition, AssetDeleted, AssetUpserted
from mdsync_contracts.glue import ChangeHeld, ChangePlanned, TableApplied, TableConflict, TableFailed, UpsertTable
from mdsync_contracts.jobs import AssetOutcome

_SYNCED = frozenset({"created", "updated", "unchanged"})


@dataclass(frozen=True)
class AssetStep:
    """What one asset-change event does: the next document, a new version, and the definitions before/after."""

    view: AssetView
    version: VersionEntry | None
    before: AssetDefinition | None
    after: AssetDefinition | None


def empty_view(asset_id: str) -> AssetView:
    """A new asset document for ``asset_id`` (`tenant/space/name`)."""
    tenant, space, name = [*asset_id.split("/", 2), "", ""][:3]
    return AssetView(id=asset_id, tenant=tenant, space=space, technical_name=name)


def _stamp_of(view: AssetView) -> tuple[datetime, str] | None:
    if view.state_at is None or view.state_event is None:
        return None
    return (view.state_at, view.state_event.event_id)


def apply_asset_change(
    view: AssetView | None, event: StoredEvent, message: AssetUpserted | AssetDeleted
) -> AssetStep | None:
    """Apply an AssetUpserted/AssetDeleted; None when it is already reflected or older than the current state."""
    current = view or empty_view(message.key())
    if current.state_event is not None and current.state_event.event_id == event.id:
        return None
    if not later(_stamp_of(current), (event.occurred_at, event.id)):
        return None
    if isinstance(message, AssetUpserted):
        return _upserted(current, event, message)
    return _deleted(current, event, message)


def _upserted(view: AssetView, event: StoredEvent, message: AssetUpserted) -> AssetStep:
    definition = message.definition
    is_new = view.deleted or view.content_hash != message.content_hash
    version = (
        _version(view, event, "created" if view.definition is None else "changed", definition, message.content_hash)
        if is_new
        else None
    )
    updated = view.model_copy(
        update={
            "kind": definition.kind.value,
            "label": definition.label,
            "definition": definition,
            "content_hash": message.content_hash,
            "previous_hash": view.content_hash if is_new else view.previous_hash,
            "change": message.change.value,
            "state_at": event.occurred_at,
            "state_event": event.ref,
            "deleted": False,
            "deletion_reason": None,
            "version": version.version if version else view.version,
        }
    )
    return AssetStep(_refresh(updated, version), version, view.definition, definition)


def _deleted(view: AssetView, event: StoredEvent, message: AssetDeleted) -> AssetStep:
    version = None if view.deleted else _version(view, event, "deleted", None, None)
    updated = view.model_copy(
        update={
            "kind": message.kind.value if message.kind else view.kind,
            "previous_hash": view.content_hash if version else view.previous_hash,
            "content_hash": None,
            "change": "deleted",
            "state_at": event.occurred_at,
            "state_event": event.ref,
            "deleted": True,
            "deletion_reason": message.reason.value,
            "definition": None,
            "version": version.version if version else view.version,
        }
    )
    return AssetStep(_refresh(updated, version), version, view.definition, None)


def _version(
    view: AssetView, event: StoredEvent, change: str, definition: AssetDefinition | None, content_hash: str | None
) -> VersionEntry:
    return VersionEntry(
        version=view.version + 1,
        change=change,
        content_hash=content_hash,
        previous_hash=view.content_hash,
        at=event.occurred_at,
        event=event.ref,
        job_id=event.job_id,
        definition=definition,
        diff=diff_definitions(view.definition, definition),
    )


def apply_command(view: AssetView | None, event: StoredEvent, message: UpsertTable) -> AssetView | None:
    """Record the last UpsertTable sent for the asset."""
    current = view or empty_view(event.asset_id or "")
    old = (current.command.at, current.command.event_id) if current.command else None
    if not later(old, (event.occurred_at, event.id)):
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
    return _refresh(current.model_copy(update={"command": command}))


GlueResult = TableApplied | TableFailed | TableConflict
TableResult = TableApplied | TableFailed | TableConflict | ChangeHeld | ChangePlanned


def apply_glue_result(view: AssetView | None, event: StoredEvent, message: GlueResult) -> AssetView | None:
    """Record the Glue state after a TableApplied, TableFailed or TableConflict."""
    current = view or empty_view(event.asset_id or "")
    old = (current.glue.at, current.glue.event_id) if current.glue else None
    if not later(old, (event.occurred_at, event.id)):
        return None
    previous = current.glue
    if isinstance(message, TableApplied):
        glue = GlueState(
            table=message.key(),
            action=message.action.value,
            version_id=message.version_id or (previous.version_id if previous else None),
            desired_hash=message.desired_hash,
            source_hash=message.source_hash,
            rule_set_version=message.rule_set_version,
            approval_id=message.approval_id,
            at=event.occurred_at,
            event_id=event.id,
        )
    else:
        glue = GlueState(
            table=message.key(),
            action=message.outcome().value,
            version_id=previous.version_id if previous else None,
            desired_hash=previous.desired_hash if previous else None,
            source_hash=previous.source_hash if previous else None,
            rule_set_version=previous.rule_set_version if previous else None,
            reason=message.reason,
            at=event.occurred_at,
            event_id=event.id,
        )
    return _refresh(current.model_copy(update={"glue": glue}))


def apply_outcome(view: AssetView | None, event: StoredEvent, outcome: str, reason: str | None) -> AssetView | None:
    """Record a sync outcome (AssetOutcome or a Glue result) as the asset's last outcome."""
    current = view or empty_view(event.asset_id or "")
    old = (current.outcome.at, current.outcome.event_id) if current.outcome else None
    if not later(old, (event.occurred_at, event.id)):
        return None
    state = OutcomeState(outcome=outcome, reason=reason, job_id=event.job_id, at=event.occurred_at, event_id=event.id)
    return _refresh(current.model_copy(update={"outcome": state}))


def apply_result(
    view: AssetView | None, event: StoredEvent, message: GlueResult, outcome: str, reason: str | None
) -> AssetView | None:
    """A Glue result's two effects on the asset in one step: its Glue state and its last outcome."""
    after_glue = apply_glue_result(view, event, message)
    return apply_outcome(after_glue or view, event, outcome, reason) or after_glue


def outcome_of(message: AssetOutcome | TableResult) -> tuple[str, str | None]:
    """The outcome and reason a message records for its asset."""
    if isinstance(message, AssetOutcome):
        return message.outcome.value, message.reason
    return message.outcome().value, getattr(message, "reason", None)


def _refresh(view: AssetView, version: VersionEntry | None = None) -> AssetView:
    glue = view.glue
    synced = glue is not None and glue.action in _SYNCED
    freshness = Freshness(
        extracted_at=view.definition.extracted_at if view.definition else view.freshness.extracted_at,
        changed_at=version.at if version else view.freshness.changed_at,
        synced_at=glue.at if synced and glue else None,
        in_sync=bool(synced and glue and view.content_hash and glue.source_hash == view.content_hash),
    )
    return view.model_copy(update={"freshness": freshness})
