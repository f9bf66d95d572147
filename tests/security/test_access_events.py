"""Access decisions become AccessDecided events on mdsync.security.access.v1, and the audit service stores them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI

from mdsync_audit.main import build_app as build_audit
from mdsync_audit.settings import AuditSettings
from mdsync_contracts.security import ANONYMOUS, AccessDecided
from mdsync_contracts.topics import SECURITY_ACCESS
from mdsync_runtime.auth import Role
from mdsync_runtime.auth.api import Operator, Viewer
from mdsync_runtime.auth.client import local_headers
from mdsync_runtime.service import build_service_app
from mdsync_runtime.settings import CommonSettings, ServiceSettings
from mdsync_runtime.testing import isolated, read_messages

pytestmark = pytest.mark.integration

probe = APIRouter()


@probe.get("/things")
async def things(principal: Viewer) -> list[str]:
    """A read: granted reads are not reported."""
    return []


@probe.post("/things/{thing_id}/run")
async def run(thing_id: str, principal: Operator) -> dict[str, str]:
    """A command: reported whether granted or refused."""
    return {"run": thing_id}


@contextlib.asynccontextmanager
async def serving(app: FastAPI, base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """``app`` started, with a client."""
    async with (
        LifespanManager(app, startup_timeout=60, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url) as client,
    ):
        yield client


async def test_refusals_and_granted_commands_are_published_and_audited() -> None:
    iso = await isolated(partitions=1)
    common = iso.common(tenant="acme")
    app = build_service_app("probe", common, ServiceSettings(), lambda runtime: None, routers=[probe])
    async with serving(app, "http://probe") as client:
        assert (await client.post("/things/t-1/run")).status_code == 401
        viewer = local_headers(Role.VIEWER, ("SALES",), subject="viewer:vera")
        assert (await client.post("/things/t-1/run", headers=viewer)).status_code == 403
        assert (await client.get("/things", headers=viewer)).status_code == 200
        operator = local_headers(Role.OPERATOR, subject="operator:otto")
        assert (await client.post("/things/t-2/run", headers=operator)).status_code == 200

    found = await read_messages(SECURITY_ACCESS, iso.topic_prefix, count=4, wait_seconds=15)
    events = [m for m in found if isinstance(m, AccessDecided)]
    assert len(events) == len(found) == 3  # the granted read is not reported
    by_subject = {event.subject: event for event in events}
    anonymous, refused, granted = by_subject[ANONYMOUS], by_subject["viewer:vera"], by_subject["operator:otto"]
    assert (anonymous.granted, anonymous.status_code, anonymous.reason) == (False, 401, "no bearer token")
    assert (refused.granted, refused.status_code, refused.required_role) == (False, 403, "operator")
    assert (refused.roles, refused.spaces, refused.route) == (["viewer"], ["SALES"], "/things/{thing_id}/run")
    assert (granted.granted, granted.status_code, granted.required_role) == (True, None, "operator")
    assert (granted.service, granted.method, granted.path) == ("probe", "POST", "/things/t-2/run")

    await assert_audited(common, {str(event.event_id): event.subject for event in events})


async def assert_audited(common: CommonSettings, subjects: dict[str, str]) -> None:
    """The audit service, consuming every contract topic, stores each access event."""
    audit = build_audit(common, AuditSettings(retry_base_seconds=0.05))
    async with serving(audit, "http://audit") as client:
        client.headers.update(local_headers(Role.ADMIN))
        for event_id, subject in subjects.items():
            for _ in range(300):
                answer = await client.get(f"/events/{event_id}")
                if answer.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert answer.status_code == 200, answer.text
            stored = answer.json()
            assert (stored["type"], stored["payload"]["subject"]) == (AccessDecided.CE_TYPE, subject)
