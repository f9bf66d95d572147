"""HTTP calls from the console to the mdsync services; every failure becomes a readable ServiceError."""

from __future__ import annotations

from typing import Any

import httpx
import streamlit as st
from pydantic import BaseModel, ConfigDict

from mdsync_runtime import ports
from mdsync_runtime.auth import AuthError
from mdsync_runtime.auth.client import caller_headers

TIMEOUT_SECONDS = 5.0
FORWARDED_TOKEN_HEADER = "X-Forwarded-Access-Token"


class ServiceError(Exception):
    """A service that is down or answered with an error, in words for the operator."""


class Reply(BaseModel):
    """A decoded answer of one service call."""

    model_config = ConfigDict(frozen=True)

    status: int
    body: Any


def call(service: str, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
    """One call to `service`; the decoded JSON body (None for 204)."""
    url = f"{ports.service_url(service)}{path}"
    try:
        response = httpx.request(
            method, url, json=body, params=params, headers=_authorization(), timeout=TIMEOUT_SECONDS
        )
    except httpx.HTTPError as error:
        raise ServiceError(
            f"The {service} service is not reachable at {ports.service_url(service)} ({type(error).__name__}). "
            "Start it with `mdsync services up`."
        ) from None
    if response.status_code >= 400:
        raise ServiceError(f"{service}: {method} {path} answered HTTP {response.status_code}: {_detail(response)}")
    return None if response.status_code == 204 or not response.content else response.json()


def get(service: str, path: str, **params: Any) -> Any:
    """GET with query parameters (None values left out)."""
    return call(service, "GET", path, params={k: v for k, v in params.items() if v not in (None, "")})


def _authorization() -> dict[str, str]:
    """The signed-in operator's token from an auth proxy in front of the console, else the caller's own token."""
    forwarded = _forwarded_token()
    if forwarded:
        return {"Authorization": f"Bearer {forwarded}"}
    try:
        return caller_headers()
    except AuthError as error:
        raise ServiceError(f"Not signed in: {error}.") from None


def _forwarded_token() -> str | None:
    try:
        headers = st.context.headers
    except (AttributeError, RuntimeError):
        return None
    return headers.get(FORWARDED_TOKEN_HEADER) if headers else None


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", response.text)
    except (ValueError, AttributeError):
        return response.text[:300]
    return str(detail)[:500]
