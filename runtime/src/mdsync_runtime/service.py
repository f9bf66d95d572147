"""The composition root shared by every service: settings, logs, tracing, Kafka, store, HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from mdsync_runtime import ports
from mdsync_runtime.access import AccessReporter
from mdsync_runtime.auth import AuthSettings
from mdsync_runtime.auth.api import authenticated
from mdsync_runtime.consumer import Consumer
from mdsync_runtime.errors import Backoff
from mdsync_runtime.http import create_app
from mdsync_runtime.http_guards import HttpSettings
from mdsync_runtime.logs import configure_logging
from mdsync_runtime.metrics import setup_metrics
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.router import Router
from mdsync_runtime.settings import CommonSettings, ServiceSettings, SettingsError, load_settings
from mdsync_runtime.store import Document, connect_store, ping
from mdsync_runtime.telemetry import flush_spans, setup_tracing

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What a running service holds: its settings and its live clients."""

    service: str
    common: CommonSettings
    settings: ServiceSettings
    publisher: Publisher
    store: AsyncMongoClient[Document]
    consumer: Consumer | None = None
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def db(self) -> AsyncDatabase[Document]:
        """The service's database."""
        return self.store[self.common.mongo_db]


RouterFactory = Callable[[Runtime], Router | None]
Hook = Callable[[Runtime], Awaitable[None]]


@dataclass(frozen=True)
class Hooks:
    """Optional start/stop callbacks for a service's own background work (schedulers, sweeps)."""

    on_start: Hook | None = None
    on_stop: Hook | None = None


@contextlib.asynccontextmanager
async def running(
    service: str,
    common: CommonSettings,
    settings: ServiceSettings,
    build_router: RouterFactory,
    hooks: Hooks | None = None,
) -> AsyncIterator[Runtime]:
    """Start the publisher, the store client, the consumer loop (if any), then the hooks.

    On the way out the consumer stops first, so no handler outlives what the stop hook closes.
    """
    hooks = hooks or Hooks()
    publisher = Publisher(service, common.kafka_bootstrap, common.topic_prefix)
    await publisher.start()
    store = connect_store(common.mongo_url.get_secret_value())
    runtime = Runtime(service, common, settings, publisher, store)
    router = build_router(runtime)
    task: asyncio.Task[None] | None = None
    try:
        if router is not None:
            runtime.consumer = _consumer(runtime, router)
            await runtime.consumer.start()
            task = asyncio.create_task(runtime.consumer.run(), name=f"{service}-consumer")
        if hooks.on_start is not None:
            await hooks.on_start(runtime)
        yield runtime
    finally:
        if runtime.consumer is not None and task is not None:
            runtime.consumer.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)
            await runtime.consumer.close()
        if hooks.on_stop is not None:
            await hooks.on_stop(runtime)
        await publisher.stop()
        await store.close()


def _consumer(runtime: Runtime, router: Router) -> Consumer:
    return Consumer(
        service=runtime.service,
        router=router,
        publisher=runtime.publisher,
        bootstrap=runtime.common.kafka_bootstrap,
        group=runtime.settings.consumer_group or f"mdsync-{runtime.service}",
        environment=runtime.common.env,
        tenant=runtime.common.tenant,
        max_attempts=runtime.settings.max_attempts,
        max_in_flight=runtime.settings.max_in_flight,
        ordering=runtime.settings.ordering,
        backoff=Backoff(runtime.settings.retry_base_seconds),
    )


def build_service_app(
    service: str,
    common: CommonSettings,
    settings: ServiceSettings,
    build_router: RouterFactory,
    hooks: Hooks | None = None,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """The service's FastAPI app with its ``routers``; its lifespan owns every client and background task."""
    configure_logging(service, common.log_level)
    setup_tracing(service, common.trace_file, common.otlp_endpoint)
    setup_metrics(service, common.tenant, common.env.value, common.otlp_endpoint)

    access = AccessReporter()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(service, common, settings, build_router, hooks) as runtime:
            app.state.runtime = runtime
            log.info("started", extra={"topics": runtime.consumer.topics if runtime.consumer else []})
            yield
            await access.drain()
        flush_spans()

    async def readiness(app: FastAPI) -> dict[str, bool]:
        runtime: Runtime | None = getattr(app.state, "runtime", None)
        if runtime is None:
            return {"started": False}
        consumer_ok = runtime.consumer is None or runtime.consumer.assigned
        return {"store": await ping(runtime.store), "consumer": consumer_ok}

    app = create_app(service, lifespan, readiness, auth_settings(common), load_settings(HttpSettings))
    app.state.on_access = access
    for router in routers:
        app.include_router(router, dependencies=[Depends(authenticated)])
    return app


def auth_settings(common: CommonSettings) -> AuthSettings:
    """Token validation settings; the local issuer is refused in bear, which must validate OIDC tokens."""
    settings = load_settings(AuthSettings)
    if settings.local and common.env.value == "bear":
        raise SettingsError("AuthSettings cannot start: MDSYNC_AUTH_JWKS_URL must name the identity provider in bear")
    return settings


def http_port(service: str, settings: ServiceSettings) -> int:
    """The configured port, else the registry's port for ``service``."""
    return int(settings.port or ports.SERVICES[service].value)
