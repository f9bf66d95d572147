"""Shared fixtures of the audit's integration tests: an audit service that has ingested given messages."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from mdsync_audit.alerts.settings import AlertSettings
from mdsync_audit.handlers import INGESTOR
from mdsync_audit.main import build_app
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.base import Message
from mdsync_runtime.testing import isolated, publish_all, wait_until

Loaded = tuple[httpx.AsyncClient, FastAPI]
AuditWith = Callable[..., AbstractAsyncContextManager[Loaded]]


@contextlib.asynccontextmanager
async def audit_with_messages(
    messages: tuple[Message, ...], settings: AuditSettings, alerts: AlertSettings | None = None, client_id: str = "test"
) -> AsyncIterator[Loaded]:
    """An audit service (isolated topics and database) once it has applied ``messages``; the database is dropped."""
    iso = await isolated(partitions=3)
    common = iso.common()
    await publish_all(common, messages, client_id)
    app = build_app(common, settings, alerts)
    async with (
        LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit") as client,
    ):
        ingestor = app.state.runtime.state[INGESTOR]
        await wait_until(lambda: ingestor.applied == len(messages), wait_seconds=60, poll_seconds=0.1)
        yield client, app
        await app.state.runtime.store.drop_database(common.mongo_db)


@pytest.fixture(scope="session")
def audit_with() -> AuditWith:
    """``audit_with_messages``, for module-scoped fixtures."""
    return audit_with_messages
