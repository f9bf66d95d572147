"""The credentials view keeps each tenant's newest report, whatever order reports arrive in or how often."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mdsync_audit.core.credentials import CredentialsView, apply_report
from mdsync_audit.core.stored import StoredEvent, stored_event
from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id

T0 = datetime(2026, 11, 26, 8, tzinfo=UTC)


def reported(tenant: str, at: datetime, expires_in_days: int) -> tuple[StoredEvent, CredentialsReported]:
    """A report of ``tenant`` made at ``at`` and the event it is stored as."""
    message = CredentialsReported(
        environment=Environment.DOG,
        tenant=tenant,
        occurred_at=at,
        correlation_id=credentials_correlation_id(tenant),
        client_id=f"sb-{tenant}",
        secret_expires_at=at + timedelta(days=expires_in_days),
        reported_by="extractor",
    )
    return stored_event(message, "dog.mdsync.datasphere.credentials.v1", 0, 1, tenant), message


def fold(reports: list[tuple[StoredEvent, CredentialsReported]]) -> CredentialsView | None:
    view = None
    for event, message in reports:
        view = apply_report(view, event, message) or view
    return view


def test_a_newer_report_replaces_the_stored_one_and_reads_back_as_the_report() -> None:
    old, new = reported("acme", T0, 90), reported("acme", T0 + timedelta(days=1), 5)
    view = fold([old, new])
    assert view is not None
    assert view.report() == new[1]
    assert view.id == "acme"


def test_an_older_report_or_a_redelivery_changes_nothing() -> None:
    old, new = reported("acme", T0, 90), reported("acme", T0 + timedelta(days=1), 5)
    view = fold([new])
    assert apply_report(view, *old) is None
    assert apply_report(view, *new) is None
    assert fold([new, old, new]) == fold([old, new])


def test_the_view_survives_the_store_round_trip() -> None:
    view = fold([reported("beta", T0, 3)])
    assert view is not None
    assert CredentialsView.model_validate(view.to_doc()) == view
