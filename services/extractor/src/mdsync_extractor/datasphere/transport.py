"""One authenticated, rate-limited, retried request to the Datasphere API, and how its answer is judged."""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from mdsync_extractor.datasphere.auth import TokenCache
from mdsync_extractor.datasphere.config import DatasphereConfig
from mdsync_extractor.datasphere.errors import (
    AccessDeniedError,
    AuthenticationError,
    DatasphereUnavailableError,
    LoginPageError,
    ObjectNotFoundError,
    RequestFailedError,
)
from mdsync_extractor.datasphere.ratelimit import Clock, Sleep, TokenBucket
from mdsync_runtime.errors import Backoff
from mdsync_runtime.instruments import instruments
from mdsync_runtime.metrics import Attributes, attributes

TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
# The CLI's text for a stale or unknown token, served with HTTP 200.
_NO_ACCOUNT_TEXT = "ensure you have an active account"


@dataclass(frozen=True)
class Target:
    """What a request reads, for error messages: the space and the thing in it."""

    space: str | None
    what: str


class _RetryableError(Exception):
    """This attempt failed transiently; wait ``delay`` (None = backoff) and try again."""

    def __init__(self, detail: str, delay: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.delay = delay


class _TokenRefusedError(Exception):
    """The token was refused (401, or a login page): fetch a new one and try once more."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(str(response.url))
        self.response = response


class Transport:
    """Sends requests with a bearer token, the rate limiter, a concurrency cap and bounded retries."""

    def __init__(
        self,
        config: DatasphereConfig,
        http: httpx.AsyncClient,
        auth_http: httpx.AsyncClient,
        clock: Clock,
        sleep: Sleep,
    ) -> None:
        self._config = config
        self._labels: Attributes = {"tenant": config.tenant} if config.tenant else {}
        self._http = http
        self._sleep = sleep
        self.tokens = TokenCache(config, auth_http, clock, sleep)
        self.limiter = TokenBucket(config.requests_per_minute, clock=clock)
        self._slots = asyncio.Semaphore(config.max_concurrency)
        self._backoff = Backoff(config.retry_base_seconds, config.retry_cap_seconds)
        self.calls = 0

    async def get(self, url: str, target: Target, accept: str, params: dict[str, str] | None = None) -> httpx.Response:
        """GET ``url`` and return a 2xx response, or raise the error that names what to check."""
        attempts = self._config.max_retries + 1
        reauthenticated = False
        detail = ""
        attempt = 0
        while attempt < attempts:
            attempt += 1
            try:
                return await self._attempt(url, target, accept, params)
            except _TokenRefusedError as refused:
                if reauthenticated:
                    raise _refusal_error(refused.response) from None
                reauthenticated = True
                attempt -= 1  # a token refresh is not a retry
            except _RetryableError as retry:
                detail = retry.detail
                if attempt < attempts:
                    await self._sleep(retry.delay if retry.delay is not None else self._backoff.delay(attempt))
        raise DatasphereUnavailableError(url, attempts, detail)

    async def _attempt(self, url: str, target: Target, accept: str, params: dict[str, str] | None) -> httpx.Response:
        waited = await self.limiter.acquire(self._sleep)
        if waited > 0:
            instruments().rate_limiter_wait.record(waited, attributes(self._labels))
        token = await self.tokens.get()
        async with self._slots:
            self.calls += 1
            started = time.perf_counter()
            try:
                headers = {"Authorization": f"Bearer {token}", "Accept": accept}
                response = await self._http.get(url, params=params, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                _measure(url, started, None, type(error).__name__, self._labels)
                raise _RetryableError(f"{type(error).__name__}: {error}") from None
        failure = str(response.status_code) if response.is_error else None
        _measure(url, started, response.status_code, failure, self._labels)
        if response.status_code == 401 or _is_login_page(response, accept):
            self.tokens.invalidate(token)
            raise _TokenRefusedError(response)
        _judge(response, target, self._config.retry_cap_seconds)
        return response


def _measure(url: str, started: float, status: int | None, error_type: str | None, extra: Attributes) -> None:
    """One ``http.client.request.duration`` point per attempt, per OTel HTTP client conventions."""
    labels = attributes({**extra, "http.request.method": "GET", "server.address": urlsplit(url).hostname or ""})
    if status is not None:
        labels["http.response.status_code"] = status
    if error_type is not None:
        labels["error.type"] = error_type
    instruments().http_client_duration.record(time.perf_counter() - started, labels)


def _judge(response: httpx.Response, target: Target, cap: float) -> None:
    status = response.status_code
    if status in TRANSIENT_STATUS:
        delay = retry_after(response, cap) if status == 429 else None
        raise _RetryableError(f"HTTP {status} {_detail(response)}".rstrip(), delay)
    if status == 403:
        raise AccessDeniedError(target.space, f"{target.what}: HTTP 403 {_detail(response)}".rstrip())
    if status == 404:
        raise ObjectNotFoundError(target.space, target.what, f"HTTP 404 {_detail(response)}".rstrip())
    if status >= 400:
        raise RequestFailedError(str(response.url), status, _detail(response))


def retry_after(response: httpx.Response, cap: float) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or HTTP date), capped; None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)


def _is_login_page(response: httpx.Response, accept: str) -> bool:
    if response.status_code != 200 or "html" in accept:
        return False
    content_type = response.headers.get("content-type", "").lower()
    head = response.text[:500].lower()
    if "text/html" in content_type or head.lstrip().startswith(("<!doctype html", "<html")):
        return True
    return _NO_ACCOUNT_TEXT in head


def _refusal_error(response: httpx.Response) -> Exception:
    if response.status_code == 401:
        return AuthenticationError(f"a freshly issued token was refused with HTTP 401 by {response.url}")
    return LoginPageError(str(response.url))


def _detail(response: httpx.Response) -> str:
    """The message of a Datasphere error body (`details.message`, OData `error.message`) and correlation id."""
    headers = ("x-correlationid", "x-vcap-request-id", "x-request-id")
    correlation = next((response.headers[h] for h in headers if h in response.headers), None)
    message = _body_message(response)
    suffix = f" (correlation id {correlation})" if correlation else ""
    return f"{message}{suffix}".strip()


def _body_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip()
    if isinstance(body, dict):
        for key in ("details", "error"):
            inner = body.get(key)
            if isinstance(inner, dict) and isinstance(inner.get("message"), str):
                return str(inner["message"])
    return str(body)[:200]
