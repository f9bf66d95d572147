"""Messages on the alerts topic: an alert's life (raised, acknowledged, resolved), keyed by its cause."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from mdsync_contracts.base import Message
from mdsync_contracts.topics import ALERTS, alert_key

__all__ = ["AlertAcknowledged", "AlertRaised", "AlertResolved", "AlertRule", "Severity"]


class AlertRule(StrEnum):
    """The rule that found the cause of an alert."""

    JOB_FAILED = "job_failed"
    SPACE_STALE = "space_stale"
    DEAD_LETTERS = "dead_letters"
    CHANGE_WAITING = "change_waiting"
    GLUE_DRIFT = "glue_drift"
    CREDENTIALS_EXPIRING = "credentials_expiring"


class Severity(StrEnum):
    """How urgent an alert is; routing sends each severity to its channels."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 2 for critical: compares severities."""
        return list(Severity).index(self)


class _AlertMessage(Message):
    """What every message about one alert carries."""

    TOPIC: ClassVar[str] = ALERTS

    alert_id: str = Field(
        description="The alert's cause key `{rule}:{tenant}:{subject}`; one open alert per cause, and the Kafka key.",
        examples=["job_failed:acme:schedule:nightly-sales"],
    )
    rule: AlertRule = Field(description="Rule that found the cause.", examples=["job_failed"])
    severity: Severity = Field(description="How urgent it is.", examples=["critical"])
    summary: str = Field(
        description="One line for people (plain text; metadata in it is untrusted).",
        examples=["job job-20261126-0001 failed: Datasphere returned 403"],
    )
    subject: str = Field(
        description="What the alert is about: a job scope, a space, a Glue table, a service, a tenant.",
        examples=["schedule:nightly-sales"],
    )
    spaces: tuple[str, ...] = Field(
        default=(),
        description="Datasphere spaces the cause concerns; empty when it concerns none (e.g. dead letters).",
        examples=[["SALES"]],
    )

    def key(self) -> str:
        """The alert's cause key."""
        return alert_key(self.alert_id)


class AlertRaised(_AlertMessage):
    """A rule found a cause with no open alert: the alert opens (again, if it was resolved before)."""

    CE_TYPE: ClassVar[str] = "mdsync.alert.raised"

    facts: dict[str, str] = Field(
        default_factory=dict,
        description="What the rule saw, as plain-text name/value pairs.",
        examples=[{"job_id": "job-20261126-0001", "status": "failed", "reason": "Datasphere returned 403"}],
    )
    times_raised: int = Field(
        default=1, ge=1, description="How often this cause has been raised (1 the first time).", examples=[1]
    )


class AlertAcknowledged(_AlertMessage):
    """Someone took an open alert on; it stays until its cause is gone, but is no longer unattended."""

    CE_TYPE: ClassVar[str] = "mdsync.alert.acknowledged"

    acknowledged_by: str = Field(description="Principal that acknowledged it.", examples=["operator:jane"])
    reason: str = Field(description="Why, or what is being done.", examples=["token rotated, rerunning the job"])


class AlertResolved(_AlertMessage):
    """The cause of an alert is gone: the alert closes."""

    CE_TYPE: ClassVar[str] = "mdsync.alert.resolved"

    reason: str = Field(
        description="Why it is considered resolved.", examples=["the latest job of this scope succeeded"]
    )
