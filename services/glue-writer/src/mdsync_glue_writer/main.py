"""Composition root of the glue-writer service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_glue_writer import api
from mdsync_glue_writer.handlers import build_router, on_start, on_stop
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime.http import serve
from mdsync_runtime.service import Hooks, build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings

SERVICE = "glue-writer"


def create_app(common: CommonSettings | None = None, settings: GlueWriterSettings | None = None) -> FastAPI:
    """Build the app (from the environment unless given settings); fails fast on bad settings."""
    common = common or load_settings(CommonSettings)
    settings = settings or load_settings(GlueWriterSettings)
    hooks = Hooks(on_start=on_start, on_stop=on_stop)
    return build_service_app(SERVICE, common, settings, build_router, hooks=hooks, routers=[api.router])


def run() -> None:
    """Serve the glue-writer service on its registry port."""
    settings = load_settings(GlueWriterSettings)
    serve(create_app(settings=settings), settings.host, http_port(SERVICE, settings))
