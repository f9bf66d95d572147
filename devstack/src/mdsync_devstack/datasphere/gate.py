"""The middleware every simulated request passes: correlation id, stats, faults, bearer auth, rate limit."""

from __future__ import annotations

import asyncio
import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from mdsync_devstack.datasphere.faults import FaultKind, FaultRule
from mdsync_devstack.datasphere.responses import CORRELATION_HEADER, details_error, inactive_account, login_page
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.tokens import Identity

ADMIN_PREFIX = "/_sim"
Next = Callable[[Request], Awaitable[Response]]


def install_gate(app: FastAPI, state: SimState, *, authenticate: bool) -> None:
    """Guard ``app``: faults always, bearer tokens and the rate limit when ``authenticate``."""

    @app.middleware("http")
    async def gate(request: Request, call_next: Next) -> Response:
        request.state.correlation_id = uuid.uuid4().hex
        if request.url.path.startswith(ADMIN_PREFIX):
            response = await call_next(request)
        else:
            response = await _guarded(request, call_next, state, authenticate)
        response.headers[CORRELATION_HEADER] = request.state.correlation_id
        return response


async def _guarded(request: Request, call_next: Next, state: SimState, authenticate: bool) -> Response:
    authorization = request.headers.get("authorization")
    identity = state.tokens.identify(authorization) if authenticate else None
    client_id = identity.client.client_id if identity and identity.client else _basic_client(authorization)
    response = await _answer(request, call_next, state, client_id, identity)
    state.stats.record(client_id, request.method, request.url.path, response.status_code)
    return response


async def _answer(
    request: Request, call_next: Next, state: SimState, client_id: str | None, identity: Identity | None
) -> Response:
    for rule in state.faults.take(request.method, request.url.path, client_id):
        if rule.kind == FaultKind.LATENCY:
            await asyncio.sleep(rule.latency_ms / 1000)
            continue
        return _fault_response(request, rule, state)
    if identity is not None:
        if identity.client is None:
            bearer = {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{identity.problem}"'}
            return details_error(request, 401, f"Unauthorized: {identity.problem}", bearer)
        retry_after = state.limiter.check(identity.client.client_id, state.config.rate_limit_per_minute)
        if retry_after is not None:
            message = f"Too Many Requests: over {state.config.rate_limit_per_minute} requests per minute"
            return details_error(request, 429, message, {"Retry-After": str(retry_after)})
        request.state.client = identity.client
    return await call_next(request)


def _fault_response(request: Request, rule: FaultRule, state: SimState) -> Response:
    if rule.kind == FaultKind.TOKEN_EXPIRED:
        state.tokens.expire_token(request.headers.get("authorization"))
        bearer = {"WWW-Authenticate": 'Bearer error="invalid_token", error_description="token expired"'}
        return details_error(request, 401, "Unauthorized: token expired", bearer)
    if rule.kind == FaultKind.RATE_LIMITED:
        return details_error(request, 429, "Too Many Requests", {"Retry-After": str(rule.retry_after)})
    if rule.kind == FaultKind.HTML_LOGIN:
        return login_page()
    if rule.kind == FaultKind.INACTIVE_ACCOUNT:
        return inactive_account()
    return details_error(request, rule.status, "Internal Server Error (injected)")


def _basic_client(authorization: str | None) -> str | None:
    """The client id of a Basic header, for counting token requests per client."""
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return base64.b64decode(value.strip(), validate=True).decode().partition(":")[0] or None
    except (binascii.Error, UnicodeDecodeError):
        return None
