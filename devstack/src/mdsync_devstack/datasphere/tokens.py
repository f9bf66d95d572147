"""An XSUAA-like token issuer: client credentials, authorization code and refresh-token grants."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import BaseModel

from mdsync_devstack.datasphere.fixtures import ClientEntry, TenantFile

Clock = Callable[[], float]
SCOPE = "uaa.resource"


class OAuthError(Exception):
    """A token request failed; carries the HTTP status and the OAuth2 error body."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status, self.error, self.description = status, error, description


class TokenResponse(BaseModel):
    """The token endpoint's success body."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int
    scope: str = SCOPE
    jti: str
    refresh_token: str | None = None
    id_token: str | None = None


class Identity(NamedTuple):
    """Who a bearer token belongs to, or why it does not count."""

    client: ClientEntry | None
    problem: str | None = None


@dataclass
class _Grant:
    client_id: str
    expires_at: float


class TokenIssuer:
    """Issues and checks tokens for the tenant's clients; time comes from ``clock``."""

    def __init__(self, tenant: TenantFile, clock: Clock, access_ttl: int, refresh_ttl: int) -> None:
        self.tenant, self.clock = tenant, clock
        self.access_ttl, self.refresh_ttl = access_ttl, refresh_ttl
        self._access: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._codes: dict[str, str] = {}
        for client in tenant.clients:
            if client.refresh_token:
                self._refresh[client.refresh_token] = _Grant(client.client_id, clock() + refresh_ttl)

    def grant(self, form: Mapping[str, str], authorization: str | None) -> TokenResponse:
        """Answer a ``POST /oauth/token`` form; raise OAuthError with the XSUAA-like error otherwise."""
        client = self._authenticate(form, authorization)
        grant_type = form.get("grant_type", "")
        if grant_type == "client_credentials":
            return self._issue(client, with_refresh=False)
        if grant_type == "authorization_code":
            if self._codes.pop(form.get("code", ""), None) != client.client_id:
                raise OAuthError(400, "invalid_grant", "Invalid authorization code")
            return self._issue(client, with_refresh=True)
        if grant_type == "refresh_token":
            return self._refresh_grant(client, form.get("refresh_token", ""))
        raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type or '(none)'}")

    def authorization_code(self, client_id: str) -> str:
        """A one-time code for ``client_id`` (the simulator's authorize step consents at once)."""
        if self.tenant.client(client_id) is None:
            raise OAuthError(401, "invalid_client", f"No client with requested id: {client_id}")
        code = secrets.token_urlsafe(12)
        self._codes[code] = client_id
        return code

    def identify(self, authorization: str | None) -> Identity:
        """The client behind ``Authorization: Bearer …``, or the reason there is none."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return Identity(None, "missing bearer token")
        grant = self._access.get(token.strip())
        if grant is None:
            return Identity(None, "invalid token")
        if grant.expires_at <= self.clock():
            return Identity(None, "token expired")
        return Identity(self.tenant.client(grant.client_id))

    def expire(self, client_id: str | None = None, *, refresh: bool = False) -> int:
        """Expire the access (and optionally refresh) tokens of one client or all; returns how many."""
        tables = [self._access, self._refresh] if refresh else [self._access]
        count = 0
        for table in tables:
            for grant in table.values():
                if client_id in (None, grant.client_id) and grant.expires_at > self.clock():
                    grant.expires_at, count = self.clock(), count + 1
        return count

    def expire_token(self, authorization: str | None) -> None:
        """Expire the one access token presented in ``authorization``."""
        grant = self._access.get((authorization or "").partition(" ")[2].strip())
        if grant is not None:
            grant.expires_at = min(grant.expires_at, self.clock())

    def _authenticate(self, form: Mapping[str, str], authorization: str | None) -> ClientEntry:
        client_id, secret = _basic(authorization) or (form.get("client_id", ""), form.get("client_secret", ""))
        if form.get("client_id") and form["client_id"] != client_id:
            raise OAuthError(401, "invalid_client", "client_id in body and Authorization header differ")
        client = self.tenant.client(client_id)
        if client is None or not secrets.compare_digest(client.client_secret, secret):
            raise OAuthError(401, "invalid_client", "Bad credentials")
        return client

    def _refresh_grant(self, client: ClientEntry, token: str) -> TokenResponse:
        grant = self._refresh.get(token)
        if grant is None or grant.client_id != client.client_id:
            raise OAuthError(400, "invalid_grant", "Invalid refresh token")
        if grant.expires_at <= self.clock():
            raise OAuthError(400, "invalid_grant", "Invalid refresh token (expired)")
        return self._issue(client, with_refresh=False).model_copy(update={"refresh_token": token})

    def _issue(self, client: ClientEntry, *, with_refresh: bool) -> TokenResponse:
        now, jti = self.clock(), secrets.token_hex(16)
        self._prune(now)
        token = _jwt_like(
            {
                "jti": jti,
                "client_id": client.client_id,
                "zid": self.tenant.name,
                "iat": int(now),
                "exp": int(now + self.access_ttl),
                "scope": [SCOPE],
            }
        )
        self._access[token] = _Grant(client.client_id, now + self.access_ttl)
        response = TokenResponse(access_token=token, expires_in=self.access_ttl, jti=jti)
        if not with_refresh:
            return response
        refresh = secrets.token_hex(16) + "-r"
        self._refresh[refresh] = _Grant(client.client_id, now + self.refresh_ttl)
        return response.model_copy(update={"refresh_token": refresh, "id_token": token})

    def _prune(self, now: float) -> None:
        # Expired access tokens are only kept for an hour, so a long benchmark does not grow the table.
        stale = [token for token, grant in self._access.items() if grant.expires_at < now - 3600]
        for token in stale:
            del self._access[token]


def _basic(authorization: str | None) -> tuple[str, str] | None:
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError(401, "invalid_client", "Malformed Basic authorization header") from None
    return client_id, secret


def _jwt_like(claims: dict[str, object]) -> str:
    """A JWT-shaped opaque token (unsigned); the simulator only looks it up, clients must not parse it."""
    parts = [{"alg": "RS256", "typ": "JWT", "jku": "simulator"}, claims]
    encoded = [base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode() for part in parts]
    return ".".join([*encoded, secrets.token_urlsafe(32)])
