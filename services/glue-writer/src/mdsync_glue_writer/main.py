"""Composition root of the glue-writer service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_glue_writer.handlers import build_router
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime.http import serve
from mdsync_runtime.service import build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings

SERVICE = "glue-writer"


def create_app() -> FastAPI:
    """Build the app from the environment; fails fast on bad settings."""
    common = load_settings(CommonSettings)
    settings = load_settings(GlueWriterSettings)
    return build_service_app(SERVICE, common, settings, build_router)


def run() -> None:
    """Serve the glue-writer service on its registry port."""
    settings = load_settings(GlueWriterSettings)
    serve(create_app(), settings.host, http_port(SERVICE, settings))
