"""Guards in front of every route: URL and body size limits, a rate limit per caller, no tracebacks on errors."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
import uuid

from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class HttpSettings(BaseSettings):
    """Limits on every service's HTTP API, read from ``MDSYNC_HTTP_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_HTTP_", extra="ignore", frozen=True)

    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest request body accepted.")
    max_url_bytes: int = Field(default=8192, ge=256, description="Longest path plus query string accepted.")
    rate_limit: str = Field(default="1200/minute", description="Requests per caller (token or address), `N/period`.")


async def _refuse(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(name.encode(), value.encode()) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Guards:
    """ASGI middleware: 414, 413 and 429 with a clear message; 500 without a traceback, with an error id."""

    def __init__(self, app: ASGIApp, settings: HttpSettings) -> None:
        self.app = app
        self.settings = settings
        self._limit = parse(settings.rate_limit)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > self.settings.max_url_bytes:
            await _refuse(send, 414, f"URL longer than {self.settings.max_url_bytes} bytes")
            return
        caller = _caller(scope)
        if not await self._limiter.hit(self._limit, caller):
            reset, _ = await self._limiter.get_window_stats(self._limit, caller)
            retry = str(max(1, math.ceil(reset - time.time())))
            await _refuse(send, 429, f"rate limit {self.settings.rate_limit} exceeded", {"Retry-After": retry})
            return
        body = await _read_body(receive, self.settings.max_body_bytes)
        if body is None:
            await _refuse(send, 413, f"request body larger than {self.settings.max_body_bytes} bytes")
            return
        await self._call(scope, _replay(body, receive), send)

    async def _call(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            error_id = uuid.uuid4().hex[:12]
            log.exception("unhandled error", extra={"error_id": error_id, "path": scope["path"]})
            if not started:
                await _refuse(send, 500, f"internal error {error_id}; the service log has the details")


def _caller(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return "token:" + hashlib.sha256(value).hexdigest()[:32]
    client = scope.get("client")
    return f"addr:{client[0] if client else 'unknown'}"


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, upstream: Receive) -> Receive:
    """The body read already, then whatever the server says next (a disconnect, for streaming responses)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await upstream()

    return receive
