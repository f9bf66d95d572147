"""Settings of the extractor service (environment variables `MDSYNC_EXTRACTOR_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import ServiceSettings


class ExtractorSettings(ServiceSettings):
    """What the extractor service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_EXTRACTOR_", extra="ignore", frozen=True)
