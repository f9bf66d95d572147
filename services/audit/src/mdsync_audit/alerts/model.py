"""Findings of the rules, the stored alert, and the snapshot of the store the rules read."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mdsync_audit.core.changes import ApprovalView, ConflictView
from mdsync_audit.core.jobs import JobView
from mdsync_audit.core.stored import Doc
from mdsync_audit.core.tenant_scope import Reach, sees_tenant
from mdsync_contracts.alerts import AlertRule, Severity
from mdsync_contracts.credentials import CredentialsReported


class Finding(BaseModel):
    """One cause a rule found, keyed by its cause (``alert_id``)."""

    model_config = ConfigDict(frozen=True)

    alert_id: str = Field(description="Cause key `{rule}:{tenant}:{subject}`.")
    rule: AlertRule = Field(description="Rule that found it.")
    severity: Severity = Field(description="How urgent.")
    tenant: str = Field(description="Tenant of the cause (the service's own for a cause outside any tenant).")
    subject: str = Field(description="What it is about.")
    summary: str = Field(description="One line for people.")
    facts: dict[str, str] = Field(default_factory=dict, description="What the rule saw.")
    spaces: tuple[str, ...] = Field(default=(), description="Spaces the cause concerns (none: outside any space).")


def cause_key(rule: AlertRule, tenant: str, subject: str) -> str:
    """The cause key of an alert: one per rule, tenant and subject (two tenants' SALES are two causes)."""
    return f"{rule.value}:{tenant}:{subject}"


def finding(
    rule: AlertRule,
    severity: Severity,
    tenant: str,
    subject: str,
    summary: str,
    spaces: tuple[str, ...] = (),
    /,
    **facts: str,
) -> Finding:
    """A finding of ``rule`` about ``tenant``'s ``subject`` (positional, so a fact may be called `tenant` too)."""
    return Finding(
        alert_id=cause_key(rule, tenant, subject),
        rule=rule,
        severity=severity,
        tenant=tenant,
        subject=subject,
        summary=summary,
        facts=facts,
        spaces=spaces,
    )


class AlertState(StrEnum):
    """Where an alert is in its life."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"

    @property
    def active(self) -> bool:
        """True while its cause is still there (open or acknowledged)."""
        return self is not AlertState.RESOLVED


def alert_visible(spaces: tuple[str, ...], visible: frozenset[str] | None) -> bool:
    """A restricted reader sees alerts about one of its spaces; alerts outside any space need every space."""
    return visible is None or bool(set(spaces) & visible)


class AlertDoc(Doc):
    """One alert, stored under its cause key: raised, maybe acknowledged, resolved, maybe raised again."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    rule: AlertRule = Field(description="Rule that found the cause.")
    severity: Severity = Field(description="How urgent.")
    tenant: str | None = Field(
        default=None, description="Tenant of the cause (None: stored before alerts kept it, the service's own)."
    )
    state: AlertState = Field(default=AlertState.OPEN, description="open, acknowledged or resolved.")
    subject: str = Field(description="What it is about.")
    summary: str = Field(description="One line for people (plain text).")
    facts: dict[str, str] = Field(default_factory=dict, description="What the rule saw when it raised it.")
    spaces: tuple[str, ...] = Field(default=(), description="Spaces the cause concerns (none: outside any space).")
    times_raised: int = Field(default=1, description="How often this cause has been raised.")
    raised_at: datetime = Field(description="When it was (last) raised.")
    acknowledged_by: str | None = Field(default=None, description="Who acknowledged it.")
    acknowledged_reason: str | None = Field(default=None, description="Why, or what is being done.")
    acknowledged_at: datetime | None = Field(default=None, description="When.")
    resolved_at: datetime | None = Field(default=None, description="When its cause was gone.")
    resolved_reason: str | None = Field(default=None, description="Why it was resolved.")
    event_id: str = Field(description="The event announcing its latest change.")
    event_at: datetime = Field(description="When that change happened.")
    published: bool = Field(default=False, description="True once that event is on the alerts topic.")

    def of_tenant(self, home: str) -> AlertDoc:
        """The alert with its tenant filled in (an alert stored without one is the service's own, ``home``)."""
        return self if self.tenant is not None else self.model_copy(update={"tenant": home})


def reaches_alert(doc: AlertDoc, reach: Reach) -> bool:
    """True when the caller sees the alert's tenant and (by ``alert_visible``) its spaces."""
    return sees_tenant(doc.tenant, reach.tenants) and alert_visible(doc.spaces, reach.spaces)


class Snapshot(BaseModel):
    """What the rules look at, read from the store at one moment (``now``)."""

    model_config = ConfigDict(frozen=True)

    now: datetime = Field(description="When the snapshot was taken.")
    home_tenant: str = Field(description="The service's own tenant: that of causes outside any tenant.")
    finished_jobs: tuple[JobView, ...] = Field(default=(), description="Jobs finished within the lookback.")
    last_synced: dict[str, dict[str, datetime | None]] = Field(
        default_factory=dict, description="Last sync per tenant, then per space."
    )
    dead_letters: dict[str, int] = Field(
        default_factory=dict, description="Dead letters within the window per tenant (unknown: the home tenant)."
    )
    held: tuple[ApprovalView, ...] = Field(default=(), description="Held changes awaiting a decision.")
    conflicts: tuple[ConflictView, ...] = Field(default=(), description="Open conflicts.")
    credentials: tuple[CredentialsReported, ...] = Field(default=(), description="Latest report per tenant.")
