"""Two tenants reporting into one audit service: the expiring one alerts under its tenant, an older report never
replaces a newer one, the views equal a rebuild, and ingest counts one ``/metrics`` series per event tenant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_audit.alerts.service import STATE_KEY, Alerting
from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store import schema
from mdsync_audit.store.rebuild import rebuild_views
from mdsync_audit.store.snapshot import snapshot
from mdsync_contracts.alerts import AlertRaised, Severity
from mdsync_contracts.base import Environment, Message
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id
from mdsync_runtime.store import Document
from mdsync_runtime.testing import isolated, publish_all

pytestmark = pytest.mark.integration
SETTINGS = AuditSettings(retry_base_seconds=0.05)
ALERTS = AlertSettings(enabled=False)  # evaluated by the test, once the reports are in


def report(tenant: str, at: datetime, expires_in: timedelta) -> CredentialsReported:
    """``tenant``'s extractor reporting at ``at`` a secret that expires ``expires_in`` after now."""
    return CredentialsReported(
        environment=Environment.DOG,
        tenant=tenant,
        occurred_at=at,
        correlation_id=credentials_correlation_id(tenant),
        client_id=f"sb-{tenant}",
        secret_expires_at=datetime.now(UTC) + expires_in,
        reported_by="extractor",
    )


def ingested(exposition: str, tenant: str) -> float:
    """``mdsync_audit_events_total`` of stored events of ``tenant`` in a Prometheus text exposition."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "mdsync_audit_events_total"
        and sample.labels.get("tenant") == tenant
        and sample.labels.get("result") == "stored"
    )


async def applied(db: AsyncDatabase[Document], count: int, seconds: float = 60) -> None:
    """Wait until ``count`` events are stored and applied to the views."""
    async with asyncio.timeout(seconds):
        while await db[schema.EVENTS].count_documents({"applied": True}) < count:  # noqa: ASYNC110 - another task
            await asyncio.sleep(0.1)


async def test_the_expiring_tenant_alerts_with_its_tenant_and_ingest_counts_each_tenant() -> None:
    iso = await isolated(partitions=1)
    common = iso.common(tenant="acme")
    north, south = f"north-{iso.mongo_db}", f"south-{iso.mongo_db}"  # this test's own tenants: their series are ours
    now = datetime.now(UTC)
    newest_south = report(south, now, timedelta(days=2))
    reports: list[Message] = [
        report(north, now, timedelta(days=90)),
        report(south, now - timedelta(days=2), timedelta(days=60)),
        newest_south,
        report(south, now - timedelta(days=1), timedelta(days=60)),  # older, and delivered after the newest
    ]
    app = build_app(common, SETTINGS.model_copy(update={"consumer_group": f"audit-{iso.topic_prefix}"}), ALERTS)
    async with (
        LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit") as client,
    ):
        alerting: Alerting = app.state.runtime.state[STATE_KEY]
        db = alerting.evaluator.gatherer.db
        await publish_all(common, reports)
        await applied(db, len(reports))
        exposition = (await client.get("/metrics")).text
        assert (ingested(exposition, north), ingested(exposition, south)) == (1, 3)

        raised = await alerting.evaluator.evaluate_once()
        assert [(e.alert_id, e.tenant) for e in raised] == [(f"credentials_expiring:{south}:{south}", south)]
        (alert,) = raised
        assert isinstance(alert, AlertRaised)
        assert newest_south.secret_expires_at is not None
        assert (alert.severity, alert.facts["expires_at"]) == (
            Severity.CRITICAL,
            newest_south.secret_expires_at.isoformat(),
        )
        await applied(db, len(reports) + 1)  # the alert event itself is stored too
        live = await snapshot(db)

    assert sorted(live[schema.CREDENTIALS]) == [north, south]
    assert live[schema.CREDENTIALS][south]["event_id"] == str(newest_south.event_id)
    store: AsyncMongoClient[Document] = AsyncMongoClient(common.mongo_url.get_secret_value(), tz_aware=True)
    try:  # the service is stopped (nothing ingests while the views are rebuilt)
        assert await rebuild_views(store[common.mongo_db], SETTINGS) == len(reports) + 1
        assert await snapshot(store[common.mongo_db]) == live
        await store.drop_database(common.mongo_db)
    finally:
        await store.close()
