"""Settings of the mapper service (environment variables `MDSYNC_MAPPER_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import ServiceSettings


class MapperSettings(ServiceSettings):
    """What the mapper service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_MAPPER_", extra="ignore", frozen=True)
