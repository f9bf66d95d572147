"""Settings of the extractor service (environment variables `MDSYNC_EXTRACTOR_*`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from mdsync_runtime import ports
from mdsync_runtime.settings import ServiceSettings


class ExtractorSettings(ServiceSettings):
    """What the extractor service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_EXTRACTOR_", extra="ignore", frozen=True)

    # Datasphere connection. Against the local simulator, missing credentials default to the devstack
    # tenant's all-spaces client (see credentials.py); anywhere else they are required.
    datasphere_url: str = Field(default_factory=ports.datasphere_url, description="Tenant base URL.")
    token_url: str = Field(default_factory=ports.datasphere_token_url, description="OAuth2 token endpoint.")
    client_id: str | None = Field(default=None, description="Technical User OAuth client id.")
    client_secret: SecretStr | None = Field(default=None, description="Its secret.")
    client_secret_expires_at: datetime | None = Field(
        default=None,
        description="When the client secret expires (shown on the OAuth client; the API does not tell): "
        "reported at start and daily so the audit service can alert before it does.",
    )
    tenant_dir: Path | None = Field(
        default=None, description="Simulator tenant fixture to take devstack credentials from (default: demo)."
    )
    rate_limit_per_minute: float = Field(default=300, ge=0, description="Client-side request limit; 0 turns it off.")
    datasphere_concurrency: int = Field(default=8, ge=1, le=64, description="Concurrent Datasphere calls at most.")
    request_timeout_seconds: float = Field(default=30, gt=0, description="Timeout of one Datasphere call.")
    request_retries: int = Field(default=4, ge=0, le=10, description="Retries of one call on 429/5xx/timeouts.")
    request_retry_base_seconds: float = Field(default=0.5, gt=0, description="First call retry delay; doubles.")

    # Jobs.
    job_concurrency: int = Field(default=4, ge=1, le=32, description="Jobs running at the same time at most.")
    asset_max_attempts: int = Field(default=3, ge=1, le=10, description="Tries per asset on transient failures.")
    asset_retry_base_seconds: float = Field(default=0.5, gt=0, description="First asset retry delay; doubles.")
    job_timeout_seconds: float = Field(
        default=1800, gt=0, description="Safety net: a job not fully accounted this long after its run ends."
    )
    progress_interval_seconds: float = Field(default=2.0, gt=0, description="At most one JobProgress this often.")
    publish_batch_size: int = Field(default=200, ge=1, description="Assets read, published and recorded together.")
    mass_delete_share: float = Field(
        default=0.2, gt=0, le=1, description="Share of a space's known assets a run may delete without a hold."
    )
    mass_delete_min_assets: int = Field(default=10, ge=0, description="The guard applies above this many assets.")
    schedule_tick_seconds: float = Field(default=10, gt=0, description="How often due schedules are checked.")
    mapper_url: str = Field(
        default_factory=lambda: ports.service_url("mapper"), description="Mapper API, for dry runs (POST /plan)."
    )

    # Adaptive schedules (see the README's "Adaptive polling").
    adaptive_min_interval_seconds: float = Field(default=300, ge=60, description="Shortest poll interval per space.")
    adaptive_max_interval_seconds: float = Field(default=7200, ge=60, description="Longest poll interval per space.")
    adaptive_budget_calls_per_hour: float = Field(
        default=6000,
        gt=0,
        description="Datasphere calls an hour one tenant's adaptive polls together may use (each tenant has its "
        "own; the tenants file can set one per tenant, else this capped at the tenant's rate limit).",
    )
    adaptive_calls_per_asset: float = Field(default=1.016, gt=0, description="Calls one poll costs per asset.")
    adaptive_calls_per_minute_saved: float = Field(
        default=80, gt=0, description="Calls worth spending to see one change one minute sooner."
    )
    adaptive_window_polls: int = Field(default=12, ge=1, le=1000, description="Recent polls the change rate reflects.")
    adaptive_per_kind: bool = Field(
        default=True,
        description="Poll each kind of a space on its own (a job scoped to that kind, its own interval); "
        "off: each space is polled whole.",
    )
