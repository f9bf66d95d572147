"""An alert's life as pure functions: raise once per cause, acknowledge, resolve when the cause is gone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from mdsync_audit.alerts.model import AlertDoc, AlertState, Finding

CAUSE_GONE = "cause no longer found"


class AckRefusedError(ValueError):
    """The alert cannot be acknowledged (resolved already, or acknowledged already)."""


@dataclass(frozen=True)
class Plan:
    """What one evaluation changes: causes to raise and alerts to resolve."""

    raise_: tuple[Finding, ...]
    resolve: tuple[str, ...]


def plan(findings: list[Finding], known: Mapping[str, AlertDoc]) -> Plan:
    """Compare findings with the known alerts (every active one, plus any stored alert of a finding's cause)."""
    by_cause = {f.alert_id: f for f in findings}
    raise_ = tuple(f for cause, f in sorted(by_cause.items()) if cause not in known or _raises(known[cause], f))
    resolve = tuple(sorted(cause for cause, doc in known.items() if doc.state.active and cause not in by_cause))
    return Plan(raise_=raise_, resolve=resolve)


def _raises(current: AlertDoc, found: Finding) -> bool:
    """A cause raises again once resolved, or when it became more severe (an escalation re-opens it)."""
    return not current.state.active or found.severity.rank > current.severity.rank


def raised(current: AlertDoc | None, found: Finding, now: datetime) -> AlertDoc | None:
    """The alert opened for ``found``; None when an alert of that cause is active at that severity (de-duplication).

    An active alert whose cause became more severe is raised again at the new severity: open, unacknowledged,
    counted once (it is the same occurrence).
    """
    if current is not None and not _raises(current, found):
        return None
    escalated = current is not None and current.state.active
    return AlertDoc(
        id=found.alert_id,
        rev=current.rev if current else 0,
        rule=found.rule,
        severity=found.severity,
        tenant=found.tenant,
        subject=found.subject,
        summary=found.summary,
        facts=found.facts,
        spaces=found.spaces,
        times_raised=(current.times_raised + (0 if escalated else 1)) if current else 1,
        raised_at=current.raised_at if current is not None and escalated else now,
        event_id=str(uuid4()),
        event_at=now,
    )


def resolved(current: AlertDoc | None, reason: str, now: datetime) -> AlertDoc | None:
    """The alert closed; None when there is none or it is resolved already."""
    if current is None or not current.state.active:
        return None
    return current.model_copy(
        update={"state": AlertState.RESOLVED, "resolved_at": now, "resolved_reason": reason, **_changed(now)}
    )


def acknowledged(current: AlertDoc | None, by: str, reason: str, now: datetime) -> AlertDoc:
    """The alert taken on by ``by``; raises AckRefusedError unless it is open."""
    if current is None:
        raise KeyError("alert not found")
    if current.state is not AlertState.OPEN:
        raise AckRefusedError(f"alert {current.id!r} is {current.state.value}, only open alerts can be acknowledged")
    return current.model_copy(
        update={
            "state": AlertState.ACKNOWLEDGED,
            "acknowledged_by": by,
            "acknowledged_reason": reason,
            "acknowledged_at": now,
            **_changed(now),
        }
    )


def _changed(now: datetime) -> dict[str, object]:
    """A fresh event id for the change, not yet published."""
    return {"event_id": str(uuid4()), "event_at": now, "published": False}
