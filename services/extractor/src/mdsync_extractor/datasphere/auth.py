"""OAuth2 tokens for Datasphere: client credentials (or refresh token), cached until shortly before expiry."""

from __future__ import annotations

import asyncio

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from mdsync_extractor.datasphere.config import DatasphereConfig
from mdsync_extractor.datasphere.errors import AuthenticationError, DatasphereUnavailableError
from mdsync_extractor.datasphere.ratelimit import Clock, Sleep
from mdsync_runtime.errors import Backoff


class TokenResponse(BaseModel):
    """The token endpoint's answer (standard OAuth2 fields; XSUAA adds scope and jti)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    access_token: str
    token_type: str = "bearer"
    expires_in: int = 3600
    refresh_token: str | None = None


class TokenCache:
    """Holds one access token; fetches a new one when none is cached, it nears expiry, or it was refused."""

    def __init__(self, config: DatasphereConfig, http: httpx.AsyncClient, clock: Clock, sleep: Sleep) -> None:
        self._config = config
        self._http = http
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._refresh_token = config.refresh_token.get_secret_value() if config.refresh_token else None
        self.requests = 0

    async def get(self) -> str:
        """A valid access token, fetching one if needed (one fetch at a time)."""
        async with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self._config.token_refresh_margin:
                await self._fetch()
            assert self._token is not None
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` after the API refused it; a token fetched meanwhile is kept."""
        if self._token == token:
            self._token = None

    async def _fetch(self) -> None:
        response = await self._post_with_retries()
        if response.status_code != 200:
            raise AuthenticationError(f"token endpoint answered HTTP {response.status_code}: {_oauth_error(response)}")
        try:
            token = TokenResponse.model_validate_json(response.content)
        except ValidationError:
            raise AuthenticationError("token endpoint returned no access_token (is the token URL right?)") from None
        self._token = token.access_token
        self._expires_at = self._clock() + token.expires_in
        if token.refresh_token and self._refresh_token is not None:
            self._refresh_token = token.refresh_token

    async def _post_with_retries(self) -> httpx.Response:
        backoff = Backoff(self._config.retry_base_seconds, self._config.retry_cap_seconds)
        attempts = self._config.max_retries + 1
        detail = ""
        for attempt in range(1, attempts + 1):
            try:
                response = await self._post()
            except httpx.TransportError as error:
                detail = f"{type(error).__name__}: {error}"
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return response
                detail = f"HTTP {response.status_code}"
            if attempt < attempts:
                await self._sleep(backoff.delay(attempt))
        raise DatasphereUnavailableError(self._config.token_url, attempts, detail)

    async def _post(self) -> httpx.Response:
        self.requests += 1
        form = {"grant_type": "client_credentials", "response_type": "token", "client_id": self._config.client_id}
        if self._refresh_token is not None:
            form = {"grant_type": "refresh_token", "refresh_token": self._refresh_token}
        auth = (self._config.client_id, self._config.client_secret.get_secret_value())
        return await self._http.post(self._config.token_url, data=form, auth=auth)


def _oauth_error(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or "no body"
    if isinstance(body, dict) and "error" in body:
        return f"{body['error']}: {body.get('error_description', '')}".rstrip(": ")
    return str(body)[:200]
