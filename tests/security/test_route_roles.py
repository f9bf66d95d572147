"""Every route of every service, read from its OpenAPI document, refuses callers without a token or the role it needs.

Each app is built by its ``main.create_app()`` factory and called in-process without its lifespan: the token and
role checks run before a route touches Kafka or the store, so no devstack is needed. A route the table below does
not classify fails the test, so every new route gets a role on purpose.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import cache

import httpx
import pytest
from fastapi import FastAPI

from mdsync_runtime.auth import Role
from mdsync_runtime.auth.client import local_headers

SERVICES = ("extractor", "mapper", "glue_writer", "audit", "agent")
OPEN = "open"
VIEW, OPER, ADMIN = Role.VIEWER, Role.OPERATOR, Role.ADMIN

EXPECTED: dict[tuple[str, str, str], Role | str] = {
    **{(svc, "GET", path): OPEN for svc in SERVICES for path in ("/healthz", "/readyz")},
    # extractor: jobs and schedules are operator work; approving held deletions deletes, so admin
    ("extractor", "POST", "/jobs"): OPER,
    ("extractor", "GET", "/jobs"): VIEW,
    ("extractor", "GET", "/jobs/{job_id}"): VIEW,
    ("extractor", "POST", "/jobs/{job_id}/cancel"): OPER,
    ("extractor", "GET", "/schedules"): VIEW,
    ("extractor", "POST", "/schedules"): OPER,
    ("extractor", "GET", "/schedules/polling"): VIEW,
    ("extractor", "GET", "/schedules/{schedule_id}/polling"): VIEW,
    ("extractor", "GET", "/schedules/{schedule_id}"): VIEW,
    ("extractor", "PUT", "/schedules/{schedule_id}"): OPER,
    ("extractor", "DELETE", "/schedules/{schedule_id}"): OPER,
    ("extractor", "GET", "/held-deletions"): VIEW,
    ("extractor", "GET", "/held-deletions/{hold_id}"): VIEW,
    ("extractor", "POST", "/held-deletions/{hold_id}/approve"): ADMIN,
    # mapper: rules and promotion are admin; validating rules and plans (dry runs) operator
    ("mapper", "POST", "/rules/validate"): OPER,
    ("mapper", "GET", "/rules/replans"): VIEW,
    ("mapper", "GET", "/rules/{environment}"): VIEW,
    ("mapper", "PUT", "/rules/{environment}"): ADMIN,
    ("mapper", "POST", "/rules/reload"): ADMIN,
    ("mapper", "POST", "/rules/promote"): ADMIN,
    ("mapper", "POST", "/plan"): OPER,
    # glue-writer: deciding needs operator (admin in bear and for deletes: checked per held change)
    ("glue_writer", "GET", "/approvals"): VIEW,
    ("glue_writer", "GET", "/approvals/{approval_id}"): VIEW,
    ("glue_writer", "POST", "/approvals/{approval_id}"): OPER,
    # audit: reads, and acknowledging an alert (a command)
    **{
        ("audit", "GET", path): VIEW
        for path in (
            "/assets",
            "/catalog",
            "/assets/{asset_id}/history",
            "/assets/{asset_id}/diff",
            "/assets/{asset_id}/events",
            "/assets/{asset_id}",
            "/lineage/{node_id}",
            "/glue/{table}/provenance",
            "/openlineage",
            "/jobs",
            "/jobs/{job_id}",
            "/jobs/{job_id}/outcomes",
            "/jobs/{job_id}/events",
            "/jobs/{job_id}/plans",
            "/correlations/{correlation_id}/events",
            "/events/{event_id}",
            "/approvals",
            "/approvals/{approval_id}",
            "/conflicts",
            "/dead-letters",
            "/kpis",
            "/alerts",
            "/alerts/{alert_id}",
            "/me",
        )
    },
    ("audit", "POST", "/alerts/{alert_id}/ack"): OPER,
    # agent: asking is reading (answers are limited to the caller's spaces)
    ("agent", "POST", "/ask"): VIEW,
}


@cache
def app_of(service: str) -> FastAPI:
    """The service's app from its own factory (no lifespan: nothing connects)."""
    app = importlib.import_module(f"mdsync_{service}.main").create_app()
    assert isinstance(app, FastAPI)
    return app


def routes() -> Iterator[tuple[str, str, str]]:
    """(service, method, path template) of every operation in every service's OpenAPI document."""
    for service in SERVICES:
        for path, operations in app_of(service).openapi()["paths"].items():
            for method in operations:
                yield service, method.upper(), path


ROUTES = sorted(routes())


def test_every_route_is_classified() -> None:
    unclassified = [route for route in ROUTES if route not in EXPECTED]
    assert not unclassified, f"give these routes a role in EXPECTED: {unclassified}"
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, f"these routes are gone; remove them from EXPECTED: {stale}"


def url_of(path: str) -> str:
    """A concrete URL for a path template (placeholder ids that pass the path patterns)."""
    return re.sub(r"\{[^}]+\}", "x-1", path)


async def call(service: str, method: str, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """One request to the in-process app; app errors become 500 answers, as a server would give."""
    transport = httpx.ASGITransport(app=app_of(service), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        body: dict[str, object] | None = {} if method in ("POST", "PUT") else None
        return await client.request(method, url_of(path), json=body, headers=headers or {})


GUARDED = [route for route in ROUTES if EXPECTED.get(route, VIEW) != OPEN]
ABOVE_VIEWER = [route for route in ROUTES if EXPECTED.get(route) in (OPER, ADMIN)]
ADMIN_ONLY = [route for route in ROUTES if EXPECTED.get(route) == ADMIN]


def ids(routes: list[tuple[str, str, str]]) -> list[str]:
    return [" ".join(route) for route in routes]


@pytest.mark.parametrize("route", GUARDED, ids=ids(GUARDED))
async def test_no_token_and_garbage_token_are_refused(route: tuple[str, str, str]) -> None:
    assert (await call(*route)).status_code == 401
    garbage = await call(*route, headers={"Authorization": "Bearer not.a.token"})
    assert garbage.status_code == 401, garbage.text


@pytest.mark.parametrize("route", ABOVE_VIEWER, ids=ids(ABOVE_VIEWER))
async def test_a_viewer_is_refused_above_its_role(route: tuple[str, str, str]) -> None:
    answer = await call(*route, headers=local_headers(Role.VIEWER, subject="viewer:vera"))
    assert answer.status_code == 403, answer.text
    assert "needs role" in answer.json()["detail"]


@pytest.mark.parametrize("route", ADMIN_ONLY, ids=ids(ADMIN_ONLY))
async def test_an_operator_is_refused_admin_routes(route: tuple[str, str, str]) -> None:
    answer = await call(*route, headers=local_headers(Role.OPERATOR, subject="operator:otto"))
    assert answer.status_code == 403, answer.text


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
async def test_the_expected_role_gets_past_the_checks(route: tuple[str, str, str]) -> None:
    """The table is not stricter than the routes: the classified role is let through (the route may then fail)."""
    role = EXPECTED.get(route, ADMIN)
    headers = {} if role == OPEN else local_headers(role, subject=f"{role}:tess")
    answer = await call(*route, headers=headers)
    assert answer.status_code not in (401, 403), answer.text
