"""The credentials view: each tenant's latest Datasphere client report, newest wins whatever the arrival order."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from mdsync_audit.core.stored import Doc, StoredEvent
from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id


class CredentialsView(Doc):
    """The latest ``CredentialsReported`` of one tenant (``id`` = the tenant); never the secret itself."""

    rev: int = Field(default=0, description="Optimistic-concurrency revision.")
    environment: Environment = Field(description="Environment that reported it.")
    client_id: str | None = Field(default=None, description="OAuth client id (not secret).")
    secret_expires_at: datetime | None = Field(default=None, description="When the client secret expires.")
    reported_by: str = Field(description="Service that reported it.")
    reported_at: datetime = Field(description="When it was reported.")
    event_id: str = Field(description="The report's event id (breaks a tie of equal report times).")

    @property
    def order(self) -> tuple[datetime, str]:
        """Which of two reports is newer: later report time, then the larger event id."""
        return (self.reported_at, self.event_id)

    def report(self) -> CredentialsReported:
        """The report again, as the rules read it."""
        return CredentialsReported(
            event_id=UUID(self.event_id),
            occurred_at=self.reported_at,
            environment=self.environment,
            tenant=self.id,
            correlation_id=credentials_correlation_id(self.id),
            client_id=self.client_id,
            secret_expires_at=self.secret_expires_at,
            reported_by=self.reported_by,
        )


def credentials_view(event: StoredEvent, message: CredentialsReported) -> CredentialsView:
    """The view a report alone gives."""
    return CredentialsView(
        id=message.tenant,
        environment=message.environment,
        client_id=message.client_id,
        secret_expires_at=message.secret_expires_at,
        reported_by=message.reported_by,
        reported_at=event.occurred_at,
        event_id=event.id,
    )


def apply_report(
    view: CredentialsView | None, event: StoredEvent, message: CredentialsReported
) -> CredentialsView | None:
    """The tenant's view after ``message``; None when the stored report is as new or newer (redelivery, replay)."""
    reported = credentials_view(event, message)
    if view is not None and view.order >= reported.order:
        return None
    return reported.model_copy(update={"rev": view.rev if view is not None else 0})
