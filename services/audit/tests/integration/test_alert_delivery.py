"""Alert delivery against real local receivers: a signed webhook retried past failures, SMTP to aiosmtpd."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from mdsync_audit.alerts.delivery.channels import EmailChannel, SlackChannel, WebhookChannel
from mdsync_audit.alerts.delivery.dispatcher import Dispatcher, Policy
from mdsync_audit.alerts.delivery.outcomes import DeliveryStatus, OutcomeStore
from mdsync_audit.alerts.delivery.payloads import SIGNATURE_HEADER, verify
from mdsync_audit.alerts.messages import alert_event
from mdsync_audit.alerts.model import AlertDoc
from mdsync_contracts.alerts import AlertRaised, AlertRule, Severity
from mdsync_contracts.base import Environment
from mdsync_runtime.errors import Backoff
from mdsync_runtime.store import connect_store
from mdsync_runtime.testing import isolated

pytestmark = pytest.mark.integration
KEY = "webhook-test-key-1"
FAST = Policy(queue_size=10, workers=1, max_attempts=4, backoff=Backoff(0.01, 0.05))


def notice(alert_id: str = "dead_letters:all") -> AlertRaised:
    doc = AlertDoc(
        id=alert_id,
        rule=AlertRule.DEAD_LETTERS,
        severity=Severity.WARNING,
        subject="all",
        summary="12 dead letters in 60 min (threshold 10)",
        facts={"count": "12"},
        raised_at=datetime.now(UTC),
        event_id=str(uuid4()),
        event_at=datetime.now(UTC),
    )
    event = alert_event(doc, Environment.DOG, "acme")
    assert isinstance(event, AlertRaised)
    return event


class Receiver:
    """A local HTTP server that answers ``failures`` with ``fail_status`` and then 204, recording each request."""

    def __init__(self, failures: int, fail_status: int = 503) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                failed = len(receiver.requests) <= failures
                self.send_response(fail_status if failed else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
async def outcomes() -> AsyncIterator[OutcomeStore]:
    iso = await isolated(partitions=1)
    common = iso.common()
    client = connect_store(common.mongo_url.get_secret_value())
    yield OutcomeStore(client[common.mongo_db])
    await client.close()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def deliver(dispatcher: Dispatcher, *notices: AlertRaised) -> None:
    dispatcher.start()
    try:
        for sent in notices:
            dispatcher.offer(sent)
        await asyncio.wait_for(dispatcher.drain(), 30)
    finally:
        await dispatcher.stop()


async def test_webhook_is_signed_and_retried_until_the_receiver_accepts(
    outcomes: OutcomeStore, http: httpx.AsyncClient
) -> None:
    sent = notice("dead_letters:webhook-retry")
    with Receiver(failures=2) as receiver:
        channel = WebhookChannel(receiver.url, SecretStr(KEY), http)
        await deliver(Dispatcher([channel], (), outcomes.record, FAST), sent)
    assert len(receiver.requests) == 3
    for headers, body in receiver.requests:
        assert verify(KEY, body, headers[SIGNATURE_HEADER])
        assert AlertRaised.model_validate_json(body) == sent
    (outcome,) = await outcomes.of_alert(sent.alert_id)
    assert (outcome.status, outcome.attempts, outcome.error) == (DeliveryStatus.DELIVERED, 3, None)


async def test_retries_stop_at_max_attempts_and_a_client_error_is_not_retried(
    outcomes: OutcomeStore, http: httpx.AsyncClient
) -> None:
    down, refused = notice("dead_letters:down"), notice("dead_letters:refused")
    with Receiver(failures=100) as always_down:
        await deliver(
            Dispatcher([WebhookChannel(always_down.url, SecretStr(KEY), http)], (), outcomes.record, FAST), down
        )
    with Receiver(failures=100, fail_status=400) as refusing:
        channel = WebhookChannel(refusing.url, SecretStr(KEY), http)
        await deliver(Dispatcher([channel], (), outcomes.record, FAST), refused)
    assert (len(always_down.requests), len(refusing.requests)) == (4, 1)
    (failed,) = await outcomes.of_alert(down.alert_id)
    (rejected,) = await outcomes.of_alert(refused.alert_id)
    assert (failed.status, failed.attempts, failed.error) == (DeliveryStatus.FAILED, 4, "HTTP 503")
    assert (rejected.status, rejected.attempts, rejected.error) == (DeliveryStatus.FAILED, 1, "HTTP 400")


async def test_slack_payload_reaches_an_incoming_webhook(outcomes: OutcomeStore, http: httpx.AsyncClient) -> None:
    sent = notice("dead_letters:slack")
    with Receiver(failures=0) as receiver:
        await deliver(Dispatcher([SlackChannel(SecretStr(receiver.url), http)], (), outcomes.record, FAST), sent)
    (headers, body) = receiver.requests[0]
    assert headers["Content-Type"] == "application/json"
    assert b'"blocks"' in body
    assert b"12 dead letters" in body


async def test_a_full_queue_drops_without_waiting_and_records_it(
    outcomes: OutcomeStore, http: httpx.AsyncClient
) -> None:
    first, second = notice("dead_letters:queued"), notice("dead_letters:dropped")
    with Receiver(failures=0) as receiver:
        dispatcher = Dispatcher(
            [WebhookChannel(receiver.url, SecretStr(KEY), http)], (), outcomes.record, Policy(queue_size=1, workers=1)
        )
        dispatcher.offer(first)  # the workers are not started: the queue stays full
        dispatcher.offer(second)
        await deliver(dispatcher)
    assert [r.status for r in await outcomes.of_alert(second.alert_id)] == [DeliveryStatus.DROPPED]
    assert [r.status for r in await outcomes.of_alert(first.alert_id)] == [DeliveryStatus.DELIVERED]


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd connects to its port to check it started: it needs a real one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def test_email_is_delivered_over_smtp(outcomes: OutcomeStore, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    sent = notice("dead_letters:email")
    channel = EmailChannel("127.0.0.1", port, "mdsync@test.local", ("ops@test.local",), 5, starttls=False)
    await deliver(Dispatcher([channel], (), outcomes.record, FAST), sent)
    (sender, recipients, content) = inbox.messages[0]
    mail = message_from_bytes(content)
    assert (sender, recipients) == ("mdsync@test.local", ["ops@test.local"])
    assert mail["Subject"] == "[mdsync dog] WARNING raised: 12 dead letters in 60 min (threshold 10)"
    assert "count: 12" in mail.get_payload()
    assert [o.status for o in await outcomes.of_alert(sent.alert_id)] == [DeliveryStatus.DELIVERED]
