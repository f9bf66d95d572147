"""Where tokens come from and how they are checked, read from ``MDSYNC_AUTH_*`` variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO_ROOT = Path(__file__).resolve().parents[4]
LOCAL_ISSUER = "mdsync-local"


def default_key_dir() -> Path:
    """The local issuer's keys: ``$MDSYNC_STATE_DIR/auth``, else ``<repo>/.devstack/auth``."""
    return Path(os.environ.get("MDSYNC_STATE_DIR", _REPO_ROOT / ".devstack")) / "auth"


class AuthSettings(BaseSettings):
    """Token validation (OIDC JWKS in production, the local issuer by default) and this process's own credentials."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AUTH_", extra="ignore", frozen=True)

    jwks_url: str | None = Field(
        default=None, description="OIDC JWKS URL; unset means the devstack's local issuer (refused in bear)."
    )
    issuer: str = Field(default=LOCAL_ISSUER, description="Expected `iss` claim.")
    audience: str = Field(default="mdsync", description="Expected `aud` claim.")
    algorithms: tuple[str, ...] = Field(default=("RS256", "ES256"), description="Accepted signature algorithms.")
    leeway_seconds: int = Field(default=30, ge=0, le=300, description="Clock skew tolerated on `exp`/`nbf`.")
    roles_claim: str = Field(default="roles", description="Claim listing roles (viewer, operator, admin).")
    spaces_claim: str = Field(default="spaces", description="Claim listing visible spaces; `*` means every space.")
    tenants_claim: str = Field(default="tenants", description="Claim listing visible tenants; `*` or absent: all.")
    key_dir: Path = Field(default_factory=default_key_dir, description="The local issuer's key pair and JWKS.")
    token_url: str | None = Field(default=None, description="OAuth2 token endpoint for this service's own token.")
    client_id: str | None = Field(default=None, description="This service's OAuth2 client id (client credentials).")
    client_secret: SecretStr | None = Field(default=None, description="This service's OAuth2 client secret.")
    jwks_cache_seconds: int = Field(default=300, ge=1, description="How long fetched signing keys are trusted.")

    @property
    def local(self) -> bool:
        """Whether tokens come from the devstack's local issuer."""
        return self.jwks_url is None
