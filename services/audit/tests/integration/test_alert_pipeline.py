"""Through the running audit service: a real job-failed event raises an alert on the topic, seen in the API,
acknowledged, delivered to a webhook, and resolved when a later job of the same scope succeeds."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import SecretStr

from mdsync_audit.alerts.delivery.payloads import SIGNATURE_HEADER, verify
from mdsync_audit.alerts.lifecycle import raised
from mdsync_audit.alerts.model import finding
from mdsync_audit.alerts.service import STATE_KEY, Alerting
from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.core.kpi import stamp
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store import schema, sets
from mdsync_audit.store.freshness import LEGACY_SPACES
from mdsync_contracts.alerts import AlertAcknowledged, AlertRaised, AlertResolved, AlertRule, Severity
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id
from mdsync_contracts.jobs import JobFinished, JobRequested
from mdsync_contracts.topics import ALERTS
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.settings import CommonSettings
from mdsync_runtime.testing import isolated, publish_all, read_messages, wait_until

from .test_alert_delivery import KEY, Receiver

pytestmark = pytest.mark.integration
CAUSE = "job_failed:acme:scope:SALES"


def job(job_id: str, status: str) -> list[Message]:
    """A job of the SALES space that ended with ``status``."""
    fields = {"environment": "dog", "tenant": "acme", "job_id": job_id}
    requested = JobRequested.model_validate({**fields, "requester": "operator:jane", "scope": {"spaces": ["SALES"]}})
    counts = {"failed": 1} if status == "failed" else {"created": 1}
    finished = JobFinished.model_validate(
        {**fields, "status": status, "planned_assets": 1, "counts": counts, "reason": "Datasphere said 403"}
    )
    return [requested, finished]


async def alert_events(prefix: str, count: int) -> list[Message]:
    found = await read_messages(ALERTS, prefix, count, wait_seconds=60)
    return [m for m in found if isinstance(m, Message)]


async def stored_event(client: httpx.AsyncClient, event_id: str) -> dict[str, object]:
    """The stored event, once the audit service has consumed it."""
    for _ in range(300):
        response = await client.get(f"/events/{event_id}")
        if response.status_code == 200:
            return dict(response.json())
        await asyncio.sleep(0.1)
    raise AssertionError(f"event {event_id} not stored")


@pytest.fixture
async def running() -> AsyncIterator[tuple[CommonSettings, httpx.AsyncClient, Alerting, Receiver]]:
    iso = await isolated(partitions=1)
    common = iso.common(tenant="acme")
    with Receiver(failures=1) as receiver:
        alerts = AlertSettings(
            interval_seconds=0.5,
            webhook_url=receiver.url,
            webhook_secret=SecretStr(KEY),
            delivery_retry_base_seconds=0.01,
        )
        audit = AuditSettings(retry_base_seconds=0.05, consumer_group=f"audit-{iso.topic_prefix}")
        app = build_app(common, audit, alerts)
        async with (
            LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://audit", headers=local_headers(role="admin")
            ) as client,
        ):
            yield common, client, app.state.runtime.state[STATE_KEY], receiver


async def test_job_failure_raises_one_alert_that_is_acknowledged_delivered_and_resolved(
    running: tuple[CommonSettings, httpx.AsyncClient, Alerting, Receiver],
) -> None:
    common, client, alerting, receiver = running
    await publish_all(common, job("job-a1", "failed"))

    (raised,) = await alert_events(common.topic_prefix, 1)
    assert isinstance(raised, AlertRaised)
    assert (raised.alert_id, raised.facts["job_id"], raised.spaces) == (CAUSE, "job-a1", ("SALES",))
    listed = (await client.get("/alerts", params={"state": "open"})).json()["items"]
    assert [a["_id"] for a in listed] == [CAUSE]
    assert (await client.get("/alerts", headers={"X-Mdsync-Spaces": "FINANCE"})).json()["items"] == []

    viewer = local_headers(role="viewer", subject="vic")
    refused = await client.post(f"/alerts/{CAUSE}/ack", json={"reason": "x"}, headers=viewer)
    assert refused.status_code == 403
    jane = local_headers(role="operator", subject="jane")
    acked = await client.post(f"/alerts/{CAUSE}/ack", json={"reason": "token rotated"}, headers=jane)
    assert (acked.json()["state"], acked.json()["acknowledged_by"]) == ("acknowledged", "jane")
    again = await client.post(f"/alerts/{CAUSE}/ack", json={"reason": "me too"})
    assert again.status_code == 409
    missing = await client.post("/alerts/nope/ack", json={"reason": "x"})
    assert missing.status_code == 404

    await wait_until(lambda: len(receiver.requests) >= 3, 30)  # raised (refused once with 503, then taken), acked
    assert all(verify(KEY, body, headers[SIGNATURE_HEADER]) for headers, body in receiver.requests)
    delivered = [json.loads(body)["event_id"] for _, body in receiver.requests]
    assert delivered[:2] == [str(raised.event_id)] * 2

    await publish_all(common, job("job-a2", "succeeded"))
    events = await alert_events(common.topic_prefix, 3)
    assert [type(e) for e in events] == [AlertRaised, AlertAcknowledged, AlertResolved]
    assert {e.key() for e in events} == {CAUSE}
    assert await alerting.evaluator.evaluate_once() == []  # nothing new while the cause stays away
    assert len(await read_messages(ALERTS, common.topic_prefix, 4, wait_seconds=2)) == 3
    for event in events:  # the audit service stores its own alert events like every other contract event
        stored = await stored_event(client, str(event.event_id))
        assert stored["type"] == event.CE_TYPE
    detail = (await client.get(f"/alerts/{CAUSE}")).json()
    assert detail["alert"]["state"] == "resolved"
    assert {d["status"] for d in detail["deliveries"]} == {"delivered"}


async def test_credentials_reported_close_to_expiry_raise_a_critical_alert(
    running: tuple[CommonSettings, httpx.AsyncClient, Alerting, Receiver],
) -> None:
    common, client, _, _ = running
    expires = datetime.now(UTC) + timedelta(days=1)
    report = CredentialsReported(
        environment=Environment.DOG,
        tenant="acme",
        correlation_id=credentials_correlation_id("acme"),
        client_id="sb-sync",
        secret_expires_at=expires,
        reported_by="extractor",
    )
    await publish_all(common, [report])
    (raised,) = await alert_events(common.topic_prefix, 1)
    assert isinstance(raised, AlertRaised)
    assert (raised.alert_id, raised.severity, raised.facts["expires_at"]) == (
        "credentials_expiring:acme:acme",
        Severity.CRITICAL,
        expires.isoformat(),
    )
    assert (await client.get("/alerts", headers={"X-Mdsync-Spaces": "SALES"})).json()["items"] == []


async def test_a_change_written_but_not_published_is_published_after_the_grace_with_its_event_id() -> None:
    iso = await isolated(partitions=1)
    common = iso.common(tenant="acme")
    audit = AuditSettings(consumer_group=f"audit-{iso.topic_prefix}")
    app = build_app(common, audit, AlertSettings(enabled=False))
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        evaluator = app.state.runtime.state[STATE_KEY].evaluator
        now = datetime.now(UTC)
        found = finding(AlertRule.DEAD_LETTERS, Severity.WARNING, "acme", "all", "11 dead letters")
        written = await evaluator.store.change(found.alert_id, partial(raised, found=found, now=now))  # then "crash"
        assert written is not None
        await evaluator.flush_outbox(now + timedelta(seconds=1))  # within the grace: maybe still being published
        assert await read_messages(ALERTS, common.topic_prefix, 1, wait_seconds=2) == []
        await evaluator.flush_outbox(now + evaluator.outbox_grace + timedelta(seconds=1))
        (event,) = await read_messages(ALERTS, common.topic_prefix, 1, wait_seconds=30)
        assert await evaluator.store.outbox() == []
    assert isinstance(event, AlertRaised)
    assert str(event.event_id) == written.event_id


async def test_a_space_last_synced_before_freshness_kept_its_tenant_is_the_services_own_and_goes_stale(
    running: tuple[CommonSettings, httpx.AsyncClient, Alerting, Receiver],
) -> None:
    _, client, alerting, _ = running
    db = alerting.evaluator.gatherer.db
    long_ago = stamp(datetime.now(UTC) - timedelta(days=3))
    await sets.write(db[schema.SETS], [sets.add_op(LEGACY_SPACES, 0, "SALES")])  # as written before the split
    await db[schema.KPI_SPACES].insert_one({"_id": "SALES", "last_synced_at": long_ago})
    raised = await alerting.evaluator.evaluate_once()
    assert [(e.alert_id, e.tenant) for e in raised] == [("space_stale:acme:SALES", "acme")]
    kpis = (await client.get("/kpis")).json()
    assert kpis["last_sync_per_tenant"] == {"acme": {"SALES": long_ago}}
    assert kpis["last_sync_per_space"] == {"SALES": long_ago}
