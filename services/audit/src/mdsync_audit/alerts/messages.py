"""The alert event announcing a stored alert's latest change (rebuilt from the document, so re-sends are equal)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from mdsync_audit.alerts.model import AlertDoc, AlertState
from mdsync_contracts.alerts import AlertAcknowledged, AlertRaised, AlertResolved
from mdsync_contracts.base import Environment

AlertEvent = AlertRaised | AlertAcknowledged | AlertResolved


def alert_event(doc: AlertDoc, environment: Environment, home_tenant: str) -> AlertEvent:
    """The event of ``doc``'s latest change, with the event id and time stored with it, as its cause's tenant's.

    An alert stored before alerts kept their tenant is the service's own (``home_tenant``).
    """
    common: dict[str, Any] = {
        "event_id": UUID(doc.event_id),
        "occurred_at": doc.event_at,
        "environment": environment,
        "tenant": doc.tenant or home_tenant,
        "correlation_id": doc.id,
        "alert_id": doc.id,
        "rule": doc.rule,
        "severity": doc.severity,
        "summary": doc.summary,
        "subject": doc.subject,
        "spaces": doc.spaces,
    }
    if doc.state is AlertState.OPEN:
        return AlertRaised(**common, facts=doc.facts, times_raised=doc.times_raised)
    if doc.state is AlertState.ACKNOWLEDGED:
        return AlertAcknowledged(
            **common, acknowledged_by=doc.acknowledged_by or "unknown", reason=doc.acknowledged_reason or ""
        )
    return AlertResolved(**common, reason=doc.resolved_reason or "")
