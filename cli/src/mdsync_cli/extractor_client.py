"""The extractor's control API as the CLI uses it; every failure becomes a CliError (exit code 2)."""

from __future__ import annotations

import os
from typing import Any

import httpx

from mdsync_runtime import ports
from mdsync_runtime.auth import AuthError
from mdsync_runtime.auth.client import caller_headers

EXIT_OK, EXIT_ASSETS_FAILED, EXIT_USAGE = 0, 1, 2
FAILURE_COUNTS = ("failed", "dead_lettered", "conflict")
FAILED_STATUSES = ("failed", "timed_out")


class CliError(Exception):
    """A usage or connection problem: printed on stderr, exit code 2."""


def extractor_url() -> str:
    """``$MDSYNC_EXTRACTOR_URL``, else the port registry's extractor URL."""
    return os.environ.get("MDSYNC_EXTRACTOR_URL", ports.service_url("extractor")).rstrip("/")


def call(method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 15.0) -> Any:
    """One API call; the decoded JSON (None for 204)."""
    url = f"{extractor_url()}{path}"
    try:
        response = httpx.request(method, url, json=body, headers=_headers(), timeout=timeout)
    except httpx.HTTPError as error:
        raise CliError(f"cannot reach the extractor at {url}: {error} (is it running? mdsync services up)") from None
    if response.status_code >= 400:
        raise CliError(f"{method} {path} → HTTP {response.status_code}: {_detail(response)}")
    return None if response.status_code == 204 else response.json()


def _headers() -> dict[str, str]:
    try:
        return caller_headers()
    except AuthError as error:
        raise CliError(str(error)) from None


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        return response.text[:300]
    return str(detail)[:500]


def exit_code(job: dict[str, Any]) -> int:
    """0 when no asset failed, 1 when some did (or the job failed or timed out)."""
    counts = job.get("counts", {})
    if any(counts.get(name, 0) for name in FAILURE_COUNTS) or job.get("status") in FAILED_STATUSES:
        return EXIT_ASSETS_FAILED
    return EXIT_OK


def is_finished(job: dict[str, Any]) -> bool:
    """True once the job reached its end."""
    return job.get("phase") == "finished"
