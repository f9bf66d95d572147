"""Composition root of the agent service."""

from __future__ import annotations

from fastapi import FastAPI

from mdsync_agent import api
from mdsync_agent.handlers import build_router, on_stop
from mdsync_agent.settings import AgentSettings
from mdsync_runtime.http import serve
from mdsync_runtime.service import Hooks, build_service_app, http_port
from mdsync_runtime.settings import CommonSettings, load_settings

SERVICE = "agent"


def create_app() -> FastAPI:
    """Build the app from the environment; fails fast on bad settings."""
    common = load_settings(CommonSettings)
    settings = load_settings(AgentSettings)
    return build_service_app(
        SERVICE, common, settings, build_router, hooks=Hooks(on_stop=on_stop), routers=[api.router]
    )


def run() -> None:
    """Serve the agent service on its registry port."""
    settings = load_settings(AgentSettings)
    serve(create_app(), settings.host, http_port(SERVICE, settings))
