"""Composition root of the extractor service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_extractor import credentials_report
from mdsync_extractor.api import router as api_router
from mdsync_extractor.composition import STATE_KEY, Extractor
from mdsync_extractor.credentials import resolve_credentials
from mdsync_extractor.handlers import build_router
from mdsync_extractor.settings import ExtractorSettings
from mdsync_runtime.http import serve
from mdsync_runtime.service import Hooks, Runtime, build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings
from mdsync_runtime.tenants import load_tenants

SERVICE = "extractor"


async def _start(runtime: Runtime) -> None:
    extractor: Extractor = runtime.state[STATE_KEY]
    await extractor.start()
    await credentials_report.start(runtime, tenants=load_tenants())


async def _stop(runtime: Runtime) -> None:
    await credentials_report.stop(runtime)
    extractor: Extractor | None = runtime.state.get(STATE_KEY)
    if extractor is not None:
        await extractor.stop()


HOOKS = Hooks(on_start=_start, on_stop=_stop)


def build_app(common: CommonSettings, settings: ExtractorSettings) -> FastAPI:
    """The extractor app for ``settings`` (tests pass isolated ones)."""
    if load_tenants() is None:  # fail fast, before anything starts (a tenants file is checked as it loads)
        resolve_credentials(settings)
    return build_service_app(SERVICE, common, settings, build_router, hooks=HOOKS, routers=[api_router])


def create_app() -> FastAPI:
    """Build the app from the environment; fails fast on bad settings."""
    return build_app(load_settings(CommonSettings), load_settings(ExtractorSettings))


def run() -> None:
    """Serve the extractor service on its registry port."""
    settings = load_settings(ExtractorSettings)
    serve(create_app(), settings.host, http_port(SERVICE, settings))
