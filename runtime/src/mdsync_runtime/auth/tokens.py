"""Verifying bearer tokens: signature against the JWKS, issuer, audience, expiry, then roles and spaces."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import jwt
from pydantic import SecretStr

from mdsync_runtime.auth.local import ensure_local_keys
from mdsync_runtime.auth.principal import ALL_SPACES, Principal, Role
from mdsync_runtime.auth.settings import AuthSettings


class AuthError(Exception):
    """A token is missing, malformed, expired, not ours or grants nothing; the message says which."""


class KeySource:
    """The signing keys: the local issuer's JWKS file, or an OIDC JWKS URL fetched and cached."""

    def __init__(self, settings: AuthSettings) -> None:
        self._settings = settings
        self._keys: jwt.PyJWKSet | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def key(self, kid: str | None) -> jwt.PyJWK:
        """The key named ``kid`` (refetching once when it is unknown, for key rotation)."""
        keys = await self._current(force=False)
        found = _find(keys, kid)
        if found is None:
            found = _find(await self._current(force=True), kid)
        if found is None:
            raise AuthError(f"token signed with unknown key id {kid!r}")
        return found

    async def _current(self, force: bool) -> jwt.PyJWKSet:
        async with self._lock:
            stale = time.monotonic() - self._fetched_at > self._settings.jwks_cache_seconds
            if self._keys is None or stale or force:
                self._keys = jwt.PyJWKSet.from_dict(await self._load())
                self._fetched_at = time.monotonic()
            return self._keys

    async def _load(self) -> dict[str, Any]:
        if self._settings.jwks_url is None:
            path = ensure_local_keys(self._settings.key_dir).jwks
            return dict(json.loads(path.read_text()))
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(self._settings.jwks_url)
            response.raise_for_status()
            return dict(response.json())


def _find(keys: jwt.PyJWKSet, kid: str | None) -> jwt.PyJWK | None:
    if kid is None:
        return keys.keys[0] if len(keys.keys) == 1 else None
    return next((key for key in keys.keys if key.key_id == kid), None)


class Authenticator:
    """Turns a bearer token into a Principal, or raises AuthError naming what was wrong."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self._keys = KeySource(settings)

    async def principal(self, token: str) -> Principal:
        """Verify ``token`` (signature, issuer, audience, expiry) and read its roles and spaces."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthError(f"malformed bearer token: {error}") from None
        key = await self._keys.key(header.get("kid"))
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=list(self.settings.algorithms),
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                leeway=self.settings.leeway_seconds,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise AuthError(f"invalid bearer token: {error}") from None
        return principal_from_claims(claims, self.settings, token)


def principal_from_claims(claims: dict[str, Any], settings: AuthSettings, token: str) -> Principal:
    """Roles, spaces and tenants (no claim: every tenant) from verified claims; no known role is an error."""
    known = {role.value for role in Role}
    roles = frozenset(Role(name) for name in _names(claims.get(settings.roles_claim)) if name in known)
    if not roles:
        raise AuthError(f"token grants no mdsync role (claim {settings.roles_claim!r}: viewer, operator or admin)")
    spaces = _names(claims.get(settings.spaces_claim))
    subject = str(claims["sub"])
    tenant_claim = claims.get(settings.tenants_claim)
    tenants = None if tenant_claim is None else _names(tenant_claim)
    return Principal(
        subject=subject,
        roles=roles,
        spaces=None if ALL_SPACES in spaces else frozenset(spaces),
        tenants=None if tenants is None or ALL_SPACES in tenants else frozenset(tenants),
        kind="service" if subject.startswith("service:") else "user",
        token=SecretStr(token),
    )


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(",", " ").split() if part.strip()]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []
