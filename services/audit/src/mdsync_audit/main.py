"""Composition root of the audit service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_audit import api, api_alerts, api_catalog, api_me, api_ops
from mdsync_audit.alerts import service as alerting
from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.handlers import build_router
from mdsync_audit.settings import AuditSettings
from mdsync_audit.store.schema import ensure_indexes
from mdsync_runtime.http import serve
from mdsync_runtime.service import Hooks, Runtime, build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings

SERVICE = "audit"


async def _prepare_store(runtime: Runtime) -> None:
    await ensure_indexes(runtime.db)


def build_app(common: CommonSettings, settings: AuditSettings, alerts: AlertSettings | None = None) -> FastAPI:
    """The audit app for given settings (tests pass isolated ones; alert settings default to the environment)."""
    alert_settings = alerts or load_settings(AlertSettings)

    async def start(runtime: Runtime) -> None:
        await _prepare_store(runtime)
        await alerting.start(runtime, alert_settings)

    return build_service_app(
        SERVICE,
        common,
        settings,
        build_router,
        hooks=Hooks(on_start=start, on_stop=alerting.stop),
        routers=[api.router, api_ops.router, api_alerts.router, api_catalog.router, api_me.router],
    )


def create_app() -> FastAPI:
    """Build the app from the environment; fails fast on bad settings."""
    return build_app(load_settings(CommonSettings), load_settings(AuditSettings))


def run() -> None:
    """Serve the audit service on its registry port."""
    settings = load_settings(AuditSettings)
    serve(create_app(), settings.host, http_port(SERVICE, settings))
