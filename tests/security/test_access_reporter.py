"""Access events never hold up or fail a request: a slow broker leaves sends in flight, a full set is logged."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import APIRouter

from mdsync_runtime import access
from mdsync_runtime.access import AccessReporter
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.api import Operator
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.publisher import Publisher
from mdsync_runtime.service import Runtime, build_service_app
from mdsync_runtime.settings import CommonSettings, ServiceSettings
from mdsync_runtime.store import connect_store

probe = APIRouter()


@probe.post("/things/{thing_id}/run")
async def run(thing_id: str, principal: Operator) -> dict[str, str]:
    """A command."""
    return {"run": thing_id}


class Collect(logging.Handler):
    """Keeps the subjects of access decisions that were logged instead of published, and why."""

    def __init__(self) -> None:
        super().__init__()
        self.unpublished: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        access = getattr(record, "access", None)
        if access is not None:
            self.unpublished.append((access["subject"], record.getMessage()))


async def test_requests_are_answered_while_access_events_cannot_be_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    common = CommonSettings(kafka_bootstrap="127.0.0.1:9")
    app = build_service_app("probe", common, ServiceSettings(), lambda runtime: None, routers=[probe])
    # A publisher that never reaches a broker: each send waits for metadata that never comes (a stalled Kafka).
    stalled = Publisher("probe", common.kafka_bootstrap)
    app.state.runtime = Runtime("probe", common, ServiceSettings(), stalled, connect_store("mongodb://127.0.0.1:9"))
    app.state.on_access = reporter = AccessReporter(limit=1)
    collect = Collect()
    logging.getLogger("mdsync_runtime.access").addHandler(collect)
    monkeypatch.setattr(access, "DRAIN_SECONDS", 0.2)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://probe") as client:
            refused = await client.post("/things/t-1/run", headers=local_headers(Role.VIEWER, subject="viewer:vera"))
            granted = await client.post("/things/t-2/run", headers=local_headers(Role.OPERATOR, subject="op:otto"))
        assert (refused.status_code, granted.status_code) == (403, 200)
        # The first send is still in flight; the second found the set full and was logged at once.
        assert collect.unpublished == [("op:otto", "access event not published: too many access events in flight")]
        await reporter.drain()
    finally:
        logging.getLogger("mdsync_runtime.access").removeHandler(collect)
        await stalled.stop()
    assert collect.unpublished[1] == (
        "viewer:vera",
        "access event not published: still unacknowledged when the service stopped",
    )
