"""Obtaining tokens: for people and tests from the local issuer, for services from the local issuer or OAuth2."""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from mdsync_runtime.auth.local import DEFAULT_TTL_SECONDS, issue_token
from mdsync_runtime.auth.principal import ALL_SPACES, Role
from mdsync_runtime.auth.settings import AuthSettings
from mdsync_runtime.auth.tokens import AuthError

_REFRESH_MARGIN_SECONDS = 60


def local_token(
    role: Role | str = Role.ADMIN,
    spaces: Iterable[str] = (ALL_SPACES,),
    subject: str = "local-operator",
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    settings: AuthSettings | None = None,
    tenants: Iterable[str] | None = None,
) -> str:
    """A token from the devstack's local issuer; an error when the deployment validates OIDC tokens instead."""
    settings = settings or AuthSettings()
    if not settings.local:
        raise AuthError("MDSYNC_AUTH_JWKS_URL is set: obtain a token from your identity provider and set MDSYNC_TOKEN")
    return issue_token(
        settings.key_dir,
        subject=subject,
        roles=[Role(role).value],
        spaces=spaces,
        issuer=settings.issuer,
        audience=settings.audience,
        ttl_seconds=ttl_seconds,
        tenants=tenants,
    )


def local_headers(
    role: Role | str = Role.ADMIN,
    spaces: Iterable[str] = (ALL_SPACES,),
    subject: str = "local-operator",
    tenants: Iterable[str] | None = None,
) -> dict[str, str]:
    """``Authorization`` headers carrying a local token (tests, the CLI and the console in the devstack)."""
    return {"Authorization": f"Bearer {local_token(role, spaces, subject, tenants=tenants)}"}


class ServiceCredentials:
    """A service's own token for calling another service, renewed before it expires."""

    def __init__(self, service: str, role: Role, settings: AuthSettings | None = None) -> None:
        self._service = service
        self._role = role
        self._settings = settings or AuthSettings()
        self._token = ""
        self._expires_at = 0.0

    async def headers(self) -> dict[str, str]:
        """``Authorization`` headers with a valid token."""
        if time.time() > self._expires_at - _REFRESH_MARGIN_SECONDS:
            self._token, lifetime = await self._obtain()
            self._expires_at = time.time() + lifetime
        return {"Authorization": f"Bearer {self._token}"}

    async def _obtain(self) -> tuple[str, float]:
        settings = self._settings
        if settings.local:
            subject = f"service:{self._service}"
            return local_token(self._role, (ALL_SPACES,), subject, settings=settings), DEFAULT_TTL_SECONDS
        if not (settings.token_url and settings.client_id and settings.client_secret):
            raise AuthError(
                "MDSYNC_AUTH_TOKEN_URL, MDSYNC_AUTH_CLIENT_ID and MDSYNC_AUTH_CLIENT_SECRET are needed "
                f"for {self._service}'s own token"
            )
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(
                settings.token_url,
                data={"grant_type": "client_credentials", "audience": settings.audience},
                auth=(settings.client_id, settings.client_secret.get_secret_value()),
            )
        if response.status_code != 200:
            raise AuthError(f"token endpoint answered {response.status_code} for {self._service}'s credentials")
        body = response.json()
        return str(body["access_token"]), float(body.get("expires_in", 300))


@dataclass
class _Cached:
    token: str = ""
    expires_at: float = 0.0


_caller = _Cached()


def caller_headers(role: Role | str = Role.ADMIN) -> dict[str, str]:
    """Headers for a person's tool (CLI, console): ``$MDSYNC_TOKEN``, else a local token for ``local:<user>``.

    The local token is renewed before it expires, so a long-running console keeps working.
    """
    token = os.environ.get("MDSYNC_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if time.time() > _caller.expires_at - _REFRESH_MARGIN_SECONDS:
        _caller.token = local_token(role, (ALL_SPACES,), f"local:{getpass.getuser()}")
        _caller.expires_at = time.time() + DEFAULT_TTL_SECONDS
    return {"Authorization": f"Bearer {_caller.token}"}
