"""Settings of the audit service (environment variables `MDSYNC_AUDIT_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    """What the audit service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_AUDIT_", extra="ignore", frozen=True)
