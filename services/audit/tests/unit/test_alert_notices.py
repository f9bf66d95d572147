"""Notices: signed webhook bodies, Slack payloads that cannot inject markup, routing, and alert settings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from mdsync_audit.alerts.delivery.payloads import email_message, signature, slack_payload, verify, webhook_body
from mdsync_audit.alerts.delivery.routing import ChannelName, Route, channels_for
from mdsync_audit.alerts.messages import alert_event
from mdsync_audit.alerts.model import AlertDoc, AlertState
from mdsync_audit.alerts.settings import AlertSettings
from mdsync_contracts.alerts import AlertAcknowledged, AlertRaised, AlertResolved, AlertRule, Severity
from mdsync_contracts.base import Environment

AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DOC = AlertDoc(
    id="job_failed:scope:SALES",
    rule=AlertRule.JOB_FAILED,
    severity=Severity.CRITICAL,
    subject="scope:SALES",
    summary="job j1 failed: <!channel> <https://evil.example|click>\nBcc: x@y",
    facts={"job_id": "j1"},
    raised_at=AT,
    event_id="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    event_at=AT,
)
ALL = (ChannelName.WEBHOOK, ChannelName.SLACK, ChannelName.EMAIL)


def test_the_event_follows_the_alert_state_and_keeps_its_id() -> None:
    raised = alert_event(DOC, Environment.BEAR, "acme")
    acked = alert_event(
        DOC.model_copy(update={"state": AlertState.ACKNOWLEDGED, "acknowledged_by": "jane"}), Environment.BEAR, "acme"
    )
    gone = alert_event(DOC.model_copy(update={"state": AlertState.RESOLVED}), Environment.BEAR, "acme")
    assert (type(raised), type(acked), type(gone)) == (AlertRaised, AlertAcknowledged, AlertResolved)
    assert raised.key() == DOC.id
    assert str(raised.event_id) == DOC.event_id == str(alert_event(DOC, Environment.BEAR, "acme").event_id)


def test_webhook_signature_is_hmac_sha256_over_the_raw_body() -> None:
    body = webhook_body(alert_event(DOC, Environment.DOG, "acme"))
    header = signature("k3y", body)
    assert header.startswith("sha256=")
    assert verify("k3y", body, header)
    assert not verify("other", body, header)
    assert not verify("k3y", body + b" ", header)
    assert json.loads(body)["alert_id"] == DOC.id


def test_slack_payload_escapes_control_characters_and_uses_plain_text_blocks() -> None:
    payload = slack_payload(alert_event(DOC, Environment.DOG, "acme"))
    assert "<" not in payload["text"]
    assert "&lt;!channel&gt;" in payload["text"]
    assert {block["text"]["type"] for block in payload["blocks"]} == {"plain_text"}


def test_email_subject_is_one_line_and_the_body_plain_text() -> None:
    message = email_message(alert_event(DOC, Environment.WOLF, "acme"), "mdsync@x", ("ops@x",))
    assert "\n" not in message["Subject"]
    assert message["Subject"].startswith("[mdsync wolf] CRITICAL raised:")
    assert message.get_content_type() == "text/plain"
    assert "job_id: j1" in message.get_content()


def test_routes_pick_channels_by_environment_and_severity() -> None:
    routes = (
        Route(environments=(Environment.BEAR,), min_severity=Severity.WARNING, channels=(ChannelName.SLACK,)),
        Route(environments=(Environment.BEAR,), min_severity=Severity.CRITICAL, channels=(ChannelName.EMAIL,)),
        Route(environments=(Environment.DOG, Environment.WOLF), channels=(ChannelName.WEBHOOK,)),
    )
    assert channels_for(routes, ALL, Environment.BEAR, Severity.CRITICAL) == (ChannelName.SLACK, ChannelName.EMAIL)
    assert channels_for(routes, ALL, Environment.BEAR, Severity.WARNING) == (ChannelName.SLACK,)
    assert channels_for(routes, ALL, Environment.BEAR, Severity.INFO) == ()
    assert channels_for(routes, ALL, Environment.DOG, Severity.INFO) == (ChannelName.WEBHOOK,)
    assert channels_for((), ALL[:2], Environment.DOG, Severity.INFO) == ALL[:2]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"webhook_url": "http://h/x"}, "webhook_secret"),
        ({"webhook_url": "http://h/x", "webhook_secret": "changeme"}, "placeholder"),
        ({"smtp_host": "localhost"}, "smtp_recipients"),
        ({"routes": [{"channels": ["slack"]}]}, "not configured"),
    ],
)
def test_alert_settings_fail_fast_naming_what_is_wrong(fields: dict[str, object], named: str) -> None:
    with pytest.raises(ValidationError, match=named):
        AlertSettings.model_validate(fields)


def test_alert_settings_read_json_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDSYNC_AUDIT_ALERTS_RULES", '{"waiting_hours": 2, "freshness_minutes": {"SALES": 15}}')
    monkeypatch.setenv("MDSYNC_AUDIT_ALERTS_SLACK_WEBHOOK_URL", "http://hooks.local/T1/B2/s3cr3t")
    settings = AlertSettings()
    assert settings.rules.waiting_hours == 2
    assert settings.rules.freshness_target("SALES") == 15
    assert settings.channels() == (ChannelName.SLACK,)
    assert "s3cr3t" not in repr(settings)
