"""Simulator settings (``MDSYNC_SIM_*``) and the runtime knobs the ``/_sim/config`` API can change."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from mdsync_devstack.datasphere.catalog import UrlStyle
from mdsync_runtime import ports

DEMO_TENANT = Path(__file__).resolve().parents[3] / "tenants" / "demo"
DEFAULT_RATE_LIMIT = 300  # requests per client per minute, reference §8.1 (DataHub's figure; unconfirmed by SAP)
DEFAULT_TOKEN_TTL = 43199  # seconds; observed on a client-credentials token (reference §1.4)


class SimConfig(BaseModel):
    """Behaviour knobs in force; replaced as a whole when patched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate_limit_per_minute: int = Field(default=DEFAULT_RATE_LIMIT, ge=0, description="Per client; 0 turns it off.")
    token_ttl_seconds: int = Field(default=DEFAULT_TOKEN_TTL, ge=1)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=1)
    url_style: UrlStyle = Field(default=UrlStyle.MIXED, description="Prefix of asset URLs in the catalog.")
    catalog_page_size: int = Field(default=500, ge=1, description="Server page cap of catalog lists.")
    designtime_max_top: int | None = Field(default=None, ge=1, description="Cap on design-time `top`; none known.")
    spaces_shape: Literal["value", "array"] = Field(
        default="value", description="Shape of /api/v1/datasphere/consumption/catalog/spaces (sources disagree)."
    )


class ConfigPatch(BaseModel):
    """A partial SimConfig for ``PATCH /_sim/config``."""

    model_config = ConfigDict(extra="forbid")

    rate_limit_per_minute: int | None = Field(default=None, ge=0)
    token_ttl_seconds: int | None = Field(default=None, ge=1)
    refresh_token_ttl_seconds: int | None = Field(default=None, ge=1)
    url_style: UrlStyle | None = None
    catalog_page_size: int | None = Field(default=None, ge=1)
    designtime_max_top: int | None = Field(default=None, ge=1)
    spaces_shape: Literal["value", "array"] | None = None

    def apply(self, config: SimConfig) -> SimConfig:
        """``config`` with the fields set in this patch replaced."""
        return SimConfig.model_validate({**config.model_dump(), **self.model_dump(exclude_unset=True)})


class SimSettings(BaseSettings):
    """Start-up settings read from ``MDSYNC_SIM_*`` variables (ports come from the port registry)."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_SIM_", extra="ignore", frozen=True)

    tenant: Path = Field(default=DEMO_TENANT, description="Tenant fixture directory.")
    host: str = Field(default=ports.HOST)
    rate_limit: int = Field(default=DEFAULT_RATE_LIMIT, ge=0, description="Requests per client per minute; 0 = off.")
    token_ttl: int = Field(default=DEFAULT_TOKEN_TTL, ge=1)
    refresh_token_ttl: int = Field(default=30 * 86400, ge=1)
    url_style: UrlStyle = UrlStyle.MIXED
    page_size: int = Field(default=500, ge=1)
    designtime_max_top: int | None = Field(default=None, ge=1)
    spaces_shape: Literal["value", "array"] = "value"

    def config(self) -> SimConfig:
        """The runtime knobs these settings start with."""
        return SimConfig(
            rate_limit_per_minute=self.rate_limit,
            token_ttl_seconds=self.token_ttl,
            refresh_token_ttl_seconds=self.refresh_token_ttl,
            url_style=self.url_style,
            catalog_page_size=self.page_size,
            designtime_max_top=self.designtime_max_top,
            spaces_shape=self.spaces_shape,
        )
