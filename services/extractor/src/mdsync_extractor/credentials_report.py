"""Reports the Datasphere client and its configured secret expiry at start and daily (audit alerts on it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from functools import partial

from aiokafka.errors import KafkaError

from mdsync_contracts.base import Environment
from mdsync_contracts.credentials import CredentialsReported, credentials_correlation_id
from mdsync_extractor.credentials import resolve_credentials
from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.service import Runtime
from mdsync_runtime.tenants import TenantConfig, Tenants

STATE_KEY = "credentials-report"
REPORT_INTERVAL_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


def credentials_report(settings: ExtractorSettings, environment: Environment, tenant: str) -> CredentialsReported:
    """What the extractor tells about its client: the id and the configured expiry, never the secret."""
    return CredentialsReported(
        environment=environment,
        tenant=tenant,
        correlation_id=credentials_correlation_id(tenant),
        client_id=resolve_credentials(settings).client_id,
        secret_expires_at=settings.client_secret_expires_at,
        reported_by="extractor",
    )


async def report_forever(publisher: Publisher, report: Callable[[], CredentialsReported], interval: float) -> None:
    """Publish a fresh report now and then every ``interval`` seconds; a failed publish waits for the next."""
    while True:
        try:
            await publisher.publish(report())
        except (KafkaError, OSError, TimeoutError) as error:
            log.warning("credentials report not published; next try in one interval", extra={"error": str(error)})
        await asyncio.sleep(interval)


def tenant_report(tenant: TenantConfig, environment: Environment) -> CredentialsReported:
    """The report of one tenant of the tenants file: its client id and configured expiry."""
    return CredentialsReported(
        environment=environment,
        tenant=tenant.name,
        correlation_id=credentials_correlation_id(tenant.name),
        client_id=tenant.datasphere.client_id,
        secret_expires_at=tenant.datasphere.client_secret_expires_at,
        reported_by="extractor",
    )


async def start(
    runtime: Runtime, interval_seconds: float = REPORT_INTERVAL_SECONDS, tenants: Tenants | None = None
) -> None:
    """Start reporting in the background, one report per tenant (owned by the runtime state, cancelled by ``stop``)."""
    settings = runtime.settings
    assert isinstance(settings, ExtractorSettings)
    env = runtime.common.env
    reports: list[Callable[[], CredentialsReported]] = (
        [partial(tenant_report, tenant, env) for tenant in tenants.tenants]
        if tenants is not None
        else [partial(credentials_report, settings, env, runtime.common.tenant)]
    )
    runtime.state[STATE_KEY] = [
        asyncio.create_task(report_forever(runtime.publisher, report, interval_seconds), name=STATE_KEY)
        for report in reports
    ]


async def stop(runtime: Runtime) -> None:
    """Cancel reporting."""
    tasks: list[asyncio.Task[None]] = runtime.state.pop(STATE_KEY, [])
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
