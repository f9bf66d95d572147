"""Wiring of alerting into the audit service: built on start, its tasks cancelled on stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

import httpx

from mdsync_audit.alerts.delivery.channels import Channel, EmailChannel, SlackChannel, WebhookChannel
from mdsync_audit.alerts.delivery.dispatcher import Dispatcher, Policy
from mdsync_audit.alerts.delivery.outcomes import OutcomeStore
from mdsync_audit.alerts.evaluator import Evaluator
from mdsync_audit.alerts.gather import Gatherer
from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.alerts.store import AlertStore
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.read_ops import OpsReads
from mdsync_runtime.errors import Backoff
from mdsync_runtime.service import Runtime

log = logging.getLogger(__name__)

STATE_KEY = "alerts"


@dataclass
class Alerting:
    """What alerting holds while the service runs."""

    evaluator: Evaluator
    dispatcher: Dispatcher
    outcomes: OutcomeStore
    client: httpx.AsyncClient
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


def build_channels(settings: AlertSettings, client: httpx.AsyncClient) -> list[Channel]:
    """The channels the settings configure."""
    channels: list[Channel] = []
    if settings.webhook_url and settings.webhook_secret:
        channels.append(WebhookChannel(settings.webhook_url, settings.webhook_secret, client))
    if settings.slack_webhook_url:
        channels.append(SlackChannel(settings.slack_webhook_url, client))
    if settings.smtp_host:
        channels.append(
            EmailChannel(
                host=settings.smtp_host,
                port=settings.smtp_port,
                sender=settings.smtp_sender,
                recipients=settings.smtp_recipients,
                timeout_seconds=settings.delivery_timeout_seconds,
                starttls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=settings.smtp_password,
            )
        )
    return channels


def policy(settings: AlertSettings) -> Policy:
    """Delivery policy from the settings."""
    return Policy(
        queue_size=settings.delivery_queue_size,
        workers=settings.delivery_workers,
        max_attempts=settings.delivery_max_attempts,
        backoff=Backoff(settings.delivery_retry_base_seconds, settings.delivery_retry_cap_seconds),
    )


def build_alerting(runtime: Runtime, settings: AlertSettings) -> Alerting:
    """Evaluator, dispatcher and channels over the runtime's store and publisher."""
    audit = runtime.settings
    assert isinstance(audit, AuditSettings)
    client = httpx.AsyncClient(timeout=settings.delivery_timeout_seconds)
    outcomes = OutcomeStore(runtime.db)
    dispatcher = Dispatcher(build_channels(settings, client), settings.routes, outcomes.record, policy(settings))
    ops = OpsReads(runtime.db, audit.outcome_shards, audit.index_shards, audit.search_shards, runtime.common.tenant)
    evaluator = Evaluator(
        store=AlertStore(runtime.db, runtime.common.tenant),
        gatherer=Gatherer(runtime.db, ops, runtime.common.tenant),
        publisher=runtime.publisher,
        dispatcher=dispatcher,
        rules=settings.rules,
        environment=runtime.common.env,
        tenant=runtime.common.tenant,
        outbox_grace=timedelta(seconds=max(10.0, 2 * settings.interval_seconds)),
    )
    return Alerting(evaluator, dispatcher, outcomes, client)


async def start(runtime: Runtime, settings: AlertSettings) -> None:
    """Start delivery and, when enabled, the periodic evaluator (its first round after one interval)."""
    if "tenants" in settings.model_fields_set:
        log.warning("MDSYNC_AUDIT_ALERTS_TENANTS is deprecated and ignored: every tenant's credentials are watched")
    alerting = build_alerting(runtime, settings)
    alerting.dispatcher.start()
    if settings.enabled:
        alerting.tasks.append(asyncio.create_task(alerting.evaluator.run(settings.interval_seconds), name="alerts"))
    runtime.state[STATE_KEY] = alerting


async def stop(runtime: Runtime) -> None:
    """Cancel the evaluator, stop delivery, close the HTTP client."""
    alerting: Alerting | None = runtime.state.pop(STATE_KEY, None)
    if alerting is None:
        return
    for task in alerting.tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await alerting.dispatcher.stop()
    await alerting.client.aclose()
