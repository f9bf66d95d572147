"""The credentials report: client id and the configured secret expiry, never the secret; fresh each time."""

from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import credentials_correlation_id
from mdsync_extractor.credentials_report import credentials_report
from mdsync_extractor.settings import ExtractorSettings

EXPIRES = datetime(2027, 2, 26, tzinfo=UTC)


def test_the_report_names_the_client_and_its_expiry_but_not_the_secret() -> None:
    settings = ExtractorSettings(
        client_id="sb-sync", client_secret=SecretStr("very-real-secret-1"), client_secret_expires_at=EXPIRES
    )
    report = credentials_report(settings, Environment.BEAR, "acme")
    assert (report.client_id, report.secret_expires_at, report.tenant) == ("sb-sync", EXPIRES, "acme")
    assert report.key() == "acme"
    assert report.correlation_id == credentials_correlation_id("acme")
    assert "very-real-secret-1" not in report.model_dump_json()


def test_without_a_configured_expiry_the_report_says_so_and_each_report_is_a_new_event() -> None:
    settings = ExtractorSettings(client_id="sb-sync", client_secret=SecretStr("very-real-secret-1"))
    first = credentials_report(settings, Environment.DOG, "acme")
    second = credentials_report(settings, Environment.DOG, "acme")
    assert first.secret_expires_at is None
    assert first.event_id != second.event_id


def test_the_expiry_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_EXTRACTOR_CLIENT_SECRET_EXPIRES_AT", "2027-02-26T00:00:00Z")
    assert ExtractorSettings().client_secret_expires_at == EXPIRES
