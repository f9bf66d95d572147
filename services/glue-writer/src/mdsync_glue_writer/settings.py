"""Settings of the glue-writer service (environment variables `MDSYNC_GLUE_WRITER_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from mdsync_runtime.settings import ServiceSettings


class GlueWriterSettings(ServiceSettings):
    """What the glue-writer service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MDSYNC_GLUE_WRITER_", extra="ignore", frozen=True)
