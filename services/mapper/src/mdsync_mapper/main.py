"""Composition root of the mapper service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_mapper import api
from mdsync_mapper.handlers import build_router, stop
from mdsync_mapper.settings import MapperSettings
from mdsync_runtime.http import serve
from mdsync_runtime.service import Hooks, build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings

SERVICE = "mapper"


def build_app(common: CommonSettings, settings: MapperSettings) -> FastAPI:
    """The mapper app for the given settings (tests pass isolated ones)."""
    return build_service_app(SERVICE, common, settings, build_router, hooks=Hooks(on_stop=stop), routers=[api.router])


def create_app() -> FastAPI:
    """Build the app from the environment; fails fast on bad settings."""
    return build_app(load_settings(CommonSettings), load_settings(MapperSettings))


def run() -> None:
    """Serve the mapper service on its registry port."""
    settings = load_settings(MapperSettings)
    serve(create_app(), settings.host, http_port(SERVICE, settings))
