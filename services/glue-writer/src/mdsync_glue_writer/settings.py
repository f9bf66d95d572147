"""Settings of the glue-writer service (environment variables `MDSYNC_GLUE_WRITER_*`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from mdsync_contracts.base import Environment
from mdsync_glue_writer.core.models import SkipArchivePolicy
from mdsync_runtime.settings import Ordering, ServiceSettings


class RetryMode(StrEnum):
    """botocore retry modes worth using (legacy is what aioboto3's botocore defaults to)."""

    STANDARD = "standard"
    ADAPTIVE = "adaptive"


class GlueWriterSettings(ServiceSettings):
    """What the glue-writer service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_GLUE_WRITER_", extra="ignore", frozen=True)

    ordering: Ordering = Field(
        default=Ordering.KEY, description="Commands are keyed by table, so tables are applied in parallel."
    )
    glue_endpoint: str | None = Field(
        default=None, description="Glue endpoint URL; unset means the devstack moto in dog and AWS elsewhere."
    )
    sts_endpoint: str | None = Field(default=None, description="STS endpoint URL for role assumption (tests).")
    region: str | None = Field(
        default=None, description="AWS region; unset means the default chain (dog: eu-central-1)."
    )
    role_arn: str | None = Field(default=None, description="Role to assume for Glue calls, if any.")
    role_session_name: str = Field(default="mdsync-glue-writer", description="Session name of the assumed role.")
    retry_mode: RetryMode = Field(default=RetryMode.STANDARD, description="botocore retry mode.")
    boto_max_attempts: int = Field(default=3, ge=1, le=20, description="botocore attempts per call.")
    max_pool_connections: int = Field(default=32, ge=1, description="HTTP connections to Glue.")
    concurrency: int = Field(default=16, ge=1, description="Glue calls in flight at most (global).")
    throttle_retries: int = Field(default=8, ge=0, description="Own retries of throttling/5xx after botocore's.")
    throttle_base_seconds: float = Field(default=0.2, gt=0, description="First throttling backoff (jittered).")
    throttle_cap_seconds: float = Field(default=20.0, gt=0, description="Longest throttling backoff.")
    cas_retries: int = Field(default=3, ge=0, description="Re-reads after ConcurrentModificationException.")
    skip_archive: SkipArchivePolicy = Field(default=SkipArchivePolicy.MAJOR_ONLY, description="Archiving policy.")
    approval_envs: frozenset[Environment] = Field(
        default=frozenset({Environment.BEAR}), description="Environments where major changes need approval."
    )
    delete_approval_envs: frozenset[Environment] = Field(
        default=frozenset(Environment), description="Environments where deletes need approval."
    )
    sweep_interval_seconds: float = Field(default=3600.0, ge=0, description="Deprecated-table sweep; 0 disables.")
    grace_period_seconds: float = Field(default=14 * 86400.0, ge=0, description="Deprecated this long → deletable.")
    sweep_databases: tuple[str, ...] = Field(default=(), description="Databases the sweep visits; empty = all.")
